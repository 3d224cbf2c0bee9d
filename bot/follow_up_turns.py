"""One-turn commands over the follow-up records: "beslut för avtal 2024-017" (the decision log; a supplier with
several contracts gets a card to choose one, verb `decisions.show`), "mina aktiviteter", "öppna aktiviteter för
X" and "stäng aktivitet 12"."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from pydantic import BaseModel

from bot.card_actions import CardActions
from bot.commands import Command
from bot.domain.errors import DomainError
from bot.services.actions import close_action, my_actions, open_actions_of
from bot.services.decisions import decisions_of
from bot.services.follow_up_plans import contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.follow_up_records import actions_card, decision_log_card
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
SHOW_DECISIONS_VERB = "decisions.show"


class ShowDecisions(BaseModel):
    contract_id: int


class FollowUpTurns:
    COMMANDS = frozenset({Command.DECISIONS, Command.MY_ACTIONS, Command.CLOSE_ACTION, Command.OPEN_ACTIONS})

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date],
                 now: Callable[[], datetime]) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self._now = now

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(SHOW_DECISIONS_VERB, ShowDecisions, self._on_show_decisions)

    async def on_command(self, turn_context: TurnContext, command: Command, argument: str | None) -> None:
        texts, person = texts_of(turn_context), person_of(turn_context)
        if command is Command.MY_ACTIONS:
            actions = await my_actions(self._unit_of_work, self._catalogue, person)
            await _send_card(turn_context, actions_card(texts, texts("action.mine_title"), actions, self._today()))
        elif command is Command.CLOSE_ACTION:
            await self._close(turn_context, int(argument))
        elif command is Command.OPEN_ACTIONS:
            await self._open_actions(turn_context, argument)
        else:
            await self._decisions(turn_context, argument)

    async def _close(self, turn_context: TurnContext, action_id: int) -> None:
        texts = texts_of(turn_context)
        try:
            closed = await close_action(self._unit_of_work, self._catalogue, person_of(turn_context), action_id,
                                        self._now())
        except DomainError as error:
            log.info("refused closing action %s: %s", action_id, error.code)
            await turn_context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return
        await turn_context.send_activity(MessageFactory.text(texts("action.closed", id=closed.id, title=closed.title)))

    async def _open_actions(self, turn_context: TurnContext, typed: str) -> None:
        texts = texts_of(turn_context)
        hits = await contracts_named(self._catalogue, person_of(turn_context), typed)
        if not hits:
            await turn_context.send_activity(MessageFactory.text(texts("plan.no_match", value=typed[:60])))
            return
        actions = await open_actions_of(self._unit_of_work, self._catalogue, person_of(turn_context),
                                        [hit.id for hit in hits])
        title = texts("action.open_title", subject=typed[:60])
        await _send_card(turn_context, actions_card(texts, title, actions, self._today()))

    async def _decisions(self, turn_context: TurnContext, typed: str) -> None:
        texts = texts_of(turn_context)
        hits = await contracts_named(self._catalogue, person_of(turn_context), typed)
        if not hits:
            await turn_context.send_activity(MessageFactory.text(texts("plan.no_match", value=typed[:60])))
            return
        if len(hits) == 1:
            card = await self._log_card(turn_context, hits[0].id)
        else:
            card = render_card("choice", {
                "title": texts("plan.choose_title", subject=typed[:60]),
                "text": texts("plan.choose_text"),
                "options": [{"title": hit.label, "data": {"verb": SHOW_DECISIONS_VERB, "contract_id": hit.id}}
                            for hit in hits],
            })
        await _send_card(turn_context, card)

    async def _on_show_decisions(self, turn_context: TurnContext, chosen: ShowDecisions) -> dict[str, Any]:
        return await self._log_card(turn_context, chosen.contract_id)

    async def _log_card(self, turn_context: TurnContext, contract_id: int) -> dict[str, Any]:
        texts = texts_of(turn_context)
        try:
            entries = await decisions_of(self._unit_of_work, self._catalogue, person_of(turn_context), contract_id)
        except DomainError as error:
            log.info("refused the decisions of contract %s", contract_id)
            return render_card("notice", {"text": texts(error.code, **error.params)})
        label = (await self._catalogue.current()).contract_file(contract_id)
        subject = f"{label.contract.reference} {label.contract.title} – {label.supplier_name}"
        return decision_log_card(texts, subject, entries)


async def _send_card(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(attachment(card)))
