"""The summary (sammanfattning) of a contract and of a supplier: the figures it shows, computed from the facts the
register holds. Plain Python: the day is passed in, nothing is read here.

A KPI's state in the summary is the status of its latest value (by the rules of `bot.domain.kpis`), except that a
KPI whose due period is missing past its grace days is late, and one with no value yet has none. Its trend is a
sparkline of the last values and whether the newest moved better or worse than the one before, by the KPI's
direction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from bot.domain.actions import STILL_OPEN, Action
from bot.domain.checklists import Part, Progress
from bot.domain.contracts import Contract, ContractStatus, Segment, TeamMember
from bot.domain.decisions import Decision, decision_log
from bot.domain.deviations import Severity
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.kpis import Direction, KpiDefinition, KpiStatus, KpiValue, Period
from bot.domain.reminder_content import MEETING_HELD, MEETING_PLANNED, Meeting
from bot.domain.sanctions import Sanction, SanctionStep
from bot.domain.supplier_rating import SupplierRating
from bot.domain.suppliers import Supplier

TREND_PERIODS = 12
LISTED_ACTIONS = 5
LISTED_DECISIONS = 3
_BARS = "▁▂▃▄▅▆▇█"
RUNNING = frozenset({ContractStatus.ACTIVE, ContractStatus.TERMINATING})


class KpiState(StrEnum):
    GREEN = "grön"
    YELLOW = "gul"
    RED = "röd"
    LATE = "sen"
    NO_VALUE = "inget värde"
    NO_TARGET = "utan mål"  # a value, but nothing to measure it against


WORST_FIRST: tuple[KpiState, ...] = (
    KpiState.RED, KpiState.LATE, KpiState.YELLOW, KpiState.NO_VALUE, KpiState.NO_TARGET, KpiState.GREEN,
)


class Movement(StrEnum):
    BETTER = "bättre"
    WORSE = "sämre"
    SAME = "oförändrad"


@dataclass(frozen=True)
class KpiFigure:
    name: str
    unit: str | None
    state: KpiState
    latest: KpiValue | None
    target: Decimal | None
    sparkline: str  # one bar per period, oldest first; empty without values
    movement: Movement | None  # the newest value against the one before; None with fewer than two
    due_period: str  # the period due for reporting now
    history: tuple[tuple[Period, Decimal], ...] = ()  # (period, value) of the last TREND_PERIODS, oldest first


@dataclass(frozen=True)
class ActionFigures:
    open: int
    overdue: int
    listed: tuple[Action, ...]  # overdue first, then the nearest due, at most LISTED_ACTIONS


@dataclass(frozen=True)
class DeviationFigures:
    year: int
    count: int
    by_severity: tuple[tuple[Severity, int], ...]  # every severity, highest first


@dataclass(frozen=True)
class SanctionFigures:
    count: int
    latest_step: SanctionStep | None
    latest_on: date | None


@dataclass(frozen=True)
class ChecklistFigure:
    part: Part
    progress: Progress


@dataclass(frozen=True)
class ContractSummary:
    contract: Contract
    supplier_name: str
    supplier_org_number: str
    segment: Segment | None
    plan: FollowUpPlan
    key_contacts: tuple[TeamMember, ...]
    kpis: tuple[KpiFigure, ...]
    actions: ActionFigures
    deviations: DeviationFigures
    sanctions: SanctionFigures
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    days_to_notice: int | None
    days_to_end: int | None
    decisions: tuple[Decision, ...] = ()  # the latest, newest first (the contract's own summary only)
    checklists: tuple[ChecklistFigure, ...] = ()  # per part (the contract's own summary only)
    rating: SupplierRating | None = None  # the supplier's latest quality rating (bot/services/supplier_rating.py)

    @property
    def kpi_counts(self) -> dict[KpiState, int]:
        return kpi_state_counts(figure.state for figure in self.kpis)

    @property
    def worst_state(self) -> KpiState | None:
        return worst_state(figure.state for figure in self.kpis)


@dataclass(frozen=True)
class SupplierTotals:
    kpis: dict[KpiState, int]
    open_actions: int
    overdue_actions: int
    deviations: int
    sanctions: int


@dataclass(frozen=True)
class SupplierSummary:
    supplier: Supplier
    segment: Segment | None
    running: int  # contracts that are active or under notice
    totals: SupplierTotals
    contracts: tuple[ContractSummary, ...]  # worst and nearest first
    year: int  # the year the deviations are counted for
    rating: SupplierRating | None = None


# --- KPIs ---


def kpi_state(has_value: bool, status: KpiStatus | None, late: bool) -> KpiState:
    if late:
        return KpiState.LATE
    if not has_value:
        return KpiState.NO_VALUE
    if status is None:
        return KpiState.NO_TARGET
    return KpiState(status.value)


def sparkline(values: Sequence[Decimal]) -> str:
    """"▁▃▅▇": each value as a bar between the lowest and the highest shown; a flat series is all middle bars."""
    if not values:
        return ""
    low, high = min(values), max(values)
    if high == low:
        return _BARS[3] * len(values)
    steps = len(_BARS) - 1
    return "".join(_BARS[int(((value - low) / (high - low) * steps).to_integral_value())] for value in values)


def movement(values: Sequence[Decimal], direction: Direction) -> Movement | None:
    if len(values) < 2:
        return None
    change = values[-1] - values[-2]
    if change == 0:
        return Movement.SAME
    better = change > 0 if direction is Direction.HIGHER else change < 0
    return Movement.BETTER if better else Movement.WORSE


def kpi_figure(kpi: KpiDefinition, values: Sequence[KpiValue], status: KpiStatus | None, late: bool,
               due_period: str) -> KpiFigure:
    """A KPI's line of the summary from its values (any order), its latest status and whether it is late."""
    ordered = sorted(values, key=lambda value: value.period)
    shown = [value.value for value in ordered[-TREND_PERIODS:]]
    return KpiFigure(
        name=kpi.name, unit=kpi.unit, state=kpi_state(bool(ordered), status, late),
        latest=ordered[-1] if ordered else None, target=kpi.thresholds.target,
        sparkline=sparkline(shown), movement=movement(shown, kpi.thresholds.direction), due_period=due_period,
        history=tuple((value.period, value.value) for value in ordered[-TREND_PERIODS:]),
    )


