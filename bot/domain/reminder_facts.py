"""What the reminder rules look at, and what they decide: plain records read from the register in bulk, and
the reminders to write, cancel, answer and postpone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.domain.contracts import ContractStatus
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.kpis import KpiDefinition
from bot.domain.reminders import Reminder, ReminderKind
from bot.domain.roles import Party


@dataclass(frozen=True)
class ContractFacts:
    id: int
    supplier_id: int
    status: ContractStatus
    plan: FollowUpPlan
    end_date: date | None = None
    notice_date: date | None = None
    roles: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # contract role → contact ids
    kpi_accountable: tuple[int, ...] = ()  # RACI 'A' of the activity kpi_rapport
    parties: Mapping[int, str] = field(default_factory=dict)  # contact id → party, of those in `roles`


@dataclass(frozen=True)
class KpiFacts:
    definition: KpiDefinition
    reporter_party: Party | None = None
    reported: frozenset[str] = frozenset()  # period labels that have a value


@dataclass(frozen=True)
class MeetingFacts:
    id: int
    contract_id: int
    starts_at: datetime
    status: str  # planerat | genomfört | inställt
    attendee_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ActionFacts:
    id: int
    contract_id: int
    owner_id: int | None
    due_date: date | None
    status: str  # öppen | pågår | klar | stängd


@dataclass(frozen=True)
class Pause:
    paused_until: date
    contract_id: int | None = None
    supplier_id: int | None = None


@dataclass(frozen=True)
class PlanningFacts:
    contracts: Mapping[int, ContractFacts]
    kpis: Sequence[KpiFacts] = ()
    meetings: Sequence[MeetingFacts] = ()
    actions: Sequence[ActionFacts] = ()
    pauses: Sequence[Pause] = ()
    unreachable: frozenset[int] = frozenset()  # contacts the bot cannot reach in Teams, or erased
    reminders: Sequence[Reminder] = ()  # the rows already written for the items above, and every pending one
    ratings: frozenset[tuple[int, str, int]] = frozenset()  # (supplier, quarter, person) answers of the survey


@dataclass(frozen=True)
class PlannedReminder:
    kind: ReminderKind
    subject_key: str
    recipient_id: int
    contract_id: int
    sequence: int
    step: int
    payload: dict[str, Any]
    due_at: datetime


@dataclass(frozen=True)
class ReminderDecisions:
    new: list[PlannedReminder]
    cancel: list[int]  # pending rows whose item is done or gone
    answer: list[int]  # sent rows whose item got done without an answer to the reminder
    postpone: list[tuple[int, datetime]]  # pending rows due inside a pause, and when they may go instead
