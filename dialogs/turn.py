"""What the handler puts into `turn_state` for every turn, and how dialogs read it back."""

from __future__ import annotations

from botbuilder.core import TurnContext

from bot.domain.people import Person
from bot.i18n import Texts, texts_for

TEXTS = "followup.texts"
PERSON = "followup.person"
SWITCHED = "followup.switched"  # a dialog ended because the user asked for something else: the handler runs it


def texts_of(turn_context: TurnContext) -> Texts:
    return turn_context.turn_state.get(TEXTS) or texts_for("sv")


def person_of(turn_context: TurnContext) -> Person:
    person = turn_context.turn_state.get(PERSON)
    if person is None:
        raise LookupError("the handler sets the person before any dialog runs")
    return person
