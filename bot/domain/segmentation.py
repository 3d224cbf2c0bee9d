"""Segmentation of a supplier in the Kraljic matrix: six questions on small closed scales, scored 1–4, two risk
axes and the quadrant they place the supplier in.

Financial risk (finansiell risk) is the mean of the scores of the yearly contract value, the contract's share of
the category's spend and the budget impact of a price rise; supply risk (leveransrisk) the mean of the number of
alternative suppliers, the cost and time of switching, and how critical the delivery is for the operation.

How each answer scores (the options in the order they are offered):

| question | 1 | 2 | 3 | 4 |
|---|---|---|---|---|
| yearly value (SEK) | < 500 000 | 500 000 – 2 Mkr | 2 – 10 Mkr | > 10 Mkr |
| share of the category's spend | < 10 % | 10 – 25 % | 25 – 50 % | > 50 % |
| budget impact of a price rise | låg | medel | – | hög |
| alternative suppliers | many | a few | one or two | none |
| switching cost and time | låg | medel | – | hög |
| criticality for the operation | låg | medel | hög | kritisk |

The three-step answers put "hög" at the top of the scale and "medel" just below the border: one "hög" with two
"medel" (4 + 2 + 2) is a high risk, three "medel" are not. A band's lower bound belongs to it (exactly 2 Mkr is
2 – 10 Mkr). An axis is high from `HIGH_RISK_FROM` up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.domain.contracts import Segment
from bot.domain.errors import InvalidAmount, InvalidInput
from bot.domain.text import fold
from bot.domain.typed_input import parse_amount_sek

HIGH_RISK_FROM = Decimal("2.5")  # the border between low and high on both axes; a mean at it is high
OVERRIDE_REASON_MAX_LENGTH = 1000


class Question(StrEnum):
    ANNUAL_VALUE = "annual_value"
    SPEND_SHARE = "spend_share"
    BUDGET_IMPACT = "budget_impact"
    ALTERNATIVES = "alternatives"
    SWITCHING_COST = "switching_cost"
    CRITICALITY = "criticality"


FINANCIAL_QUESTIONS = (Question.ANNUAL_VALUE, Question.SPEND_SHARE, Question.BUDGET_IMPACT)
SUPPLY_QUESTIONS = (Question.ALTERNATIVES, Question.SWITCHING_COST, Question.CRITICALITY)
QUESTIONS = FINANCIAL_QUESTIONS + SUPPLY_QUESTIONS

_THREE_STEPS = {"low": 1, "medium": 2, "high": 4}
SCORES: dict[Question, dict[str, int]] = {  # each question's options, in the order offered, and their scores
    Question.ANNUAL_VALUE: {"under_500k": 1, "500k_2m": 2, "2m_10m": 3, "over_10m": 4},
    Question.SPEND_SHARE: {"under_10": 1, "10_25": 2, "25_50": 3, "over_50": 4},
    Question.BUDGET_IMPACT: _THREE_STEPS,
    Question.ALTERNATIVES: {"many": 1, "few": 2, "one_or_two": 3, "none": 4},
    Question.SWITCHING_COST: _THREE_STEPS,
    Question.CRITICALITY: {"low": 1, "medium": 2, "high": 3, "critical": 4},
}
_VALUE_BANDS = ((Decimal(500_000), "under_500k"), (Decimal(2_000_000), "500k_2m"), (Decimal(10_000_000), "2m_10m"))
_SHARE_BANDS = ((Decimal(10), "under_10"), (Decimal(25), "10_25"), (Decimal(50), "25_50"))
_TWO_PLACES = Decimal("0.01")


class UnknownAnswer(InvalidInput):
    """The answer is none of the question's options."""

    code = "segment.error.answer"


class ShareOutOfRange(InvalidInput):
    code = "segment.error.share"


class MissingAnswers(InvalidInput):
    code = "segment.error.missing"


class OverrideReasonMissing(InvalidInput):
    code = "segment.error.override_reason"


class OverrideReasonTooLong(InvalidInput):
    code = "segment.error.override_reason_length"


@dataclass(frozen=True)
class Reason:
    """Which answers placed the supplier: per axis, those on the side of the border the axis landed on."""

    financial: tuple[Question, ...]
    supply: tuple[Question, ...]
    financial_high: bool
    supply_high: bool


@dataclass(frozen=True)
class Segmentation:
    segment: Segment
    financial_risk: Decimal
    supply_risk: Decimal
    answers: Mapping[Question, str]
    reason: Reason
    overridden: bool = False
    override_reason: str | None = None

    @property
    def computed_segment(self) -> Segment:
        return segment_for(self.financial_risk, self.supply_risk)

    def overridden_to(self, segment: Segment, reason: str) -> Segmentation:
        """The coordinator's segment in place of the computed one, with why; the scores stay."""
        return replace(self, segment=segment, overridden=True, override_reason=stated_reason(reason))


