"""A supplier's quality rating per quarter ("2026-Q4"): the customer-satisfaction survey (Nöjd kund) and the
overall score made of three components, each on the scale 1–5.

- KPI: every KPI period of the supplier's contracts that ended inside the quarter (the three months of a
  monthly KPI, the quarter of a quarterly one, a half-year or year that ends in it) counts once: a value with
  status green 5, yellow 3, red 1; a value without a status (no target) does not count; a missing value counts
  1 once its grace days have passed (a late report), and not at all before; nor for a period that ended before
  the follow-up of the KPI began (its first reported period, or the day it was registered, whichever is first),
  since nobody asked for it then. The component is their mean.
- Deviations: 5 minus a penalty per deviation that occurred in the quarter, by severity (låg 0.5, medel 1,
  hög 2; a complaint (reklamation) adds 0.5), never below 1. It exists when the quarter had a deviation, or when
  another component exists (no deviations beside KPI values or survey answers is a clean record); a quarter
  with nothing at all has no rating.
- Own rating: the mean of the survey answers ("Hur nöjd är du med leverantören?", 1–5) of the quarter.

Overall: the weighted mean of the components that exist, KPI 40 %, deviations 30 %, own rating 30 %, the
weights renormalised over those that exist. Scores are rounded half up to one decimal, and the overall score is
named: 4.5 and above "Mycket bra", 3.5 "Bra", 2.5 "Godkänd", 1.5 "Bristfällig", below that "Underkänd".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.domain.errors import InvalidInput
from bot.domain.kpis import Frequency, KpiStatus, Period, is_late

LOWEST, HIGHEST = 1, 5
HISTORY_QUARTERS = 8
SURVEY_MAX_REMINDERS = 2


class Component(StrEnum):
    KPI = "kpi"
    DEVIATIONS = "deviations"
    SURVEY = "survey"


WEIGHTS: Mapping[Component, Decimal] = {
    Component.KPI: Decimal("0.4"), Component.DEVIATIONS: Decimal("0.3"), Component.SURVEY: Decimal("0.3"),
}
KPI_SCORES: Mapping[KpiStatus | None, int] = {KpiStatus.GREEN: 5, KpiStatus.YELLOW: 3, KpiStatus.RED: 1}
LATE_REPORT_SCORE = 1
SEVERITY_PENALTY: Mapping[str, Decimal] = {"låg": Decimal("0.5"), "medel": Decimal(1), "hög": Decimal(2)}
COMPLAINT_PENALTY = Decimal("0.5")


class Grade(StrEnum):
    VERY_GOOD = "very_good"  # Mycket bra
    GOOD = "good"  # Bra
    PASSED = "passed"  # Godkänd
    POOR = "poor"  # Bristfällig
    FAILED = "failed"  # Underkänd


_GRADE_FLOORS = ((Decimal("4.5"), Grade.VERY_GOOD), (Decimal("3.5"), Grade.GOOD), (Decimal("2.5"), Grade.PASSED),
                 (Decimal("1.5"), Grade.POOR))


class ScoreOutOfRange(InvalidInput):
    code = "rating.error.score"


class WrongRatingPeriod(InvalidInput):
    code = "rating.error.period"


# --- quarters -------------------------------------------------------------------------------------------

def quarter_of(day: date) -> Period:
    return Period.containing(day, Frequency.QUARTER)


def quarter_just_ended(day: date) -> Period:
    return quarter_of(day).shifted(-1)


def parse_quarter(label: str) -> Period:
    """"2026-Q4" (also "2026-K4"); anything else is `WrongRatingPeriod`."""
    try:
        return Period.parse(label, Frequency.QUARTER)
    except InvalidInput:
        raise WrongRatingPeriod(value=label.strip()[:20]) from None


def quarters_back(latest: Period, count: int = HISTORY_QUARTERS) -> list[Period]:
    """`latest` and the quarters before it, newest first."""
    return [latest.shifted(-steps) for steps in range(count)]


def ratable_quarters(today: date) -> tuple[Period, Period]:
    """A survey answer is for the quarter under way or the one just ended (the survey reminders ask for it)."""
    return quarter_of(today), quarter_just_ended(today)


def periods_ending_in(quarter: Period, frequency: Frequency) -> list[Period]:
    """A KPI's reporting periods that end inside `quarter`."""
    last = Period.containing(quarter.end, frequency)
    periods = [last]
    while (earlier := periods[-1].shifted(-1)).end >= quarter.start:
        periods.append(earlier)
    return [period for period in reversed(periods) if quarter.start <= period.end <= quarter.end]


