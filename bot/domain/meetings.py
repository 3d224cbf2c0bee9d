"""Follow-up meetings: their forms, the time and length typed for one, and the agenda drafted from what needs
talking about. Times are read in the zone of `now` (Europe/Stockholm for the bot), in Swedish or English."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.errors import InvalidInput
from bot.domain.text import fold

DEFAULT_DURATION = 60
MIN_DURATION = 15
MAX_DURATION = 480
LATEST_YEARS_AHEAD = 2


class MeetingForm(StrEnum):
    START = "startmöte"
    FOLLOW_UP = "uppföljningsmöte"
    SHORT_YEARLY = "kort årligt möte"
    DEVELOPMENT = "utvecklingsmöte"


_FORM_WORDS = {
    MeetingForm.START: ("startmote", "start", "start meeting", "kick-off", "kickoff", "kick off"),
    MeetingForm.FOLLOW_UP: ("uppfoljningsmote", "uppfoljning", "follow-up", "follow up", "follow-up meeting",
                            "follow up meeting", "followup"),
    MeetingForm.SHORT_YEARLY: ("kort arligt mote", "arligt mote", "arligt", "kort arligt", "short yearly meeting",
                               "short annual meeting", "yearly", "annual", "yearly meeting", "annual meeting"),
    MeetingForm.DEVELOPMENT: ("utvecklingsmote", "utveckling", "development meeting", "development"),
}


class UnknownMeetingForm(InvalidInput):
    code = "meeting.error.form"


class MeetingTimeNotUnderstood(InvalidInput):
    code = "meeting.error.time"


class MeetingInPast(InvalidInput):
    code = "meeting.error.past"


class MeetingTooFarAhead(InvalidInput):
    code = "meeting.error.too_far"


class InvalidDuration(InvalidInput):
    code = "meeting.error.duration"


def parse_form(text: str) -> MeetingForm:
    typed = fold(text).rstrip(".!")
    for form, words in _FORM_WORDS.items():
        if typed == fold(form.value) or typed in words:
            return form
    raise UnknownMeetingForm(value=text.strip()[:60])


def form_or_default(stored: str | None) -> MeetingForm:
    """The follow-up plan's meeting form when it names one, else an uppföljningsmöte."""
    try:
        return parse_form(stored or "")
    except UnknownMeetingForm:
        return MeetingForm.FOLLOW_UP


# --- the time ---

_WEEKDAYS = {
    "mandag": 0, "monday": 0, "tisdag": 1, "tuesday": 1, "onsdag": 2, "wednesday": 2, "torsdag": 3,
    "thursday": 3, "fredag": 4, "friday": 4, "lordag": 5, "saturday": 5, "sondag": 6, "sunday": 6,
}
_RELATIVE = {"idag": 0, "i dag": 0, "today": 0, "imorgon": 1, "i morgon": 1, "tomorrow": 1,
             "i overmorgon": 2, "overmorgon": 2}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?")
_TIME = re.compile(r"(?:kl\.? ?|klockan |at )?(\d{1,2})(?:[:.](\d{2}))? ?(am|pm)?")
_SEPARATORS = re.compile(r"\s*(?:,|\bkl\b\.?|\bklockan\b|\bat\b)\s*")


def parse_meeting_time(text: str, now: datetime) -> datetime:
    """The start typed as "2026-12-08 10:00", "8/12 10:00", "tisdag 14:00", "tuesday 2pm", "i morgon 9:00" or
    "tomorrow 9:00", in the zone of `now` (aware). A weekday is the next such day after today. Never in the past, nor more than two years ahead."""
    typed = fold(text).rstrip(".!")
    day_part, clock_part = _split(typed)
    if day_part is None or clock_part is None:
        raise MeetingTimeNotUnderstood(value=text.strip()[:60])
    clock = _clock(clock_part, text)
    day = _day(day_part, now, clock, text)
    starts = datetime.combine(day, clock, tzinfo=now.tzinfo)
    if starts <= now:
        raise MeetingInPast(value=text.strip()[:60])
    if starts.date() > now.date().replace(year=now.year + LATEST_YEARS_AHEAD):
        raise MeetingTooFarAhead(value=text.strip()[:60])
    return starts


def _split(typed: str) -> tuple[str | None, str | None]:
    """The day and the clock of the typed text, the clock being its last word(s)."""
    parts = [part for part in _SEPARATORS.split(typed) if part]
    if len(parts) == 2:
        return parts[0], parts[1]
    words = typed.split()
    if len(words) >= 2 and words[-1] in ("am", "pm"):
        return " ".join(words[:-2]) or None, " ".join(words[-2:])
    if len(words) >= 2:
        return " ".join(words[:-1]), words[-1]
    return None, None


def _clock(typed: str, original: str) -> time:
    match = _TIME.fullmatch(typed.strip())
    if match is None:
        raise MeetingTimeNotUnderstood(value=original.strip()[:60])
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise MeetingTimeNotUnderstood(value=original.strip()[:60])
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise MeetingTimeNotUnderstood(value=original.strip()[:60])
    return time(hour, minute)


def _day(typed: str, now: datetime, clock: time, original: str) -> date:
    typed = typed.strip()
    today = now.date()
    try:
        if typed in _RELATIVE:
            return today + timedelta(days=_RELATIVE[typed])
        weekday = _WEEKDAYS.get(typed.removeprefix("pa ").removeprefix("on ").removeprefix("nasta ")
                                .removeprefix("next "))
        if weekday is not None:
            return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        match = _ISO_DATE.fullmatch(typed)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = _DAY_MONTH.fullmatch(typed)
        if match:
            return _day_month(int(match.group(1)), int(match.group(2)), match.group(3), now, clock)
    except ValueError:  # a day that is not in the calendar, such as 31/4
        pass
    raise MeetingTimeNotUnderstood(value=original.strip()[:60])


