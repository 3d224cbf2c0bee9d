"""The figures of a summary, from plain facts: a KPI's state, sparkline and movement, the actions listed, the
decisions that stand, this year's deviations, the sanctions ladder's state, the meetings, and a supplier's
contracts rolled up worst first; and the commands that ask for a summary."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.domain.actions import Action, ActionStatus
from bot.domain.decisions import Decision
from bot.domain.deviations import Severity
from bot.domain.kpis import (
    Direction,
    Frequency,
    KpiContract,
    KpiDefinition,
    KpiStatus,
    KpiValue,
    Period,
    Thresholds,
)
from bot.domain.reminder_content import Meeting
from bot.domain.sanctions import Sanction, SanctionStep
from bot.domain.summary import (
    KpiState,
    Movement,
    action_figures,
    deviation_figures,
    kpi_figure,
    kpi_state,
    last_held,
    latest_decisions,
    movement,
    next_planned,
    sanction_figures,
    sparkline,
    worst_state,
)

TODAY = date(2026, 11, 23)
CONTRACT = KpiContract(1, "2024-017", "Drift", 1, "Driftpartner")


def _kpi(direction: Direction = Direction.HIGHER) -> KpiDefinition:
    return KpiDefinition(1, CONTRACT, "Leveransprecision", "%", Frequency.MONTH, Thresholds(Decimal(95), direction))


def _values(*numbers: int) -> list[KpiValue]:
    return [KpiValue(Period(2026, month, Frequency.MONTH), Decimal(number)) for month, number in enumerate(numbers, 1)]


def test_a_sparkline_spans_the_lowest_to_the_highest_value_shown():
    assert sparkline([Decimal(1), Decimal(5), Decimal(9)]) == "▁▅█"
    assert sparkline([Decimal(7)] * 3) == "▄▄▄"
    assert sparkline([]) == ""


def test_the_movement_is_better_or_worse_by_the_kpis_direction():
    up = [Decimal(3), Decimal(5)]
    assert movement(up, Direction.HIGHER) is Movement.BETTER
    assert movement(up, Direction.LOWER) is Movement.WORSE
    assert movement([Decimal(5), Decimal(5)], Direction.LOWER) is Movement.SAME
    assert movement([Decimal(5)], Direction.HIGHER) is None


def test_late_outranks_the_status_and_no_value_or_no_target_are_their_own_states():
    assert kpi_state(True, KpiStatus.GREEN, late=True) is KpiState.LATE
    assert kpi_state(False, None, late=False) is KpiState.NO_VALUE
    assert kpi_state(True, None, late=False) is KpiState.NO_TARGET
    assert kpi_state(True, KpiStatus.RED, late=False) is KpiState.RED


def test_a_kpis_trend_shows_at_most_the_last_twelve_periods_oldest_first():
    values = list(reversed(_values(*range(80, 96))))  # 16 periods, given newest first
    figure = kpi_figure(_kpi(), values, KpiStatus.GREEN, False, "2026-10")
    assert len(figure.sparkline) == 12 and figure.sparkline[0] == "▁" and figure.sparkline[-1] == "█"
    assert figure.latest.value == 95 and figure.movement is Movement.BETTER


def test_the_worst_state_is_red_then_late_then_yellow():
    assert worst_state([KpiState.GREEN, KpiState.YELLOW, KpiState.LATE]) is KpiState.LATE
    assert worst_state([KpiState.GREEN, KpiState.RED, KpiState.LATE]) is KpiState.RED
    assert worst_state([]) is None


def test_open_actions_are_counted_and_overdue_ones_listed_first():
    actions = [
        Action(1, 1, "senare", None, date(2026, 12, 1)),
        Action(2, 1, "utan datum", None, None),
        Action(3, 1, "sen", None, date(2026, 11, 1), ActionStatus.IN_PROGRESS),
        Action(4, 1, "klar", None, date(2026, 10, 1), ActionStatus.DONE),
        Action(5, 1, "i dag", None, TODAY),
    ]
    figures = action_figures(actions, TODAY)
    assert (figures.open, figures.overdue) == (4, 1)
    assert [action.title for action in figures.listed] == ["sen", "i dag", "senare", "utan datum"]


def test_the_latest_decisions_leave_out_the_ones_corrected():
    decisions = [Decision(1, 1, date(2026, 1, 1), "ett"), Decision(2, 1, date(2026, 2, 1), "två"),
                 Decision(3, 1, date(2026, 3, 1), "tre"), Decision(4, 1, date(2026, 3, 2), "tre rättad", corrects_id=3),
                 Decision(5, 1, date(2026, 4, 1), "fyra")]
    assert [decision.what for decision in latest_decisions(decisions)] == ["fyra", "tre rättad", "två"]


def test_deviations_are_counted_for_this_year_by_severity():
    figures = deviation_figures([(date(2025, 12, 31), Severity.HIGH), (date(2026, 1, 1), Severity.HIGH),
                                 (date(2026, 5, 1), Severity.LOW)], TODAY)
    assert (figures.year, figures.count) == (2026, 2)
    assert figures.by_severity == ((Severity.HIGH, 1), (Severity.MEDIUM, 0), (Severity.LOW, 1))


def test_the_sanctions_ladder_state_is_the_latest_step_decided():
    assert sanction_figures([]).latest_step is None
    figures = sanction_figures([Sanction(1, SanctionStep.WITHHELD_PAYMENT, date(2026, 6, 1), "x"),
                                Sanction(1, SanctionStep.WRITTEN_NOTICE, date(2026, 2, 1), "x")])
    assert (figures.count, figures.latest_step, figures.latest_on) == (2, SanctionStep.WITHHELD_PAYMENT, date(2026, 6, 1))


def test_the_last_held_and_the_next_planned_meeting():
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    meetings = [Meeting(1, 1, "uppföljningsmöte", datetime(2026, 9, 1, 8, tzinfo=UTC), "genomfört"),
                Meeting(2, 1, "uppföljningsmöte", datetime(2026, 10, 1, 8, tzinfo=UTC), "genomfört"),
                Meeting(3, 1, "uppföljningsmöte", datetime(2026, 11, 1, 8, tzinfo=UTC), "planerat"),  # never held
                Meeting(4, 1, "uppföljningsmöte", datetime(2027, 1, 10, 8, tzinfo=UTC), "planerat"),
                Meeting(5, 1, "uppföljningsmöte", datetime(2026, 12, 10, 8, tzinfo=UTC), "planerat"),
                Meeting(6, 1, "uppföljningsmöte", datetime(2026, 12, 1, 8, tzinfo=UTC), "inställt")]
    assert last_held(meetings).id == 2
    assert next_planned(meetings, now).id == 5
    assert last_held([]) is None and next_planned([], now) is None


@pytest.mark.parametrize(("text", "argument"), [
    ("sammanfattning för avtal 2024-017", "2024-017"),
    ("Sammanfattning för Städbolaget", "Städbolaget"),
    ("sammanfatta Stadbolaget", "Stadbolaget"),
    ("visa sammanfattningen av leverantören 402118-7341", "402118-7341"),
    ("summary of contract 2024-017", "2024-017"),
    ("summarise Städbolaget", "Städbolaget"),
    ("summarize the supplier Städbolaget!", "Städbolaget"),
    ("sammanfattning", None),
    ("summary", None),
])
def test_a_summary_is_asked_for_in_swedish_or_english(text, argument):
    assert parse_command_with_argument(text) == (Command.SUMMARY, argument)


def test_a_checklist_of_the_summary_part_is_still_the_checklist():
    assert parse_command_with_argument("checklista sammanfattning för 2024-017")[0] is Command.CHECKLIST
