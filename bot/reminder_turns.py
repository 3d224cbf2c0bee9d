"""Reminders at the Teams edge: a snooze button pressed on a reminder, "vad är på gång för mig?", pausing and
resuming reminders, and the coordinators' overview."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext

from bot.card_actions import CardActions
from bot.commands import Command
from bot.domain.errors import DomainError
from bot.domain.reminder_pauses import parse_pause_request
from bot.domain.working_time import WorkingCalendar
from bot.i18n import Texts
from bot.services.coming_up import coming_up
from bot.services.ports import UnitOfWorkFactory
from bot.services.reminder_content import reminder_facts
from bot.services.reminder_overview import reminder_overview
from bot.services.reminder_pauses import pause_reminders, resume_reminders
from bot.services.reminder_snooze import snooze_reminder
from cards.coming_up_card import coming_up_card
from cards.dates_in_words import day_and_time
from cards.reminder_card import SNOOZE_VERB, SnoozeAnswer, snoozed_card, summary
from cards.reminder_overview_card import reminder_overview_card
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)


class ReminderTurns:
    COMMANDS = frozenset({Command.COMING_UP, Command.PAUSE_REMINDERS, Command.RESUME_REMINDERS,
                          Command.REMINDER_OVERVIEW})

    def __init__(self, unit_of_work: UnitOfWorkFactory, now: Callable[[], datetime],
                 calendar: WorkingCalendar) -> None:
        self._unit_of_work = unit_of_work
        self._now = now
        self._calendar = calendar

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SNOOZE_VERB, SnoozeAnswer, self._on_snooze)

    async def _on_snooze(self, turn_context: TurnContext, answer: SnoozeAnswer) -> dict[str, Any]:
        person, texts = person_of(turn_context), texts_of(turn_context)
        try:
            until = await snooze_reminder(self._unit_of_work, person, answer.reminder_id, answer.choice, self._now(),
                                          self._calendar)
        except DomainError as error:
            log.warning("refused snoozing reminder %s by contact %s: %s", answer.reminder_id, person.id, error.code)
            return render_card("notice", {"text": texts(error.code)})
        return snoozed_card(texts, until, self._calendar.zone, await self._title(texts, answer.reminder_id))

    async def _title(self, texts: Texts, reminder_id: int) -> str:
        """What the snoozed reminder was about, so the card that replaces it still says so."""
        async with self._unit_of_work() as uow:
            reminder = await uow.reminder_answers.reminder(reminder_id)
        facts = await reminder_facts(self._unit_of_work, reminder)
        return summary(texts, facts, self._calendar.local_date(self._now()), self._calendar.zone)

    async def on_command(self, turn_context: TurnContext, command: Command, argument: str | None) -> None:
        if command is Command.COMING_UP:
            await self._coming_up(turn_context)
        elif command is Command.PAUSE_REMINDERS:
            await self._pause(turn_context, argument)
        elif command is Command.RESUME_REMINDERS:
            await self._resume(turn_context, argument)
        else:
            await self._overview(turn_context)

    async def _coming_up(self, turn_context: TurnContext) -> None:
        person, texts = person_of(turn_context), texts_of(turn_context)
        if not person.is_registered:
            await turn_context.send_activity(MessageFactory.text(texts("comingup.unregistered")))
            return
        items = await coming_up(self._unit_of_work, person, self._now(), self._calendar)
        await turn_context.send_activity(MessageFactory.attachment(
            attachment(coming_up_card(texts, items, self._calendar.zone))))

    async def _pause(self, turn_context: TurnContext, typed: str | None) -> None:
        person, texts, now = person_of(turn_context), texts_of(turn_context), self._now()
        if not typed:
            await turn_context.send_activity(MessageFactory.text(texts("pause.error.format")))
            return
        try:
            request = parse_pause_request(typed, self._calendar.local_date(now))
            done = await pause_reminders(self._unit_of_work, person, request, self._calendar)
        except DomainError as error:
            await turn_context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return
        text = texts("pause.done", target=done.label, date=done.paused_until.isoformat(),
                     when=day_and_time(texts, done.resumes_at, self._calendar.zone), moved=done.moved)
        if request.reason:
            text = f"{text}\n\n{texts('pause.reason', reason=request.reason)}"
        await turn_context.send_activity(MessageFactory.text(text))

    async def _resume(self, turn_context: TurnContext, typed: str | None) -> None:
        person, texts = person_of(turn_context), texts_of(turn_context)
        if not typed:
            await turn_context.send_activity(MessageFactory.text(texts("pause.error.resume_format")))
            return
        try:
            done = await resume_reminders(self._unit_of_work, person, typed, self._now(), self._calendar)
        except DomainError as error:
            await turn_context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return
        await turn_context.send_activity(MessageFactory.text(texts("pause.resumed", target=done.label,
                                                                   moved=done.moved)))

    async def _overview(self, turn_context: TurnContext) -> None:
        person, texts, now = person_of(turn_context), texts_of(turn_context), self._now()
        try:
            found = await reminder_overview(self._unit_of_work, person, now, self._calendar.local_date(now))
        except DomainError as error:
            await turn_context.send_activity(MessageFactory.text(texts(error.code)))
            return
        await turn_context.send_activity(MessageFactory.attachment(attachment(reminder_overview_card(texts, found))))
