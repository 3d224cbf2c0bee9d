"""The web application: `POST /api/messages` (Bot Framework protocol), `GET /healthz`, and the meetings' signed
`.ics` invitations at `GET /meetings/{id}.ics`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from aiohttp import web
from botbuilder.core import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.calendar_links import calendar_links
from bot.connector_clients import ReusingAuthentication
from bot.outbound import RetryingCloudAdapter
from bot.handler import FollowUpBot
from bot.i18n import LANGUAGES, texts_for
from bot.meeting_invitation import ICS_CONTENT_TYPE, ics_invitation
from bot.meeting_words import stored_invitation
from bot.proactive import ReminderComposer
from bot.runtime import build_bot, build_reminder_composer, build_reminder_planner
from bot.scheduler import Planner, build_reminder_scheduler
from bot.services.meetings import stored_meeting
from bot.settings import Settings
from storage.demo_data import load_demo_data
from storage.engine import open_engine
from storage.migrate import upgrade_database
from storage.unit_of_work import unit_of_work_factory

log = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
ENGINE = web.AppKey("engine", AsyncEngine)
ADAPTER = web.AppKey("adapter", CloudAdapter)
BOT = web.AppKey("bot", FollowUpBot)

MAX_BODY_BYTES = 512 * 1024  # Teams messages are at most 100 KB
_REQUIRED = ("type", "channelId", "serviceUrl", "conversation", "from")


def create_app(settings: Settings, *, demo: bool = False, composer: ReminderComposer | None = None,
               planner: Planner | None = None) -> web.Application:
    """`composer` writes the reminders' messages and `planner` the reminder rows that have come due; by default
    the bot's own (`bot.runtime`). Both run only when `settings.reminders_enabled`."""
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_database(demo))
    app.cleanup_ctx.append(_bot)
    if settings.reminders_enabled:
        app.cleanup_ctx.append(_reminders(composer, planner))
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get(r"/meetings/{meeting_id:\d{1,12}}.ics", meeting_invitation)
    return app


def _database(demo: bool):
    async def database(app: web.Application) -> AsyncIterator[None]:
        engine = open_engine(app[SETTINGS].database_url)
        try:
            await upgrade_database(engine)
            if demo:
                summary = await load_demo_data(engine)
                log.info("demo data %s", "loaded" if summary.loaded else "skipped: the database has data")
            app[ENGINE] = engine
            yield
        finally:
            await engine.dispose()

    return database


async def _bot(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    adapter = RetryingCloudAdapter(
        ReusingAuthentication(ConfigurationBotFrameworkAuthentication(settings.bot_framework_config()))
    )
    bot = build_bot(settings, app[ENGINE])
    adapter.on_turn_error = bot.on_error
    app[ADAPTER] = adapter
    app[BOT] = bot
    warm_up = asyncio.create_task(_warm_up(bot))
    yield
    # Let it finish rather than cut a database call short; it takes a second or two at most.
    await asyncio.wait({warm_up}, timeout=15)
    warm_up.cancel()


def _reminders(composer: ReminderComposer | None, planner: Planner | None):
    async def reminders(app: web.Application) -> AsyncIterator[None]:
        settings, engine = app[SETTINGS], app[ENGINE]
        scheduler = build_reminder_scheduler(
            settings, engine, app[ADAPTER],
            composer or build_reminder_composer(settings, engine),
            planner or build_reminder_planner(settings, engine),
        )
        await scheduler.start()
        yield
        await scheduler.stop()

    return reminders


async def _warm_up(bot: FollowUpBot) -> None:
    try:
        await bot.warm_up()
    except Exception:  # the first lookup will try again and report what fails
        log.warning("could not load the lookup catalogue at start", exc_info=True)


async def messages(request: web.Request) -> web.StreamResponse:
    body = await _activity_body(request)
    activity = Activity().deserialize(body)
    auth_header = request.headers.get("Authorization", "")
    try:
        invoke_response = await request.app[ADAPTER].process_activity(
            auth_header, activity, request.app[BOT].on_turn
        )
    except PermissionError:
        raise web.HTTPUnauthorized(text='{"error": "unauthorized"}', content_type="application/json")
    if invoke_response:
        return web.json_response(serializer_helper(invoke_response.body), status=invoke_response.status)
    return web.Response(status=201)


async def _activity_body(request: web.Request) -> dict:
    try:
        body = await request.json()
    except ValueError:
        raise _bad_request("the body is not JSON")
    if not isinstance(body, dict):
        raise _bad_request("the body is not a JSON object")
    missing = [name for name in _REQUIRED if not body.get(name)]
    for name in ("conversation", "from"):
        if name not in missing and not (isinstance(body[name], dict) and body[name].get("id")):
            missing.append(f"{name}.id")
    if missing:
        raise _bad_request("missing: " + ", ".join(missing))
    return body


def _bad_request(reason: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=f'{{"error": "{reason}"}}', content_type="application/json")


async def meeting_invitation(request: web.Request) -> web.Response:
    """A booked meeting's .ics invitation, for a link the bot signed (`bot.calendar_links`); anything else —
    no links configured, an edited or expired link, a meeting that is gone — is a plain 404."""
    settings = request.app[SETTINGS]
    links = calendar_links(settings.public_base_url, settings.link_signing_key.get_secret_value())
    meeting_id, language = int(request.match_info["meeting_id"]), request.query.get("lang", "")
    now = datetime.now(UTC)
    if links is None or language not in LANGUAGES or not links.valid(
            meeting_id, language, request.query.get("expires", ""), request.query.get("signature", ""), now):
        raise web.HTTPNotFound()
    meeting = await stored_meeting(unit_of_work_factory(request.app[ENGINE]), meeting_id)
    if meeting is None:
        raise web.HTTPNotFound()
    texts = texts_for(language)
    body = ics_invitation(stored_invitation(texts, meeting), now)
    return web.Response(body=body, content_type=ICS_CONTENT_TYPE, charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="{texts("meeting.ics_name", id=meeting_id)}"',
        "Cache-Control": "no-store",
    })


async def healthz(request: web.Request) -> web.Response:
    engine = request.app[ENGINE]
    try:
        async with asyncio.timeout(3):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure to answer is "unhealthy"
        log.warning("health check: database did not answer (%s)", type(error).__name__)
        return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
    return web.json_response({"status": "ok", "database": engine.dialect.name})
