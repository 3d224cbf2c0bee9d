"""Planning the reminders: read the register's facts, let the reminder rules decide, and write the decision in
one transaction. Run every few minutes by the scheduler on every bot instance; the rows are keyed so that
instances planning at the same time write each reminder once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.reminder_rules import decide
from bot.domain.working_time import WorkingCalendar
from bot.services.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class PlanningResult:
    created: int  # reminder rows written
    cancelled: int  # pending rows whose item was done or gone
    answered: int  # sent rows whose item got done
    postponed: int = 0  # pending rows moved past a pause


async def plan_reminders(unit_of_work: UnitOfWorkFactory, calendar: WorkingCalendar, now: datetime) -> PlanningResult:
    async with unit_of_work() as uow:
        planning = uow.reminder_planning
        decisions = decide(await planning.facts(now, calendar.local_date(now)), calendar, now)
        result = PlanningResult(
            created=await planning.add(decisions.new),
            cancelled=await planning.cancel(decisions.cancel),
            answered=await planning.answer(decisions.answer, now),
            postponed=await planning.postpone(decisions.postpone),
        )
        await uow.commit()
    return result
