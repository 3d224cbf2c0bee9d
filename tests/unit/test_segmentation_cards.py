"""The Kraljic matrix card and the follow-up plan card are sound Adaptive Cards 1.5 in both languages, place the
supplier in its quadrant, and show what the plan holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot.domain.contracts import Segment
from bot.domain.follow_up_plan import DEFAULT_PLANS
from bot.domain.roles import ContractRole
from bot.domain.segmentation import Question, SegmentRecord, segment_from_answers
from bot.i18n import Texts
from bot.services.follow_up_plans import ContractPlan
from cards.follow_up_plan import plan_card
from cards.kraljic import kraljic_card
from tests.support.adaptive_cards import problems

ANSWERS = {Question.ANNUAL_VALUE: "over_10m", Question.SPEND_SHARE: "25_50", Question.BUDGET_IMPACT: "high",
           Question.ALTERNATIVES: "many", Question.SWITCHING_COST: "low", Question.CRITICALITY: "medium"}
HISTORY = (SegmentRecord(Segment.BOTTLENECK, Decimal(2), Decimal(5), "Få entreprenörer", True,
                         datetime(2023, 9, 20, 7, tzinfo=timezone.utc), "Anna Lindqvist"),)


def _cells(card: dict) -> list[dict]:
    return [column for element in card["body"] if element["type"] == "ColumnSet" for column in element["columns"]]


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_matrix_card_highlights_only_the_quadrant_the_supplier_is_placed_in(language):
    texts = Texts(language)
    segmentation = segment_from_answers(ANSWERS)
    card = kraljic_card(texts, "Städbolaget", segmentation, DEFAULT_PLANS[Segment.LEVERAGE], HISTORY,
                        reason="skäl", buttons=(texts("answer.yes"), texts("answer.no")), question="?")
    assert problems(card) == []
    highlighted = [cell for cell in _cells(card) if cell["style"] == "accent"]
    assert len(_cells(card)) == 4
    assert [cell["items"][0]["text"] for cell in highlighted] == [f"▶ {texts('segment.hävstång').upper()} ◀"]
    assert len(card["actions"]) == 2


def test_the_matrix_card_shows_an_override_and_the_history_in_english():
    texts = Texts("en")
    overridden = segment_from_answers(ANSWERS).overridden_to(Segment.STRATEGIC, "Sole supplier of the region")
    card = kraljic_card(texts, "Städbolaget", overridden, DEFAULT_PLANS[Segment.STRATEGIC], HISTORY, reason="r")
    facts = _facts(card)
    assert facts["Segment"] == "strategic (overridden by a coordinator; computed leverage)"
    assert (facts["Financial risk"], facts["Supply risk"]) == ("3.67 of 4", "1.33 of 4")
    assert facts["Follow-up plan"] == "KPIs monthly, meetings every second month"
    assert facts["2023-09-20"] == "bottleneck (overridden) – Få entreprenörer"
    assert card["actions"] == []


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_plan_card_lists_the_settings_and_the_people_on_the_ladder(language):
    texts = Texts(language)
    plan = DEFAULT_PLANS[Segment.STRATEGIC].adjusted_with(grace_days=15)
    shown = ContractPlan(1, "2024-017", "IT-drift", "Driftpartner", plan,
                         ((ContractRole.PROCESS_OWNER, ("Göran Håkansson",)), (ContractRole.PROCESS_COORDINATOR, ())))
    card = plan_card(texts, shown)
    assert problems(card) == []
    facts = _facts(card)
    assert facts[texts("plan.setting.grace_days")] == texts("plan.value.grace_days", n=15)
    assert facts[texts("plan.fact.extra_meetings")] == {"sv": "utvecklingsmöte en gång per år",
                                                         "en": "a development meeting once a year"}[language]
    own = plan_card(texts, replace(shown, plan=plan.adjusted_with(extra_meetings="halvårsvis verksamhetsbesök")))
    assert _facts(own)[texts("plan.fact.extra_meetings")] == "halvårsvis verksamhetsbesök"  # as written
    assert facts[f"2. {texts.role('processägare')}"] == "Göran Håkansson"
    assert facts[f"3. {texts.role('processkoordinator')}"] == texts("plan.nobody")
    assert card["body"][-1]["text"] == texts("plan.card.adjusted")
