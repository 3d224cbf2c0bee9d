"""The supplier's quality rating: the components on 1–5, the weighted overall score renormalised over the
components that exist, rounding, the grade in words, the survey's score, quarters, and who may rate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.access import may_rate_supplier
from bot.domain.errors import InvalidInput
from bot.domain.kpis import Frequency, KpiStatus
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole, Party
from bot.domain.supplier_rating import (
    Component,
    Grade,
    ScoreOutOfRange,
    SurveyAnswer,
    WrongRatingPeriod,
    check_score,
    deviation_component,
    follow_up_began,
    grade,
    kpi_component,
    missed,
    overall,
    parse_quarter,
    periods_ending_in,
    quarter_just_ended,
    quarter_of,
    quarters_back,
    ratable_quarters,
    rate,
    rounded,
)
from bot.i18n import Texts
from cards.supplier_rating import history_card, survey_card
from cards.text_view import render_card_text
from tests.support.adaptive_cards import problems

GREEN, YELLOW, RED, LATE = KpiStatus.GREEN, KpiStatus.YELLOW, KpiStatus.RED, False
Q4 = parse_quarter("2026-Q4")


def _answers(*scores: int) -> list[SurveyAnswer]:
    return [SurveyAnswer(score, None, "Anna") for score in scores]


# --- components ------------------------------------------------------------------------------------------

def test_kpi_periods_score_green_5_yellow_3_red_and_late_1_and_a_value_without_status_does_not_count():
    assert kpi_component([GREEN, YELLOW, RED]) == Decimal(3)
    assert kpi_component([GREEN, LATE]) == Decimal(3)
    assert kpi_component([GREEN, None]) == Decimal(5)
    assert kpi_component([None]) is None
    assert kpi_component([]) is None


@pytest.mark.parametrize(("deviations", "score"), [
    ([], Decimal(5)),
    ([("låg", False)], Decimal("4.5")),
    ([("medel", False)], Decimal(4)),
    ([("hög", False)], Decimal(3)),
    ([("hög", True)], Decimal("2.5")),  # a complaint weighs half a point more
    ([("hög", False), ("hög", False)], Decimal(1)),  # exactly at the floor
    ([("hög", True)] * 5, Decimal(1)),  # never below 1
])
def test_deviations_take_a_penalty_by_severity_from_5_never_below_1(deviations, score):
    assert deviation_component(deviations) == score


# --- overall -------------------------------------------------------------------------------------------------

def test_a_missing_report_counts_only_from_when_the_kpis_follow_up_began():
    today = date(2026, 11, 23)
    march, october = parse_quarter("2026-Q1"), parse_quarter("2026-Q3")  # both long past their grace days
    began = follow_up_began(first_reported=parse_quarter("2026-Q2"), registered_on=date(2026, 11, 1))
    assert began == date(2026, 4, 1)  # the first reported period began before the KPI was registered
    assert not missed(march, began, today, grace_days=10) and missed(october, began, today, grace_days=10)
    assert follow_up_began(None, date(2026, 8, 15)) == date(2026, 8, 15)  # never reported: since registered
    assert missed(october, date(2026, 8, 15), today, grace_days=10)
    assert not missed(october, None, date(2026, 10, 5), grace_days=10)  # still inside its grace days
    assert missed(march, None, today, grace_days=10)  # nothing known about when it began: every period counts


def test_overall_weighs_kpi_40_deviations_30_and_own_rating_30_percent():
    components = {Component.KPI: Decimal(5), Component.DEVIATIONS: Decimal(3), Component.SURVEY: Decimal(1)}
    assert overall(components) == Decimal("3.2")  # 2.0 + 0.9 + 0.3


def test_a_missing_component_renormalises_the_weights_of_the_others():
    assert overall({Component.KPI: Decimal(5), Component.DEVIATIONS: None, Component.SURVEY: Decimal(2)}) == (
        (Decimal("0.4") * 5 + Decimal("0.3") * 2) / Decimal("0.7"))
    assert overall({Component.KPI: None, Component.DEVIATIONS: None, Component.SURVEY: Decimal(4)}) == Decimal(4)
    assert overall({Component.KPI: None, Component.DEVIATIONS: None, Component.SURVEY: None}) is None


@pytest.mark.parametrize(("score", "shown"), [
    (Decimal("3.15"), Decimal("3.2")),  # half up, not to even
    (Decimal("3.25"), Decimal("3.3")),
    (Decimal("3.249"), Decimal("3.2")),
    (Decimal(26) / 7, Decimal("3.7")),
])
def test_scores_are_rounded_half_up_to_one_decimal(score, shown):
    assert rounded(score) == shown


@pytest.mark.parametrize(("score", "expected"), [
    (Decimal("5.0"), Grade.VERY_GOOD), (Decimal("4.5"), Grade.VERY_GOOD), (Decimal("4.4"), Grade.GOOD),
    (Decimal("3.5"), Grade.GOOD), (Decimal("3.4"), Grade.PASSED), (Decimal("2.5"), Grade.PASSED),
    (Decimal("2.4"), Grade.POOR), (Decimal("1.5"), Grade.POOR), (Decimal("1.4"), Grade.FAILED),
    (Decimal("1.0"), Grade.FAILED),
])
def test_the_grade_in_words_follows_the_overall_score_at_its_boundaries(score, expected):
    assert grade(score) is expected


def test_the_grades_have_words_in_swedish_and_english():
    assert [Texts("sv")(f"rating.grade.{g.value}") for g in Grade] == [
        "Mycket bra", "Bra", "Godkänd", "Bristfällig", "Underkänd"]
    assert [Texts("en")(f"rating.grade.{g.value}") for g in Grade] == [
        "Very good", "Good", "Acceptable", "Poor", "Failed"]


def test_a_quarter_is_rated_from_what_it_holds_rounded_and_named():
    rating = rate(7, Q4, [GREEN, LATE, None], [("hög", True)], _answers(4, 5))
    assert rating.components == {Component.KPI: Decimal("3.0"), Component.DEVIATIONS: Decimal("2.5"),
                                 Component.SURVEY: Decimal("4.5")}
    assert rating.score == Decimal("3.3")  # 1.2 + 0.75 + 1.35 = 3.3
    assert rating.grade is Grade.PASSED
    assert (rating.period, rating.kpi_periods, rating.deviation_count, len(rating.answers)) == ("2026-Q4", 2, 1, 2)


def test_a_quarter_with_nothing_has_no_rating_and_a_clean_record_needs_other_evidence():
    assert rate(7, Q4, [], [], []).score is None
    assert rate(7, Q4, [], [], []).grade is None
    only_answers = rate(7, Q4, [], [], _answers(2))
    assert only_answers.components[Component.DEVIATIONS] == Decimal("5.0")  # no deviations beside an answer
    assert only_answers.score == Decimal("3.5")  # (0.3·5 + 0.3·2) / 0.6
    only_deviation = rate(7, Q4, [], [("medel", False)], [])
    assert (only_deviation.score, only_deviation.components[Component.KPI]) == (Decimal("4.0"), None)


# --- the survey's score ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["1", "5", " 3 ", 4])
def test_a_survey_score_is_1_to_5(value):
    assert check_score(value) == int(str(value).strip())


@pytest.mark.parametrize("value", ["0", "6", "9", "-1", "4.5", "", "fyra", "1 OR 1=1", "٣"])
def test_anything_else_is_refused_as_a_score(value):
    with pytest.raises(ScoreOutOfRange):
        check_score(value)


# --- quarters -------------------------------------------------------------------------------------------------

def test_quarters_count_across_the_change_of_year():
    assert quarter_of(date(2026, 12, 31)).label == "2026-Q4"
    assert quarter_just_ended(date(2027, 1, 1)).label == "2026-Q4"
    assert quarter_just_ended(date(2026, 4, 1)).label == "2026-Q1"
    assert [q.label for q in quarters_back(parse_quarter("2027-Q2"), 4)] == ["2027-Q2", "2027-Q1", "2026-Q4",
                                                                              "2026-Q3"]
    assert len(quarters_back(Q4)) == 8
    assert [q.label for q in ratable_quarters(date(2027, 1, 15))] == ["2027-Q1", "2026-Q4"]


def test_a_quarter_is_written_2026_q4_and_anything_else_is_refused():
    assert parse_quarter("2026-K4") == Q4
    assert parse_quarter(" 2026-q4 ") == Q4
    for wrong in ("2026-12", "2026", "Q4", "2026-Q5", "'; drop"):
        with pytest.raises(WrongRatingPeriod):
            parse_quarter(wrong)
    assert issubclass(WrongRatingPeriod, InvalidInput)


def test_the_kpi_periods_of_a_quarter_are_those_that_end_in_it():
    assert [p.label for p in periods_ending_in(Q4, Frequency.MONTH)] == ["2026-10", "2026-11", "2026-12"]
    assert [p.label for p in periods_ending_in(Q4, Frequency.QUARTER)] == ["2026-Q4"]
    assert [p.label for p in periods_ending_in(Q4, Frequency.HALF_YEAR)] == ["2026-H2"]
    assert [p.label for p in periods_ending_in(Q4, Frequency.YEAR)] == ["2026"]
    assert periods_ending_in(parse_quarter("2026-Q3"), Frequency.YEAR) == []
    assert periods_ending_in(parse_quarter("2026-Q1"), Frequency.HALF_YEAR) == []


# --- who may rate -------------------------------------------------------------------------------------------

def _person(role: GlobalRole, party: Party | None = Party.BUSINESS_UNIT, supplier_id: int | None = None,
            roles: dict | None = None) -> Person:
    return Person(id=1, name="N", email=None, global_role=role, party=party, supplier_id=supplier_id,
                  contract_roles=roles or {})


@pytest.mark.parametrize(("person", "may"), [
    (_person(GlobalRole.ADMINISTRATOR), True),
    (_person(GlobalRole.COORDINATOR, Party.PROCUREMENT), True),
    (_person(GlobalRole.EMPLOYEE, roles={3: frozenset({ContractRole.PROCESS_OWNER})}), True),
    (_person(GlobalRole.EMPLOYEE, roles={3: frozenset({ContractRole.DECISION_MAKER})}), True),  # on the team
    (_person(GlobalRole.EMPLOYEE, roles={9: frozenset({ContractRole.PROCESS_OWNER})}), False),  # another supplier's
    (_person(GlobalRole.EMPLOYEE), False),
    (_person(GlobalRole.SUPPLIER, Party.SUPPLIER, supplier_id=7, roles={3: frozenset({ContractRole.SUPPLIER_CONTACT})}),
     False),
    (_person(GlobalRole.ADMINISTRATOR, Party.SUPPLIER, supplier_id=7), False),  # a supplier's people never rate
])
def test_the_municipalitys_people_on_the_team_coordinators_and_administrators_may_rate(person, may):
    assert may_rate_supplier(person, [3, 4]) is may


# --- the cards ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_survey_and_rating_cards_are_sound_and_read_in_the_terminal_chat(language):
    texts = Texts(language)
    survey = survey_card(texts, 7, "Städbolaget Exempel AB", "2026-Q4", given_score=3)
    ratings = tuple(rate(7, quarter, [GREEN], [("låg", False)], [SurveyAnswer(4, "x" * 1000, "Anna")] * 12)
                    for quarter in quarters_back(Q4))
    history = history_card(texts, "Städbolaget Exempel AB", ratings, "2026-Q4", names_shown=True)
    assert problems(survey) == [] and problems(history) == []
    assert len(str(history).encode()) < 80 * 1024  # eight quarters of long comments stay under Teams' limit
    view = render_card_text(survey, lang=language)
    [score, comment] = view.inputs
    assert (score.id, score.kind, score.required, score.value) == ("score", "choice", True, "3")
    assert score.choices[0] == ("5 – mycket nöjd" if language == "sv" else "5 – very satisfied", "5")
    assert (comment.id, comment.kind) == ("comment", "text")
    assert [button.kind for button in view.actions] == ["execute"]
