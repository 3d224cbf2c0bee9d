"""Lessons for the next procurement: one lesson per line, a done word for none, and finding them again by a
word of the lesson, the contract or the supplier, best match first and newest first among equals."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.errors import TextEmpty, TextTooLong
from bot.domain.lessons import (
    Lesson,
    LessonContract,
    LessonKind,
    TooManyLessons,
    find_lessons,
    grouped_by_contract,
    lesson_lines,
)
from bot.i18n import Texts

DONE = Texts("sv").words("lesson.done_words")

CONTRACTS = {
    1: LessonContract("2022-041", "Lokalvård i kommunens verksamhetslokaler", "Städbolaget Exempel AB", "Städtjänster",
                      "Stadsbyggnadsförvaltningen", date(2027, 3, 31)),
    2: LessonContract("2023-022", "Vinterväghållning av gator", "Snöröjarna Exempel AB", "Gata och park",
                      "Stadsbyggnadsförvaltningen", date(2027, 10, 14)),
    3: LessonContract("2024-017", "IT-drift och servicedesk", "Driftpartner IT Exempel AB", "IT-tjänster",
                      "IT-enheten", date(2028, 2, 29)),
}


def _lesson(lesson_id: int, contract_id: int, text: str, day: int, kind: LessonKind = LessonKind.WORKED) -> Lesson:
    return Lesson(lesson_id, contract_id, kind, text, created_at=datetime(2026, 11, day, 9, tzinfo=UTC))


LESSONS = [
    _lesson(1, 1, "Tydliga kvalitetskrav enligt INSTA 800", 2),
    _lesson(2, 2, "Jourberedskap borde prissättas separat", 3, LessonKind.CHANGE),
    _lesson(3, 3, "Servicedesken fick för lite bemanning", 4, LessonKind.CHANGE),
    _lesson(4, 1, "Städschema per lokal fungerade", 5),
    _lesson(5, 3, "Prisjustering mot index var enkel", 6),
]


def test_every_line_is_a_lesson_trimmed_and_a_done_word_or_a_dash_is_none():
    assert lesson_lines("  Tydliga krav \n\n Bra  möten 👍\n", DONE) == ["Tydliga krav", "Bra möten 👍"]
    assert lesson_lines("klart", DONE) == [] and lesson_lines("Klart", DONE) == [] and lesson_lines("-", DONE) == []
    assert lesson_lines("Robert'); DROP TABLE lessons;--", DONE) == ["Robert'); DROP TABLE lessons;--"]
    with pytest.raises(TextEmpty):
        lesson_lines(" \n ", DONE)
    with pytest.raises(TextTooLong):
        lesson_lines("ok\n" + "ö" * 501, DONE)
    with pytest.raises(TooManyLessons):
        lesson_lines("\n".join(f"lärdom {n}" for n in range(21)), DONE)


def test_english_done_words_end_the_answer_too():
    assert lesson_lines("done", Texts("en").words("lesson.done_words")) == []


def test_without_a_query_every_lesson_comes_newest_first():
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, None)] == [5, 4, 3, 2, 1]
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, "  ")] == [5, 4, 3, 2, 1]


def test_a_word_finds_lessons_by_the_contracts_category_or_supplier_newest_first_among_equals():
    # "städ" folds to "stad": Städtjänster and Städbolaget first, then the business unit Stadsbyggnadsförvaltningen
    # (a longer name, so a weaker match); the IT contract's lessons not at all
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, "städ")] == [4, 1, 2]
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, "snoröjarna")] == [2]
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, "it-enheten")] == [5, 3]


def test_a_word_of_the_lesson_itself_finds_it_and_an_exact_match_ranks_first():
    assert [lesson.id for lesson in find_lessons(LESSONS, CONTRACTS, "bemanning")] == [3]
    found = find_lessons(LESSONS, CONTRACTS, "Städschema per lokal fungerade")
    assert found[0].id == 4


def test_nothing_found_for_a_word_no_lesson_or_contract_has():
    assert find_lessons(LESSONS, CONTRACTS, "flygplan") == []


def test_lessons_are_grouped_per_contract_in_the_order_they_were_found():
    found = find_lessons(LESSONS, CONTRACTS, None)
    assert [(cid, [lesson.id for lesson in lessons]) for cid, lessons in grouped_by_contract(found)] == [
        (3, [5, 3]), (1, [4, 1]), (2, [2])]
