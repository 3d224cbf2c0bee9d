"""The dispatch loop: claims due reminders while there are any and sends them, several at a time.

This instance holds at most `sends_in_flight` claims at once, so everything it claimed is sent soon after, and
a killed instance leaves at most that many sends half done. The scheduler's heartbeat renews the leases
while sends are under way; still, a send starts only within half a lease of its claim, and a reminder that
could not start in time is given back instead (in case the renewals could not reach the database). Stopping stops the
claiming, lets sends already on the wire finish (within a timeout) and gives the other claims back.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import datetime, timedelta

from bot.domain.reminders import Reminder
from bot.proactive import Delivery, Outcome, ReminderNotifier
from storage.reminder_claims import ReminderClaims
from storage.types import utcnow

log = logging.getLogger(__name__)

RETRY_FIRST_DELAY = timedelta(minutes=1)  # a failed send is tried again after 1, 2, 4 … minutes
RETRY_LONGEST_DELAY = timedelta(hours=1)


def retry_at(now: datetime, attempts: int) -> datetime:
    return now + min(RETRY_FIRST_DELAY * 2 ** max(attempts - 1, 0), RETRY_LONGEST_DELAY)


class ReminderDispatcher:
    def __init__(self, claims: ReminderClaims, notifier: ReminderNotifier, *, poll_seconds: float,
                 sends_in_flight: int) -> None:
        self._claims = claims
        self._notifier = notifier
        self._poll_seconds = poll_seconds
        self._limit = sends_in_flight
        self._tasks: dict[asyncio.Task, bool] = {}  # task → its request is on the wire
        self._stopping = asyncio.Event()
        self._loop: asyncio.Task | None = None

    def start(self) -> None:
        self._loop = asyncio.create_task(self._run())

    async def _run(self) -> None:
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            await self._claim_and_send(stopped)
        finally:
            stopped.cancel()

    async def _claim_and_send(self, stopped: asyncio.Future) -> None:
        while not self._stopping.is_set():
            free = self._limit - len(self._tasks)
            if free < max(self._limit // 2, 1):
                await asyncio.wait([*self._tasks, stopped], return_when=asyncio.FIRST_COMPLETED)
                continue
            try:
                batch = await self._claims.claim(utcnow(), free)
            except Exception:  # the database may be away for a moment; the next poll tries again
                log.warning("could not claim due reminders", exc_info=True)
                batch = []
            claimed_at = time.monotonic()
            for reminder in batch:
                task = asyncio.create_task(self._deliver(reminder, claimed_at))
                self._tasks[task] = False
                task.add_done_callback(self._tasks.pop)
            if len(batch) < free:  # nothing more due now
                await self._pause(self._poll_seconds)

    async def renew_leases(self) -> None:
        if self._tasks:
            await self._claims.renew(utcnow())

    async def stop(self, timeout: float) -> None:
        """Stop claiming, let requests on the wire finish within `timeout`, give the rest back."""
        self._stopping.set()
        if self._loop is not None:
            await asyncio.gather(self._loop, return_exceptions=True)
        waiting = [task for task, sending in self._tasks.items() if not sending]
        for task in waiting:
            task.cancel()
        sending = [task for task, on_wire in self._tasks.items() if on_wire]
        if sending:
            _, late = await asyncio.wait(sending, timeout=timeout)
            for task in late:
                log.warning("a reminder send did not finish within %.0f s of stopping; given back", timeout)
                task.cancel()
        await asyncio.gather(*waiting, *sending, return_exceptions=True)
        released = await self._claims.release(utcnow())
        log.info("reminders: stopped; %s unsent claims given back", released)

    async def _deliver(self, reminder: Reminder, claimed_at: float) -> None:
        deadline = claimed_at + self._claims.lease.total_seconds() / 2
        task = asyncio.current_task()

        def may_send() -> bool:
            if self._stopping.is_set() or time.monotonic() > deadline:
                return False
            self._tasks[task] = True
            return True

        try:
            delivery = await self._notifier.deliver(reminder, may_send)
        except Exception as error:  # the composer or the database failed; try again later
            log.warning("reminder %s could not be prepared", reminder.id, exc_info=True)
            delivery = Delivery(Outcome.FAILED, f"{type(error).__name__}: {error}")
        await self._record(reminder, delivery)

    async def _record(self, reminder: Reminder, delivery: Delivery) -> None:
        now = utcnow()
        try:
            match delivery.outcome:
                case Outcome.SENT:
                    await self._claims.mark_sent(reminder.id, now)
                case Outcome.CANCELLED:
                    await self._claims.mark_cancelled(reminder.id)
                case Outcome.UNDELIVERABLE:
                    await self._claims.mark_undeliverable(reminder.id, reminder.recipient_id, now, delivery.reason)
                case Outcome.FAILED:
                    await self._claims.mark_retry(reminder.id, retry_at(now, reminder.attempts), delivery.reason)
                case Outcome.NOT_STARTED:
                    await self._claims.release(now, [reminder.id])
        except Exception:  # its lease runs out and another claim takes it from there
            log.error("reminder %s: %s but not recorded", reminder.id, delivery.outcome, exc_info=True)

    async def _pause(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), timeout=seconds)
        except TimeoutError:
            pass
