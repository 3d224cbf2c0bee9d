"""Every kind of card the bot sends is a sound Adaptive Card 1.5 for Teams (see tests/support/adaptive_cards.py)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bot.domain.kpis import Frequency, KpiContract, KpiDefinition, KpiValue, Period, Thresholds, trend
from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.i18n import Texts
from bot.replies import help_card, welcome_card
from bot.services.kpi_reporting import RecordedKpiValue
from cards.kpi_result import kpi_result_card
from cards.render import render_card
from tests.support.adaptive_cards import problems


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_help_and_welcome_cards_are_sound(language):
    person = Person(id=1, name="Åsa Öberg", email="asa@example.se", global_role=GlobalRole.COORDINATOR)
    assert problems(help_card(Texts(language))["content"]) == []
    assert problems(welcome_card(Texts(language), person)["content"]) == []


def _five_years_of_monthly_values() -> RecordedKpiValue:
    contract = KpiContract(id=1, reference="2022-041", title="Lokalvård", supplier_id=1, supplier_name="Städbolaget")
    thresholds = Thresholds(Decimal(95), red=Decimal(85))
    kpi = KpiDefinition(id=1, contract=contract, name="Städkvalitet enligt INSTA 800 " + "x" * 170, unit="%",
                        frequency=Frequency.MONTH, thresholds=thresholds)
    first = Period(2021, 11, Frequency.MONTH)
    history = tuple(KpiValue(first.shifted(i), Decimal(85) + Decimal(i % 13)) for i in range(60))
    history = history[:-1] + (KpiValue(history[-1].period, history[-1].value, "å" * 1000),)
    found = trend(thresholds, [(item.period, item.value) for item in history])
    return RecordedKpiValue(kpi=kpi, value=history[-1], trend=found, values=history)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_kpi_result_card_with_a_chart_is_sound_and_under_28_kb(language):
    card = kpi_result_card(Texts(language), _five_years_of_monthly_values())["content"]
    assert problems(card) == []
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 28 * 1024
    assert any(block["type"] == "Chart.Line" and block["fallback"]["type"] == "Container" for block in card["body"])


def test_the_check_finds_what_teams_would_refuse():
    broken = render_card("notice", {"text": "x"})
    broken["version"] = "1.6"
    broken["body"].append({"type": "Input.Text"})
    broken["body"].append({"type": "Chart.Line", "data": [{"values": [{"x": "2026-01"}]}]})
    broken["actions"] = [{"type": "Action.Submit"}]
    assert problems(broken) == [
        "version '1.6', not 1.5",
        "body[1] (Input.Text): id must be a str",
        "body[2].data[0] needs values with x and y",
        "actions[0] has no title",
    ]
