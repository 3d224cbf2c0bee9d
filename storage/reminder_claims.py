"""Claiming due reminders for one bot instance, so that with several instances each reminder is sent once.

A reminder is due when it is pending and its `due_at` has come, or when it was claimed by an instance whose
lease (`claimed_until`) ran out: that instance died or hung, and its claim is taken over. Claiming sets
status claimed, `claimed_by`, `claimed_until` and counts the attempt, in one statement:
`UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING` on PostgreSQL, so concurrent claimers
pass each other's rows by instead of waiting for them or taking them twice. SQLite has one writer at a time,
so the same statement (without the locking clause, which it does not know) is already exclusive.

A live instance renews the leases of the claims it holds with every heartbeat. Every later change of a
claimed row holds only while the row is still claimed by this instance: a claim that was taken over is not
overwritten by the instance that lost it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.reminders import Reminder, ReminderStatus
from storage import tables as t
from storage.reminder_rows import reminder_from_row

log = logging.getLogger(__name__)

_r = t.reminders.c


class ReminderClaims:
    def __init__(self, engine: AsyncEngine, instance_id: str, lease: timedelta) -> None:
        self._engine = engine
        self.instance_id = instance_id
        self.lease = lease

    async def claim(self, now: datetime, limit: int) -> list[Reminder]:
        """Up to `limit` due reminders, oldest due first, now claimed by this instance until now + lease."""
        due = (
            select(_r.id)
            .where(or_(
                and_(_r.status == ReminderStatus.PENDING.value, _r.due_at <= now),
                and_(_r.status == ReminderStatus.CLAIMED.value, _r.claimed_until < now),
            ))
            .order_by(_r.due_at, _r.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        statement = (
            update(t.reminders)
            .where(_r.id.in_(due.scalar_subquery()))
            .values(status=ReminderStatus.CLAIMED.value, claimed_by=self.instance_id,
                    claimed_until=now + self.lease, attempts=_r.attempts + 1)
            .returning(*t.reminders.c)
        )
        async with self._engine.begin() as connection:
            rows = (await connection.execute(statement)).mappings().all()
        return sorted((reminder_from_row(row) for row in rows), key=lambda reminder: (reminder.due_at, reminder.id))

    async def renew(self, now: datetime) -> int:
        """Extend the lease of every claim this instance holds to now + lease: it is alive and still at it,
        however long a send takes. An instance that dies stops renewing."""
        statement = (
            update(t.reminders)
            .where(_r.status == ReminderStatus.CLAIMED.value, _r.claimed_by == self.instance_id)
            .values(claimed_until=now + self.lease)
        )
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount

    async def mark_sent(self, reminder_id: int, now: datetime) -> bool:
        return await self._finish(reminder_id, "sent", status=ReminderStatus.SENT.value, sent_at=now,
                                  last_error=None)

    async def mark_retry(self, reminder_id: int, due_at: datetime, error: str) -> bool:
        """Back to pending, to be tried again at `due_at`."""
        return await self._finish(reminder_id, "retry", status=ReminderStatus.PENDING.value, due_at=due_at,
                                  last_error=error[:2000])

    async def mark_cancelled(self, reminder_id: int) -> bool:
        """The item is no longer worth a reminder (done, answered, removed)."""
        return await self._finish(reminder_id, "cancel", status=ReminderStatus.CANCELLED.value)

    async def mark_undeliverable(self, reminder_id: int, recipient_id: int, now: datetime, reason: str) -> bool:
        """Not sent and not to be retried (403: the app is blocked or not installed; no conversation). The
        recipient is marked unreachable until they talk to the bot again."""
        async with self._engine.begin() as connection:
            changed = await self._finish_on(connection, reminder_id, "undeliverable",
                                            status=ReminderStatus.UNDELIVERABLE.value, last_error=reason[:2000])
            if changed:
                await connection.execute(
                    update(t.contacts)
                    .where(t.contacts.c.id == recipient_id, t.contacts.c.teams_unreachable_since.is_(None))
                    .values(teams_unreachable_since=now)
                )
        return changed

    async def release(self, now: datetime, reminder_ids: Sequence[int] | None = None) -> int:
        """Give claims back unsent (pending, due now): the given ones, or all this instance holds."""
        statement = (
            update(t.reminders)
            .where(_r.status == ReminderStatus.CLAIMED.value, _r.claimed_by == self.instance_id)
            .values(status=ReminderStatus.PENDING.value, due_at=now, claimed_by=None, claimed_until=None)
        )
        if reminder_ids is not None:
            statement = statement.where(_r.id.in_(list(reminder_ids)))
        async with self._engine.begin() as connection:
            return (await connection.execute(statement)).rowcount

    async def _finish(self, reminder_id: int, what: str, **values) -> bool:
        async with self._engine.begin() as connection:
            return await self._finish_on(connection, reminder_id, what, **values)

    async def _finish_on(self, connection, reminder_id: int, what: str, **values) -> bool:
        result = await connection.execute(
            update(t.reminders)
            .where(_r.id == reminder_id, _r.status == ReminderStatus.CLAIMED.value,
                   _r.claimed_by == self.instance_id)
            .values(claimed_by=None, claimed_until=None, **values)
        )
        if result.rowcount == 0:
            log.warning("reminder %s: lease lost before %s; instance %s leaves it to its new claimer",
                        reminder_id, what, self.instance_id)
            return False
        return True

