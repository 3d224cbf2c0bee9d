"""Sanktionstrappan: the steps in order, which of them carry an amount, and when the bot proposes the next step.

The proposal rule: since the last decided step (or ever, when there is none), 3 or more deviations in the
last 90 days, or 2 or more of severity hög in the last 90 days, make the bot propose the step after the last
decided one (the first step when none is decided). The bot only proposes; a person decides. Uppsägning and
hävning are never reached by skipping earlier steps unless the person deciding chooses so explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bot.domain.contracts import parse_enum
from bot.domain.deviations import Deviation, Severity
from bot.domain.errors import InvalidInput

REPEATED_COUNT = 3
REPEATED_HIGH_COUNT = 2
WINDOW_DAYS = 90


class SanctionStep(StrEnum):
    WRITTEN_NOTICE = "skriftligt påpekande"
    WITHHELD_PAYMENT = "innehållen betalning"
    PRICE_REDUCTION = "prisavdrag"
    PENALTY = "vite"
    TERMINATION = "uppsägning"
    RESCISSION = "hävning"


LADDER: tuple[SanctionStep, ...] = tuple(SanctionStep)
WITH_AMOUNT = frozenset({SanctionStep.WITHHELD_PAYMENT, SanctionStep.PRICE_REDUCTION, SanctionStep.PENALTY})
_ENDING = frozenset({SanctionStep.TERMINATION, SanctionStep.RESCISSION})
_STEP_WORDS = {
    "written notice": SanctionStep.WRITTEN_NOTICE,
    "written warning": SanctionStep.WRITTEN_NOTICE,
    "papekande": SanctionStep.WRITTEN_NOTICE,
    "withheld payment": SanctionStep.WITHHELD_PAYMENT,
    "withholding payment": SanctionStep.WITHHELD_PAYMENT,
    "price reduction": SanctionStep.PRICE_REDUCTION,
    "price deduction": SanctionStep.PRICE_REDUCTION,
    "penalty": SanctionStep.PENALTY,
    "liquidated damages": SanctionStep.PENALTY,
    "termination": SanctionStep.TERMINATION,
    "rescission": SanctionStep.RESCISSION,
    "cancellation": SanctionStep.RESCISSION,
}


class InvalidStep(InvalidInput):
    code = "sanction.error.step"


class AmountNotPositive(InvalidInput):
    code = "sanction.error.amount"


def parse_step(text: str) -> SanctionStep:
    """A step by its Swedish name (å/ä/ö optional) or its English one ("price reduction", "penalty")."""
    return parse_enum(SanctionStep, text, field_name="step", synonyms=_STEP_WORDS, error=InvalidStep)


def takes_amount(step: SanctionStep) -> bool:
    return step in WITH_AMOUNT


def check_amount(amount: Decimal) -> Decimal:
    if amount <= 0:
        raise AmountNotPositive(value=str(amount))
    return amount


class SanctionStatus(StrEnum):
    DECIDED = "beslutad"
    REVOKED = "återkallad"  # taken back with a reason; it no longer counts on the ladder


@dataclass(frozen=True)
class Sanction:
    contract_id: int
    step: SanctionStep
    decided_on: date
    decided_by: str
    basis: str | None = None
    amount_sek: Decimal | None = None
    deviation_ids: tuple[int, ...] = ()
    id: int | None = None


@dataclass(frozen=True)
class Proposal:
    """The step the bot proposes, and the deviations that made it: all since the last step in the window."""

    step: SanctionStep
    deviation_ids: tuple[int, ...]
    count: int
    high_count: int


def last_step(sanctions: list[Sanction]) -> SanctionStep | None:
    """The highest step decided so far."""
    decided = [LADDER.index(sanction.step) for sanction in sanctions]
    return LADDER[max(decided)] if decided else None


def next_step(sanctions: list[Sanction]) -> SanctionStep | None:
    """The step after the last decided one; None once hävning is decided."""
    last = last_step(sanctions)
    if last is None:
        return LADDER[0]
    index = LADDER.index(last) + 1
    return LADDER[index] if index < len(LADDER) else None


def since_last_step(deviations: list[Deviation], sanctions: list[Sanction], today: date) -> list[Deviation]:
    """Deviations in the last WINDOW_DAYS days (today included) that happened after the last decided step."""
    start = today - timedelta(days=WINDOW_DAYS - 1)
    if sanctions:
        start = max(start, max(sanction.decided_on for sanction in sanctions) + timedelta(days=1))
    return sorted((d for d in deviations if start <= d.occurred_on <= today), key=lambda d: (d.occurred_on, d.id or 0))


def proposal(deviations: list[Deviation], sanctions: list[Sanction], today: date) -> Proposal | None:
    """The next step to propose when deviations repeat (see the module's rule), or None."""
    step = next_step(sanctions)
    recent = since_last_step(deviations, sanctions, today)
    high = sum(deviation.severity is Severity.HIGH for deviation in recent)
    if step is None or (len(recent) < REPEATED_COUNT and high < REPEATED_HIGH_COUNT):
        return None
    return Proposal(step, tuple(d.id for d in recent if d.id is not None), len(recent), high)


def skipped_steps(step: SanctionStep, sanctions: list[Sanction]) -> tuple[SanctionStep, ...]:
    """The steps before `step` that were never decided."""
    decided = {sanction.step for sanction in sanctions}
    return tuple(earlier for earlier in LADDER[: LADDER.index(step)] if earlier not in decided)


def needs_explicit_choice(step: SanctionStep, sanctions: list[Sanction]) -> bool:
    """Uppsägning or hävning with earlier steps never decided: only when the person confirms so explicitly."""
    return step in _ENDING and bool(skipped_steps(step, sanctions))