@dataclass(frozen=True)
class SegmentRecord:
    """One segmentation of a supplier's history as stored (older ones may have no scores)."""

    segment: Segment
    financial_risk: Decimal | None
    supply_risk: Decimal | None
    reason: str | None
    overridden: bool
    decided_at: datetime
    decided_by: str | None


def stated_reason(text: str | None) -> str:
    """Why a coordinator overrides the computed segment: required, one paragraph."""
    stated = " ".join((text or "").split())
    if not stated:
        raise OverrideReasonMissing()
    if len(stated) > OVERRIDE_REASON_MAX_LENGTH:
        raise OverrideReasonTooLong(max_length=OVERRIDE_REASON_MAX_LENGTH)
    return stated


def is_high(risk: Decimal) -> bool:
    return risk >= HIGH_RISK_FROM


def segment_for(financial_risk: Decimal, supply_risk: Decimal) -> Segment:
    financial, supply = is_high(financial_risk), is_high(supply_risk)
    if financial and supply:
        return Segment.STRATEGIC
    if financial:
        return Segment.LEVERAGE
    if supply:
        return Segment.BOTTLENECK
    return Segment.NON_CRITICAL


def score(question: Question, option: str) -> int:
    try:
        return SCORES[question][option]
    except KeyError:
        raise UnknownAnswer(value=str(option)[:60], count=len(SCORES[question])) from None


def segment_from_answers(answers: Mapping[Question, str]) -> Segmentation:
    """The segmentation of a full set of answers (option keys)."""
    missing = [question for question in QUESTIONS if question not in answers]
    if missing:
        raise MissingAnswers(questions=", ".join(missing))
    scores = {question: score(question, answers[question]) for question in QUESTIONS}
    financial = _mean(scores[q] for q in FINANCIAL_QUESTIONS)
    supply = _mean(scores[q] for q in SUPPLY_QUESTIONS)
    reason = Reason(
        financial=_drivers(scores, FINANCIAL_QUESTIONS, is_high(financial)),
        supply=_drivers(scores, SUPPLY_QUESTIONS, is_high(supply)),
        financial_high=is_high(financial),
        supply_high=is_high(supply),
    )
    return Segmentation(segment_for(financial, supply), financial, supply,
                        {q: answers[q] for q in QUESTIONS}, reason)


def parse_option(question: Question, text: str, words: Mapping[str, str]) -> str:
    """The option an answer names: its number in the list, its key, one of `words` (folded word → option,
    in the user's language), or for the first two questions an amount in kronor or a percentage."""
    typed = fold(text).strip().rstrip(".").strip()
    options = list(SCORES[question])
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1]
    if typed in SCORES[question]:
        return typed
    if typed in words:
        return words[typed]
    if question is Question.ANNUAL_VALUE and (amount := _amount(typed)) is not None:
        return _band(amount, _VALUE_BANDS, "over_10m")
    if question is Question.SPEND_SHARE and (share := _percent(typed)) is not None:
        if share > 100:
            raise ShareOutOfRange(value=text.strip()[:60])
        return _band(share, _SHARE_BANDS, "over_50")
    raise UnknownAnswer(value=text.strip()[:60], count=len(options))


def _mean(scores) -> Decimal:
    values = list(scores)
    return (Decimal(sum(values)) / len(values)).quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def _drivers(scores: Mapping[Question, int], questions: tuple[Question, ...], high: bool) -> tuple[Question, ...]:
    return tuple(q for q in questions if (scores[q] >= HIGH_RISK_FROM) == high)


def _band(number: Decimal, bands: tuple[tuple[Decimal, str], ...], above: str) -> str:
    for upper, option in bands:
        if number < upper:
            return option
    return above


_MILLIONS = ("mkr", "msek", "miljoner", "miljon", "millions", "million")
_KRONOR = re.compile(r"(kr|kronor|sek|:-)\.?$")


def _amount(typed: str) -> Decimal | None:
    """Kronor typed as "3 mkr", "1,5 miljoner", "750 000 kr" or a plain amount of at least 1 000 (so that a
    small bare number is read as an option's number, not as kronor)."""
    compact = typed.replace(" ", "").replace("\u00a0", "")
    for suffix in _MILLIONS:
        if compact.endswith(suffix) and compact[: -len(suffix)]:
            number = _number(compact[: -len(suffix)])
            return None if number is None else number * 1_000_000
    try:
        amount = parse_amount_sek(typed)
    except InvalidAmount:
        return None
    return amount if amount >= 1000 or _KRONOR.search(compact) else None


def _percent(typed: str) -> Decimal | None:
    compact = typed.replace(" ", "")
    if not compact.endswith("%"):
        return None
    return _number(compact[:-1])


def _number(text: str) -> Decimal | None:
    cleaned = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text.replace(",", "")
    try:
        number = Decimal(cleaned)
    except ArithmeticError:
        return None
    return number if number.is_finite() and number >= 0 else None
