"""Which reminders are due, for whom and when: the follow-up plan's rhythm turned into reminder rows.

Every open item (a KPI report missing for its due period, a planned meeting, an open action, a contract's notice
or end date coming up) has a first moment and an escalation ladder of rungs of people. Each person of a rung gets
the item's reminders one at a time, `reminder_interval_days` working days apart, until `max_reminders` have gone
unanswered; then the next rung is reminded the same way, and after the last rung nothing more. A snoozed reminder
moves the next one to the snooze time and does not count; an undeliverable reminder, or a person the bot cannot
reach in Teams, ends that person's part of the rung at once. An answer from anyone ends the item for everyone.

Meetings, actions due soon and notice and end dates are items with one rung and one reminder. Nothing of a
paused contract is due before the first working moment after the pause. Every time is a working moment.

The customer-satisfaction survey is an item each person answers for themselves: from the first working morning
of a quarter, for the quarter just ended, each supplier with running contracts asks their processägare and the
business unit's people on those contracts' teams, at most twice and without escalation, until each has rated
the supplier for that quarter.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from bot.domain.contracts import ContractStatus, months_before
from bot.domain.kpis import due_period
from bot.domain.reminder_facts import (
    ActionFacts,
    ContractFacts,
    KpiFacts,
    MeetingFacts,
    PlannedReminder,
    PlanningFacts,
    ReminderDecisions,
)
from bot.domain.reminders import (
    Reminder,
    ReminderKind,
    ReminderStatus,
    action_subject,
    contract_date_subject,
    kpi_subject,
    meeting_subject,
    survey_subject,
)
from bot.domain.supplier_rating import SURVEY_MAX_REMINDERS, quarter_just_ended
from bot.domain.roles import ContractRole, Party
from bot.domain.working_time import WorkingCalendar

RUNNING = (ContractStatus.ACTIVE, ContractStatus.TERMINATING)  # KPIs, meetings and actions are followed up
OPEN_ACTION = ("öppen", "pågår")
DONE_ACTION = ("klar", "stängd")
PLANNED_MEETING = "planerat"
REPORTER_ROLE = {
    Party.BUSINESS_UNIT: ContractRole.PROCESS_OWNER,
    Party.PROCUREMENT: ContractRole.PROCESS_COORDINATOR,
    Party.SUPPLIER: ContractRole.SUPPLIER_CONTACT,
}
CONTRACT_DATE_ROLES = (ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR)
PER_PERSON = frozenset({ReminderKind.SURVEY})
MUNICIPALITY = (Party.BUSINESS_UNIT.value, Party.PROCUREMENT.value)  # who is asked the survey: never the supplier  # items each person answers for themselves

Rung = tuple[int, ...]


@dataclass(frozen=True)
class DueItem:
    """One thing to remind about: its first moment and who is reminded, rung by rung."""

    kind: ReminderKind
    subject_key: str
    contract_id: int
    first_at: datetime
    ladder: tuple[Rung, ...]
    payload: dict[str, Any]
    max_reminders: int = 1
    interval_days: int = 1
    phase: bool = False  # an action's overdue reminders follow its "due soon" one under the same subject
    per_person: bool = False  # an answer ends the item for the person who gave it, not for everyone

    @property
    def key(self) -> tuple[ReminderKind, str]:
        return self.kind, self.subject_key


class _Walk:
    """Reading one item's reminder rows against its ladder."""

    def __init__(self, item: DueItem, rows: Sequence[Reminder], unreachable: frozenset[int],
                 calendar: WorkingCalendar) -> None:
        self.item, self.rows, self.unreachable, self.calendar = item, rows, unreachable, calendar
        live = [r for r in rows if r.status is not ReminderStatus.CANCELLED and _phase(r) == item.phase]
        self.live = sorted(live, key=lambda r: r.sequence)

    def next_reminders(self, not_before: datetime | None) -> list[PlannedReminder]:
        if not self.item.per_person and any(_answered(row) for row in self.rows):
            return []
        answered = {row.recipient_id for row in self.rows if _answered(row)} if self.item.per_person else set()
        start = self.item.first_at
        for step, rung in enumerate(self.item.ladder):
            planned, waiting, rung_ends = [], False, start
            for person in rung:
                mine = [r for r in self.live if r.step == step and r.recipient_id == person]
                if person in self.unreachable or person in answered or any(
                        r.status is ReminderStatus.UNDELIVERABLE for r in mine):
                    continue
                if any(r.status in (ReminderStatus.PENDING, ReminderStatus.CLAIMED) for r in mine):
                    waiting = True
                    continue
                counted = [r for r in mine if r.snoozed_until is None]
                if len(counted) >= self.item.max_reminders:
                    rung_ends = max(rung_ends, self._after(counted[-1]))
                    continue
                waiting = True
                due = self._next_due(mine[-1]) if mine else start
                planned.append(self._reminder(person, step, max(due, not_before) if not_before else due))
            if waiting:
                return planned
            start = rung_ends
        return []

    def _next_due(self, last: Reminder) -> datetime:
        if last.snoozed_until is not None:
            return self.calendar.next_working_moment(last.snoozed_until)
        return self._after(last)

    def _after(self, sent: Reminder) -> datetime:
        day = self.calendar.local_date(sent.sent_at or sent.due_at)
        return self.calendar.at(self.calendar.add_working_days(day, self.item.interval_days), self.calendar.day_starts)

    def _reminder(self, person: int, step: int, due: datetime) -> PlannedReminder:
        payload = dict(self.item.payload)
        if step > 0:
            payload["responsible_ids"] = list(self.item.ladder[0])
            payload["unanswered"] = sum(
                1 for r in self.live if r.step < step and r.status is ReminderStatus.SENT and r.snoozed_until is None
            )
        sequence = max((r.sequence for r in self.rows if r.recipient_id == person), default=0) + 1
        return PlannedReminder(self.item.kind, self.item.subject_key, person, self.item.contract_id, sequence, step,
                               payload, due)


