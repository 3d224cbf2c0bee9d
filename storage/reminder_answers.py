"""Reminder rows as their recipients answer them: read one, snooze it, mark those of a done item answered,
and list a person's snoozed ones. Rows are written by the reminder planner; this only records answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from storage import tables as t
from storage.reminder_rows import reminder_from_row
from storage.types import utcnow


class SqlReminderAnswers:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def reminder(self, reminder_id: int) -> Reminder | None:
        row = (await self._connection.execute(select(t.reminders).where(t.reminders.c.id == reminder_id))).mappings()
        found = row.first()
        return reminder_from_row(found) if found else None

    async def snooze(self, reminder_id: int, until: datetime) -> None:
        await self._connection.execute(
            update(t.reminders).where(t.reminders.c.id == reminder_id).values(snoozed_until=until))

    async def answer_subject(self, kind: ReminderKind, subject_key: str, recipient_id: int | None = None) -> int:
        """Every sent reminder of the item, to any rung of the ladder (or to `recipient_id` only, for an item each
        person answers for themselves), becomes answered; how many did."""
        r = t.reminders.c
        statement = (
            update(t.reminders)
            .where(r.kind == kind.value, r.subject_key == subject_key, r.status == ReminderStatus.SENT.value)
            .values(status=ReminderStatus.ANSWERED.value, answered_at=utcnow())
        )
        if recipient_id is not None:
            statement = statement.where(r.recipient_id == recipient_id)
        result = await self._connection.execute(statement)
        return result.rowcount

    async def snoozed_of(self, recipient_id: int, now: datetime) -> list[Reminder]:
        r = t.reminders.c
        rows = (await self._connection.execute(
            select(t.reminders)
            .where(r.recipient_id == recipient_id, r.status == ReminderStatus.SENT.value, r.snoozed_until > now)
            .order_by(r.snoozed_until, r.id)
        )).mappings()
        return [reminder_from_row(row) for row in rows]

