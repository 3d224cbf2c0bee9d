""""visa checklista samarbetsmodell för Städbolaget" / "show checklist …": a part's answers and who gave them, in
one turn and without asking anything. A name that fits several contracts gets a card to choose one (verb
`checklist.show`)."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from pydantic import BaseModel

from bot.card_actions import CardActions
from bot.domain.checklists import part, part_named, parts
from bot.services.checklists import ChecklistNotFound, checklist
from bot.services.follow_up_plans import contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.checklist_cards import summary_card
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SHOW_VERB = "checklist.show"


class ShowChecklist(BaseModel):
    contract_id: int
    part: str


class ChecklistTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SHOW_VERB, ShowChecklist, self._on_show)

    async def show(self, turn_context: TurnContext, typed: str | None) -> None:
        texts = texts_of(turn_context)
        chosen, rest = part_named(typed or "")
        if chosen is None or not rest:
            names = ", ".join(found.name[texts.language].lower() for found in parts())
            await turn_context.send_activity(MessageFactory.text(texts("checklist.show_how", parts=names)))
            return
        hits = await contracts_named(self._catalogue, person_of(turn_context), rest)
        if not hits:
            await turn_context.send_activity(MessageFactory.text(texts("checklist.no_match", value=rest[:60])))
            return
        if len(hits) == 1:
            card = await self._card(turn_context, hits[0].id, chosen.key)
        else:
            card = render_card("choice", {
                "title": texts("checklist.ask.contract_title", subject=rest[:60]),
                "text": texts("checklist.ask.contract_question"),
                "options": [{"title": hit.label,
                             "data": {"verb": SHOW_VERB, "contract_id": hit.id, "part": chosen.key}} for hit in hits],
            })
        await turn_context.send_activity(MessageFactory.attachment(attachment(card)))

    async def _on_show(self, turn_context: TurnContext, chosen: ShowChecklist) -> dict[str, Any]:
        return await self._card(turn_context, chosen.contract_id, chosen.part)

    async def _card(self, turn_context: TurnContext, contract_id: int, part_key: str) -> dict[str, Any]:
        texts = texts_of(turn_context)
        try:
            state = await checklist(self._unit_of_work, self._catalogue, person_of(turn_context), contract_id,
                                    part(part_key))
        except (ChecklistNotFound, KeyError):
            log.info("refused the checklist %s of contract %s", part_key, contract_id)
            return render_card("notice", {"text": texts("checklist.error.not_found")})
        return summary_card(texts, state)