def decide(facts: PlanningFacts, calendar: WorkingCalendar, now: datetime) -> ReminderDecisions:
    """The reminders to write now, and the pending or sent rows whose item has ended."""
    items = list(due_items(facts, calendar, now))
    floors = pause_floors(facts, calendar)
    rows_of: dict[tuple[ReminderKind, str], list[Reminder]] = defaultdict(list)
    for row in facts.reminders:
        rows_of[(row.kind, row.subject_key)].append(row)
    new = []
    for item in items:
        walk = _Walk(item, rows_of.get(item.key, ()), facts.unreachable, calendar)
        new.extend(walk.next_reminders(floors.get(item.contract_id)))
    open_items = {(*item.key, item.phase) for item in items}
    ended = {key for key, rows in rows_of.items()
             if key[0] not in PER_PERSON and any(_answered(row) for row in rows)}
    done = done_items(facts)
    pending = [row for row in facts.reminders if row.status is ReminderStatus.PENDING]
    cancel = {row.id for row in pending
              if (row.kind, row.subject_key, _phase(row)) not in open_items or (row.kind, row.subject_key) in ended
              or _item_of(row) in done}
    postpone = [(row.id, floors[row.contract_id]) for row in pending
                if row.id not in cancel and row.contract_id in floors and row.due_at < floors[row.contract_id]]
    answer = [row.id for row in facts.reminders
              if row.status is ReminderStatus.SENT and row.answered_at is None and _item_of(row) in done]
    return ReminderDecisions(new=new, cancel=sorted(cancel), answer=answer, postpone=postpone)


def due_items(facts: PlanningFacts, calendar: WorkingCalendar, now: datetime) -> Iterator[DueItem]:
    today = calendar.local_date(now)
    for kpi in facts.kpis:
        contract = facts.contracts.get(kpi.definition.contract.id)
        if contract is not None and contract.status in RUNNING:
            yield from kpi_items(kpi, contract, calendar, today)
    for meeting in facts.meetings:
        contract = facts.contracts.get(meeting.contract_id)
        if contract is not None and contract.status in RUNNING:
            yield from meeting_items(meeting, contract, calendar, now)
    for action in facts.actions:
        contract = facts.contracts.get(action.contract_id)
        if contract is not None and contract.status in RUNNING:
            yield from action_items(action, contract, calendar, today)
    for contract in facts.contracts.values():
        yield from contract_date_items(contract, calendar, today)
    yield from survey_items(facts, calendar, today)


