"""What the bot suggests for a supplier's SWOT, from facts of its follow-up read in one go.

The rules (each gives a Swedish text, the register's language; the same facts always give the same text, so a
suggestion is stored once):
- a KPI green in its four latest reported periods → styrka;
- a KPI red in its two latest reported periods (or more) → svaghet;
- 3 or more deviations in the last 12 months, or 2 of the same type → svaghet, naming the types and counts;
- a sanction step decided in the last 12 months → hot;
- the supplier segmented flaskhals or strategisk (high supply risk) → hot, few alternatives on the market;
- a running contract ending within 12 months whose extension option is not used up → möjlighet;
- the latest supplier rating's mean 4.5 or more → styrka.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.contracts import ContractStatus, Segment, months_before
from bot.domain.kpis import KpiStatus
from bot.domain.swot import Quadrant, Suggestion
from bot.domain.text import fold

GREEN_IN_A_ROW = 4
RED_IN_A_ROW = 2
DEVIATIONS_MANY = 3
DEVIATIONS_SAME_TYPE = 2
WINDOW_MONTHS = 12
RATING_STRONG = Decimal("4.5")
_HIGH_SUPPLY_RISK = frozenset({Segment.BOTTLENECK, Segment.STRATEGIC})
# "Ingen förlängningsoption", "Inga kvarvarande förlängningsoptioner", "1 + 1 år (båda utnyttjade)": none left.
_NO_OPTION_LEFT = re.compile(
    r"\b(ingen|inga|none|no)\b|\b(bada|alla|samtliga|both|all)\b[^()]*\b(utnyttjade|anvanda|used|exercised)\b"
)


@dataclass(frozen=True)
class KpiHistory:
    """A KPI's statuses in its reported periods, oldest first (None where it has nothing to measure against)."""

    name: str
    reference: str
    statuses: tuple[KpiStatus | None, ...]


@dataclass(frozen=True)
class DeviationFact:
    occurred_on: date
    type: str


@dataclass(frozen=True)
class SanctionFact:
    decided_on: date
    step: str
    reference: str


@dataclass(frozen=True)
class ContractFact:
    reference: str
    status: ContractStatus
    end_date: date | None
    extension_options: str | None


@dataclass(frozen=True)
class RatingFact:
    period: str
    mean: Decimal


@dataclass(frozen=True)
class SupplierFacts:
    kpis: tuple[KpiHistory, ...] = ()
    deviations: tuple[DeviationFact, ...] = ()
    sanctions: tuple[SanctionFact, ...] = ()
    segment: Segment | None = None
    contracts: tuple[ContractFact, ...] = ()
    rating: RatingFact | None = None


def suggestions(facts: SupplierFacts, today: date) -> list[Suggestion]:
    since = months_before(today, WINDOW_MONTHS)
    found: list[Suggestion] = []
    for kpi in facts.kpis:
        found += kpi_suggestions(kpi)
    found += deviation_suggestions([d for d in facts.deviations if since <= d.occurred_on <= today])
    found += [sanction_suggestion(s) for s in facts.sanctions if since <= s.decided_on <= today]
    if facts.segment in _HIGH_SUPPLY_RISK:
        found.append(Suggestion(Quadrant.THREAT, f"Få alternativ på marknaden (segment {facts.segment.value})"))
    found += [extension_suggestion(c) for c in facts.contracts if has_extension_window(c, today)]
    if facts.rating is not None and facts.rating.mean >= RATING_STRONG:
        mean = f"{facts.rating.mean:.1f}".replace(".", ",")
        found.append(Suggestion(Quadrant.STRENGTH, f"Betyg {mean} i verksamhetens bedömning {facts.rating.period}"))
    return found


def kpi_suggestions(kpi: KpiHistory) -> list[Suggestion]:
    latest = kpi.statuses[-GREEN_IN_A_ROW:]
    if len(latest) == GREEN_IN_A_ROW and all(status is KpiStatus.GREEN for status in latest):
        return [Suggestion(Quadrant.STRENGTH, f"{kpi.name} ({kpi.reference}) grön fyra perioder i rad")]
    latest = kpi.statuses[-RED_IN_A_ROW:]
    if len(latest) == RED_IN_A_ROW and all(status is KpiStatus.RED for status in latest):
        return [Suggestion(Quadrant.WEAKNESS, f"{kpi.name} ({kpi.reference}) röd två perioder i rad eller fler")]
    return []


def deviation_suggestions(deviations: list[DeviationFact]) -> list[Suggestion]:
    """The deviations of the window, counted per type, most first."""
    by_type = Counter(d.type for d in deviations)
    if len(deviations) < DEVIATIONS_MANY and max(by_type.values(), default=0) < DEVIATIONS_SAME_TYPE:
        return []
    counted = ", ".join(f"{kind} {count}" for kind, count in sorted(by_type.items(), key=lambda i: (-i[1], i[0])))
    return [Suggestion(Quadrant.WEAKNESS, f"{len(deviations)} avvikelser senaste 12 månaderna ({counted})")]


def sanction_suggestion(sanction: SanctionFact) -> Suggestion:
    return Suggestion(Quadrant.THREAT, f"Sanktion beslutad {sanction.decided_on.isoformat()}: {sanction.step} "
                                       f"({sanction.reference})")


def has_extension_window(contract: ContractFact, today: date) -> bool:
    """A running contract ending within 12 months with an extension option not used up."""
    return (
        contract.status is ContractStatus.ACTIVE and contract.end_date is not None
        and today <= contract.end_date and months_before(contract.end_date, WINDOW_MONTHS) <= today
        and option_left(contract.extension_options)
    )


def option_left(extension_options: str | None) -> bool:
    text = fold(extension_options or "")
    return bool(text) and not _NO_OPTION_LEFT.search(text)


def extension_suggestion(contract: ContractFact) -> Suggestion:
    return Suggestion(Quadrant.OPPORTUNITY, f"Förlängningsoption för {contract.reference} kan användas före "
                                            f"{contract.end_date.isoformat()}")
