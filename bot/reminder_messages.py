"""The message a reminder sends: composed when the reminder is about to go out, from what the register holds
then, in the recipient's language. A reminder whose item was dealt with meanwhile (the KPI reported, the
meeting cancelled, the action closed, the contract's date moved) composes to nothing, and is not sent."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory
from botbuilder.schema import Activity

from bot.domain.reminders import Reminder
from bot.i18n import language_for, texts_for
from bot.services.ports import UnitOfWorkFactory
from bot.services.reminder_content import reminder_facts
from cards.reminder_card import reminder_card, summary
from cards.render import attachment


class ReminderMessages:
    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date], zone: ZoneInfo) -> None:
        self._unit_of_work = unit_of_work
        self._today = today
        self._zone = zone

    async def compose(self, reminder: Reminder, locale: str | None) -> Activity | None:
        """The activity to send, or None when the reminder's item no longer needs it."""
        facts = await reminder_facts(self._unit_of_work, reminder)
        if not facts.still_relevant():
            return None
        texts, today = texts_for(language_for(locale)), self._today()
        activity = MessageFactory.attachment(attachment(reminder_card(texts, facts, today, self._zone)))
        activity.summary = summary(texts, facts, today, self._zone)
        return activity
