"""What a person does with a reminder: snooze it, and the rules that say until when; and until when a pause
holds reminders back.

"Påminn mig i morgon" is the next working day at the send time, "påminn mig nästa vecka" the first working day
of next week. "Rapportera senare" waits as long as it can without missing the item: for a KPI report the
morning of its deadline (the last working day on or before it) when that is later than tomorrow, else tomorrow;
for everything else next week. A reminder already answered or cancelled cannot be snoozed, and only its
recipient may snooze it.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.domain.errors import DomainError, NotAllowed
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus, SnoozeChoice
from bot.domain.working_time import WorkingCalendar

CLOSED = frozenset({ReminderStatus.ANSWERED, ReminderStatus.CANCELLED})


class ReminderNotYours(NotAllowed):
    """Someone else's reminder, or an id that names no reminder: the same answer, so ids cannot be probed."""

    code = "reminder.error.not_yours"


class ReminderClosed(DomainError):
    code = "reminder.error.closed"


def check_snoozable(reminder: Reminder | None, person_id: int | None) -> Reminder:
    if reminder is None or person_id is None or reminder.recipient_id != person_id:
        raise ReminderNotYours()
    if reminder.status in CLOSED or reminder.answered_at is not None:
        raise ReminderClosed()
    return reminder


def snooze_until(choice: SnoozeChoice, reminder: Reminder, now: datetime, calendar: WorkingCalendar) -> datetime:
    tomorrow = calendar.tomorrow(now)
    if choice is SnoozeChoice.TOMORROW:
        return tomorrow
    if choice is SnoozeChoice.LATER and reminder.kind is ReminderKind.KPI and reminder.payload.get("deadline"):
        deadline = date.fromisoformat(reminder.payload["deadline"])
        morning = calendar.at(calendar.subtract_working_days(deadline, 0), calendar.send_at)
        return morning if morning > tomorrow else tomorrow
    return calendar.next_week(now)


def resumes_at(paused_until: date, calendar: WorkingCalendar) -> datetime:
    """The first working moment after a pause that holds until (and including) `paused_until`."""
    return calendar.at(calendar.next_working_day(paused_until), calendar.day_starts)
