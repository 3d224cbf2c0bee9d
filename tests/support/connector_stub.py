"""A local stand-in for the Bot Connector REST API that Teams runs: it records what the bot sends.

Serves the calls the bot makes: send to / reply in a conversation, update an activity, create a
conversation, and get a conversation member (Teams profile with e-mail) or the paged roster. `status_script`
lets a test answer the next sends and conversation creations with errors (429, 403 …) to exercise retries. It
also stands in for the pre-authorised download URLs of files sent to the bot: `files[name]` is served at
`file_url(name)`; and for the OneDrive upload session a file consent hands the bot: a PUT to `upload_url(name)`
lands in `uploads[name]` (its headers in `upload_headers[name]`), answered with `upload_status`.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class ConnectorStub:
    members: dict[str, dict[str, Any]] = field(default_factory=dict)  # user id → TeamsChannelAccount JSON
    activities: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # bodies of create-conversation calls
    status_script: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    uploads: dict[str, bytes] = field(default_factory=dict)
    upload_headers: dict[str, dict[str, str]] = field(default_factory=dict)
    upload_status: int = 201
    page_size: int = 2
    url: str = ""
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    _arrived: asyncio.Condition | None = None

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._send)
        app.router.add_put("/v3/conversations/{conversation_id}/activities/{activity_id}", self._send)
        app.router.add_post("/v3/conversations", self._create_conversation)
        app.router.add_get("/v3/conversations/{conversation_id}/members/{member_id}", self._member)
        app.router.add_get("/v3/conversations/{conversation_id}/pagedmembers", self._paged_members)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_put("/uploads/{name}", self._upload)
        return app

    def upload_url(self, name: str) -> str:
        return f"{self.url}uploads/{name}"

    async def _upload(self, request: web.Request) -> web.Response:
        """One PUT of a whole file, as a bot does to an upload session it was given by a file consent."""
        self.requests.append((request.method, request.path))
        name = request.match_info["name"]
        self.uploads[name] = await request.read()
        self.upload_headers[name] = dict(request.headers)
        if self.upload_status >= 300:
            return web.json_response({"error": {"code": "scripted"}}, status=self.upload_status)
        return web.json_response({"id": f"item-{name}", "name": name, "size": len(self.uploads[name])},
                                 status=self.upload_status)

    def file_url(self, name: str, *, chunked: bool = False) -> str:
        """Where `files[name]` is served; `chunked` sends it without a Content-Length."""
        return f"{self.url}files/{name}" + ("?chunked=1" if chunked else "")

    async def _file(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        data = self.files.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        if not request.query.get("chunked"):
            return web.Response(body=data, content_type="application/octet-stream")
        response = web.StreamResponse()
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for start in range(0, len(data), 256 * 1024):
                await response.write(data[start:start + 256 * 1024])
            await response.write_eof()
        except ConnectionResetError:  # the bot stopped reading: the file was too large
            pass
        return response

    async def _scripted(self) -> web.Response | None:
        if self.status_script:
            status, headers = self.status_script.pop(0)
            return web.json_response({"error": {"code": str(status), "message": "scripted"}}, status=status,
                                     headers=headers)
        return None

    async def _send(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        scripted = await self._scripted()
        if scripted is not None:
            return scripted
        body = await request.json()
        body["_conversation_id"] = request.match_info["conversation_id"]
        self.activities.append(body)
        if self._arrived is None:
            self._arrived = asyncio.Condition()
        async with self._arrived:
            self._arrived.notify_all()
        return web.json_response({"id": f"activity-{next(self._ids)}"})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        scripted = await self._scripted()
        if scripted is not None:
            return scripted
        self.created.append(await request.json())
        return web.json_response({"id": f"conversation-{next(self._ids)}", "activityId": None})

    async def _member(self, request: web.Request) -> web.Response:
        self.requests.append((request.method, request.path))
        member = self.members.get(request.match_info["member_id"])
        if member is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
        return web.json_response(member)

    async def _paged_members(self, request: web.Request) -> web.Response:
        """The roster in pages of `page_size` members (small, so paging is exercised)."""
        self.requests.append((request.method, request.path_qs))
        members = list(self.members.values())
        start = int(request.query.get("continuationToken") or 0)
        end = start + self.page_size
        return web.json_response({"members": members[start:end],
                                  "continuationToken": str(end) if end < len(members) else None})

    async def wait_for_activities(self, count: int, timeout: float = 10.0) -> None:
        """Until at least `count` activities have arrived; TimeoutError after `timeout` seconds."""
        if self._arrived is None:
            self._arrived = asyncio.Condition()
        async with asyncio.timeout(timeout):
            async with self._arrived:
                await self._arrived.wait_for(lambda: len(self.activities) >= count)

    def texts(self) -> list[str]:
        return [activity.get("text") or "" for activity in self.activities]

    def clear(self) -> None:
        self.activities.clear()
        self.requests.clear()


@asynccontextmanager
async def running_connector_stub(stub: ConnectorStub | None = None) -> AsyncIterator[ConnectorStub]:
    stub = stub or ConnectorStub()
    runner = web.AppRunner(stub.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    stub.url = f"http://127.0.0.1:{port}/"
    try:
        yield stub
    finally:
        await runner.cleanup()