def kpi_state_counts(states: Iterable[KpiState]) -> dict[KpiState, int]:
    counted = Counter(states)
    return {state: counted[state] for state in WORST_FIRST if counted[state]}


def worst_state(states: Iterable[KpiState]) -> KpiState | None:
    found = set(states)
    return next((state for state in WORST_FIRST if state in found), None)


def worst_first(figures: Iterable[KpiFigure]) -> list[KpiFigure]:
    return sorted(figures, key=lambda figure: WORST_FIRST.index(figure.state))


# --- actions, decisions, deviations, sanctions, meetings ---


def action_figures(open_actions: Iterable[Action], today: date) -> ActionFigures:
    """Counts of the open actions (open or in progress) and the ones to list: overdue first, then nearest due."""
    still_open = [action for action in open_actions if action.status in STILL_OPEN]
    overdue = [action for action in still_open if action.is_overdue(today)]
    ordered = sorted(still_open, key=lambda action: (not action.is_overdue(today), action.due_date is None,
                                                     action.due_date or date.max, action.id or 0))
    return ActionFigures(len(still_open), len(overdue), tuple(ordered[:LISTED_ACTIONS]))


def latest_decisions(decisions: Iterable[Decision], count: int = LISTED_DECISIONS) -> tuple[Decision, ...]:
    """The newest decisions that stand (a corrected entry gives way to its correction), newest first."""
    return tuple(entry.decision for entry in decision_log(decisions) if not entry.is_replaced)[:count]


def deviation_figures(deviations: Iterable[tuple[date, Severity]], today: date) -> DeviationFigures:
    """This calendar year's deviations (up to today), counted by severity."""
    this_year = [severity for day, severity in deviations if day.year == today.year and day <= today]
    counted = Counter(this_year)
    ordered = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
    return DeviationFigures(today.year, len(this_year), tuple((severity, counted[severity]) for severity in ordered))


def sanction_figures(sanctions: Iterable[Sanction]) -> SanctionFigures:
    decided = sorted(sanctions, key=lambda sanction: (sanction.decided_on, sanction.id or 0))
    if not decided:
        return SanctionFigures(0, None, None)
    return SanctionFigures(len(decided), decided[-1].step, decided[-1].decided_on)


def last_held(meetings: Iterable[Meeting]) -> Meeting | None:
    held = [meeting for meeting in meetings if meeting.status == MEETING_HELD]
    return max(held, key=lambda meeting: (meeting.starts_at, meeting.id), default=None)


def next_planned(meetings: Iterable[Meeting], now: datetime) -> Meeting | None:
    planned = [meeting for meeting in meetings if meeting.status == MEETING_PLANNED and meeting.starts_at >= now]
    return min(planned, key=lambda meeting: (meeting.starts_at, meeting.id), default=None)


# --- a supplier's contracts rolled up ---


def supplier_totals(contracts: Iterable[ContractSummary]) -> SupplierTotals:
    summaries = list(contracts)
    return SupplierTotals(
        kpis=kpi_state_counts(figure.state for summary in summaries for figure in summary.kpis),
        open_actions=sum(summary.actions.open for summary in summaries),
        overdue_actions=sum(summary.actions.overdue for summary in summaries),
        deviations=sum(summary.deviations.count for summary in summaries),
        sanctions=sum(summary.sanctions.count for summary in summaries),
    )


def attention_order(contracts: Iterable[ContractSummary]) -> list[ContractSummary]:
    """Worst first: by the worst KPI state, then most overdue actions, then the nearest end; running before ended."""
    def key(summary: ContractSummary) -> tuple:
        worst = summary.worst_state
        return (
            summary.contract.status not in RUNNING,
            WORST_FIRST.index(worst) if worst is not None else len(WORST_FIRST),
            -summary.actions.overdue,
            summary.days_to_end if summary.days_to_end is not None and summary.days_to_end >= 0 else 10**6,
            summary.contract.reference,
        )
    return sorted(contracts, key=key)


def running_count(contracts: Iterable[ContractSummary]) -> int:
    return sum(1 for summary in contracts if summary.contract.status in RUNNING)
