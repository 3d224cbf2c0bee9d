"""Teams-shaped activities and a running bot, for end-to-end tests over real HTTP."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web

from bot.app import create_app
from bot.settings import Settings

TENANT = "11111111-2222-3333-4444-555555555555"
BOT = {"id": "28:uppfoljningsboten", "name": "Uppföljningsboten"}
_ids = itertools.count(1)


def teams_user(user_id: str = "29:user-1", aad: str = "aad-user-1", name: str = "Test Användare") -> dict:
    return {"id": user_id, "aadObjectId": aad, "name": name}


def message(text: str | None, *, service_url: str, user: dict | None = None, locale: str | None = "sv-SE",
            conversation: str = "a:conversation-1", tenant: str = TENANT, value: Any = None,
            conversation_type: str = "personal") -> dict:
    activity = _base("message", service_url, user, locale, conversation, tenant, conversation_type)
    if text is not None:
        activity["text"] = text
    if value is not None:
        activity["value"] = value
    return activity


def members_added(*, service_url: str, user: dict | None = None, locale: str | None = "sv-SE",
                  conversation: str = "a:conversation-1", tenant: str = TENANT) -> dict:
    activity = _base("conversationUpdate", service_url, user, locale, conversation, tenant, "personal")
    activity["membersAdded"] = [{"id": BOT["id"]}]
    activity["channelData"]["eventType"] = "teamMemberAdded"
    return activity


def invoke(name: str, value: dict, *, service_url: str, user: dict | None = None, locale: str = "sv-SE",
           conversation: str = "a:conversation-1", tenant: str = TENANT) -> dict:
    activity = _base("invoke", service_url, user, locale, conversation, tenant, "personal")
    activity["name"] = name
    activity["value"] = value
    return activity


def _base(kind: str, service_url: str, user: dict | None, locale: str | None, conversation: str, tenant: str,
          conversation_type: str) -> dict:
    activity = {
        "type": kind,
        "id": f"activity-{next(_ids)}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": user or teams_user(),
        "recipient": BOT,
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": tenant},
        "channelData": {"tenant": {"id": tenant}},
    }
    if locale is not None:
        activity["locale"] = locale
    return activity


@asynccontextmanager
async def running_bot(settings: Settings, *, demo: bool = False, **reminders) -> AsyncIterator[str]:
    """The real app on a free port; yields its base URL. Leaving the block shuts it down like SIGTERM does.
    `reminders` (composer, planner) go to `create_app` for settings that turn reminders on."""
    runner = web.AppRunner(create_app(settings, demo=demo, **reminders), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def post(session: aiohttp.ClientSession, base_url: str, activity: dict | str,
               headers: dict | None = None) -> tuple[int, Any]:
    kwargs: dict[str, Any] = {"headers": headers or {}}
    if isinstance(activity, str):
        kwargs["data"] = activity
        kwargs["headers"] = {"Content-Type": "application/json", **kwargs["headers"]}
    else:
        kwargs["json"] = activity
    async with session.post(f"{base_url}/api/messages", **kwargs) as response:
        body = await response.text()
        try:
            import json

            return response.status, json.loads(body) if body else None
        except ValueError:
            return response.status, body
