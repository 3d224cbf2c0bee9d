"""Free-text meeting notes, and the lines in them the bot proposes as decisions and actions.

A line starting with "Beslut:" / "Decision:" proposes a decision; "Aktivitet:" / "Action:" an action, which
may name its owner and due date after dashes: "Aktivitet: Ta fram städschema – Anna Lindqvist – 2026-12-15".
The owner is found among the contract's contacts by name (typos and å/ä/ö typed as a/a/o allowed); a part that
names nobody and is no date stays in the title. Nothing is saved until the user has confirmed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import InvalidDate
from bot.domain.matching import NameIndex, clear_winners
from bot.domain.typed_input import parse_date

NOTES_MAX_LENGTH = 20000
_LINE = re.compile(
    r"^\s*(?:[-*•·]\s*)?(?P<kind>beslut|decision|aktivitet|action)\s*:\s*(?P<rest>.*?)\s*$", re.IGNORECASE
)
_PARTS = re.compile(r"\s+[–—-]\s+|\s*;\s*")
_DECISION_WORDS = frozenset({"beslut", "decision"})


@dataclass(frozen=True)
class ProposedDecision:
    what: str


@dataclass(frozen=True)
class ProposedAction:
    title: str
    owner_id: int | None = None
    due_date: date | None = None


@dataclass(frozen=True)
class RecognisedNotes:
    text: str
    decisions: tuple[ProposedDecision, ...]
    actions: tuple[ProposedAction, ...]


def recognise(text: str, contacts: Mapping[int, str]) -> RecognisedNotes:
    """The notes as written, and the decisions and actions their lines propose; `contacts` by id → name."""
    index = _index(contacts)
    decisions: list[ProposedDecision] = []
    actions: list[ProposedAction] = []
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None or not match.group("rest"):
            continue
        if match.group("kind").lower() in _DECISION_WORDS:
            decisions.append(ProposedDecision(match.group("rest")))
        else:
            actions.append(_action(match.group("rest"), index))
    return RecognisedNotes(text.strip(), tuple(decisions), tuple(actions))


def owner_named(name: str, contacts: Mapping[int, str]) -> int | None:
    """The one contact `name` clearly means; None when it names nobody or several."""
    return _owner(name, _index(contacts))


def _index(contacts: Mapping[int, str]) -> NameIndex:
    index = NameIndex()
    for contact_id, name in contacts.items():
        index.add(contact_id, [name])
    return index


def _action(rest: str, index: NameIndex) -> ProposedAction:
    parts = [part for part in _PARTS.split(rest) if part]
    title_parts: list[str] = []
    owner_id: int | None = None
    due: date | None = None
    for position, part in enumerate(parts):
        if position > 0 and due is None and (day := _date(part)) is not None:
            due = day
        elif position > 0 and owner_id is None and (found := _owner(part, index)) is not None:
            owner_id = found
        else:
            title_parts.append(part)
    return ProposedAction(" – ".join(title_parts) or rest, owner_id, due)


def _date(text: str) -> date | None:
    try:
        return parse_date(text)
    except InvalidDate:
        return None


def _owner(name: str, index: NameIndex) -> int | None:
    winners = clear_winners(index.search(name, limit=3))
    return winners[0].key if len(winners) == 1 else None
