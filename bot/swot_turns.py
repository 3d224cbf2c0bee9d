"""A supplier's SWOT in one turn: "SWOT för Städbolaget" (the card; a name that fits several suppliers gets a
card to choose one, verb `swot.show`), "lägg till styrka för Städbolaget: …", "ta bort SWOT 12", "acceptera
SWOT 12", "avböj SWOT 12", and the card's Acceptera / Avböj buttons (verb `swot.answer`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from pydantic import BaseModel

from bot.card_actions import CardActions
from bot.commands import Command
from bot.domain.errors import DomainError
from bot.domain.swot import SwotStatus, clean_swot_text, parse_addition
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from bot.services.swot import (
    add_swot_item,
    answer_suggestion,
    remove_swot_item,
    supplier_swot,
    suppliers_named,
)
from cards.render import attachment, render_card
from cards.swot_card import ANSWER_VERB, SwotAnswer, swot_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SHOW_VERB = "swot.show"
_ANSWERS = {"accept": SwotStatus.ACCEPTED, "decline": SwotStatus.DECLINED}


class ShowSwot(BaseModel):
    supplier_id: int


class SwotTurns:
    COMMANDS = frozenset({Command.SHOW_SWOT, Command.ADD_SWOT, Command.REMOVE_SWOT, Command.ACCEPT_SWOT,
                          Command.DECLINE_SWOT})

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date]) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SHOW_VERB, ShowSwot, self._on_show)
        card_actions.register(ANSWER_VERB, SwotAnswer, self._on_answer)

    async def on_command(self, turn_context: TurnContext, command: Command, argument: str | None) -> None:
        try:
            if command is Command.SHOW_SWOT:
                await self._show(turn_context, argument)
            elif command is Command.ADD_SWOT:
                await self._add(turn_context, turn_context.activity.text or "", argument or "")
            elif command is Command.REMOVE_SWOT:
                removed = await remove_swot_item(self._unit_of_work, self._catalogue, person_of(turn_context),
                                                 int(argument))
                await _say(turn_context, "swot.removed", id=removed.id, text=removed.text)
            else:
                status = SwotStatus.ACCEPTED if command is Command.ACCEPT_SWOT else SwotStatus.DECLINED
                answered = await answer_suggestion(self._unit_of_work, self._catalogue, person_of(turn_context),
                                                   int(argument), status)
                await _say(turn_context, f"swot.answered.{status.name.lower()}", id=answered.id, text=answered.text)
        except DomainError as error:
            log.info("refused a SWOT command %s: %s", command.value, error.code)
            await _say(turn_context, error.code, **error.params)

    async def _show(self, turn_context: TurnContext, typed: str | None) -> None:
        texts = texts_of(turn_context)
        if not typed:
            await _say(turn_context, "swot.ask_supplier")
            return
        suppliers = await suppliers_named(self._catalogue, person_of(turn_context), typed)
        if not suppliers:
            await _say(turn_context, "swot.error.supplier_not_found_named", value=typed[:60])
        elif len(suppliers) == 1:
            await _send(turn_context, await self._card(turn_context, suppliers[0][0]))
        else:
            await _send(turn_context, render_card("choice", {
                "title": texts("swot.choose_title", subject=typed[:60]),
                "text": texts("swot.choose_text"),
                "options": [{"title": name, "data": {"verb": SHOW_VERB, "supplier_id": supplier_id}}
                            for supplier_id, name in suppliers],
            }))

    async def _add(self, turn_context: TurnContext, raw_text: str, argument: str) -> None:
        quadrant, supplier_typed, text = parse_addition(argument)
        if ":" in raw_text:  # the text as typed: the argument has lost its trailing punctuation ("!", "?")
            text = clean_swot_text(raw_text.split(":", 1)[1])
        suppliers = await suppliers_named(self._catalogue, person_of(turn_context), supplier_typed)
        if len(suppliers) != 1:
            key = "swot.error.supplier_not_found_named" if not suppliers else "swot.error.several_suppliers"
            await _say(turn_context, key, value=supplier_typed[:60],
                       names=", ".join(name for _, name in suppliers))
            return
        added = await add_swot_item(self._unit_of_work, self._catalogue, person_of(turn_context), suppliers[0][0],
                                    quadrant, text)
        texts = texts_of(turn_context)
        await _say(turn_context, "swot.added", id=added.id, kind=texts(f"swot.kind.{quadrant.name.lower()}"),
                   supplier=suppliers[0][1], text=added.text)

    async def _on_show(self, turn_context: TurnContext, chosen: ShowSwot) -> dict[str, Any]:
        return await self._card(turn_context, chosen.supplier_id)

    async def _on_answer(self, turn_context: TurnContext, answer: SwotAnswer) -> dict[str, Any]:
        """Answers with the SWOT as it is now; a stale or tampered card with the reason."""
        texts = texts_of(turn_context)
        try:
            await answer_suggestion(self._unit_of_work, self._catalogue, person_of(turn_context), answer.item_id,
                                    _ANSWERS[answer.answer], supplier_id=answer.supplier_id)
        except DomainError as error:
            log.info("refused a SWOT answer on item %s: %s", answer.item_id, error.code)
            return render_card("notice", {"text": texts(error.code, **error.params)})
        return await self._card(turn_context, answer.supplier_id)

    async def _card(self, turn_context: TurnContext, supplier_id: int) -> dict[str, Any]:
        texts = texts_of(turn_context)
        try:
            swot = await supplier_swot(self._unit_of_work, self._catalogue, person_of(turn_context), supplier_id,
                                       self._today())
        except DomainError as error:
            return render_card("notice", {"text": texts(error.code, **error.params)})
        return swot_card(texts, swot)


async def _say(turn_context: TurnContext, key: str, **params: object) -> None:
    await turn_context.send_activity(MessageFactory.text(texts_of(turn_context)(key, **params)))


async def _send(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(attachment(card)))
