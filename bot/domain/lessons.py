"""Lessons for the next procurement (lärdomar): what worked in a contract and what should be different next
time, one lesson per line, and finding them again by a word of the lesson, the contract or the supplier."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import TextEmpty
from bot.domain.matching import MATCH_THRESHOLD, NameIndex
from bot.domain.typed_input import clean_text, is_skip

TEXT_MAX_LENGTH = 500
LESSONS_PER_ANSWER = 20
LESSONS_SHOWN = 20


class LessonKind(StrEnum):
    WORKED = "fungerade"
    CHANGE = "ändra"


class TooManyLessons(TextEmpty):
    code = "lesson.error.too_many"


@dataclass(frozen=True)
class Lesson:
    id: int | None
    contract_id: int
    kind: LessonKind
    text: str
    recorded_by_id: int | None = None
    recorded_by: str | None = None  # the recorder's name, when read back
    created_at: datetime | None = None


@dataclass(frozen=True)
class LessonContract:
    """What a lesson is found by and shown with, besides its own text."""

    reference: str
    title: str
    supplier_name: str
    category: str | None = None
    owning_unit: str | None = None
    end_date: date | None = None


def lesson_lines(text: str, done_words: frozenset[str]) -> list[str]:
    """The lessons of one answer, one per line, each trimmed; a done word ("klart", "done") or a dash: none."""
    if is_skip(text) or text.strip().casefold() in done_words:
        return []
    lines = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
    if not lines:
        raise TextEmpty()
    if len(lines) > LESSONS_PER_ANSWER:
        raise TooManyLessons(count=LESSONS_PER_ANSWER)
    return [clean_text(line, max_length=TEXT_MAX_LENGTH) for line in lines]


def _newest_first(lesson: Lesson) -> tuple[float, int]:
    return (-(lesson.created_at.timestamp() if lesson.created_at else 0.0), -(lesson.id or 0))


def find_lessons(lessons: list[Lesson], contracts: Mapping[int, LessonContract], query: str | None,
                 ) -> list[Lesson]:
    """Every lesson newest first without `query`; with it, those whose text, contract (title, category,
    business unit) or supplier matches it, the best match first and newest first among equals."""
    if not query or not query.strip():
        return sorted(lessons, key=_newest_first)
    index = NameIndex()
    by_id = {}
    for lesson in lessons:
        contract = contracts.get(lesson.contract_id)
        if contract is None:
            continue
        by_id[lesson.id] = lesson
        index.add(lesson.id, [lesson.text, contract.title, contract.category, contract.owning_unit,
                              contract.supplier_name, contract.reference])
    scores = {hit.key: hit.score for hit in index.search(query, limit=max(len(by_id), 1), floor=MATCH_THRESHOLD)}
    return sorted((by_id[key] for key in scores),
                  key=lambda lesson: (-scores[lesson.id], *_newest_first(lesson)))


def grouped_by_contract(lessons: list[Lesson]) -> list[tuple[int, list[Lesson]]]:
    """The lessons per contract, contracts in the order their first lesson comes, lessons kept in order."""
    groups: dict[int, list[Lesson]] = {}
    for lesson in lessons:
        groups.setdefault(lesson.contract_id, []).append(lesson)
    return list(groups.items())
