"""`followup-bot chat`: the same bot in this process, talked to from a terminal.

An in-process adapter runs the real handler, dialogs, services and database; cards are printed as text and
their buttons pressed by typing `/1`, `/2` …, with each input of the card asked for in turn.
"""

from __future__ import annotations

import asyncio
import itertools
import re
from collections.abc import Callable
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import CHANNEL_USER
from bot.i18n import texts_for
from bot.runtime import build_bot
from bot.services.identity import ChannelUser, identify
from bot.settings import Settings
from cards.render import CARD_CONTENT_TYPE
from cards.text_answers import parse_input_answer, submit_value
from cards.text_view import CardButton, CardView, render_card_text
from storage.unit_of_work import unit_of_work_factory

CHANNEL_ID = "terminal"
_BOT = ChannelAccount(id="uppfoljningsboten", name="Uppföljningsboten")
_BUTTON = re.compile(r"^/(\d+)$")
_MARKDOWN_BOLD = re.compile(r"\*\*(.+?)\*\*")


class TerminalAdapter(BotAdapter):
    """Delivers the bot's replies to a callback instead of a channel."""

    def __init__(self, deliver: Callable[[Activity], None]) -> None:
        super().__init__()
        self._deliver = deliver
        self._ids = itertools.count(1)

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.message:
                self._deliver(activity)
            responses.append(ResourceResponse(id=f"reply-{next(self._ids)}"))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        self._deliver(activity)
        return ResourceResponse(id=activity.id or "")

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        return None

    async def process(self, activity: Activity, logic, channel_user: ChannelUser) -> None:
        context = TurnContext(self, activity)
        context.turn_state[CHANNEL_USER] = channel_user
        await self.run_pipeline(context, logic)


class TerminalChat:
    def __init__(self, engine: AsyncEngine, settings: Settings, user: ChannelUser, language: str,
                 write: Callable[[str], None]) -> None:
        self._bot = build_bot(settings, engine)
        self._adapter = TerminalAdapter(self._show)
        self._adapter.on_turn_error = self._bot.on_error
        self._user = user
        self._language = language
        self._write = write
        self._last_card: CardView | None = None
        self._ids = itertools.count(1)

    async def start(self) -> None:
        activity = self._activity(ActivityTypes.conversation_update)
        activity.members_added = [_BOT]
        await self._send(activity)

    async def say(self, line: str, ask: Callable[[str], str]) -> None:
        button = _BUTTON.match(line.strip())
        if button is None:
            await self._send(self._message(text=line))
            return
        chosen = self._button(int(button.group(1)))
        if chosen is None:
            self._write(texts_for(self._language)("cli.chat_no_button", number=button.group(1)))
            return
        value = submit_value(chosen, self._answers(chosen, ask))
        if chosen.kind == "execute" and chosen.verb and isinstance(value, dict):
            value = {"verb": chosen.verb, **value}  # sent as Action.Submit, whose data names the verb itself
        msteams = value.get("msteams") if isinstance(value, dict) else None
        if isinstance(msteams, dict) and msteams.get("type") == "imBack":
            await self._send(self._message(text=str(msteams.get("value", ""))))
        elif isinstance(msteams, dict) and msteams.get("type") == "messageBack":  # the text, with the inputs
            await self._send(self._message(text=str(msteams.get("text", "")), value=value))
        else:
            await self._send(self._message(value=value))

    def _button(self, number: int) -> CardButton | None:
        actions = self._last_card.actions if self._last_card else ()
        return next((action for action in actions if action.index == number), None)

    def _answers(self, button: CardButton, ask: Callable[[str], str]) -> dict[str, object]:
        if button.associated_inputs == "none" or self._last_card is None:
            return {}
        answers: dict[str, object] = {}
        texts = texts_for(self._language)
        for card_input in self._last_card.inputs:
            while True:
                value, error = parse_input_answer(card_input, ask(texts("cli.chat_input_prompt", label=card_input.label)),
                                                  self._language)
                if error is None:
                    break
                self._write(error)
            if value is not None:
                answers[card_input.id] = value
        return answers

    async def _send(self, activity: Activity) -> None:
        await self._adapter.process(activity, self._bot.on_turn, self._user)

    def _show(self, activity: Activity) -> None:
        if activity.text:
            self._write(_MARKDOWN_BOLD.sub(r"\1", activity.text))
        for card in _cards(activity):
            view = render_card_text(card, lang=self._language)
            self._write(view.text)
            if view.actions:
                self._last_card = view
                self._write(texts_for(self._language)("cli.chat_buttons"))

    def _message(self, *, text: str | None = None, value: object = None) -> Activity:
        activity = self._activity(ActivityTypes.message)
        activity.text = text
        activity.value = value
        return activity

    def _activity(self, kind: str) -> Activity:
        return Activity(
            type=kind,
            id=f"terminal-{next(self._ids)}",
            channel_id=CHANNEL_ID,
            service_url="terminal://local",
            locale="en-US" if self._language == "en" else "sv-SE",
            from_property=ChannelAccount(id=self._user.user_id, name=self._user.name,
                                         aad_object_id=self._user.aad_object_id),
            recipient=_BOT,
            conversation=ConversationAccount(id=f"terminal:{self._user.user_id}", conversation_type="personal"),
        )


def _cards(activity: Activity) -> list[dict[str, Any]]:
    cards = []
    for attachment in activity.attachments or []:
        content_type = getattr(attachment, "content_type", None) or (attachment.get("contentType") if isinstance(attachment, dict) else None)
        content = getattr(attachment, "content", None) or (attachment.get("content") if isinstance(attachment, dict) else None)
        if content_type == CARD_CONTENT_TYPE and isinstance(content, dict):
            cards.append(content)
    return cards


async def run_chat(engine: AsyncEngine, settings: Settings, *, email: str | None, language: str,
                   read_line: Callable[[str], str] = input, write: Callable[[str], None] = print) -> int:
    texts = texts_for(language)
    user = ChannelUser(user_id=f"terminal:{email or 'anonym'}", name=email or "", email=email)
    person = await identify(unit_of_work_factory(engine), user) if email else None
    if email and person is None:
        write(texts("cli.chat_unknown_contact", email=email))
    if person is not None:
        user = ChannelUser(user_id=user.user_id, name=person.name, aad_object_id=person.aad_object_id, email=person.email)
    write(texts("cli.chat_intro", who=person.name if person else (email or "–")))
    chat = TerminalChat(engine, settings, user, language, write)
    await chat.start()
    while True:
        try:
            line = await asyncio.to_thread(read_line, "> ")
        except EOFError:
            return 0
        if line.strip():
            await chat.say(line, read_line)