# --- the survey -------------------------------------------------------------------------------------------

def check_score(value: object) -> int:
    """A survey answer 1–5, as typed or submitted ("4", 4); `ScoreOutOfRange` otherwise."""
    text = str(value).strip()
    if not (len(text) == 1 and text in "12345"):  # ASCII digits only: "٣".isdigit() is true too
        raise ScoreOutOfRange(value=text[:10])
    return int(text)


@dataclass(frozen=True)
class SurveyAnswer:
    score: int
    comment: str | None
    rated_by: str | None  # the name; None when erased or the contact is gone
    rated_by_id: int | None = None


# --- the components ----------------------------------------------------------------------------------------

def follow_up_began(first_reported: Period | None, registered_on: date | None) -> date | None:
    """The day reports of a KPI were first asked for: its first reported period's start or its registration,
    whichever is first; None when neither is known."""
    days = [day for day in (first_reported.start if first_reported else None, registered_on) if day is not None]
    return min(days, default=None)


def missed(period: Period, began: date | None, today: date, grace_days: int) -> bool:
    """A period without a value is a late report once its grace days have passed, unless it ended before the
    KPI's follow-up began."""
    return is_late(period, today, grace_days) and (began is None or period.end >= began)


def kpi_component(outcomes: Iterable[KpiStatus | None | bool]) -> Decimal | None:
    """The mean score of the quarter's KPI periods: a status, None for a value without one (not counted), or
    False for a late report."""
    scores = [LATE_REPORT_SCORE if outcome is False else KPI_SCORES[outcome]
              for outcome in outcomes if outcome is False or outcome in KPI_SCORES]
    return _mean(scores)


def deviation_component(deviations: Iterable[tuple[str, bool]]) -> Decimal:
    """5 minus the penalty of the quarter's deviations (severity, complaint or not), never below 1."""
    penalty = sum((SEVERITY_PENALTY.get(severity, Decimal(1)) + (COMPLAINT_PENALTY if complaint else 0)
                   for severity, complaint in deviations), Decimal(0))
    return max(Decimal(LOWEST), Decimal(HIGHEST) - penalty)


def survey_component(scores: Iterable[int]) -> Decimal | None:
    return _mean(list(scores))


def overall(components: Mapping[Component, Decimal | None]) -> Decimal | None:
    """The weighted mean of the components that exist, the weights renormalised over them; None for none."""
    present = {component: score for component, score in components.items() if score is not None}
    if not present:
        return None
    weight = sum(WEIGHTS[component] for component in present)
    return sum(WEIGHTS[component] * score for component, score in present.items()) / weight


def rounded(score: Decimal | None) -> Decimal | None:
    return None if score is None else score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def grade(score: Decimal) -> Grade:
    return next((grade for floor, grade in _GRADE_FLOORS if score >= floor), Grade.FAILED)


@dataclass(frozen=True)
class SupplierRating:
    """One supplier's rating for one quarter; `score` None when there is nothing to rate it by."""

    supplier_id: int
    period: str
    score: Decimal | None
    components: Mapping[Component, Decimal | None]
    answers: tuple[SurveyAnswer, ...] = ()
    deviation_count: int = 0
    kpi_periods: int = 0  # KPI periods that counted

    @property
    def grade(self) -> Grade | None:
        return grade(self.score) if self.score is not None else None


def rate(supplier_id: int, period: Period, kpi_outcomes: Sequence[KpiStatus | None | bool],
         deviations: Sequence[tuple[str, bool]], answers: Sequence[SurveyAnswer]) -> SupplierRating:
    """The quarter's rating from what it holds."""
    kpi = kpi_component(kpi_outcomes)
    survey = survey_component(answer.score for answer in answers)
    clean = deviations or kpi is not None or survey is not None
    components = {Component.KPI: kpi, Component.DEVIATIONS: deviation_component(deviations) if clean else None,
                  Component.SURVEY: survey}
    return SupplierRating(
        supplier_id=supplier_id, period=period.label, score=rounded(overall(components)),
        components={component: rounded(score) for component, score in components.items()},
        answers=tuple(answers), deviation_count=len(deviations),
        kpi_periods=sum(1 for outcome in kpi_outcomes if outcome is False or outcome in KPI_SCORES),
    )


def _mean(scores: Sequence[int]) -> Decimal | None:
    return Decimal(sum(scores)) / len(scores) if scores else None
