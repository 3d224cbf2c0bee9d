"""Meeting forms, start times typed in Swedish or English, durations and the agenda drafted from the facts."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meetings import (
    AgendaFacts,
    InvalidDuration,
    MeetingForm,
    MeetingInPast,
    MeetingTimeNotUnderstood,
    MeetingTooFarAhead,
    NewDeviation,
    OpenAction,
    UnknownMeetingForm,
    draft_agenda,
    form_or_default,
    parse_duration,
    parse_form,
    parse_meeting_time,
)
from bot.i18n import texts_for

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = datetime(2026, 12, 1, 9, 30, tzinfo=STOCKHOLM)  # a Tuesday


def at(year, month, day, hour, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


@pytest.mark.parametrize(("typed", "expected"), [
    ("2026-12-08 10:00", at(2026, 12, 8, 10)),
    ("8/12 10:00", at(2026, 12, 8, 10)),
    ("8/12 kl 10", at(2026, 12, 8, 10)),
    ("1/1 9:00", at(2027, 1, 1, 9)),  # a day already passed this year is next year's
    ("i morgon 9:00", at(2026, 12, 2, 9)),
    ("imorgon kl. 9", at(2026, 12, 2, 9)),
    ("tomorrow 9:00", at(2026, 12, 2, 9)),
    ("torsdag 14:00", at(2026, 12, 3, 14)),
    ("Thursday 2pm", at(2026, 12, 3, 14)),
    ("on friday at 10:30", at(2026, 12, 4, 10, 30)),
    ("lördag 9", at(2026, 12, 5, 9)),
    ("lordag 9", at(2026, 12, 5, 9)),
    ("tisdag 14:00", at(2026, 12, 8, 14)),  # today's weekday means next week's
])
def test_a_start_typed_in_either_language_is_read_in_stockholm_time(typed, expected):
    assert parse_meeting_time(typed, NOW) == expected


def test_a_start_in_the_past_is_refused_with_its_own_reason():
    with pytest.raises(MeetingInPast):
        parse_meeting_time("2026-11-30 10:00", NOW)
    with pytest.raises(MeetingInPast):
        parse_meeting_time("i dag 8:00", NOW)


@pytest.mark.parametrize("typed", ["banan", "tisdag", "32/1 10:00", "2026-02-30 10:00", "tisdag 25:00",
                                   "tuesday 13pm", "igår 9:00", ""])
def test_nonsense_is_not_a_start(typed):
    with pytest.raises(MeetingTimeNotUnderstood):
        parse_meeting_time(typed, NOW)


def test_a_start_more_than_two_years_ahead_is_refused():
    with pytest.raises(MeetingTooFarAhead):
        parse_meeting_time("2029-01-10 10:00", NOW)


@pytest.mark.parametrize(("typed", "minutes"), [
    ("60", 60), ("1 h", 60), ("90 min", 90), ("", 60), ("1,5 timmar", 90), ("2 hours", 120), ("15", 15),
    ("480", 480),
])
def test_a_duration_is_read_in_minutes_or_hours(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["10", "481", "9 h", "lång", "0,3 min"])
def test_a_duration_outside_a_quarter_to_eight_hours_is_refused(typed):
    with pytest.raises(InvalidDuration):
        parse_duration(typed)


def test_meeting_forms_are_understood_in_swedish_and_english():
    assert parse_form("Startmöte") is MeetingForm.START
    assert parse_form("follow-up meeting") is MeetingForm.FOLLOW_UP
    assert parse_form("kort arligt mote") is MeetingForm.SHORT_YEARLY
    assert parse_form("development") is MeetingForm.DEVELOPMENT
    with pytest.raises(UnknownMeetingForm):
        parse_form("fika")
    assert form_or_default("utvecklingsmöte") is MeetingForm.DEVELOPMENT
    assert form_or_default(None) is MeetingForm.FOLLOW_UP


def test_the_agenda_takes_up_red_and_late_kpis_open_actions_deviations_and_unanswered_checklist_items():
    facts = AgendaFacts(
        red_kpis=("Leveransprecision",),
        late_kpis=("Kundnöjdhet",),
        open_actions=(OpenAction("Ny rutin", "Anna", date(2026, 12, 20)),
                      OpenAction("Utbildning", None, date(2026, 12, 10))),
        deviations=(NewDeviation(date(2026, 11, 20), "leverans", "Sen leverans", False),
                    NewDeviation(date(2026, 11, 10), "kvalitet", "Smutsigt", True)),
        unanswered_checklist=("Finns en kontaktlista?",),
    )
    texts = texts_for("sv")
    words = [texts(line.key, **line.params) for line in draft_agenda(facts)]
    joined = "\n".join(words)
    assert "Leveransprecision" in joined and "Kundnöjdhet" in joined
    assert joined.index("Utbildning") < joined.index("Ny rutin")  # the earliest due first
    assert joined.index("Smutsigt") < joined.index("Sen leverans")
    assert "Finns en kontaktlista?" in joined
    english = "\n".join(texts_for("en")(line.key, **line.params) for line in draft_agenda(facts))
    assert "Leveransprecision" in english and english != joined


def test_an_agenda_without_facts_says_there_is_nothing_to_take_up():
    lines = draft_agenda(AgendaFacts())
    keys = [line.key for line in lines]
    assert "meeting.agenda.kpis_fine" in keys
    assert keys.count("meeting.agenda.none") == 2
    assert "meeting.agenda.checklist" not in keys
