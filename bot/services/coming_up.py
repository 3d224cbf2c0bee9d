""""Vad är på gång för mig?": what is due for a person this calendar month, from the register itself (not only
from the reminders planned): the KPI reports they owe, the meetings they attend, their open actions, the notice
and end dates of the contracts they own or coordinate (within the plan's lead), and their snoozed reminders."""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.contracts import months_before
from bot.domain.follow_up_plan import UNSEGMENTED_PLAN
from bot.domain.kpis import KpiDefinition, Period
from bot.domain.people import Person
from bot.domain.reminder_content import Action, Meeting, ReminderContract
from bot.domain.reminders import Reminder, ReminderKind
from bot.domain.roles import ContractRole
from bot.domain.working_time import WorkingCalendar
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

_DATE_KEEPERS = (ContractRole.PROCESS_OWNER.value, ContractRole.PROCESS_COORDINATOR.value)


@dataclass(frozen=True)
class KpiDue:
    kpi: KpiDefinition
    period: Period
    deadline: date
    late: bool


@dataclass(frozen=True)
class ActionDue:
    action: Action
    contract: ReminderContract
    overdue: bool


@dataclass(frozen=True)
class MeetingAhead:
    meeting: Meeting
    contract: ReminderContract


@dataclass(frozen=True)
class ContractDate:
    contract: ReminderContract
    kind: ReminderKind  # NOTICE or END
    day: date


@dataclass(frozen=True)
class SnoozedReminder:
    reminder: Reminder
    contract: ReminderContract | None


@dataclass(frozen=True)
class ComingUp:
    month: date  # its first day
    kpis: tuple[KpiDue, ...]
    meetings: tuple[MeetingAhead, ...]
    actions: tuple[ActionDue, ...]
    contract_dates: tuple[ContractDate, ...]
    snoozed: tuple[SnoozedReminder, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.kpis or self.meetings or self.actions or self.contract_dates or self.snoozed)


async def coming_up(
    unit_of_work: UnitOfWorkFactory, person: Person, now: datetime, calendar: WorkingCalendar
) -> ComingUp:
    today = calendar.local_date(now)
    first = today.replace(day=1)
    last = today.replace(day=month_calendar.monthrange(today.year, today.month)[1])
    if person.id is None:
        return ComingUp(first, (), (), (), (), ())
    async with unit_of_work() as uow:
        kpis = await _kpis_due(uow, person, today, last)
        month_end = calendar.at(last + timedelta(days=1), time.min)
        meetings = await uow.follow_up_items.meetings_attended(person.id, now, month_end)
        actions = await uow.follow_up_items.open_actions_of(person.id, last)
        dates = await _contract_dates(uow, person.id, today)
        snoozed = await uow.reminder_answers.snoozed_of(person.id, now)
        contracts = await uow.follow_up_items.contracts(
            {item.contract_id for item in (*meetings, *actions)}
            | {reminder.contract_id for reminder in snoozed if reminder.contract_id is not None})
    return ComingUp(
        month=first,
        kpis=tuple(kpis),
        meetings=tuple(MeetingAhead(meeting, contracts[meeting.contract_id]) for meeting in meetings),
        actions=tuple(ActionDue(action, contracts[action.contract_id],
                                action.due_date is not None and action.due_date < today) for action in actions),
        contract_dates=tuple(dates),
        snoozed=tuple(SnoozedReminder(reminder, contracts.get(reminder.contract_id)) for reminder in snoozed),
    )


async def _kpis_due(uow: UnitOfWork, person: Person, today: date, last: date) -> list[KpiDue]:
    """The KPIs the person reports whose due period has no value and is to be reported by the month's end."""
    kpis = await uow.kpis.reported_by(person.id, person.party.value if person.party else None,
                                      list(person.contract_roles))
    plans = await uow.plans.plans_for_contracts({kpi.contract.id for kpi in kpis})
    values = await uow.kpis.values_of(kpis)
    due = []
    for kpi in kpis:
        period = kpi.period_due(today)
        grace = plans.get(kpi.contract.id, UNSEGMENTED_PLAN).grace_days
        deadline = period.end + timedelta(days=grace)
        reported = any(value.period == period for value in values.get(kpi.id, []))
        if kpi.has_started_by(period) and not reported and deadline <= last:
            due.append(KpiDue(kpi, period, deadline, late=today > deadline))
    return sorted(due, key=lambda item: (item.deadline, item.kpi.contract.reference, item.kpi.name))


async def _contract_dates(uow: UnitOfWork, contact_id: int, today: date) -> list[ContractDate]:
    """Notice and end dates ahead, within the longest notice lead of each contract's plan."""
    contracts = await uow.follow_up_items.contracts_with_role(contact_id, _DATE_KEEPERS)
    plans = await uow.plans.plans_for_contracts([contract.id for contract in contracts])
    found = []
    for contract in contracts:
        lead = max(plans.get(contract.id, UNSEGMENTED_PLAN).notice_lead_months)
        for kind, day in ((ReminderKind.NOTICE, contract.notice_date), (ReminderKind.END, contract.end_date)):
            if day is not None and day >= today and months_before(day, lead) <= today:
                found.append(ContractDate(contract, kind, day))
    return sorted(found, key=lambda item: (item.day, item.contract.reference))
