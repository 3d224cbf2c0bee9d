"""Reminders for tests: recipients with conversations, due reminder rows, and a composer that says which
reminder a message is (so a connector stub can count arrivals per reminder)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from botbuilder.schema import Activity, ActivityTypes
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.reminders import Reminder, ReminderKind, kpi_subject
from storage import tables as t
from storage.types import utcnow
from tests.support.teams import BOT, TENANT

REMINDER_ID_KEY = "reminderId"


class LabelComposer:
    """Writes the reminder's id and subject into the text and the channel data. Items whose subject key is in
    `no_longer_relevant` get no message."""

    def __init__(self, no_longer_relevant: Sequence[str] = ()) -> None:
        self.no_longer_relevant = set(no_longer_relevant)

    async def compose(self, reminder: Reminder, locale: str | None) -> Activity | None:
        if reminder.subject_key in self.no_longer_relevant:
            return None
        return Activity(
            type=ActivityTypes.message,
            text=f"reminder {reminder.id} {reminder.subject_key} ({locale or 'no locale'})",
            channel_data={REMINDER_ID_KEY: reminder.id, "subject": reminder.subject_key},
        )


async def no_planning(now: datetime) -> None:
    """A planner that writes nothing: for tests of sending, whose reminder rows the test writes itself."""


def reminder_id_of(activity: dict) -> int | None:
    return (activity.get("channelData") or {}).get(REMINDER_ID_KEY)


def personal_conversation(index: int) -> str:
    return f"a:personal-{index}"


def _user(index: int) -> str:
    return f"29:user-{index}"


async def add_recipients(engine: AsyncEngine, count: int, service_url: str, *, conversation_type: str = "personal",
                         first: int = 1) -> list[int]:
    """`count` contacts, each with one stored conversation with the bot (1:1 unless told otherwise)."""
    indexes = range(first, first + count)
    async with engine.begin() as connection:
        await connection.execute(insert(t.contacts), [
            {"name": f"Mottagare {i}", "name_folded": f"mottagare {i}", "email": f"mottagare{i}@exempel.se",
             "party": "verksamhet", "global_role": "medarbetare"} for i in indexes
        ])
        ids = dict((await connection.execute(
            select(t.contacts.c.email, t.contacts.c.id).where(t.contacts.c.email.in_(
                [f"mottagare{i}@exempel.se" for i in indexes]))
        )).all())
        await connection.execute(insert(t.conversation_references), [
            _reference_row(i, ids[f"mottagare{i}@exempel.se"], service_url, conversation_type) for i in indexes
        ])
    return [ids[f"mottagare{i}@exempel.se"] for i in indexes]


def _reference_row(index: int, contact_id: int, service_url: str, conversation_type: str) -> dict:
    conversation = personal_conversation(index) if conversation_type == "personal" else f"19:channel-{index}"
    reference = {
        "bot": BOT, "user": {"id": _user(index), "aadObjectId": f"aad-{index}"},
        "conversation": {"id": conversation, "conversationType": conversation_type, "tenantId": TENANT},
        "channelId": "msteams", "serviceUrl": service_url, "locale": "sv-SE",
    }
    return {"channel_id": "msteams", "conversation_id": conversation, "user_id": _user(index),
            "user_aad_object_id": f"aad-{index}", "contact_id": contact_id, "conversation_type": conversation_type,
            "tenant_id": TENANT, "service_url": service_url, "reference": reference, "updated_at": utcnow()}


async def add_due_reminders(engine: AsyncEngine, recipient_ids: Sequence[int], *, per_recipient: int = 1,
                            due_at: datetime | None = None) -> None:
    due = due_at or utcnow() - timedelta(minutes=1)
    rows = [
        {"kind": ReminderKind.KPI.value, "subject_key": kpi_subject(number, "2026-10"), "recipient_id": recipient,
         "sequence": 1, "step": 0, "payload": {"kpi_id": number}, "due_at": due, "status": "pending",
         "attempts": 0}
        for recipient in recipient_ids for number in range(1, per_recipient + 1)
    ]
    async with engine.begin() as connection:
        for start in range(0, len(rows), 1000):
            await connection.execute(insert(t.reminders), rows[start:start + 1000])
