"""The scheduler in the serving process: APScheduler's AsyncIOScheduler and the jobs it runs.

- heartbeat: this instance's row in scheduler_instances, the tenant rate shared by the live instances, and
  the leases of the reminders this instance is sending;
- plan-reminders (every five minutes, when a planner is given): writes the reminder rows that have come due;
- the dispatch loop (`bot.reminder_dispatch`), which sends what is due as soon as it is due.
The database is the source of truth, so any number of instances may run these side by side.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from botbuilder.core import BotAdapter
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.proactive import ReminderComposer, ReminderNotifier
from bot.reminder_dispatch import ReminderDispatcher
from bot.send_pacing import ConversationPacer, TenantPacer
from bot.settings import Settings
from storage.conversation_references import ConversationReferenceStore
from storage.reminder_claims import ReminderClaims
from storage.scheduler_instances import SchedulerInstances
from storage.types import utcnow

log = logging.getLogger(__name__)

Planner = Callable[[datetime], Awaitable[object]]  # writes the reminders due at `now`
PLANNING_JOB_ID = "plan-reminders"
PLANNING_INTERVAL = timedelta(minutes=5)
STOP_TIMEOUT_SECONDS = 20.0
# Often, so the instances already sending slow down within two seconds of a new one starting (and an instance
# renews its leases at least six times per lease).
HEARTBEAT = timedelta(seconds=2)  # within the usual 30 s a container is given between SIGTERM and SIGKILL


class ReminderScheduler:
    def __init__(self, instances: SchedulerInstances, tenant: TenantPacer, *,
                 dispatcher: ReminderDispatcher | None, planner: Planner | None) -> None:
        self._instances = instances
        self._tenant = tenant
        self._dispatcher = dispatcher
        self._planner = planner
        self._scheduler = AsyncIOScheduler(timezone="UTC")

    async def start(self) -> None:
        await self._heartbeat()
        beat = self._instances.beat.total_seconds()
        self._scheduler.add_job(self._heartbeat, "interval", seconds=beat, id="heartbeat", replace_existing=True,
                                coalesce=True, max_instances=1, misfire_grace_time=max(int(beat), 1))
        if self._planner is not None:
            self._scheduler.add_job(self._plan, "interval", seconds=PLANNING_INTERVAL.total_seconds(),
                                    id=PLANNING_JOB_ID, replace_existing=True, coalesce=True, max_instances=1,
                                    next_run_time=utcnow())
        self._scheduler.start()
        if self._dispatcher is not None:
            self._dispatcher.start()
        log.info("reminders: instance %s started (%s live, %.1f sends/s)%s", self._instances.instance_id,
                 await self._instances.live_instances(utcnow()), self._tenant.rate,
                 "" if self._dispatcher else "; no composer, so none are sent")

    async def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> None:
        self._scheduler.shutdown(wait=False)
        if self._dispatcher is not None:
            await self._dispatcher.stop(timeout)
        await self._instances.leave()

    async def _heartbeat(self) -> None:
        now = utcnow()
        try:
            await self._instances.heartbeat(now)
            self._tenant.share_with(await self._instances.live_instances(now))
            if self._dispatcher is not None:
                await self._dispatcher.renew_leases()
        except Exception:  # the next beat tries again; meanwhile the last share holds
            log.warning("reminders: heartbeat failed", exc_info=True)

    async def _plan(self) -> None:
        try:
            await self._planner(utcnow())
        except Exception:
            log.exception("reminders: planning failed; trying again in %s", PLANNING_INTERVAL)


def build_reminder_scheduler(settings: Settings, engine: AsyncEngine, adapter: BotAdapter,
                             composer: ReminderComposer | None, planner: Planner | None) -> ReminderScheduler:
    lease = timedelta(seconds=settings.reminder_lease_seconds)
    instances = SchedulerInstances(engine, settings.instance_id, beat=min(lease / 6, HEARTBEAT))
    tenant = TenantPacer(settings.reminder_tenant_rate)
    dispatcher = None
    if composer is not None:
        notifier = ReminderNotifier(adapter, settings.app_id, ConversationReferenceStore(engine), composer,
                                    tenant, ConversationPacer())
        dispatcher = ReminderDispatcher(ReminderClaims(engine, settings.instance_id, lease), notifier,
                                        poll_seconds=settings.reminder_poll_seconds,
                                        sends_in_flight=settings.reminder_sends_in_flight)
    return ReminderScheduler(instances, tenant, dispatcher=dispatcher, planner=planner)
