"""The rules of a KPI as a coordinator defines it: words for direction and frequency, the red limit's side of
the target, the allowed range, and the command that begins it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.domain.kpis import Direction, Frequency, Thresholds
from bot.domain.new_kpi import (
    InvalidDirection,
    InvalidFrequency,
    MinAboveMax,
    RedLimitNotAboveTarget,
    RedLimitNotBelowTarget,
    check_range,
    check_red_limit,
    parse_direction,
    parse_frequency,
)


@pytest.mark.parametrize(
    ("typed", "frequency"),
    [("månad", Frequency.MONTH), ("Kvartal", Frequency.QUARTER), ("halvar", Frequency.HALF_YEAR),
     ("half-year", Frequency.HALF_YEAR), ("år", Frequency.YEAR), ("quarterly", Frequency.QUARTER),
     ("month", Frequency.MONTH), ("year", Frequency.YEAR)],
)
def test_a_frequency_is_understood_in_swedish_with_or_without_accents_and_in_english(typed, frequency):
    assert parse_frequency(typed) is frequency


def test_an_unknown_frequency_is_refused_with_what_was_typed():
    with pytest.raises(InvalidFrequency) as refused:
        parse_frequency("varannan vecka")
    assert refused.value.params["value"] == "varannan vecka"


@pytest.mark.parametrize(("typed", "direction"), [("högre", Direction.HIGHER), ("lagre", Direction.LOWER),
                                                  ("Higher", Direction.HIGHER), ("lower", Direction.LOWER)])
def test_a_direction_is_understood_in_swedish_and_english(typed, direction):
    assert parse_direction(typed) is direction


def test_an_unknown_direction_is_refused():
    with pytest.raises(InvalidDirection):
        parse_direction("bättre")


@pytest.mark.parametrize("red", ["95", "96"])
def test_when_higher_is_better_the_red_limit_lies_below_the_target(red):
    check_red_limit(Thresholds(target=Decimal(95), direction=Direction.HIGHER, red=Decimal(90)))
    with pytest.raises(RedLimitNotBelowTarget):
        check_red_limit(Thresholds(target=Decimal(95), direction=Direction.HIGHER, red=Decimal(red)))


@pytest.mark.parametrize("red", ["2", "1.5"])
def test_when_lower_is_better_the_red_limit_lies_above_the_target(red):
    check_red_limit(Thresholds(target=Decimal(2), direction=Direction.LOWER, red=Decimal(4)))
    with pytest.raises(RedLimitNotAboveTarget):
        check_red_limit(Thresholds(target=Decimal(2), direction=Direction.LOWER, red=Decimal(red)))


def test_a_red_limit_without_a_target_or_a_target_without_a_red_limit_is_fine():
    check_red_limit(Thresholds(target=None, direction=Direction.HIGHER, red=Decimal(99)))
    check_red_limit(Thresholds(target=Decimal(95), direction=Direction.LOWER, red=None))


def test_the_lowest_allowed_value_may_not_be_above_the_highest():
    check_range(Decimal(0), Decimal(0))
    check_range(None, Decimal(-5))
    with pytest.raises(MinAboveMax):
        check_range(Decimal(10), Decimal(5))


@pytest.mark.parametrize(
    ("text", "argument"),
    [("ny KPI för 2024-017", "2024-017"), ("nytt nyckeltal för KS 2024/17", "KS 2024/17"), ("ny kpi", None),
     ("new KPI for 2024-017", "2024-017"), ("define a KPI", None), ("skapa ett nyckeltal på 2025-200", "2025-200")],
)
def test_a_new_kpi_is_asked_for_in_swedish_or_english_with_the_contract_after_it(text, argument):
    assert parse_command_with_argument(text) == (Command.NEW_KPI, argument)


def test_reporting_a_kpi_is_still_reporting():
    assert parse_command_with_argument("registrera nyckeltal för Städbolaget")[0] is Command.REPORT_KPI
