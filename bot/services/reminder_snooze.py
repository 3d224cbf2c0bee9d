"""Snoozing a reminder: only its recipient may, only while it is open; the time follows the snooze rules."""

from __future__ import annotations

from datetime import datetime

from bot.domain.people import Person
from bot.domain.reminder_answers import check_snoozable, snooze_until
from bot.domain.reminders import SnoozeChoice
from bot.domain.working_time import WorkingCalendar
from bot.services.ports import UnitOfWorkFactory


async def snooze_reminder(
    unit_of_work: UnitOfWorkFactory, person: Person, reminder_id: int, choice: SnoozeChoice, now: datetime,
    calendar: WorkingCalendar,
) -> datetime:
    """When the reminder will come again; `ReminderNotYours` or `ReminderClosed` and nothing written."""
    async with unit_of_work() as uow:
        reminder = check_snoozable(await uow.reminder_answers.reminder(reminder_id), person.id)
        until = snooze_until(choice, reminder, now, calendar)
        await uow.reminder_answers.snooze(reminder.id, until)
        await uow.commit()
    return until
