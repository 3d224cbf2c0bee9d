"""The calendar port on Microsoft Graph: a Teams meeting as an event in the organizer's calendar
(`POST /v1.0/users/{organizer}/events` with `isOnlineMeeting`), the app's token from client credentials."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import aiohttp

from bot.services.ports import CalendarEvent, CalendarUnavailable

log = logging.getLogger(__name__)

WINDOWS_ZONE = "W. Europe Standard Time"  # Graph's name for Europe/Stockholm's zone
_STOCKHOLM = ZoneInfo("Europe/Stockholm")
_RETRIED = (429, 503)
_RETRIES = 2
_LONGEST_WAIT = 30.0


class GraphCalendar:
    def __init__(self, *, tenant_id: str, client_id: str, client_secret: str,
                 base_url: str = "https://graph.microsoft.com",
                 login_url: str = "https://login.microsoftonline.com", timeout: float = 20.0) -> None:
        self._tenant_id = tenant_id
        self._client_id = client_id
        self._client_secret = client_secret
        self._base_url = base_url.rstrip("/")
        self._login_url = login_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._token: tuple[str, float] | None = None

    async def create_online_meeting(
        self, organizer_email: str, subject: str, start: datetime, end: datetime,
        attendees: Sequence[tuple[str, str]], body: str,
    ) -> CalendarEvent:
        event = {
            "subject": subject,
            "body": {"contentType": "HTML", "content": body},
            "start": _when(start),
            "end": _when(end),
            "attendees": [
                {"emailAddress": {"address": email, "name": name}, "type": "required"} for name, email in attendees
            ],
            "isOnlineMeeting": True,
            "onlineMeetingProvider": "teamsForBusiness",
        }
        url = f"{self._base_url}/v1.0/users/{quote(organizer_email)}/events"
        async with aiohttp.ClientSession(timeout=self._timeout) as session:
            token = await self._access_token(session)
            created = await self._post(session, url, event, token)
        online = created.get("onlineMeeting") or {}
        return CalendarEvent(event_id=str(created.get("id", "")), join_url=online.get("joinUrl"))

    async def _access_token(self, session: aiohttp.ClientSession) -> str:
        if self._token is not None and self._token[1] > time.monotonic():
            return self._token[0]
        form = {
            "client_id": self._client_id,
            "client_secret": self._client_secret,
            "scope": "https://graph.microsoft.com/.default",
            "grant_type": "client_credentials",
        }
        url = f"{self._login_url}/{quote(self._tenant_id)}/oauth2/v2.0/token"
        try:
            async with session.post(url, data=form) as response:
                if response.status != 200:
                    log.warning("Graph token request refused with HTTP %s", response.status)
                    raise CalendarUnavailable(f"token HTTP {response.status}")
                answer = await response.json()
        except aiohttp.ClientError as error:
            raise CalendarUnavailable("token request failed") from error
        lifetime = float(answer.get("expires_in", 3600))
        self._token = (answer["access_token"], time.monotonic() + max(lifetime - 120, 0))
        return self._token[0]

    async def _post(self, session: aiohttp.ClientSession, url: str, body: dict, token: str) -> dict:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        for attempt in range(_RETRIES + 1):
            try:
                async with session.post(url, json=body, headers=headers) as response:
                    if response.status in _RETRIED and attempt < _RETRIES:
                        wait = _retry_after(response.headers.get("Retry-After"))
                        log.info("Graph answered %s; trying again in %.1f s", response.status, wait)
                        await asyncio.sleep(wait)
                        continue
                    if response.status not in (200, 201):
                        log.warning("Graph refused the event with HTTP %s", response.status)
                        raise CalendarUnavailable(f"event HTTP {response.status}")
                    return await response.json()
            except aiohttp.ClientError as error:
                raise CalendarUnavailable("event request failed") from error
        raise CalendarUnavailable("event: retries used up")


def _when(moment: datetime) -> dict[str, str]:
    local = moment.astimezone(_STOCKHOLM).replace(tzinfo=None)
    return {"dateTime": local.isoformat(timespec="seconds"), "timeZone": WINDOWS_ZONE}


def _retry_after(header: str | None) -> float:
    try:
        return min(max(float(header), 0.0), _LONGEST_WAIT) if header else 1.0
    except ValueError:
        return 1.0
