"""KPI rules: periods (due, late, future) for every frequency across year ends, and status and trend."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.kpis import Direction, Frequency, KpiStatus, Period, Thresholds, due_period, is_future, is_late, trend

M, Q, H, Y = Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR


@pytest.mark.parametrize(
    ("label", "frequency", "start", "end"),
    [
        ("2026-03", M, date(2026, 3, 1), date(2026, 3, 31)),
        ("2024-02", M, date(2024, 2, 1), date(2024, 2, 29)),
        ("2026-Q4", Q, date(2026, 10, 1), date(2026, 12, 31)),
        ("2026-q1", Q, date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-K2", Q, date(2026, 4, 1), date(2026, 6, 30)),  # kvartal, as Swedes write it
        ("2026-H2", H, date(2026, 7, 1), date(2026, 12, 31)),
        ("2026", Y, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_a_period_label_gives_its_frequency_and_dates(label, frequency, start, end):
    period = Period.parse(label)
    assert (period.frequency, period.start, period.end) == (frequency, start, end)
    assert Period.parse(period.label) == period


@pytest.mark.parametrize("label", ["2026-13", "2026-Q5", "2026-H3", "26-03", "mars", "2026-3", ""])
def test_a_label_that_is_no_period_is_refused(label):
    with pytest.raises(InvalidInput):
        Period.parse(label)


def test_a_label_of_another_frequency_is_refused_when_the_kpi_has_one():
    with pytest.raises(InvalidInput):
        Period.parse("2026-03", Q)


@pytest.mark.parametrize(
    ("frequency", "today", "due"),
    [
        (M, date(2026, 1, 5), "2025-12"),
        (M, date(2026, 3, 31), "2026-02"),
        (Q, date(2026, 1, 1), "2025-Q4"),
        (Q, date(2026, 4, 1), "2026-Q1"),
        (H, date(2026, 6, 30), "2025-H2"),
        (H, date(2026, 7, 1), "2026-H1"),
        (Y, date(2026, 1, 1), "2025"),
        (Y, date(2026, 12, 31), "2025"),
    ],
)
def test_the_due_period_is_the_last_one_that_has_ended(frequency, today, due):
    assert due_period(frequency, today).label == due


@pytest.mark.parametrize(
    ("label", "today", "grace", "late"),
    [
        ("2025-12", date(2026, 1, 10), 10, False),
        ("2025-12", date(2026, 1, 11), 10, True),
        ("2025-Q4", date(2026, 1, 10), 10, False),
        ("2025-H2", date(2026, 1, 11), 10, True),
        ("2025", date(2026, 1, 30), 30, False),
        ("2025", date(2026, 1, 31), 30, True),
    ],
)
def test_a_missing_value_is_late_after_the_grace_days(label, today, grace, late):
    assert is_late(Period.parse(label), today, grace) is late


def test_a_period_that_has_not_started_is_in_the_future():
    today = date(2026, 12, 31)
    assert not is_future(Period.parse("2026-12"), today)
    assert is_future(Period.parse("2027-01"), today)
    assert is_future(Period.parse("2027-Q1"), today) and not is_future(Period.parse("2026-H2"), today)


@pytest.mark.parametrize(
    ("label", "steps", "expected"),
    [("2026-12", 1, "2027-01"), ("2026-01", -1, "2025-12"), ("2026-Q4", 1, "2027-Q1"), ("2026-Q1", -5, "2024-Q4"),
     ("2026-H2", 1, "2027-H1"), ("2026", -2, "2024")],
)
def test_periods_step_across_year_ends(label, steps, expected):
    assert Period.parse(label).shifted(steps).label == expected


@pytest.mark.parametrize(
    ("thresholds", "value", "status"),
    [
        (Thresholds(Decimal(95)), Decimal(95), KpiStatus.GREEN),
        (Thresholds(Decimal(95)), Decimal("94.9"), KpiStatus.YELLOW),
        (Thresholds(Decimal(95), red=Decimal(90)), Decimal(90), KpiStatus.YELLOW),
        (Thresholds(Decimal(95), red=Decimal(90)), Decimal("89.9"), KpiStatus.RED),
        (Thresholds(Decimal(95), yellow=Decimal(90), red=Decimal(85)), Decimal(91), KpiStatus.YELLOW),
        (Thresholds(Decimal(95), yellow=Decimal(90), red=Decimal(85)), Decimal(87), KpiStatus.YELLOW),
        (Thresholds(Decimal(95), yellow=Decimal(90)), Decimal(89), KpiStatus.RED),
        (Thresholds(None, yellow=Decimal(90)), Decimal(90), KpiStatus.GREEN),
        (Thresholds(Decimal(2), Direction.LOWER, yellow=Decimal(4)), Decimal(5), KpiStatus.RED),
        (Thresholds(Decimal(2), Direction.LOWER), Decimal(2), KpiStatus.GREEN),
        (Thresholds(Decimal(2), Direction.LOWER, red=Decimal(5)), Decimal(5), KpiStatus.YELLOW),
        (Thresholds(Decimal(2), Direction.LOWER, red=Decimal(5)), Decimal(6), KpiStatus.RED),
        (Thresholds(None), Decimal(6), None),
    ],
)
def test_status_against_target_in_both_directions(thresholds, value, status):
    assert thresholds.status(value) is status


def test_the_trend_counts_periods_off_target_in_a_row_and_the_change():
    thresholds = Thresholds(Decimal(95), red=Decimal(85))
    values = [(Period.parse(p), Decimal(v)) for p, v in
              [("2026-01", 96), ("2026-02", 84), ("2026-03", 92), ("2026-04", 91)]]
    result = trend(thresholds, list(reversed(values)))
    assert (result.status, result.change, result.periods_in_a_row) == (KpiStatus.YELLOW, Decimal(-1), 3)
    lower = trend(Thresholds(Decimal(3), Direction.LOWER), [(Period.parse("2026-Q1"), Decimal(2))])
    assert (lower.status, lower.change, lower.periods_in_a_row) == (KpiStatus.GREEN, None, 1)
    assert trend(thresholds, []) is None
