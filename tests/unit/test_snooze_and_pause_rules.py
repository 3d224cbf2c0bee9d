"""When a snoozed reminder comes again, who may snooze it, and what a pause request says: working days only,
Swedish holidays (julafton, nyårsafton, midsommarafton, påsk) skipped, across weekends and the year end."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import InvalidDate
from bot.domain.reminder_answers import (
    ReminderClosed,
    ReminderNotYours,
    check_snoozable,
    resumes_at,
    snooze_until,
)
from bot.domain.reminder_pauses import PauseInPast, PauseNotUnderstood, parse_day, parse_pause_request
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus, SnoozeChoice
from bot.holiday_source import working_calendar

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR = working_calendar(STOCKHOLM)


def _at(day: str, clock: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=STOCKHOLM)


def _reminder(kind: ReminderKind = ReminderKind.KPI, status: ReminderStatus = ReminderStatus.SENT,
              **payload) -> Reminder:
    return Reminder(id=1, kind=kind, subject_key="kpi:1:2026-10", recipient_id=5, contract_id=2, sequence=1,
                    step=0, payload=payload, due_at=_at("2026-11-02"), status=status)


@pytest.mark.parametrize(("now", "expected"), [
    (_at("2026-11-30"), _at("2026-12-01", "09:00")),  # Monday → Tuesday
    (_at("2026-11-27", "16:30"), _at("2026-11-30", "09:00")),  # Friday → Monday
    (_at("2026-11-28"), _at("2026-11-30", "09:00")),  # Saturday → Monday
    (_at("2026-12-23"), _at("2026-12-28", "09:00")),  # julafton, juldagen, annandagen (Saturday), Sunday
    (_at("2026-12-30"), _at("2027-01-04", "09:00")),  # nyårsafton, nyårsdagen, the weekend, into the new year
    (_at("2026-06-18"), _at("2026-06-22", "09:00")),  # midsommarafton on Friday
    (_at("2027-03-25"), _at("2027-03-30", "09:00")),  # långfredag, the weekend, annandag påsk
])
def test_remind_me_tomorrow_is_the_next_working_day_at_nine(now, expected):
    assert snooze_until(SnoozeChoice.TOMORROW, _reminder(), now, CALENDAR) == expected


@pytest.mark.parametrize(("now", "expected"), [
    (_at("2026-11-30"), _at("2026-12-07", "09:00")),
    (_at("2026-11-29", "22:00"), _at("2026-11-30", "09:00")),  # on Sunday evening next week is tomorrow
    (_at("2026-12-29"), _at("2027-01-04", "09:00")),  # over the year end
    (_at("2027-03-24"), _at("2027-03-30", "09:00")),  # Monday of next week is annandag påsk
])
def test_remind_me_next_week_is_the_first_working_day_of_next_week(now, expected):
    assert snooze_until(SnoozeChoice.NEXT_WEEK, _reminder(kind=ReminderKind.MEETING), now, CALENDAR) == expected


@pytest.mark.parametrize(("deadline", "expected"), [
    ("2026-12-10", _at("2026-12-10", "09:00")),  # the morning of the deadline
    ("2026-12-13", _at("2026-12-11", "09:00")),  # a Sunday deadline: the Friday before
    ("2026-12-24", _at("2026-12-23", "09:00")),  # julafton: the working day before
    ("2026-12-01", _at("2026-12-01", "09:00")),  # the deadline is tomorrow: tomorrow
    ("2026-11-30", _at("2026-12-01", "09:00")),  # the deadline is today: still tomorrow, never in the past
    ("2026-11-10", _at("2026-12-01", "09:00")),  # late already: tomorrow
])
def test_report_later_waits_until_the_morning_of_the_kpi_deadline_but_at_least_until_tomorrow(deadline, expected):
    reminder = _reminder(kpi_id=1, period="2026-10", deadline=deadline)
    assert snooze_until(SnoozeChoice.LATER, reminder, _at("2026-11-30"), CALENDAR) == expected


@pytest.mark.parametrize("kind", [ReminderKind.MEETING, ReminderKind.ACTION, ReminderKind.NOTICE, ReminderKind.END])
def test_report_later_on_anything_but_a_kpi_is_next_week(kind):
    assert snooze_until(SnoozeChoice.LATER, _reminder(kind=kind), _at("2026-11-30"), CALENDAR) == _at(
        "2026-12-07", "09:00")


def test_only_the_recipient_may_snooze_an_open_reminder():
    assert check_snoozable(_reminder(), 5).id == 1
    for reminder, person_id in ((_reminder(), 6), (None, 5), (_reminder(), None)):
        with pytest.raises(ReminderNotYours):
            check_snoozable(reminder, person_id)
    for status in (ReminderStatus.ANSWERED, ReminderStatus.CANCELLED):
        with pytest.raises(ReminderClosed):
            check_snoozable(_reminder(status=status), 5)


@pytest.mark.parametrize(("last_day", "expected"), [
    (date(2027, 1, 10), _at("2027-01-11", "08:00")),  # a Sunday: Monday morning
    (date(2026, 12, 23), _at("2026-12-28", "08:00")),  # through jul
    (date(2027, 1, 5), _at("2027-01-07", "08:00")),  # trettondedag jul
])
def test_a_pause_releases_reminders_at_the_first_working_moment_after_it(last_day, expected):
    assert resumes_at(last_day, CALENDAR) == expected


@pytest.mark.parametrize(("typed", "target", "day", "reason"), [
    ("2024-017 till 2027-01-10", "2024-017", date(2027, 1, 10), None),
    ("Städbolaget until 10 January 2027 because the contract is renegotiated", "Städbolaget", date(2027, 1, 10),
     "the contract is renegotiated"),
    ("2024-017 till 10 januari 2027 eftersom avtalet omförhandlas", "2024-017", date(2027, 1, 10),
     "avtalet omförhandlas"),
    ("556123-4567 to January 10, 2027", "556123-4567", date(2027, 1, 10), None),
    ("Skolmat i Exempel AB till 2026-11-30", "Skolmat i Exempel AB", date(2026, 11, 30), None),
])
def test_a_pause_request_names_the_contract_or_supplier_the_last_day_and_maybe_why(typed, target, day, reason):
    request = parse_pause_request(typed, date(2026, 11, 30))
    assert (request.target, request.paused_until, request.reason) == (target, day, reason)


def test_a_pause_request_in_the_past_or_without_a_day_is_refused():
    with pytest.raises(PauseInPast) as past:
        parse_pause_request("2024-017 till 2026-11-29", date(2026, 11, 30))
    assert past.value.params == {"day": "2026-11-29"}
    with pytest.raises(PauseNotUnderstood):
        parse_pause_request("2024-017", date(2026, 11, 30))
    with pytest.raises(InvalidDate):
        parse_day("32 januari 2027")
