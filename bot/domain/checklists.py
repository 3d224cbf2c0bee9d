"""The four checklists of the follow-up process and the rules of answering them.

The items are data (`data/checklists.json`, Swedish and English); an item's key is what the database keeps.
An answer is ja / delvis / nej / ej aktuellt (yes / partly / no / not relevant), typed in either language or
by its number 1–4. Who may answer: administrators and process coordinators on every contract, the
contract's follow-up team on its own contract, and a supplier's guest on its own supplier's contracts in the
parts the supplier takes part in (samarbetsmodell, leverans och prestation) only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache
from importlib.resources import files

from bot.domain.access import ContractScope
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.domain.text import fold


class Answer(StrEnum):
    YES = "ja"
    PARTLY = "delvis"
    NO = "nej"
    NOT_RELEVANT = "ej aktuellt"


ANSWERS = tuple(Answer)
_ANSWER_WORDS: dict[str, Answer] = {
    "ja": Answer.YES, "yes": Answer.YES, "j": Answer.YES, "y": Answer.YES,
    "delvis": Answer.PARTLY, "partly": Answer.PARTLY, "partially": Answer.PARTLY, "d": Answer.PARTLY,
    "nej": Answer.NO, "no": Answer.NO, "n": Answer.NO,
    "ej aktuellt": Answer.NOT_RELEVANT, "ej aktuell": Answer.NOT_RELEVANT, "inte aktuellt": Answer.NOT_RELEVANT,
    "not relevant": Answer.NOT_RELEVANT, "not applicable": Answer.NOT_RELEVANT, "n/a": Answer.NOT_RELEVANT,
    "na": Answer.NOT_RELEVANT,
}
_SEPARATOR = re.compile(r"^\s*(?P<answer>[^,:;.–-]+?)\s*(?:[,:;.–-]\s*(?P<comment>.*))?$")
SUPPLIER_PARTS = frozenset({"samarbetsmodell", "leverans"})  # the parts a supplier's guest may answer


class NotAnAnswer(InvalidInput):
    code = "checklist.error.not_an_answer"


@dataclass(frozen=True)
class Item:
    key: str
    text: Mapping[str, str]  # language → the question


@dataclass(frozen=True)
class Part:
    key: str
    name: Mapping[str, str]
    aliases: tuple[str, ...]
    items: tuple[Item, ...]

    def item(self, key: str) -> Item | None:
        return next((item for item in self.items if item.key == key), None)


@dataclass(frozen=True)
class GivenAnswer:
    """An item's answer as stored: what, the optional comment, who and when."""

    item_key: str
    answer: Answer
    comment: str | None
    answered_by: str | None
    answered_at: datetime | None = None


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


@cache
def parts() -> tuple[Part, ...]:
    data = json.loads((files("bot.domain") / "data" / "checklists.json").read_text(encoding="utf-8"))
    return tuple(
        Part(key=part["key"], name=part["name"], aliases=tuple(part["aliases"]),
             items=tuple(Item(key=item["key"], text={"sv": item["sv"], "en": item["en"]}) for item in part["items"]))
        for part in data["parts"]
    )


def part(key: str) -> Part:
    found = next((candidate for candidate in parts() if candidate.key == key), None)
    if found is None:
        raise KeyError(key)
    return found


def part_named(text: str) -> tuple[Part | None, str]:
    """The part `text` begins with (by name or alias, either language, å/ä/ö aside) and what follows it
    ("samarbetsmodell för Städbolaget" → samarbetsmodell, "Städbolaget"); (None, text) when it names none."""
    words = text.split()
    folded = [fold(word) for word in words]
    best: tuple[int, Part] | None = None
    for candidate in parts():
        for alias in candidate.aliases:
            alias_words = fold(alias).split()
            if folded[: len(alias_words)] == alias_words and (best is None or len(alias_words) > best[0]):
                best = (len(alias_words), candidate)
    if best is None:
        return None, text.strip()
    rest = words[best[0]:]
    if rest and fold(rest[0]) in ("for", "pa", "of", "on", "till"):
        rest = rest[1:]
    return best[1], " ".join(rest)


def parse_answer(text: str) -> tuple[Answer, str | None]:
    """The answer typed ("ja", "Delvis, rutinen saknas", "3", "not relevant") and a comment after it."""
    cleaned = " ".join(text.split())
    whole = _ANSWER_WORDS.get(fold(cleaned).rstrip(".!"))
    if whole is not None:
        return whole, None
    if cleaned[:1].isdigit() and (len(cleaned) == 1 or not cleaned[1].isdigit()):
        number = int(cleaned[0])
        if 1 <= number <= len(ANSWERS):
            return ANSWERS[number - 1], _comment(cleaned[1:])
    match = _SEPARATOR.match(cleaned)
    if match is not None:
        answer = _ANSWER_WORDS.get(fold(match.group("answer")))
        if answer is not None:
            return answer, _comment(match.group("comment") or "")
    raise NotAnAnswer(value=cleaned[:60])


def _comment(text: str) -> str | None:
    stripped = text.strip(" ,:;.–-")
    return stripped or None


def progress(checklist: Part, answered: Iterable[str]) -> Progress:
    """How many of the checklist's items have an answer (keys of other items aside)."""
    keys = {item.key for item in checklist.items}
    return Progress(answered=len(set(answered) & keys), total=len(checklist.items))


def next_unanswered(checklist: Part, answered: Iterable[str], skipped: Iterable[str] = ()) -> Item | None:
    """The first item in the checklist's order that has no answer and was not skipped."""
    passed = set(answered) | set(skipped)
    return next((item for item in checklist.items if item.key not in passed), None)


def unanswered(checklist: Part, answered: Iterable[str]) -> tuple[Item, ...]:
    done = set(answered)
    return tuple(item for item in checklist.items if item.key not in done)


def item_number(checklist: Part, key: str) -> int:
    return next(number for number, item in enumerate(checklist.items, 1) if item.key == key)


def may_answer(person: Person, checklist: Part, scope: ContractScope) -> bool:
    role = person.global_role
    if role in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR):
        return True
    if role is GlobalRole.SUPPLIER:
        return person.supplier_id is not None and person.supplier_id == scope.supplier_id \
            and checklist.key in SUPPLIER_PARTS
    return bool(person.roles_in(scope.contract_id))


def may_see(person: Person, checklist: Part, scope: ContractScope) -> bool:
    """Everyone in the municipality sees every contract's checklists; a guest only what it may answer."""
    if person.global_role is GlobalRole.SUPPLIER:
        return may_answer(person, checklist, scope)
    return True


def require_answer_right(person: Person, checklist: Part, scope: ContractScope) -> None:
    if not may_answer(person, checklist, scope):
        raise NotAllowed(permission="answer_checklist")
