"""The SWOT and lessons cards: sound Adaptive Cards in both languages, buttons only for those who may answer a
suggestion, and a search that finds more than fits says how many there are."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.domain.lessons import Lesson, LessonContract, LessonKind
from bot.domain.swot import Quadrant, SwotItem, SwotStatus
from bot.i18n import Texts
from bot.services.lessons import FoundLessons
from bot.services.swot import SupplierSwot
from cards.lessons_card import lessons_card
from cards.swot_card import SwotAnswer, swot_card
from tests.support.adaptive_cards import problems

ITEMS = (SwotItem(3, 9, Quadrant.STRENGTH, "Snabba leveranser 🚚", SwotStatus.ACCEPTED, 5),
         SwotItem(4, 9, Quadrant.THREAT, "Personalbrist", SwotStatus.ACCEPTED, 5))
PENDING = (SwotItem(7, 9, Quadrant.THREAT, "Få alternativ på marknaden (segment flaskhals)", SwotStatus.SUGGESTED),)


def _buttons(card: dict) -> list[dict]:
    return [action for element in card["body"] if element["type"] == "Container"
            for part in element["items"] if part["type"] == "ActionSet" for action in part["actions"]]


@pytest.mark.parametrize(("language", "headings", "buttons"), [
    ("sv", ["Styrkor", "Svagheter", "Möjligheter", "Hot"], ["Acceptera", "Avböj"]),
    ("en", ["Strengths", "Weaknesses", "Opportunities", "Threats"], ["Accept", "Decline"]),
])
def test_the_swot_card_numbers_every_item_and_offers_buttons_to_an_editor(language, headings, buttons):
    card = swot_card(Texts(language), SupplierSwot(9, "Snöröjarna", ITEMS, PENDING, may_edit=True))
    assert problems(card) == []
    quadrants = [element["items"] for element in card["body"] if element["type"] == "Container"][:4]
    assert [items[0]["text"] for items in quadrants] == headings
    assert [item["text"] for item in quadrants[0][1:]] == ["3. Snabba leveranser 🚚"]
    assert len(quadrants[1]) == 2 and quadrants[1][1]["text"] in ("Inget ännu.", "Nothing yet.")
    found = _buttons(card)
    assert [action["title"] for action in found] == buttons
    for action in found:
        assert SwotAnswer.model_validate(action["data"]) == SwotAnswer.model_validate(
            {key: value for key, value in action["fallback"]["data"].items() if key != "verb"})
        assert action["data"]["supplier_id"] == 9 and action["data"]["item_id"] == 7


def test_a_reader_sees_the_suggestions_without_buttons_or_the_editing_hint():
    card = swot_card(Texts("sv"), SupplierSwot(9, "Snöröjarna", ITEMS, PENDING, may_edit=False))
    assert problems(card) == [] and _buttons(card) == []
    assert not any("lägg till styrka" in element.get("text", "") for element in card["body"])


def _found(count: int, total: int) -> FoundLessons:
    contract = LessonContract("2023-022", "Vinterväghållning", "Snöröjarna Exempel AB", end_date=date(2027, 10, 14))
    lessons = tuple(Lesson(n, 1, LessonKind.CHANGE if n % 2 else LessonKind.WORKED, f"Lärdom {n}",
                           recorded_by="Anna Lindqvist", created_at=datetime(2026, 11, 1, tzinfo=UTC))
                    for n in range(count))
    return FoundLessons(lessons, total, {1: contract})


def test_the_lessons_card_says_how_many_more_a_search_found_than_it_shows():
    card = lessons_card(Texts("sv"), _found(20, 25), "snö")
    assert problems(card) == []
    assert card["body"][1]["text"] == "Visar 20 av 25. Sök med ett ord för att hitta fler."
    group = card["body"][2]["items"]
    assert [item["text"] for item in group[:3]] == ["2023-022 Vinterväghållning",
                                                   "Snöröjarna Exempel AB · slutar 2027-10-14", "Fungerade"]
    assert "- Lärdom 0 (Anna Lindqvist)" in [item["text"] for item in group]


@pytest.mark.parametrize(("language", "query", "expected"), [
    ("sv", "flyg", "Jag hittar inga lärdomar om ”flyg”."), ("en", None, "No lessons are recorded yet."),
])
def test_the_lessons_card_says_when_there_is_nothing(language, query, expected):
    card = lessons_card(Texts(language), _found(0, 0), query)
    assert problems(card) == [] and card["body"][1]["text"] == expected
