"""A stub of Microsoft Graph over real HTTP: the token endpoint of the login service and the calendar's
events, recording what was asked; optionally throttling the first requests or refusing the event."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

JOIN_URL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"
EVENT_ID = "AAMkAGI1-event"


class StubGraph:
    def __init__(self, *, throttle_first: int = 0, event_status: int = 201) -> None:
        self.tokens: list[dict] = []
        self.events: list[tuple[str, str, dict]] = []
        self._throttle = throttle_first
        self._event_status = event_status

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post("/v1.0/users/{organizer}/events", self._event)
        return app

    async def _token(self, request: web.Request) -> web.Response:
        self.tokens.append({"tenant": request.match_info["tenant"], **dict(await request.post())})
        return web.json_response({"token_type": "Bearer", "expires_in": 3599, "access_token": "token-1"})

    async def _event(self, request: web.Request) -> web.Response:
        self.events.append((request.match_info["organizer"], request.headers["Authorization"], await request.json()))
        if self._throttle:
            self._throttle -= 1
            return web.json_response({"error": {"code": "TooManyRequests"}}, status=429, headers={"Retry-After": "0"})
        if self._event_status != 201:
            return web.json_response({"error": {"code": "ErrorAccessDenied"}}, status=self._event_status)
        return web.json_response({"id": EVENT_ID, "onlineMeeting": {"joinUrl": JOIN_URL}}, status=201)

    async def start(self) -> TestServer:
        """Serves the stub on a free port; the caller closes it. Both base URLs are its URL."""
        server = TestServer(self.app())
        await server.start_server()
        return server