def _day_month(day: int, month: int, year: str | None, now: datetime, clock: time) -> date:
    if year is not None:
        return date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    candidate = date(now.year, month, day)
    if datetime.combine(candidate, clock, tzinfo=now.tzinfo) <= now:  # "8/1" typed in December: next year's
        candidate = date(now.year + 1, month, day)
    return candidate


def parse_duration(text: str) -> int:
    """Minutes from "60", "90 min", "1 h", "1,5 timmar", "2 hours"; empty means the default hour."""
    typed = fold(text).rstrip(".!")
    if not typed:
        return DEFAULT_DURATION
    match = re.fullmatch(r"(\d+(?:[.,]\d+)?) ?(min|minuter|minutes|m|h|tim|timme|timmar|hour|hours|t)?", typed)
    if match is None:
        raise InvalidDuration(value=text.strip()[:30], low=MIN_DURATION, high=MAX_DURATION)
    amount = float(match.group(1).replace(",", "."))
    minutes = amount * 60 if match.group(2) in ("h", "tim", "timme", "timmar", "hour", "hours", "t") else amount
    if minutes != int(minutes) or not MIN_DURATION <= minutes <= MAX_DURATION:
        raise InvalidDuration(value=text.strip()[:30], low=MIN_DURATION, high=MAX_DURATION)
    return int(minutes)


# --- the meeting booked ---


@dataclass(frozen=True)
class MeetingContract:
    id: int
    reference: str
    title: str
    supplier_id: int
    supplier_name: str


@dataclass(frozen=True)
class MeetingPerson:
    contact_id: int
    name: str
    email: str | None
    party: str


@dataclass(frozen=True)
class NewMeeting:
    contract_id: int
    form: str
    starts_at: datetime
    duration_minutes: int
    agenda: str
    organiser_id: int | None
    attendee_ids: tuple[int, ...]


# --- the agenda ---


@dataclass(frozen=True)
class StoredMeeting:
    """A booked meeting as stored: what its invitation is written from again."""

    id: int
    contract: MeetingContract
    form: str
    starts_at: datetime
    duration_minutes: int
    agenda: str
    status: str
    organiser: MeetingPerson | None
    attendees: tuple[MeetingPerson, ...]


@dataclass(frozen=True)
class OpenAction:
    title: str
    owner: str | None
    due_date: date | None


@dataclass(frozen=True)
class NewDeviation:
    occurred_on: date
    type: str
    description: str
    is_complaint: bool


@dataclass(frozen=True)
class AgendaFacts:
    """What the agenda is drafted from: KPI names red or late, open actions, deviations since the last meeting
    of the contract, and checklist items not answered yet."""

    red_kpis: tuple[str, ...] = ()
    late_kpis: tuple[str, ...] = ()
    open_actions: tuple[OpenAction, ...] = ()
    deviations: tuple[NewDeviation, ...] = ()
    unanswered_checklist: tuple[str, ...] = ()


@dataclass(frozen=True)
class AgendaLine:
    """One line of the agenda: a text key and what fills it; the edge puts it in words."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


def draft_agenda(facts: AgendaFacts) -> list[AgendaLine]:
    """Opening, the red and late KPIs, the open actions (oldest due first), new deviations, unanswered
    checklist items, and the close. A heading without items says there is nothing to take up."""
    lines = [AgendaLine("meeting.agenda.opening")]
    lines.append(AgendaLine("meeting.agenda.kpis"))
    lines += [AgendaLine("meeting.agenda.kpi_red", {"kpi": name}) for name in facts.red_kpis]
    lines += [AgendaLine("meeting.agenda.kpi_late", {"kpi": name}) for name in facts.late_kpis]
    if not facts.red_kpis and not facts.late_kpis:
        lines.append(AgendaLine("meeting.agenda.kpis_fine"))
    lines.append(AgendaLine("meeting.agenda.actions"))
    for action in sorted(facts.open_actions, key=lambda a: (a.due_date is None, a.due_date or date.max, a.title)):
        lines.append(AgendaLine("meeting.agenda.action", {
            "title": action.title, "owner": action.owner or "–",
            "due": action.due_date.isoformat() if action.due_date else "–",
        }))
    if not facts.open_actions:
        lines.append(AgendaLine("meeting.agenda.none"))
    lines.append(AgendaLine("meeting.agenda.deviations"))
    for deviation in sorted(facts.deviations, key=lambda d: d.occurred_on):
        lines.append(AgendaLine(
            "meeting.agenda.complaint" if deviation.is_complaint else "meeting.agenda.deviation",
            {"date": deviation.occurred_on.isoformat(), "type": deviation.type,
             "description": deviation.description[:120]},
        ))
    if not facts.deviations:
        lines.append(AgendaLine("meeting.agenda.none"))
    if facts.unanswered_checklist:
        lines.append(AgendaLine("meeting.agenda.checklist", {"count": len(facts.unanswered_checklist)}))
        lines += [AgendaLine("meeting.agenda.checklist_item", {"item": item}) for item in facts.unanswered_checklist]
    lines.append(AgendaLine("meeting.agenda.other"))
    lines.append(AgendaLine("meeting.agenda.next_meeting"))
    return lines
