"""The rules of segmentation and follow-up plans, without a database: scoring, the Kraljic border, every quadrant,
the override's reason, typed answers and plan settings with their limits, and the commands that reach them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.domain.contracts import Segment
from bot.domain.kpis import Frequency
from bot.domain.new_kpi import InvalidFrequency
from bot.domain.plan_settings import (
    InvalidEscalation,
    MeetingFormEmpty,
    PlanSetting,
    SettingNotNumber,
    SettingOutOfRange,
    parse_setting,
)
from bot.domain.roles import ContractRole
from bot.domain.segmentation import (
    HIGH_RISK_FROM,
    MissingAnswers,
    OverrideReasonMissing,
    Question,
    ShareOutOfRange,
    UnknownAnswer,
    segment_for,
    segment_from_answers,
)
from bot.i18n import Texts
from bot.plan_words import NotASegment, read_option, read_segment, setting_value_text

JUST_BELOW = HIGH_RISK_FROM - Decimal("0.01")


def _answers(**chosen: str) -> dict[Question, str]:
    lowest = {Question.ANNUAL_VALUE: "under_500k", Question.SPEND_SHARE: "under_10", Question.BUDGET_IMPACT: "low",
              Question.ALTERNATIVES: "many", Question.SWITCHING_COST: "low", Question.CRITICALITY: "low"}
    return {**lowest, **{Question(key): option for key, option in chosen.items()}}


@pytest.mark.parametrize(
    ("financial", "supply", "segment"),
    [
        (HIGH_RISK_FROM, HIGH_RISK_FROM, Segment.STRATEGIC),
        (HIGH_RISK_FROM, JUST_BELOW, Segment.LEVERAGE),
        (JUST_BELOW, HIGH_RISK_FROM, Segment.BOTTLENECK),
        (JUST_BELOW, JUST_BELOW, Segment.NON_CRITICAL),
        (Decimal(4), Decimal(1), Segment.LEVERAGE),
        (Decimal(1), Decimal(4), Segment.BOTTLENECK),
    ],
)
def test_a_risk_exactly_at_the_border_is_high_and_just_below_it_low(financial, supply, segment):
    assert HIGH_RISK_FROM == Decimal("2.5")
    assert segment_for(financial, supply) is segment


def test_each_axis_is_the_mean_of_its_three_scores_to_two_places():
    # 3 + 2 + 4 = 9 / 3 = 3.00; 1 + 2 + 2 = 5 / 3 = 1.67
    segmentation = segment_from_answers(_answers(
        annual_value="2m_10m", spend_share="10_25", budget_impact="high",
        alternatives="many", switching_cost="medium", criticality="medium"))
    assert (segmentation.financial_risk, segmentation.supply_risk) == (Decimal("3.00"), Decimal("1.67"))
    assert segmentation.segment is Segment.LEVERAGE


@pytest.mark.parametrize(
    ("chosen", "segment"),
    [
        ({"annual_value": "over_10m", "spend_share": "25_50", "alternatives": "none", "criticality": "high"},
         Segment.STRATEGIC),
        ({"annual_value": "over_10m", "spend_share": "25_50"}, Segment.LEVERAGE),
        ({"alternatives": "none", "switching_cost": "high"}, Segment.BOTTLENECK),
        ({}, Segment.NON_CRITICAL),
    ],
)
def test_every_quadrant_is_reached_from_answers(chosen, segment):
    assert segment_from_answers(_answers(**chosen)).segment is segment


def test_one_high_and_two_medium_answers_make_an_axis_high_but_three_medium_do_not():
    one_high = segment_from_answers(_answers(annual_value="500k_2m", spend_share="10_25", budget_impact="high"))
    all_medium = segment_from_answers(_answers(annual_value="500k_2m", spend_share="10_25", budget_impact="medium"))
    assert (one_high.financial_risk, one_high.segment) == (Decimal("2.67"), Segment.LEVERAGE)
    assert (all_medium.financial_risk, all_medium.segment) == (Decimal("2.00"), Segment.NON_CRITICAL)


def test_the_reason_names_the_answers_on_the_side_each_axis_landed():
    segmentation = segment_from_answers(_answers(
        annual_value="over_10m", spend_share="25_50", budget_impact="low", alternatives="few", criticality="critical"))
    reason = segmentation.reason
    assert (reason.financial_high, reason.financial) == (True, (Question.ANNUAL_VALUE, Question.SPEND_SHARE))
    assert (reason.supply_high, reason.supply) == (False, (Question.ALTERNATIVES, Question.SWITCHING_COST))


def test_every_question_needs_an_answer():
    answers = _answers()
    del answers[Question.CRITICALITY]
    with pytest.raises(MissingAnswers):
        segment_from_answers(answers)


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_an_override_needs_a_stated_reason(reason):
    with pytest.raises(OverrideReasonMissing):
        segment_from_answers(_answers()).overridden_to(Segment.BOTTLENECK, reason)


def test_an_override_keeps_the_scores_and_the_computed_segment():
    overridden = segment_from_answers(_answers()).overridden_to(Segment.BOTTLENECK, "  Ensam   leverantör ")
    assert (overridden.segment, overridden.overridden, overridden.override_reason) == (
        Segment.BOTTLENECK, True, "Ensam leverantör")
    assert overridden.computed_segment is Segment.NON_CRITICAL


@pytest.mark.parametrize(
    ("question", "typed", "option"),
    [
        (Question.ANNUAL_VALUE, "3", "2m_10m"), (Question.ANNUAL_VALUE, "3 mkr", "2m_10m"),
        (Question.ANNUAL_VALUE, "2 000 000 kr", "2m_10m"), (Question.ANNUAL_VALUE, "1 999 999", "500k_2m"),
        (Question.ANNUAL_VALUE, "499 999 kr", "under_500k"), (Question.ANNUAL_VALUE, "12 million", "over_10m"),
        (Question.ANNUAL_VALUE, "2–10 Mkr", "2m_10m"), (Question.ANNUAL_VALUE, "SEK 2–10 million", "2m_10m"),
        (Question.SPEND_SHARE, "25 %", "25_50"), (Question.SPEND_SHARE, "9,5%", "under_10"),
        (Question.BUDGET_IMPACT, "Hög", "high"), (Question.BUDGET_IMPACT, "hog", "high"),
        (Question.BUDGET_IMPACT, "medium", "medium"), (Question.ALTERNATIVES, "en eller två", "one_or_two"),
        (Question.ALTERNATIVES, "a few", "few"), (Question.CRITICALITY, "kritisk", "critical"),
        (Question.CRITICALITY, "4.", "critical"),
    ],
)
def test_an_answer_is_read_from_its_number_its_words_in_either_language_or_an_amount(question, typed, option):
    assert read_option(question, typed) == option


@pytest.mark.parametrize(
    ("question", "typed", "error"),
    [(Question.BUDGET_IMPACT, "4", UnknownAnswer), (Question.CRITICALITY, "kanske", UnknownAnswer),
     (Question.SPEND_SHARE, "120 %", ShareOutOfRange), (Question.ANNUAL_VALUE, "", UnknownAnswer)],
)
def test_a_wrong_answer_is_refused_with_its_reason(question, typed, error):
    with pytest.raises(error):
        read_option(question, typed)


@pytest.mark.parametrize(
    ("typed", "segment"),
    [("flaskhals", Segment.BOTTLENECK), ("Bottleneck", Segment.BOTTLENECK), ("havstang", Segment.LEVERAGE),
     ("non-critical", Segment.NON_CRITICAL), ("1", Segment.STRATEGIC)],
)
def test_a_segment_is_read_in_either_language_or_by_number(typed, segment):
    assert read_segment(typed) is segment


def test_a_word_that_is_no_segment_is_refused():
    with pytest.raises(NotASegment):
        read_segment("viktig")


@pytest.mark.parametrize(
    ("setting", "typed", "value"),
    [
        (PlanSetting.MAX_REMINDERS, "1", 1), (PlanSetting.MAX_REMINDERS, "10", 10),
        (PlanSetting.GRACE_DAYS, "0", 0), (PlanSetting.GRACE_DAYS, "60", 60),
        (PlanSetting.REMINDER_LEAD_DAYS, "30", 30), (PlanSetting.REMINDER_INTERVAL_DAYS, "20", 20),
        (PlanSetting.MEETING_INTERVAL_MONTHS, "24", 24), (PlanSetting.KPI_FREQUENCY, "kvartal", Frequency.QUARTER),
        (PlanSetting.KPI_FREQUENCY, "monthly", Frequency.MONTH),
        (PlanSetting.NOTICE_LEAD_MONTHS, "3, 9 och 6", (9, 6, 3)), (PlanSetting.NOTICE_LEAD_MONTHS, "36", (36,)),
        (PlanSetting.ESCALATION, "processägare, process coordinator", (ContractRole.PROCESS_OWNER,
                                                                        ContractRole.PROCESS_COORDINATOR)),
        (PlanSetting.MEETING_FORM, "  kort   möte ", "kort möte"),
    ],
)
def test_a_plan_setting_takes_values_within_its_limits(setting, typed, value):
    assert parse_setting(setting, typed) == value


@pytest.mark.parametrize(
    ("setting", "typed", "error"),
    [
        (PlanSetting.MAX_REMINDERS, "0", SettingOutOfRange), (PlanSetting.MAX_REMINDERS, "11", SettingOutOfRange),
        (PlanSetting.GRACE_DAYS, "61", SettingOutOfRange), (PlanSetting.REMINDER_LEAD_DAYS, "31", SettingOutOfRange),
        (PlanSetting.REMINDER_INTERVAL_DAYS, "0", SettingOutOfRange),
        (PlanSetting.REMINDER_INTERVAL_DAYS, "21", SettingOutOfRange),
        (PlanSetting.MEETING_INTERVAL_MONTHS, "0", SettingOutOfRange),
        (PlanSetting.MEETING_INTERVAL_MONTHS, "25", SettingOutOfRange),
        (PlanSetting.NOTICE_LEAD_MONTHS, "9, 37", SettingOutOfRange), (PlanSetting.NOTICE_LEAD_MONTHS, "0", SettingOutOfRange),
        (PlanSetting.GRACE_DAYS, "tio", SettingNotNumber), (PlanSetting.GRACE_DAYS, "-1", SettingNotNumber),
        (PlanSetting.KPI_FREQUENCY, "ibland", InvalidFrequency),
        (PlanSetting.ESCALATION, "processägare, chefen", InvalidEscalation),
        (PlanSetting.MEETING_FORM, "  ", MeetingFormEmpty),
    ],
)
def test_a_plan_setting_outside_its_limits_is_refused(setting, typed, error):
    with pytest.raises(error):
        parse_setting(setting, typed)


@pytest.mark.parametrize(
    ("text", "command", "argument"),
    [
        ("segmentera Städbolaget", Command.SEGMENT_SUPPLIER, "Städbolaget"),
        ("Segmentera leverantören 402118-7341", Command.SEGMENT_SUPPLIER, "402118-7341"),
        ("segment supplier Städbolaget", Command.SEGMENT_SUPPLIER, "Städbolaget"),
        ("segmentera", Command.SEGMENT_SUPPLIER, None),
        ("visa uppföljningsplan för 2024-017", Command.SHOW_PLAN, "2024-017"),
        ("visa uppfoljningsplanen for Städbolaget", Command.SHOW_PLAN, "Städbolaget"),
        ("show follow-up plan for 2024-017", Command.SHOW_PLAN, "2024-017"),
        ("ändra uppföljningsplan för 2024-017", Command.CHANGE_PLAN, "2024-017"),
        ("change follow-up plan for Städbolaget", Command.CHANGE_PLAN, "Städbolaget"),
        ("ändra standardplan för flaskhals", Command.CHANGE_DEFAULT_PLAN, "flaskhals"),
        ("change default plan for bottleneck", Command.CHANGE_DEFAULT_PLAN, "bottleneck"),
    ],
)
def test_segmentation_and_plan_commands_are_recognised_in_both_languages(text, command, argument):
    assert parse_command_with_argument(text) == (command, argument)


@pytest.mark.parametrize(("language", "stored", "shown"), [
    ("sv", "uppföljningsmöte", "uppföljningsmöte"),
    ("en", "uppföljningsmöte", "follow-up meeting"),
    ("en", "kort årligt möte", "short yearly meeting"),
    ("en", "frukostmöte hos leverantören", "frukostmöte hos leverantören"),  # a plan's own wording
])
def test_a_plans_meeting_form_is_shown_in_the_users_language_when_it_is_a_known_form(language, stored, shown):
    assert setting_value_text(Texts(language), PlanSetting.MEETING_FORM, stored) == shown
