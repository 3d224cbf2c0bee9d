"""Counting reminders for the coordinators' overview, in one grouped query, and finding who cannot be reached."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminder_overview import ReminderCounts, Unreachability, Unreachable
from bot.domain.reminders import BLOCKED_REASON, NO_CONVERSATION_REASON, ReminderStatus
from storage import tables as t


def _count(condition) -> object:
    return func.sum(case((condition, 1), else_=0))


class SqlReminderStatistics:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def counts_by_kind(self, since: datetime) -> dict[str, ReminderCounts]:
        """Per kind: sent, answered, snoozed and escalated (sent to a rung of the ladder) since `since`;
        undeliverable and cancelled among those due since then; pending now."""
        r = t.reminders.c
        sent = r.sent_at >= since
        due = r.due_at >= since
        rows = await self._connection.execute(
            select(
                r.kind,
                _count(sent).label("sent"),
                _count(r.answered_at >= since).label("answered"),
                _count(and_(sent, r.snoozed_until.is_not(None))).label("snoozed"),
                _count(and_(sent, r.step >= 1)).label("escalated"),
                _count(and_(due, r.status == ReminderStatus.UNDELIVERABLE.value)).label("undeliverable"),
                _count(r.status == ReminderStatus.PENDING.value).label("pending"),
                _count(and_(due, r.status == ReminderStatus.CANCELLED.value)).label("cancelled"),
            ).where(or_(sent, due, r.answered_at >= since, r.status == ReminderStatus.PENDING.value))
            .group_by(r.kind).order_by(r.kind)
        )
        return {row.kind: ReminderCounts(**{key: int(value or 0) for key, value in row._mapping.items()
                                            if key != "kind"}) for row in rows}

    async def unreachable(self) -> list[Unreachable]:
        """Contacts the bot cannot reach now (the sender marks them; talking to the bot again clears it): those
        it had no conversation with, and those a send answered 403 (the app blocked or uninstalled)."""
        c, r = t.contacts.c, t.reminders.c

        def undeliverable_because(reason: str):
            return select(r.id).where(r.recipient_id == c.id, r.status == ReminderStatus.UNDELIVERABLE.value,
                                      r.last_error == reason).exists()

        rows = await self._connection.execute(
            select(c.name, undeliverable_because(NO_CONVERSATION_REASON), undeliverable_because(BLOCKED_REASON))
            .where(c.erased_at.is_(None), c.teams_unreachable_since.is_not(None))
            .order_by(c.name_folded)
        )
        return [Unreachable(name, Unreachability.NEVER_TALKED if never_talked and not blocked
                            else Unreachability.BLOCKED)
                for name, never_talked, blocked in rows]