def kpi_items(kpi: KpiFacts, contract: ContractFacts, calendar: WorkingCalendar, today: date) -> Iterator[DueItem]:
    """The KPI's due period, when the KPI and its contract ran in it and it has no value: reminded from the first
    working day after the period's end."""
    definition, plan = kpi.definition, contract.plan
    period = due_period(definition.frequency, today)
    ends = [day for day in (definition.contract.end_date, definition.active_to) if day is not None]
    if not definition.has_started_by(period) or (ends and period.start > min(ends)) or period.label in kpi.reported:
        return
    reporters: Rung = (definition.reporter_contact_id,) if definition.reporter_contact_id else (
        contract.roles.get(REPORTER_ROLE[kpi.reporter_party].value, ()) if kpi.reporter_party else ())
    yield DueItem(
        ReminderKind.KPI, kpi_subject(definition.id, period.label), contract.id,
        calendar.at(calendar.next_working_day(period.end), calendar.day_starts),
        ladder(reporters, *escalation_ladder(contract, contract.kpi_accountable)),
        {"kpi_id": definition.id, "period": period.label,
         "deadline": (period.end + timedelta(days=plan.grace_days)).isoformat()},
        plan.max_reminders, plan.reminder_interval_days,
    )


def meeting_items(meeting: MeetingFacts, contract: ContractFacts, calendar: WorkingCalendar,
                  now: datetime) -> Iterator[DueItem]:
    """A planned meeting still ahead: one reminder to each attendee, the plan's lead time before it."""
    if meeting.status != PLANNED_MEETING or meeting.starts_at <= now:
        return
    starts_at = meeting.starts_at.astimezone(timezone.utc)
    day = calendar.subtract_working_days(calendar.local_date(starts_at), contract.plan.reminder_lead_days)
    yield DueItem(ReminderKind.MEETING, meeting_subject(meeting.id, starts_at), contract.id,
                  calendar.at(day, calendar.send_at), ladder(meeting.attendee_ids),
                  {"meeting_id": meeting.id, "starts_at": starts_at.isoformat()})


def action_items(action: ActionFacts, contract: ContractFacts, calendar: WorkingCalendar,
                 today: date) -> Iterator[DueItem]:
    """An open action: "due soon" the lead time before its due date, then "overdue" from the day after, with
    repeats and escalation."""
    if action.status not in OPEN_ACTION or action.owner_id is None or action.due_date is None:
        return
    plan, due = contract.plan, action.due_date
    subject = action_subject(action.id, due)
    payload = {"action_id": action.id, "due": due.isoformat()}
    if today <= due:
        day = calendar.subtract_working_days(due, plan.reminder_lead_days)
        yield DueItem(ReminderKind.ACTION, subject, contract.id, calendar.at(day, calendar.send_at),
                      ladder((action.owner_id,)), {**payload, "overdue": False})
        return
    yield DueItem(ReminderKind.ACTION, subject, contract.id,
                  calendar.at(calendar.next_working_day(due), calendar.day_starts),
                  ladder((action.owner_id,), *escalation_ladder(contract)), {**payload, "overdue": True},
                  plan.max_reminders, plan.reminder_interval_days, phase=True)


def contract_date_items(contract: ContractFacts, calendar: WorkingCalendar, today: date) -> Iterator[DueItem]:
    """An active contract's notice and end dates: the latest of the plan's milestones (months before) that has
    come, until the date itself has passed."""
    if contract.status is not ContractStatus.ACTIVE:
        return
    people = tuple(p for role in CONTRACT_DATE_ROLES for p in contract.roles.get(role.value, ()))
    for kind, day in ((ReminderKind.NOTICE, contract.notice_date), (ReminderKind.END, contract.end_date)):
        if day is None or today > day:
            continue
        come = [(months_before(day, months), months) for months in contract.plan.notice_lead_months
                if months_before(day, months) <= today]
        if not come:
            continue
        milestone, months = max(come)
        yield DueItem(kind, contract_date_subject(kind, contract.id, day, months), contract.id,
                      calendar.at(calendar.working_day_on_or_after(milestone), calendar.day_starts), ladder(people),
                      {"date": day.isoformat(), "months_before": months})


