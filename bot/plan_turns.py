""""visa uppföljningsplan för 2024-017": a contract's follow-up plan as a card in one turn. A supplier or a name
that fits several contracts gets a card to choose one (verb `plan.show`), answered with the plan."""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from pydantic import BaseModel

from bot.card_actions import CardActions
from bot.services.follow_up_plans import PlanContractNotFound, contract_plan, contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.follow_up_plan import plan_card
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SHOW_VERB = "plan.show"


class ShowPlan(BaseModel):
    contract_id: int


class PlanTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SHOW_VERB, ShowPlan, self._on_show)

    async def send_plan(self, turn_context: TurnContext, typed: str | None) -> None:
        texts = texts_of(turn_context)
        if not typed:
            await turn_context.send_activity(MessageFactory.text(texts("plan.ask_contract")))
            return
        hits = await contracts_named(self._catalogue, person_of(turn_context), typed)
        if not hits:
            await turn_context.send_activity(MessageFactory.text(texts("plan.no_match", value=typed[:60])))
            return
        if len(hits) == 1:
            card = await self._card(turn_context, hits[0].id)
        else:
            card = render_card("choice", {
                "title": texts("plan.choose_title", subject=typed[:60]),
                "text": texts("plan.choose_text"),
                "options": [{"title": hit.label, "data": {"verb": SHOW_VERB, "contract_id": hit.id}} for hit in hits],
            })
        await turn_context.send_activity(MessageFactory.attachment(attachment(card)))

    async def _on_show(self, turn_context: TurnContext, chosen: ShowPlan) -> dict[str, Any]:
        return await self._card(turn_context, chosen.contract_id)

    async def _card(self, turn_context: TurnContext, contract_id: int) -> dict[str, Any]:
        texts = texts_of(turn_context)
        try:
            shown = await contract_plan(self._unit_of_work, self._catalogue, person_of(turn_context), contract_id)
        except PlanContractNotFound:
            log.info("refused the plan of contract %s", contract_id)
            return render_card("notice", {"text": texts("plan.error.not_found")})
        return plan_card(texts, shown)
