"""Which reminders are due, for whom and when: KPI reports, meetings, actions and contract dates, with repeats,
snoozes, escalation, unreachable people, pauses, Swedish holidays and weekends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from bot.domain.contracts import ContractStatus
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.kpis import Frequency, KpiContract, KpiDefinition, Thresholds
from bot.domain.reminder_facts import (
    ActionFacts,
    ContractFacts,
    KpiFacts,
    MeetingFacts,
    Pause,
    PlanningFacts,
)
from bot.domain.reminder_rules import decide
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from bot.domain.roles import Party
from bot.domain.working_time import WorkingCalendar
from bot.holiday_source import is_swedish_holiday

CALENDAR = WorkingCalendar(is_holiday=is_swedish_holiday)
PLAN = FollowUpPlan(Frequency.MONTH, 3, "uppföljningsmöte", grace_days=10, reminder_lead_days=5, max_reminders=3,
                    reminder_interval_days=3)
OWNER, COORDINATOR, REPORTER, SUPPLIER_CONTACT, ACCOUNTABLE, GUEST = 11, 12, 13, 14, 15, 16
ROLES = {"processägare": (OWNER,), "processkoordinator": (COORDINATOR,), "leverantörskontakt": (SUPPLIER_CONTACT,)}


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CALENDAR.zone)


def contract(**changes) -> ContractFacts:
    return replace(ContractFacts(id=1, supplier_id=7, status=ContractStatus.ACTIVE, plan=PLAN, roles=ROLES), **changes)


def kpi(frequency: Frequency = Frequency.MONTH, *, reporter: int | None = REPORTER, party: Party | None = None,
        reported: tuple[str, ...] = ()) -> KpiFacts:
    definition = KpiDefinition(id=5, contract=KpiContract(1, "2024-017", "Städ", 7, "Städbolaget"), name="Nöjdhet",
                               unit="%", frequency=frequency, thresholds=Thresholds(target=None),
                               reporter_contact_id=reporter)
    return KpiFacts(definition, reporter_party=party, reported=frozenset(reported))


def facts(*, kpis=(), meetings=(), actions=(), pauses=(), unreachable=(), **contract_changes) -> PlanningFacts:
    return PlanningFacts(contracts={1: contract(**contract_changes)}, kpis=kpis, meetings=meetings, actions=actions,
                         pauses=pauses, unreachable=frozenset(unreachable))


def simulate(start: PlanningFacts, now: datetime, until: datetime,
             react: Callable[[Reminder], Reminder] = lambda row: row) -> list[Reminder]:
    """Plan at least daily, send each reminder at its due time (as `react` leaves it), plan again … until `until`."""
    rows: list[Reminder] = list(start.reminders)
    sent: list[Reminder] = []
    while True:
        decisions = decide(replace(start, reminders=rows), CALENDAR, now)
        rows = [replace(row, status=ReminderStatus.CANCELLED) if row.id in decisions.cancel else row for row in rows]
        rows += [Reminder(id=len(rows) + 1, kind=p.kind, subject_key=p.subject_key, recipient_id=p.recipient_id,
                          contract_id=p.contract_id, sequence=p.sequence, step=p.step, payload=p.payload,
                          due_at=p.due_at, status=ReminderStatus.PENDING) for p in decisions.new]
        pending = sorted((row for row in rows if row.status is ReminderStatus.PENDING), key=lambda row: row.due_at)
        if not pending or pending[0].due_at > now + timedelta(days=1):
            now += timedelta(days=1)
            if now > until:
                return sent
            continue
        now = max(now, pending[0].due_at)
        reacted = react(replace(pending[0], status=ReminderStatus.SENT, sent_at=now))
        rows = [reacted if row.id == reacted.id else row for row in rows]
        sent.append(reacted)


def who_when(sent: list[Reminder]) -> list[tuple[int, int, int, datetime]]:
    return [(row.recipient_id, row.step, row.sequence, row.due_at) for row in sent]


# --- KPI reports: the first reminder -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "today", "period", "first"),
    [
        (Frequency.MONTH, date(2027, 1, 2), "2026-12", at(2027, 1, 4)),  # nyårsafton, nyårsdagen, a weekend
        (Frequency.QUARTER, date(2026, 1, 1), "2025-Q4", at(2026, 1, 2)),  # nyårsdagen
        (Frequency.HALF_YEAR, date(2028, 1, 1), "2027-H2", at(2028, 1, 3)),  # a period ending on nyårsafton
        (Frequency.YEAR, date(2027, 1, 1), "2026", at(2027, 1, 4)),
        (Frequency.MONTH, date(2026, 5, 1), "2026-04", at(2026, 5, 4)),  # första maj on a Friday
        (Frequency.MONTH, date(2026, 2, 1), "2026-01", at(2026, 2, 2)),  # a month ending on a Saturday
    ],
)
def test_a_kpi_report_is_first_reminded_on_the_first_working_day_after_its_period(frequency, today, period, first):
    decisions = decide(facts(kpis=[kpi(frequency)]), CALENDAR, at(today.year, today.month, today.day, 20))
    [reminder] = decisions.new
    assert (reminder.kind, reminder.subject_key, reminder.recipient_id) == (ReminderKind.KPI, f"kpi:5:{period}",
                                                                             REPORTER)
    assert (reminder.sequence, reminder.step, reminder.due_at) == (1, 0, first)
    assert reminder.payload["period"] == period and reminder.payload["kpi_id"] == 5


def test_a_kpi_reports_deadline_is_the_periods_end_plus_the_grace_days_across_the_year_end():
    [reminder] = decide(facts(kpis=[kpi()]), CALENDAR, at(2027, 1, 2)).new
    assert reminder.payload["deadline"] == "2027-01-10"


def test_a_reported_period_is_not_reminded():
    assert decide(facts(kpis=[kpi(reported=("2026-12",))]), CALENDAR, at(2027, 1, 5)).new == []


def test_a_party_that_reports_is_reminded_through_its_role_on_the_contract():
    [reminder] = decide(facts(kpis=[kpi(reporter=None, party=Party.SUPPLIER)]), CALENDAR, at(2027, 1, 5)).new
    assert reminder.recipient_id == SUPPLIER_CONTACT


@pytest.mark.parametrize(("active_from", "active_to", "reminded"), [
    (date(2026, 12, 31), None, True),  # the KPI began on the period's last day
    (date(2027, 1, 1), None, False),  # it began after the period
    (None, date(2026, 12, 1), True),  # it ended within the period
    (None, date(2026, 11, 30), False),  # it ended before the period
])
def test_a_kpi_is_reminded_only_for_a_period_it_was_active_in(active_from, active_to, reminded):
    active = kpi()
    active = replace(active, definition=replace(active.definition, active_from=active_from, active_to=active_to))
    assert bool(decide(facts(kpis=[active]), CALENDAR, at(2027, 1, 5)).new) is reminded


def test_a_kpi_of_a_contract_that_has_ended_is_not_reminded():
    assert decide(facts(kpis=[kpi()], status=ContractStatus.ENDED), CALENDAR, at(2027, 1, 5)).new == []


# --- repeats and escalation ---------------------------------------------------------------------------


def test_an_unanswered_kpi_reminder_repeats_every_interval_then_escalates_to_the_process_owner_then_the_coordinator():
    sent = simulate(facts(kpis=[kpi(Frequency.QUARTER)]), at(2027, 1, 2), at(2027, 3, 1))
    assert who_when(sent) == [
        (REPORTER, 0, 1, at(2027, 1, 4)),
        (REPORTER, 0, 2, at(2027, 1, 8)),  # three working days on: trettondedag jul (6th) is no working day
        (REPORTER, 0, 3, at(2027, 1, 13)),
        (OWNER, 1, 1, at(2027, 1, 18)),
        (OWNER, 1, 2, at(2027, 1, 21)),
        (OWNER, 1, 3, at(2027, 1, 26)),
        (COORDINATOR, 2, 1, at(2027, 1, 29)),
        (COORDINATOR, 2, 2, at(2027, 2, 3)),
        (COORDINATOR, 2, 3, at(2027, 2, 8)),
    ]
    assert sent[3].payload["responsible_ids"] == [REPORTER] and sent[3].payload["unanswered"] == 3
    assert sent[6].payload["unanswered"] == 6
    assert "responsible_ids" not in sent[0].payload


def test_a_snoozed_reminder_moves_the_next_one_to_the_snooze_time_and_does_not_count():
    def snooze_first(row: Reminder) -> Reminder:
        return replace(row, snoozed_until=at(2027, 1, 5, 9)) if row.sequence == 1 else row

    sent = simulate(facts(kpis=[kpi()]), at(2027, 1, 2), at(2027, 1, 20), snooze_first)
    assert who_when(sent)[:5] == [
        (REPORTER, 0, 1, at(2027, 1, 4)),
        (REPORTER, 0, 2, at(2027, 1, 5, 9)),
        (REPORTER, 0, 3, at(2027, 1, 11)),
        (REPORTER, 0, 4, at(2027, 1, 14)),
        (OWNER, 1, 1, at(2027, 1, 19)),
    ]


def test_a_snooze_into_the_evening_waits_for_the_next_working_morning():
    def snooze(row: Reminder) -> Reminder:
        return replace(row, snoozed_until=at(2027, 1, 8, 19)) if row.sequence == 1 else row

    sent = simulate(facts(kpis=[kpi()]), at(2027, 1, 2), at(2027, 1, 12), snooze)
    assert sent[1].due_at == at(2027, 1, 11)


def test_an_answer_ends_the_item_for_everyone():
    def answer_second(row: Reminder) -> Reminder:
        return replace(row, answered_at=row.sent_at + timedelta(hours=1)) if row.sequence == 2 else row

    sent = simulate(facts(kpis=[kpi(Frequency.QUARTER)]), at(2027, 1, 2), at(2027, 3, 31), answer_second)
    assert len(sent) == 2


def test_an_undeliverable_reminder_sends_the_next_rung_at_once():
    def blocked(row: Reminder) -> Reminder:
        return replace(row, status=ReminderStatus.UNDELIVERABLE) if row.recipient_id == REPORTER else row

    sent = simulate(facts(kpis=[kpi()]), at(2027, 1, 2), at(2027, 1, 19), blocked)
    assert who_when(sent)[:3] == [(REPORTER, 0, 1, at(2027, 1, 4)), (OWNER, 1, 1, at(2027, 1, 4)),
                                  (OWNER, 1, 2, at(2027, 1, 8))]


def test_an_unreachable_reporter_is_skipped_and_the_process_owner_reminded_from_the_start():
    sent = simulate(facts(kpis=[kpi()], unreachable=[REPORTER]), at(2027, 1, 2), at(2027, 1, 5))
    assert who_when(sent) == [(OWNER, 1, 1, at(2027, 1, 4))]


def test_the_people_accountable_for_kpi_reports_are_the_first_rung_of_escalation():
    sent = simulate(facts(kpis=[kpi(Frequency.QUARTER)], kpi_accountable=(ACCOUNTABLE,)), at(2027, 1, 2),
                    at(2027, 3, 1))
    assert [(row.recipient_id, row.step) for row in sent] == [(REPORTER, 0)] * 3 + [(ACCOUNTABLE, 1)] * 3 + [
        (COORDINATOR, 2)] * 3


def test_a_reporter_who_is_also_the_process_owner_is_not_escalated_to_and_the_coordinator_comes_next():
    sent = simulate(facts(kpis=[kpi(Frequency.QUARTER, reporter=OWNER)]), at(2027, 1, 2), at(2027, 3, 1))
    assert [(row.recipient_id, row.step) for row in sent] == [(OWNER, 0)] * 3 + [(COORDINATOR, 2)] * 3


def test_after_the_last_rung_nothing_more_is_reminded():
    sent = simulate(facts(kpis=[kpi(Frequency.QUARTER)], plan=replace(PLAN, max_reminders=1, escalation=())),
                    at(2027, 1, 2), at(2027, 3, 31))
    assert who_when(sent) == [(REPORTER, 0, 1, at(2027, 1, 4))]


# --- KPI value reported, items done ---------------------------------------------------------------------


def _row(id: int, status: ReminderStatus, **changes) -> Reminder:
    return Reminder(id=id, kind=ReminderKind.KPI, subject_key="kpi:5:2026-12", recipient_id=REPORTER, contract_id=1,
                    sequence=id, step=0, payload={"kpi_id": 5, "period": "2026-12"}, due_at=at(2027, 1, 4),
                    status=status, **changes)


def test_a_reported_value_cancels_the_pending_reminders_and_answers_the_sent_ones():
    rows = [_row(1, ReminderStatus.SENT, sent_at=at(2027, 1, 4)), _row(2, ReminderStatus.PENDING)]
    decisions = decide(replace(facts(kpis=[kpi(reported=("2026-12",))]), reminders=rows), CALENDAR, at(2027, 1, 9))
    assert (decisions.cancel, decisions.answer, decisions.new) == ([2], [1], [])


def test_a_pending_reminder_of_a_period_no_longer_due_is_cancelled():
    decisions = decide(replace(facts(kpis=[kpi()]), reminders=[_row(1, ReminderStatus.PENDING)]), CALENDAR,
                       at(2027, 2, 2))
    assert decisions.cancel == [1]
    assert [r.subject_key for r in decisions.new] == ["kpi:5:2027-01"]


# --- meetings --------------------------------------------------------------------------------------------


def meeting(starts_at: datetime, status: str = "planerat") -> MeetingFacts:
    return MeetingFacts(id=3, contract_id=1, starts_at=starts_at, status=status, attendee_ids=(OWNER, GUEST))


def test_a_meeting_is_reminded_to_each_attendee_the_lead_time_in_working_days_before_at_send_time():
    decisions = decide(facts(meetings=[meeting(at(2026, 6, 23, 10))], plan=replace(PLAN, reminder_lead_days=2)),
                       CALENDAR, at(2026, 6, 1))
    assert {(r.recipient_id, r.due_at) for r in decisions.new} == {(OWNER, at(2026, 6, 18, 9)),
                                                                   (GUEST, at(2026, 6, 18, 9))}  # midsommarafton
    assert decisions.new[0].payload == {"meeting_id": 3, "starts_at": "2026-06-23T08:00:00+00:00"}


def test_a_moved_meeting_is_reminded_anew_and_its_old_pending_reminders_cancelled():
    first = decide(facts(meetings=[meeting(at(2026, 6, 23, 10))]), CALENDAR, at(2026, 6, 1)).new
    rows = [Reminder(id=i, kind=p.kind, subject_key=p.subject_key, recipient_id=p.recipient_id, contract_id=1,
                     sequence=1, step=0, payload=p.payload, due_at=p.due_at, status=ReminderStatus.PENDING)
            for i, p in enumerate(first, 1)]
    moved = decide(replace(facts(meetings=[meeting(at(2026, 8, 25, 10))]), reminders=rows), CALENDAR, at(2026, 6, 2))
    assert moved.cancel == [1, 2]
    assert {r.due_at for r in moved.new} == {at(2026, 8, 18, 9)}
    assert all("2026-08-25" in r.subject_key for r in moved.new)
    cancelled = decide(replace(facts(meetings=[meeting(at(2026, 6, 23, 10), "inställt")]), reminders=rows), CALENDAR,
                       at(2026, 6, 2))
    assert (cancelled.cancel, cancelled.new) == ([1, 2], [])


def test_a_meeting_that_has_begun_is_not_reminded():
    assert decide(facts(meetings=[meeting(at(2026, 6, 23, 10))]), CALENDAR, at(2026, 6, 23, 11)).new == []


# --- actions ---------------------------------------------------------------------------------------------


def action(due: date, status: str = "öppen") -> ActionFacts:
    return ActionFacts(id=9, contract_id=1, owner_id=GUEST, due_date=due, status=status)


def test_an_open_action_is_reminded_once_the_lead_time_before_it_is_due():
    [reminder] = decide(facts(actions=[action(date(2026, 12, 30))]), CALENDAR, at(2026, 12, 1)).new
    assert (reminder.recipient_id, reminder.due_at) == (GUEST, at(2026, 12, 21, 9))  # 5 working days: jul skipped
    assert reminder.payload == {"action_id": 9, "due": "2026-12-30", "overdue": False}


def test_an_overdue_action_is_reminded_from_the_first_working_day_after_it_was_due_and_escalates():
    sent = simulate(facts(actions=[action(date(2026, 12, 23))]), at(2026, 12, 1), at(2027, 3, 1))
    assert who_when(sent)[:4] == [(GUEST, 0, 1, at(2026, 12, 16, 9)), (GUEST, 0, 2, at(2026, 12, 28)),
                                  (GUEST, 0, 3, at(2027, 1, 4)), (GUEST, 0, 4, at(2027, 1, 8))]  # jul, nyår, trettondag
    assert [row.payload["overdue"] for row in sent[:2]] == [False, True]
    assert [(row.recipient_id, row.step) for row in sent[4:]] == [(OWNER, 1)] * 3 + [(COORDINATOR, 2)] * 3


def test_an_action_overdue_after_midsommar_is_first_reminded_the_monday_after():
    [reminder] = decide(facts(actions=[action(date(2026, 6, 18))]), CALENDAR, at(2026, 6, 19, 12)).new
    assert (reminder.due_at, reminder.payload["overdue"]) == (at(2026, 6, 22), True)


def test_a_closed_action_is_not_reminded_and_its_sent_reminders_count_as_answered():
    sent = Reminder(id=4, kind=ReminderKind.ACTION, subject_key="action:9:2026-06-18", recipient_id=GUEST,
                    contract_id=1, sequence=1, step=0, payload={"action_id": 9, "due": "2026-06-18", "overdue": True},
                    due_at=at(2026, 6, 22), status=ReminderStatus.SENT, sent_at=at(2026, 6, 22))
    decisions = decide(replace(facts(actions=[action(date(2026, 6, 18), "klar")]), reminders=[sent]), CALENDAR,
                       at(2026, 6, 23))
    assert (decisions.new, decisions.answer) == ([], [4])


# --- notice and end dates ----------------------------------------------------------------------------------


def test_a_contracts_notice_and_end_dates_are_reminded_at_each_milestone_to_the_owner_and_coordinator():
    dates = dict(end_date=date(2027, 12, 31), notice_date=date(2027, 6, 30))
    sent = simulate(facts(**dates), at(2026, 9, 1), at(2028, 1, 31))
    assert [(row.kind.value, row.payload["months_before"], row.recipient_id, row.due_at) for row in sent] == [
        ("notice", 9, OWNER, at(2026, 9, 30)), ("notice", 9, COORDINATOR, at(2026, 9, 30)),
        ("notice", 6, OWNER, at(2026, 12, 30)), ("notice", 6, COORDINATOR, at(2026, 12, 30)),
        ("notice", 3, OWNER, at(2027, 3, 30)), ("notice", 3, COORDINATOR, at(2027, 3, 30)),
        ("end", 9, OWNER, at(2027, 3, 31)), ("end", 9, COORDINATOR, at(2027, 3, 31)),
        ("end", 6, OWNER, at(2027, 6, 30)), ("end", 6, COORDINATOR, at(2027, 6, 30)),
        ("end", 3, OWNER, at(2027, 9, 30)), ("end", 3, COORDINATOR, at(2027, 9, 30)),
    ]
    assert sent[0].payload == {"date": "2027-06-30", "months_before": 9}


def test_a_contract_registered_late_gets_only_the_latest_milestone_that_has_come():
    decisions = decide(facts(end_date=date(2027, 12, 31), notice_date=date(2027, 6, 30)), CALENDAR, at(2027, 4, 6))
    assert {(r.kind.value, r.payload["months_before"]) for r in decisions.new} == {("notice", 3), ("end", 9)}


def test_a_date_that_has_passed_or_a_contract_not_active_is_not_reminded():
    assert decide(facts(end_date=date(2027, 12, 31), notice_date=date(2027, 6, 30)), CALENDAR,
                  at(2028, 1, 3)).new == []
    assert decide(facts(end_date=date(2027, 12, 31), status=ContractStatus.TERMINATING), CALENDAR,
                  at(2027, 10, 1)).new == []


def test_a_milestone_on_a_weekend_is_reminded_the_first_working_day_after():
    [reminder, _] = decide(facts(end_date=date(2027, 1, 2)), CALENDAR, at(2026, 10, 3)).new  # 2026-10-02 is Friday
    assert reminder.due_at == at(2026, 10, 2)
    [reminder, _] = decide(facts(end_date=date(2027, 4, 3)), CALENDAR, at(2027, 1, 3, 12)).new  # 3 Jan: Sunday
    assert reminder.due_at == at(2027, 1, 4)


# --- pauses ---------------------------------------------------------------------------------------------------


def test_nothing_of_a_paused_contract_is_due_before_the_first_working_moment_after_the_pause():
    paused = facts(kpis=[kpi()], pauses=[Pause(date(2027, 1, 10), contract_id=1)])  # a Sunday
    [reminder] = decide(paused, CALENDAR, at(2027, 1, 2)).new
    assert reminder.due_at == at(2027, 1, 11)


def test_a_suppliers_pause_holds_its_contracts_and_postpones_what_is_pending():
    pending = _row(1, ReminderStatus.PENDING)
    paused = replace(facts(kpis=[kpi()], pauses=[Pause(date(2027, 1, 5), supplier_id=7)]), reminders=[pending])
    decisions = decide(paused, CALENDAR, at(2027, 1, 2))
    assert decisions.postpone == [(1, at(2027, 1, 7))]  # trettondedag jul on the 6th
    assert decisions.new == [] and decisions.cancel == []
