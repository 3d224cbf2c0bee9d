"""The coordinators' overview of reminders; refused to anyone else."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.domain.errors import NotAllowed
from bot.domain.people import Person
from bot.domain.reminder_overview import WINDOW_DAYS, ReminderOverview
from bot.domain.roles import GlobalRole
from bot.services.ports import UnitOfWorkFactory


class OverviewNotAllowed(NotAllowed):
    code = "overview.error.not_allowed"


async def reminder_overview(unit_of_work: UnitOfWorkFactory, person: Person, now: datetime,
                            today: date) -> ReminderOverview:
    if person.global_role not in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR):
        raise OverviewNotAllowed()
    async with unit_of_work() as uow:
        by_kind = await uow.reminder_statistics.counts_by_kind(now - timedelta(days=WINDOW_DAYS))
        unreachable = await uow.reminder_statistics.unreachable()
        pauses = await uow.reminder_pauses.active(today)
    return ReminderOverview(by_kind=by_kind, unreachable=tuple(unreachable), pauses=tuple(pauses))
