"""The answer to a reported KPI value: the sentence in both languages, the card and its size."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from bot.domain.kpis import (
    Direction,
    Frequency,
    KpiContract,
    KpiDefinition,
    KpiValue,
    Period,
    Thresholds,
    trend,
)
from bot.i18n import Texts
from bot.services.kpi_reporting import RecordedKpiValue
from cards.kpi_result import format_number, kpi_result_card, kpi_sentence

CONTRACT = KpiContract(id=1, reference="2022-041", title="Lokalvård", supplier_id=1, supplier_name="Städbolaget")


def _recorded(values: list[str], *, target="95", direction=Direction.HIGHER, yellow=None, red="85", unit="%",
              name="Städkvalitet", comment=None) -> RecordedKpiValue:
    thresholds = Thresholds(target=Decimal(target) if target else None, direction=direction,
                            yellow=Decimal(yellow) if yellow else None, red=Decimal(red) if red else None)
    kpi = KpiDefinition(id=1, contract=CONTRACT, name=name, unit=unit, frequency=Frequency.MONTH,
                        thresholds=thresholds)
    first = Period(2021, 11, Frequency.MONTH)
    history = tuple(KpiValue(first.shifted(index), Decimal(value)) for index, value in enumerate(values))
    history = history[:-1] + (KpiValue(history[-1].period, history[-1].value, comment),)
    found = trend(thresholds, [(item.period, item.value) for item in history])
    return RecordedKpiValue(kpi=kpi, value=history[-1], trend=found, values=history)


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("sv", "91 % mot mål 95 % – gul, tredje perioden i rad under mål"),
        ("en", "91 % against target 95 % – yellow, third period in a row below target"),
    ],
)
def test_the_sentence_names_value_target_status_and_how_many_periods_in_a_row(language, sentence):
    assert kpi_sentence(Texts(language), _recorded(["96", "93", "92.5", "91"])) == sentence


@pytest.mark.parametrize(
    ("language", "values", "options", "sentence"),
    [
        ("sv", ["94", "96"], {}, "96 % mot mål 95 % – grön, på mål"),
        ("en", ["96", "84.5"], {}, "84.5 % against target 95 % – red, below target"),
        ("sv", ["1", "2", "7"], {"target": "2", "direction": Direction.LOWER, "yellow": "4", "red": "6",
                                 "unit": "st"}, "7 st mot mål 2 st – röd, över mål"),
        ("sv", ["91"] * 14, {}, "91 % mot mål 95 % – gul, 14:e perioden i rad under mål"),
        ("en", ["91"] * 13, {}, "91 % against target 95 % – yellow, 13th period in a row below target"),
        ("sv", ["-0.6"], {"target": None, "red": None}, "−0,6 % – inget mål att jämföra med"),
    ],
)
def test_the_sentence_for_green_red_lower_is_better_long_streaks_and_no_target(language, values, options, sentence):
    assert kpi_sentence(Texts(language), _recorded(values, **options)) == sentence


def test_numbers_are_written_the_way_the_language_writes_them():
    assert format_number(Texts("sv"), Decimal("1234.5")) == "1\u00a0234,5"
    assert format_number(Texts("en"), Decimal("1234.5")) == "1,234.5"
    assert format_number(Texts("sv"), Decimal("-0.4"), signed=True) == "−0,4"
    assert format_number(Texts("en"), Decimal("2"), signed=True) == "+2"


def test_five_years_of_monthly_values_make_a_small_card_with_a_chart_of_the_last_twelve_and_a_fallback():
    recorded = _recorded([f"{90 + index % 10}.1234" for index in range(60)], name="N" * 200, comment="k" * 1000)
    card = kpi_result_card(Texts("sv"), recorded)["content"]
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-8")) < 28 * 1024
    chart = card["body"][4]
    assert (chart["type"], card["version"]) == ("Chart.Line", "1.5")
    assert [point["x"] for point in chart["data"][0]["values"]] == ["2025-11", "2025-12"] + [
        f"2026-{month:02d}" for month in range(1, 11)]
    assert len(chart["fallback"]["items"][1]["facts"]) == 12
    assert chart["fallback"]["items"][1]["facts"][-1]["value"] == "99,1234 %"


@pytest.mark.parametrize(("language", "one", "many"), [("sv", "Det senaste värdet", "De senaste 3 värdena"),
                                                       ("en", "The latest value", "The last 3 values")])
def test_the_chart_is_titled_by_how_many_values_it_shows(language, one, many):
    def title(values):
        card = kpi_result_card(Texts(language), _recorded(values))["content"]
        return next(block for block in card["body"] if block["type"] == "Chart.Line")["title"]

    assert title(["91"]) == one
    assert title(["90", "92", "91"]) == many
