"""The cards that list reminders and what is due: "vad är på gång för mig?" with its empty state, and the
coordinators' overview with who cannot be reached; sound Adaptive Cards in both languages."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.domain.reminder_overview import ReminderCounts, ReminderOverview, Unreachability, Unreachable
from bot.domain.reminder_pauses import Pause
from bot.i18n import Texts
from bot.services.coming_up import ComingUp
from cards.coming_up_card import coming_up_card
from cards.reminder_overview_card import reminder_overview_card
from tests.support.adaptive_cards import problems

NOTHING = ComingUp(date(2026, 11, 1), (), (), (), (), ())
OVERVIEW = ReminderOverview(
    by_kind={"kpi": ReminderCounts(sent=12, answered=7, snoozed=3, escalated=2, undeliverable=1, pending=4),
             "meeting": ReminderCounts(sent=5, answered=1, cancelled=2)},
    unreachable=(Unreachable("Anna Andersson", Unreachability.BLOCKED),
                 Unreachable("Bo Berg", Unreachability.NEVER_TALKED),
                 Unreachable("Cecilia Ek", Unreachability.NEVER_TALKED)),
    pauses=(Pause(1, 2, None, "2024-017", date(2027, 1, 10), "omförhandling"),),
)


def _lines(card: dict) -> list[str]:
    return [item["text"] for element in card["body"] for item in element.get("items", [element])
            if item["type"] == "TextBlock"]


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", ["På gång för dig i november 2026",
            "Inget är på gång för dig i november 2026: inga KPI-rapporter att lämna, möten, aktiviteter eller "
            "avtalsdatum att hålla koll på."]),
    ("en", ["Coming up for you in November 2026",
            "Nothing is coming up for you in November 2026: no KPI reports to submit, meetings, actions or contract "
            "dates to watch."]),
])
def test_nothing_coming_up_says_so(language, expected):
    card = coming_up_card(Texts(language), NOTHING, ZoneInfo("Europe/Stockholm"))
    assert problems(card) == []
    assert _lines(card) == expected


def test_the_overview_counts_per_kind_names_who_cannot_be_reached_and_why_and_the_pauses():
    card = reminder_overview_card(Texts("sv"), OVERVIEW)
    assert problems(card) == []
    facts = [(fact["title"], fact["value"]) for fact in card["body"][1]["facts"]]
    assert facts == [("Skickade", "17"), ("Besvarade", "8"), ("Uppskjutna", "3"), ("Eskalerade", "2"),
                     ("Kunde inte levereras", "1"), ("Väntar på att skickas", "4"), ("Avbrutna", "2")]
    assert _lines(card)[1:] == [
        "Per slag",
        "- KPI-rapport: 12 skickade, 7 besvarade, 3 uppskjutna, 2 eskalerade, 1 ej levererade, 4 väntar, 0 avbrutna",
        "- Möte: 5 skickade, 1 besvarade, 0 uppskjutna, 0 eskalerade, 0 ej levererade, 0 väntar, 2 avbrutna",
        "3 personer kan inte nås av boten",
        "- Anna Andersson – har blockerat eller tagit bort appen",
        "- Bo Berg – har aldrig pratat med boten",
        "- Cecilia Ek – har aldrig pratat med boten",
        "Pausade påminnelser",
        "- 2024-017 till och med 2027-01-10 – omförhandling",
    ]


def test_an_empty_overview_in_english_says_there_is_nothing():
    card = reminder_overview_card(Texts("en"), ReminderOverview(by_kind={}, unreachable=(), pauses=()))
    assert problems(card) == []
    assert _lines(card) == ["Reminders in the last 30 days", "No reminders in the last 30 days.",
                            "The bot reaches everyone who is to get reminders.", "No reminders are paused."]
