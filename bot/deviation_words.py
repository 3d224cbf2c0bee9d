"""Deviations and sanction steps in the user's language: names of types, severities and steps, the ordinal of
"the 3rd deviation", amounts in kronor, and the proposal the bot makes when deviations repeat."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.deviations import DeviationType, Severity
from bot.domain.sanctions import REPEATED_COUNT, WINDOW_DAYS, Proposal, SanctionStep
from bot.i18n import Texts
from cards.kpi_result import format_number


def type_name(texts: Texts, kind: DeviationType) -> str:
    return texts(f"deviation.type.{kind.name.lower()}")


def severity_name(texts: Texts, severity: Severity) -> str:
    return texts(f"deviation.severity.{severity.name.lower()}")


def step_name(texts: Texts, step: SanctionStep) -> str:
    return texts(f"sanction.step.{step.name.lower()}")


def amount_text(texts: Texts, amount: Decimal) -> str:
    whole = amount == amount.to_integral_value()
    return texts("sanction.amount", amount=format_number(texts, amount.quantize(Decimal(1)) if whole else amount))


def ordinal(texts: Texts, number: int) -> str:
    """3:e / 3rd: Swedish ends 1 and 2 in :a (not 11, 12), English has st, nd, rd and th."""
    last, last_two = number % 10, number % 100
    if texts.language == "sv":
        return f"{number}:{'a' if last in (1, 2) and last_two not in (11, 12) else 'e'}"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(last, "th") if last_two not in (11, 12, 13) else "th"
    return f"{number}{suffix}"


def proposal_text(texts: Texts, proposal: Proposal) -> str:
    """"Det här är den 3:e avvikelsen på 90 dagar. Nästa steg i sanktionstrappan är prisavdrag." """
    key = "sanction.proposal.count" if proposal.count >= REPEATED_COUNT else "sanction.proposal.high"
    number = proposal.count if proposal.count >= REPEATED_COUNT else proposal.high_count
    return texts(key, nth=ordinal(texts, number), days=WINDOW_DAYS, step=step_name(texts, proposal.step))
