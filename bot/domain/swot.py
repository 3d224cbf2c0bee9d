"""SWOT of a supplier: the municipality's own view of it in four lists (styrkor, svagheter, möjligheter, hot).

An item is written by a person (status accepterad) or suggested by the bot from the follow-up data (status
föreslagen, until someone accepts or declines it). Texts are kept as typed, trimmed, at most 500 characters.
Suggestions are stored in Swedish, the register's language, and shown as stored in either language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.contracts import parse_enum
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.typed_input import clean_text

TEXT_MAX_LENGTH = 500


class Quadrant(StrEnum):
    STRENGTH = "styrka"
    WEAKNESS = "svaghet"
    OPPORTUNITY = "möjlighet"
    THREAT = "hot"


class SwotStatus(StrEnum):
    SUGGESTED = "föreslagen"
    ACCEPTED = "accepterad"
    DECLINED = "avböjd"


_QUADRANT_WORDS = {
    "styrkor": Quadrant.STRENGTH,
    "svagheter": Quadrant.WEAKNESS,
    "mojligheter": Quadrant.OPPORTUNITY,
    "strength": Quadrant.STRENGTH,
    "strengths": Quadrant.STRENGTH,
    "weakness": Quadrant.WEAKNESS,
    "weaknesses": Quadrant.WEAKNESS,
    "opportunity": Quadrant.OPPORTUNITY,
    "opportunities": Quadrant.OPPORTUNITY,
    "threat": Quadrant.THREAT,
    "threats": Quadrant.THREAT,
}


class InvalidQuadrant(InvalidInput):
    code = "swot.error.quadrant"


class SwotItemNotFound(NotFound):
    code = "swot.error.item_not_found"


class SwotItemNotPending(InvalidInput):
    """Accepting or declining an item that is no longer a suggestion (a stale card, or someone was first)."""

    code = "swot.error.not_pending"


@dataclass(frozen=True)
class SwotItem:
    id: int | None
    supplier_id: int
    quadrant: Quadrant
    text: str
    status: SwotStatus
    created_by_id: int | None = None
    created_at: datetime | None = None

    @property
    def is_suggestion(self) -> bool:
        """Written by the bot (no person created it), whatever its status now."""
        return self.created_by_id is None


@dataclass(frozen=True)
class Suggestion:
    quadrant: Quadrant
    text: str


def parse_quadrant(text: str) -> Quadrant:
    """A quadrant by its Swedish word (å/ä/ö optional, singular or plural) or its English one."""
    return parse_enum(Quadrant, text, field_name="quadrant", synonyms=_QUADRANT_WORDS, error=InvalidQuadrant)


def clean_swot_text(text: str) -> str:
    return clean_text(text, max_length=TEXT_MAX_LENGTH)


def new_suggestions(suggested: list[Suggestion], stored: list[SwotItem]) -> list[Suggestion]:
    """The suggestions not stored before for the supplier in any status: a text is suggested once, and never
    again once accepted, declined or removed (a removed suggestion is kept as declined)."""
    seen = {(item.quadrant, item.text) for item in stored}
    fresh: list[Suggestion] = []
    for suggestion in suggested:
        key = (suggestion.quadrant, suggestion.text)
        if key not in seen:
            seen.add(key)
            fresh.append(suggestion)
    return fresh


class InvalidAddition(InvalidInput):
    code = "swot.error.add_format"


_ADDITION = re.compile(r"^(?P<quadrant>\S+)\s+(?:f[öo]r|p[åa]|on|to|of)\s+(?P<supplier>[^:]+?)\s*:(?P<text>.*)$",
                       re.IGNORECASE | re.DOTALL)


def parse_addition(typed: str) -> tuple[Quadrant, str, str]:
    """"styrka för Städbolaget: snabba leveranser" → the quadrant, the supplier as typed and the item's text,
    trimmed and otherwise as typed."""
    match = _ADDITION.match(typed.strip())
    if match is None:
        raise InvalidAddition()
    return parse_quadrant(match["quadrant"]), match["supplier"].strip(), clean_swot_text(match["text"])
