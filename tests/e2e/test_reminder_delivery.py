"""Reminders the bot sends by itself, over real HTTP into the Bot Connector stub: once into the recipient's
1:1 chat, a new 1:1 chat for someone known only from a channel, 403 recorded and never retried, throttling
and server errors retried until the reminder arrives once."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.settings import Settings
from storage import tables as t
from tests.support.database import rows
from tests.support.reminders import LabelComposer, add_due_reminders, add_recipients, no_planning, reminder_id_of
from tests.support.teams import TENANT, running_bot

POLL = 0.1




def _settings(database_url: str) -> Settings:
    return Settings(DATABASE_URL=database_url, MicrosoftAppId="", REMINDERS_ENABLED=True,
                    REMINDER_POLL_SECONDS=POLL, REMINDER_LEASE_SECONDS=10)


async def _reminder_rows(database_url: str) -> list:
    return await rows(database_url, select(t.reminders).order_by(t.reminders.c.id))


async def _until(check, timeout: float = 10.0):
    async with asyncio.timeout(timeout):
        while not (result := await check()):
            await asyncio.sleep(POLL)
    return result


def _posts(stub) -> list[str]:
    return [path for method, path in stub.requests if method == "POST"]


async def _settled(database_url: str, status: str):
    return await _until(lambda: _all_have_status(database_url, status))


async def _all_have_status(database_url: str, status: str):
    found = await _reminder_rows(database_url)
    return found if found and all(row["status"] == status for row in found) else None


async def test_a_due_reminder_arrives_once_in_the_recipients_personal_chat(database_url, engine, stub):
    await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, (await _contact_ids(database_url)))
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        await stub.wait_for_activities(1)
        [row] = await _settled(database_url, "sent")
        await asyncio.sleep(POLL * 5)  # more polls find nothing more to send
    [activity] = stub.activities
    assert activity["_conversation_id"] == "a:personal-1"
    assert reminder_id_of(activity) == row["id"]
    assert activity["text"] == f"reminder {row['id']} kpi:1:2026-10 (sv-SE)"
    assert (row["attempts"], row["claimed_by"]) == (1, None) and row["sent_at"] is not None


async def test_someone_known_only_from_a_channel_gets_a_new_personal_chat(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url, conversation_type="channel")
    await add_due_reminders(engine, [recipient])
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        await stub.wait_for_activities(1)
        await _settled(database_url, "sent")
    [created] = stub.created
    assert created["isGroup"] is False
    assert created["members"] == [{"id": "29:user-1"}]
    assert created["tenantID"] == TENANT and created["channelData"] == {"tenant": {"id": TENANT}}
    assert created["bot"]["id"] == "28:uppfoljningsboten"
    [activity] = stub.activities
    assert activity["_conversation_id"].startswith("conversation-")
    references = await rows(database_url, select(t.conversation_references)
                            .where(t.conversation_references.c.contact_id == recipient)
                            .where(t.conversation_references.c.conversation_type == "personal"))
    assert [reference["conversation_id"] for reference in references] == [activity["_conversation_id"]]
    assert references[0]["reference"]["locale"] == "sv-SE"


async def test_a_blocked_recipient_is_recorded_and_not_tried_again(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, [recipient])
    stub.status_script = [(403, {})]
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        [row] = await _settled(database_url, "undeliverable")
        await asyncio.sleep(POLL * 5)
    assert len(_posts(stub)) == 1 and stub.activities == []
    assert row["last_error"].startswith("403")
    [contact] = await rows(database_url, select(t.contacts).where(t.contacts.c.id == recipient))
    assert contact["teams_unreachable_since"] is not None


async def test_throttling_and_server_errors_still_deliver_the_reminder_once(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, [recipient])
    stub.status_script = [(429, {"Retry-After": "0"}), (503, {})]
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        await stub.wait_for_activities(1)
        [row] = await _settled(database_url, "sent")
        await asyncio.sleep(POLL * 5)
    assert len(_posts(stub)) == 3 and len(stub.activities) == 1
    assert row["attempts"] == 1


async def test_a_send_that_keeps_failing_is_kept_to_be_tried_later(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, [recipient])
    stub.status_script = [(500, {})]
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        [row] = await _settled(database_url, "pending")
        row = await _until(lambda: _retried(database_url))
    assert row["last_error"] and "500" in row["last_error"]
    assert row["attempts"] == 1 and row["due_at"] > row["created_at"]
    assert stub.activities == []


async def _retried(database_url: str):
    [row] = await _reminder_rows(database_url)
    return row if row["last_error"] else None


async def test_someone_the_bot_never_talked_with_is_undeliverable(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url)
    async with engine.begin() as connection:
        await connection.execute(t.conversation_references.delete())
    await add_due_reminders(engine, [recipient])
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        [row] = await _settled(database_url, "undeliverable")
    assert row["last_error"] == "no conversation with the recipient"
    assert stub.requests == []


async def test_a_reminder_whose_item_is_done_is_cancelled_unsent(database_url, engine, stub):
    await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, await _contact_ids(database_url))
    composer = LabelComposer(no_longer_relevant=["kpi:1:2026-10"])
    async with running_bot(_settings(database_url), composer=composer, planner=no_planning):
        await _settled(database_url, "cancelled")
    assert stub.requests == []


async def test_a_stopped_app_leaves_the_instance_table(database_url, engine, stub):
    async with running_bot(_settings(database_url), composer=LabelComposer(), planner=no_planning):
        [instance] = await rows(database_url, select(t.scheduler_instances))
        assert instance["instance_id"]
    assert await rows(database_url, select(t.scheduler_instances)) == []


async def _contact_ids(database_url: str) -> list[int]:
    return [row["id"] for row in await rows(database_url, select(t.contacts.c.id))]


async def test_the_planner_runs_as_soon_as_the_app_starts(database_url, stub):
    planned = asyncio.Event()
    seen = []

    async def planner(now):
        seen.append(now)
        planned.set()

    async with running_bot(_settings(database_url), planner=planner):
        await asyncio.wait_for(planned.wait(), timeout=10)
    assert len(seen) == 1 and seen[0].tzinfo is not None


async def test_with_reminders_turned_off_the_app_neither_sends_nor_registers(database_url, engine, stub):
    [recipient] = await add_recipients(engine, 1, stub.url)
    await add_due_reminders(engine, [recipient])
    settings = _settings(database_url).model_copy(update={"reminders_enabled": False})
    async with running_bot(settings, composer=LabelComposer(), planner=no_planning):
        await asyncio.sleep(POLL * 5)
        assert await rows(database_url, select(t.scheduler_instances)) == []
    assert stub.requests == [] and [row["status"] for row in await _reminder_rows(database_url)] == ["pending"]


class _StuckComposer(LabelComposer):
    """Never finishes writing: the app is stopped while its reminders are claimed and unsent."""

    def __init__(self) -> None:
        super().__init__()
        self.started = asyncio.Event()

    async def compose(self, reminder, locale):
        self.started.set()
        await asyncio.Event().wait()


async def test_a_stopping_app_gives_its_unsent_claims_back(database_url, engine, stub):
    recipients = await add_recipients(engine, 3, stub.url)
    await add_due_reminders(engine, recipients)
    composer = _StuckComposer()
    async with running_bot(_settings(database_url), composer=composer, planner=no_planning):
        await asyncio.wait_for(composer.started.wait(), timeout=10)
        assert {row["status"] for row in await _reminder_rows(database_url)} == {"claimed"}
    found = await _reminder_rows(database_url)
    assert [(row["status"], row["claimed_by"]) for row in found] == [("pending", None)] * 3
    assert stub.requests == []
