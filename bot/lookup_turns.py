"""Lookups at the Teams edge: a question typed in chat, a choice made on a card, a search in the compose box."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import ThumbnailCard
from botbuilder.schema.teams import (
    MessagingExtensionAttachment,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)
from pydantic import BaseModel, Field

from bot.card_actions import CardActions
from bot.domain.catalogue import Hit, Kind
from bot.domain.errors import NotFound
from bot.i18n import Texts
from bot.lookup_replies import CHOOSE_VERB, answer_card, lookup_card, search_result_card
from bot.questions import parse_question
from bot.services.lookups import Intent, Lookups, Question
from cards.render import CARD_CONTENT_TYPE, attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SEARCH_RESULTS = 10
_QUERY_MAX_LENGTH = 200


class LookupChoice(BaseModel):
    """The data of a choice card's button."""

    intent: Intent
    role: str | None = Field(default=None, max_length=40)
    subject: str = Field(max_length=200)
    kind: Kind
    id: int


class LookupTurns:
    def __init__(self, lookups: Lookups, today: Callable[[], date]) -> None:
        self._lookups = lookups
        self._today = today

    async def warm_up(self) -> None:
        await self._lookups.warm_up()

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(CHOOSE_VERB, LookupChoice, self._on_choose)

    async def answer(self, turn_context: TurnContext, text: str) -> bool:
        """Answer `text` when it is a lookup question; False when it is not one."""
        question = parse_question(text)
        if question is None:
            return False
        today = self._today()
        result = await self._lookups.ask(person_of(turn_context), question, today)
        card = lookup_card(texts_of(turn_context), result, today)
        await turn_context.send_activity(MessageFactory.attachment(attachment(card)))
        return True

    async def _on_choose(self, turn_context: TurnContext, choice: LookupChoice) -> dict[str, Any]:
        texts = texts_of(turn_context)
        question = Question(choice.intent, choice.subject, choice.role)
        today = self._today()
        try:
            answer = await self._lookups.answer_for(person_of(turn_context), question, choice.kind, choice.id, today)
        except NotFound:
            log.info("refused a lookup choice of %s %s", choice.kind, choice.id)
            return render_card("notice", {"text": texts("lookup.gone")})
        return answer_card(texts, answer, today)

    async def search(self, turn_context: TurnContext, query: MessagingExtensionQuery) -> MessagingExtensionResponse:
        """The compose-box search: contacts, contracts and suppliers as cards to insert in a message."""
        texts = texts_of(turn_context)
        text = _query_text(query)
        if not text:
            return _message(texts("search.type_more"))
        today = self._today()
        found = await self._lookups.search(person_of(turn_context), text, today, limit=SEARCH_RESULTS)
        if not found:
            return _message(texts("search.no_results", query=text))
        attachments = []
        for answer in found:
            card = search_result_card(texts, answer, today)
            preview = CardFactory.thumbnail_card(
                ThumbnailCard(title=answer.subject.label, text=_preview_text(texts, answer.subject, answer.files))
            )
            attachments.append(
                MessagingExtensionAttachment(content_type=CARD_CONTENT_TYPE, content=card, preview=preview)
            )
        return MessagingExtensionResponse(
            compose_extension=MessagingExtensionResult(type="result", attachment_layout="list",
                                                       attachments=attachments)
        )


def _query_text(query: MessagingExtensionQuery | None) -> str:
    for parameter in (query.parameters or []) if query else []:
        if parameter.name == "initialRun":
            return ""
        if isinstance(parameter.value, str):
            return " ".join(parameter.value.split())[:_QUERY_MAX_LENGTH]
    return ""


def _preview_text(texts: Texts, hit: Hit, files: tuple) -> str:
    kind = texts(f"lookup.kind.{hit.kind.value}", label="").strip(" :")
    if not files:
        return kind
    first = files[0]
    return f"{kind} · {first.contract.reference} {first.contract.title} · {first.supplier_name}"


def _message(text: str) -> MessagingExtensionResponse:
    return MessagingExtensionResponse(compose_extension=MessagingExtensionResult(type="message", text=text))