def survey_items(facts: PlanningFacts, calendar: WorkingCalendar, today: date) -> Iterator[DueItem]:
    """Per supplier with running contracts, the survey of the quarter just ended, from the quarter's first working
    morning, to the processägare and the business unit's people of those contracts' teams (known by their party
    to be the municipality's, never the supplier's own people) who have not rated the supplier for that quarter; named after the supplier's first contract."""
    quarter = quarter_just_ended(today)
    first_at = calendar.at(calendar.working_day_on_or_after(quarter.end + timedelta(days=1)), calendar.day_starts)
    rated: dict[int, set[int]] = defaultdict(set)
    for supplier_id, period, person in facts.ratings:
        if period == quarter.label:
            rated[supplier_id].add(person)
    contracts_of: dict[int, list[ContractFacts]] = defaultdict(list)
    for contract in sorted(facts.contracts.values(), key=lambda contract: contract.id):
        if contract.status in RUNNING:
            contracts_of[contract.supplier_id].append(contract)
    for supplier_id, contracts in contracts_of.items():
        people = (person for contract in contracts for role, members in contract.roles.items() for person in members
                  if contract.parties.get(person) == Party.BUSINESS_UNIT.value or (
                      role == ContractRole.PROCESS_OWNER.value and contract.parties.get(person) in MUNICIPALITY))
        asked = tuple(person for person in dict.fromkeys(people) if person not in rated[supplier_id])
        yield DueItem(ReminderKind.SURVEY, survey_subject(supplier_id, quarter.label), contracts[0].id, first_at,
                      (asked,), {"supplier_id": supplier_id, "period": quarter.label}, SURVEY_MAX_REMINDERS,
                      contracts[0].plan.reminder_interval_days, per_person=True)


def ladder(*rungs: Rung) -> tuple[Rung, ...]:
    """The rungs with each person once, on the first rung they are on: nobody is escalated to themselves."""
    seen: set[int] = set()
    distinct = []
    for rung in rungs:
        distinct.append(tuple(p for p in dict.fromkeys(rung) if p not in seen))
        seen.update(rung)
    return tuple(distinct)


def escalation_ladder(contract: ContractFacts, accountable: Rung = ()) -> list[Rung]:
    """The plan's rungs as the people holding each role; those accountable (RACI 'A') take the first rung."""
    rungs = [contract.roles.get(role.value, ()) for role in contract.plan.escalation]
    if accountable:
        rungs[:1] = [accountable]
    return rungs


def pause_floors(facts: PlanningFacts, calendar: WorkingCalendar) -> dict[int, datetime]:
    """Per paused contract, the first working moment after its (or its supplier's) latest pause."""
    by_contract: dict[int, date] = {}
    by_supplier: dict[int, date] = {}
    for pause in facts.pauses:
        for key, table in ((pause.contract_id, by_contract), (pause.supplier_id, by_supplier)):
            if key is not None:
                table[key] = max(table.get(key, pause.paused_until), pause.paused_until)
    floors = {}
    for contract in facts.contracts.values():
        until = [d for d in (by_contract.get(contract.id), by_supplier.get(contract.supplier_id)) if d is not None]
        if until:
            floors[contract.id] = calendar.at(calendar.next_working_day(max(until)), calendar.day_starts)
    return floors


def done_items(facts: PlanningFacts) -> set[tuple[str, Any, Any]]:
    """KPI periods that got a value, actions that were closed and each person's survey answers, as `_item_of`
    names them."""
    done: set[tuple[str, Any, Any]] = set()
    for kpi in facts.kpis:
        done.update(("kpi", kpi.definition.id, label) for label in kpi.reported)
    done.update(("action", action.id, None) for action in facts.actions if action.status in DONE_ACTION)
    done.update(("survey", survey_subject(supplier_id, period), person) for supplier_id, period, person in facts.ratings)
    return done


def _item_of(row: Reminder) -> tuple[str, Any, Any] | None:
    payload = row.payload or {}
    if row.kind is ReminderKind.KPI:
        return "kpi", payload.get("kpi_id"), payload.get("period")
    if row.kind is ReminderKind.ACTION:
        return "action", payload.get("action_id"), None
    if row.kind is ReminderKind.SURVEY:
        return "survey", row.subject_key, row.recipient_id
    return None


def _answered(row: Reminder) -> bool:
    return row.answered_at is not None or row.status is ReminderStatus.ANSWERED


def _phase(row: Reminder) -> bool:
    return bool((row.payload or {}).get("overdue", False))
