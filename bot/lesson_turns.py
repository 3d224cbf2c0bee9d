"""Finding lessons for the next procurement in one turn: "lärdomar städ", "lessons cleaning", or "lärdomar"
alone for all of them, newest first."""

from __future__ import annotations

import logging

from botbuilder.core import MessageFactory, TurnContext

from bot.domain.errors import DomainError
from bot.services.lessons import search_lessons
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.lessons_card import lessons_card
from cards.render import attachment
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)


class LessonTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue

    async def search(self, turn_context: TurnContext, query: str | None) -> None:
        texts = texts_of(turn_context)
        try:
            found = await search_lessons(self._unit_of_work, self._catalogue, person_of(turn_context), query)
        except DomainError as error:
            log.info("refused a lessons search: %s", error.code)
            await turn_context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return
        await turn_context.send_activity(MessageFactory.attachment(attachment(lessons_card(texts, found, query))))
