"""Card actions: every `Action.Execute` or `Action.Submit` carries a verb, routed to exactly one handler.

A submission whose verb is unknown, or whose payload does not parse, is refused with a message: it is a
stale card (from an older version of the bot) or a tampered one. Handlers are registered by the features
that own the cards.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue
from pydantic import BaseModel, ValidationError

from cards.render import CARD_CONTENT_TYPE, render_card
from dialogs.turn import texts_of

log = logging.getLogger(__name__)

# A handler gets the turn and the parsed payload, and returns the card that replaces the one acted on
# (Action.Execute) or None to leave it.
ActionHandler = Callable[[TurnContext, BaseModel], Awaitable[dict[str, Any] | None]]


class CardActions:
    def __init__(self) -> None:
        self._handlers: dict[str, tuple[type[BaseModel], ActionHandler]] = {}

    def register(self, verb: str, payload: type[BaseModel], handler: ActionHandler) -> None:
        if verb in self._handlers:
            raise ValueError(f"verb {verb!r} already has a handler")
        self._handlers[verb] = (payload, handler)

    async def on_submit(self, turn_context: TurnContext) -> None:
        """An `Action.Submit`: a message with the card's data in `value`."""
        value = turn_context.activity.value
        verb = value.get("verb") if isinstance(value, dict) else None
        card = await self._dispatch(turn_context, verb, value)
        if card is None:
            return
        await turn_context.send_activity(MessageFactory.attachment({"contentType": CARD_CONTENT_TYPE, "content": card}))

    async def on_execute(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        """An `Action.Execute` (invoke `adaptiveCard/action`): answered with the card that replaces it."""
        action = invoke_value.action if invoke_value else None
        verb = action.get("verb") if isinstance(action, dict) else getattr(action, "verb", None)
        data = action.get("data") if isinstance(action, dict) else getattr(action, "data", None)
        card = await self._dispatch(turn_context, verb, data)
        if card is None:
            card = _notice_card(texts_of(turn_context)("card.stale"))
        return AdaptiveCardInvokeResponse(status_code=200, type=CARD_CONTENT_TYPE, value=card)

    async def _dispatch(self, turn_context: TurnContext, verb: object, data: object) -> dict[str, Any] | None:
        entry = self._handlers.get(verb) if isinstance(verb, str) else None
        payload = None
        if entry is not None:
            try:
                payload = entry[0].model_validate(data if isinstance(data, dict) else {})
            except ValidationError:
                log.warning("refused card action %r with an invalid payload", verb)
        if payload is None:
            log.info("refused card action with unknown verb or payload")
            return _notice_card(texts_of(turn_context)("card.stale"))
        return await entry[1](turn_context, payload)


def _notice_card(text: str) -> dict[str, Any]:
    return render_card("notice", {"text": text})
