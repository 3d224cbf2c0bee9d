""""sammanfattning för avtal 2024-017", "sammanfattning för Städbolaget": the summary card in one turn. A name
that fits several contracts or suppliers gets a card to choose one (verb `summary.show`), answered with its
summary."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal

from botbuilder.core import MessageFactory, TurnContext
from pydantic import BaseModel

from bot.card_actions import CardActions
from bot.domain.catalogue import Kind
from bot.domain.text import fold
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from bot.services.summary import (
    SummaryNotFound,
    contract_summary,
    summary_targets,
    supplier_summary,
)
from cards.render import attachment, render_card
from cards.summary_card import summary_card, supplier_summary_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SHOW_VERB = "summary.show"
_NO_TARGET = frozenset({"avtal", "avtalet", "leverantor", "leverantoren", "contract", "supplier", "the contract",
                        "the supplier"})


class ShowSummary(BaseModel):
    kind: Literal["contract", "supplier"]
    id: int


class SummaryTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date],
                 now: Callable[[], datetime]) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self._now = now

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SHOW_VERB, ShowSummary, self._on_show)

    async def send_summary(self, turn_context: TurnContext, typed: str | None) -> None:
        texts = texts_of(turn_context)
        if not typed or fold(typed) in _NO_TARGET:
            await turn_context.send_activity(MessageFactory.text(texts("summary.ask")))
            return
        targets = await summary_targets(self._catalogue, person_of(turn_context), typed)
        if not targets:
            await turn_context.send_activity(MessageFactory.text(texts("summary.no_match", value=typed[:60])))
            return
        if len(targets) == 1:
            card = await self._card(turn_context, ShowSummary(kind=targets[0].kind.value, id=targets[0].id))
        else:
            card = render_card("choice", {
                "title": texts("summary.choose_title", value=typed[:60]),
                "text": texts("summary.choose_text"),
                "options": [{"title": target.label, "data": {"verb": SHOW_VERB, "kind": target.kind.value,
                                                             "id": target.id}} for target in targets],
            })
        await turn_context.send_activity(MessageFactory.attachment(attachment(card)))

    async def _on_show(self, turn_context: TurnContext, chosen: ShowSummary) -> dict[str, Any]:
        return await self._card(turn_context, chosen)

    async def _card(self, turn_context: TurnContext, chosen: ShowSummary) -> dict[str, Any]:
        texts, person = texts_of(turn_context), person_of(turn_context)
        now = self._now()
        try:
            if chosen.kind == Kind.CONTRACT.value:
                summary = await contract_summary(self._unit_of_work, self._catalogue, person, chosen.id,
                                                 self._today(), now)
                return summary_card(texts, summary, now.tzinfo)
            rolled_up = await supplier_summary(self._unit_of_work, self._catalogue, person, chosen.id,
                                               self._today(), now)
            return supplier_summary_card(texts, rolled_up, now.tzinfo)
        except SummaryNotFound:
            log.info("refused the summary of %s %s", chosen.kind, chosen.id)
            return render_card("notice", {"text": texts("summary.error.not_found")})
