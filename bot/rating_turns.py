"""The supplier's quality rating in one turn: "betygsätt Städbolaget" sends the survey card for the quarter under
way ("betygsätt Städbolaget 4: bra städning" answers it typed), "betyg för Städbolaget" the rating per quarter.
The survey card's answer (verb `rate_supplier`, also from the survey reminder) is checked again in full through
the same use case: the supplier, the quarter, the score and who answers."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import MessageFactory, TurnContext

from bot.card_actions import CardActions
from bot.commands import Command
from bot.domain.catalogue import Hit
from bot.domain.errors import DomainError
from bot.domain.supplier_rating import ScoreOutOfRange, quarter_of
from bot.i18n import Texts
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from bot.services.segmentation import suppliers_named
from bot.services.supplier_rating import (
    CommentTooLong,
    rate_supplier,
    rating_history,
    survey_for,
)
from cards.render import attachment, render_card
from cards.supplier_rating import (
    RATE_VERB,
    SurveyForm,
    history_card,
    saved_card,
    survey_card,
)
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
_TYPED_SCORE = re.compile(r"^(?P<supplier>.+?)\s+(?P<score>\d+)(?:\s*[:–-]\s*(?P<comment>.*))?$", re.DOTALL)


class RatingTurns:
    COMMANDS = (Command.RATE_SUPPLIER, Command.SUPPLIER_RATING)

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date]) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(RATE_VERB, SurveyForm, self._on_answer)

    async def on_command(self, turn_context: TurnContext, command: Command, typed: str | None) -> None:
        if command is Command.RATE_SUPPLIER:
            await self._survey(turn_context, typed)
        else:
            await self._history(turn_context, typed)

    async def _survey(self, turn_context: TurnContext, typed: str | None) -> None:
        person, texts, today = person_of(turn_context), texts_of(turn_context), self._today()
        if not typed:
            await _say(turn_context, texts("rating.ask_supplier"))
            return
        scored = _TYPED_SCORE.match(typed)
        if scored is not None:
            hits = await self._suppliers(turn_context, scored["supplier"])
            if len(hits) == 1:
                await self._typed_answer(turn_context, hits[0].id, scored["score"], scored["comment"])
                return
        hits = await self._suppliers(turn_context, typed)
        if len(hits) != 1:
            await _no_supplier(turn_context, typed, hits)
            return
        supplier_id = hits[0].id
        try:
            survey = await survey_for(self._unit_of_work, person, supplier_id, today)
        except DomainError as error:
            await _say(turn_context, texts(error.code, **error.params))
            return
        await turn_context.send_activity(MessageFactory.attachment(attachment(survey_card(
            texts, survey.supplier.id, survey.supplier.name, survey.period,
            given_score=survey.given.score if survey.given else None))))

    async def _typed_answer(self, turn_context: TurnContext, supplier_id: int, score: str,
                            comment: str | None) -> None:
        person, texts = person_of(turn_context), texts_of(turn_context)
        try:
            saved = await rate_supplier(self._unit_of_work, person, supplier_id, "", score, comment, self._today())
        except DomainError as error:
            await _say(turn_context, texts(error.code, **error.params))
            return
        await turn_context.send_activity(MessageFactory.attachment(attachment(
            saved_card(texts, saved.supplier.name, saved.period, saved.score, saved.replaced))))

    async def _history(self, turn_context: TurnContext, typed: str | None) -> None:
        person, texts, today = person_of(turn_context), texts_of(turn_context), self._today()
        if not typed:
            await _say(turn_context, texts("rating.ask_supplier_history"))
            return
        hits = await self._suppliers(turn_context, typed)
        if len(hits) != 1:
            await _no_supplier(turn_context, typed, hits)
            return
        try:
            history = await rating_history(self._unit_of_work, person, hits[0].id, today)
        except DomainError as error:
            await _say(turn_context, texts(error.code, **error.params))
            return
        await turn_context.send_activity(MessageFactory.attachment(attachment(history_card(
            texts, history.supplier.name, history.ratings, quarter_of(today).label, history.names_shown))))

    async def _suppliers(self, turn_context: TurnContext, typed: str) -> list[Hit]:
        return await suppliers_named(self._catalogue, person_of(turn_context), typed.strip())

    async def _on_answer(self, turn_context: TurnContext, form: SurveyForm) -> dict[str, Any]:
        person, texts, today = person_of(turn_context), texts_of(turn_context), self._today()
        if not form.score.strip():
            return await self._again(turn_context, form, texts("rating.survey.choose"))
        try:
            saved = await rate_supplier(self._unit_of_work, person, form.supplier_id, form.period, form.score,
                                        form.comment, today)
        except (ScoreOutOfRange, CommentTooLong) as error:
            return await self._again(turn_context, form, texts(error.code, **error.params))
        except DomainError as error:
            log.warning("refused a survey answer for supplier %s (%s)", form.supplier_id, error.code)
            return _notice(texts, error)
        return saved_card(texts, saved.supplier.name, saved.period, saved.score, saved.replaced)

    async def _again(self, turn_context: TurnContext, form: SurveyForm, problem: str) -> dict[str, Any]:
        """The survey sent back with what was entered and the problem; or why it cannot be answered at all."""
        texts = texts_of(turn_context)
        try:
            survey = await survey_for(self._unit_of_work, person_of(turn_context), form.supplier_id, self._today(),
                                      form.period)
        except DomainError as error:
            return _notice(texts, error)
        return survey_card(texts, survey.supplier.id, survey.supplier.name, survey.period,
                           entered=form, problem=problem)


async def _no_supplier(turn_context: TurnContext, typed: str, hits: list[Hit]) -> None:
    """None of the suppliers the person may see is named, or several are: which to choose from."""
    texts = texts_of(turn_context)
    if hits:
        await _say(turn_context, texts("rating.which_supplier", names=", ".join(hit.label for hit in hits)))
    else:
        await _say(turn_context, texts("rating.no_match", value=typed.strip()[:60]))


def _notice(texts: Texts, error: DomainError) -> dict[str, Any]:
    return render_card("notice", {"text": texts(error.code, **error.params)})


async def _say(turn_context: TurnContext, text: str) -> None:
    await turn_context.send_activity(MessageFactory.text(text))
