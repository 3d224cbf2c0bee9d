"""What the use cases need from the outside world, as Protocols. `storage` implements them for real;
`tests/fakes.py` in memory."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from bot.domain import actions as action_plan
from bot.domain.catalogue import RegisterSnapshot
from bot.domain.assessment_rows import AssessmentRows
from bot.domain.checklists import Answer, GivenAnswer
from bot.domain.contracts import Amendment, Contact, Contract, Segment, SpendEntry
from bot.domain.decisions import Decision
from bot.domain.deviations import Deviation
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.follow_up_rows import FollowUpRows
from bot.domain.kpi_rows import KpiKeys, KpiRows
from bot.domain.lessons import Lesson
from bot.domain.meetings import MeetingContract, MeetingPerson, NewMeeting, OpenAction, StoredMeeting
from bot.domain.kpis import Frequency, KpiContract, KpiDefinition, KpiValue, Period
from bot.domain.new_kpi import NewKpi
from bot.domain.people import Person
from bot.domain.reminder_facts import PlannedReminder, PlanningFacts
from bot.domain.reminder_content import Action, Meeting, ReminderContract
from bot.domain.reminder_overview import ReminderCounts, Unreachable
from bot.domain.reminder_pauses import Pause
from bot.domain.reminders import Reminder, ReminderKind
from bot.domain.register_rows import Counts, ImportCounts, RegisterKeys, RegisterRows
from bot.domain.roles import GlobalRole, Party
from bot.domain.sanctions import Sanction
from bot.domain.segmentation import Segmentation, SegmentRecord
from bot.domain.supplier_rating import SurveyAnswer
from bot.domain.suppliers import Supplier
from bot.domain.swot import SwotItem, SwotStatus
from bot.domain.swot_suggestions import RatingFact


class PeopleRepository(Protocol):
    async def by_aad_object_id(self, aad_object_id: str) -> Person | None: ...
    async def by_email(self, email: str) -> Person | None: ...
    async def link_aad_object_id(self, person_id: int, aad_object_id: str) -> None: ...
    async def add(self, name: str, email: str, party: Party, global_role: GlobalRole) -> Person: ...
    async def set_global_role(self, person_id: int, role: GlobalRole) -> None: ...


class SupplierRepository(Protocol):
    async def by_org_number(self, org_number: str) -> Supplier | None: ...
    async def add(self, org_number: str, name: str) -> Supplier: ...
    async def by_id(self, supplier_id: int) -> Supplier | None: ...
    async def by_name(self, name: str) -> list[Supplier]:
        """Suppliers whose name folds (case, å/ä/ö, spaces) to the same text as `name`."""
        ...


class ContractRepository(Protocol):
    """Contracts of the register. Every write also bumps the register revision in the same transaction."""

    async def by_reference(self, reference: str) -> Contract | None:
        """The contract with this reference, matched exactly or else ignoring case."""
        ...

    async def add(self, contract: Contract) -> Contract: ...
    async def update(self, contract: Contract) -> None: ...


class ContactRepository(Protocol):
    """Contacts and their places in contracts' follow-up teams. Writes bump the register revision."""

    async def by_email(self, email: str) -> Contact | None: ...
    async def add(self, contact: Contact, *, supplier_id: int | None, global_role: GlobalRole) -> Contact: ...
    async def add_team_member(self, contract_id: int, contact_id: int, role: str, is_key_contact: bool) -> int:
        """The new contract_roles row's id; `AlreadyOnTeam` when the contact already has that role there."""
        ...


class ChangeHistory(Protocol):
    async def record(
        self,
        *,
        actor: Person | None,
        actor_label: str | None,
        entity: str,
        entity_id: object,
        action: str,
        before: Mapping[str, object] | None = None,
        after: Mapping[str, object] | None = None,
    ) -> None: ...


class RegisterReader(Protocol):
    async def revision(self) -> str: ...
    async def snapshot(self) -> RegisterSnapshot: ...
    async def amendments(self, contract_id: int) -> tuple[Amendment, ...]: ...
    async def spend(self, contract_id: int, year: int) -> tuple[SpendEntry, ...]: ...


class RegisterStore(Protocol):
    """The register in bulk: what an import must check against, its upsert, and the export's snapshot."""

    async def known_keys(self) -> RegisterKeys: ...
    async def apply(self, register: RegisterRows, *, actor_label: str) -> ImportCounts: ...
    async def snapshot(self) -> RegisterRows: ...


class KpiStore(Protocol):
    """KPI definitions and values in bulk, for the workbook: the checks' keys, the upsert, the snapshot."""

    async def known_keys(self) -> KpiKeys: ...
    async def apply(self, kpis: KpiRows, *, actor_label: str) -> tuple[Counts, Counts]:
        """The counts of definitions and of values."""
        ...

    async def snapshot(self) -> KpiRows: ...


class FollowUpStore(Protocol):
    """The follow-up of contracts in bulk, for the workbook: stored decisions (for corrections), the upsert,
    the snapshot."""

    async def stored_decisions(self) -> frozenset[tuple[str, date, str]]: ...
    async def apply(self, rows: FollowUpRows, assessments: AssessmentRows, *, actor_label: str
                    ) -> dict[str, Counts]: ...
    async def snapshot(self) -> tuple[FollowUpRows, AssessmentRows]: ...


class KpiRepository(Protocol):
    """KPI definitions of contracts and their values, one per period."""

    async def contracts_with_kpis(
        self, *, everyone: bool, contract_ids: Collection[int], supplier_id: int | None,
        reporter_contact_id: int | None, limit: int,
    ) -> list[KpiContract]:
        """Contracts that have KPIs, by reference: all of them when `everyone`; otherwise those among
        `contract_ids`, those of `supplier_id` and those with a KPI that `reporter_contact_id` reports."""
        ...

    async def kpis_of_contracts(self, contract_ids: Collection[int]) -> list[KpiDefinition]: ...

    async def kpis_of(self, contract_id: int) -> list[KpiDefinition]: ...
    async def kpi(self, kpi_id: int) -> KpiDefinition | None: ...
    async def reported_by(self, contact_id: int, party: str | None, contract_ids: Collection[int]) -> list[KpiDefinition]:
        """KPIs the contact reports, named or through their party on one of `contract_ids`."""
        ...

    async def values(self, kpi_id: int, frequency: Frequency, *, newest: int) -> list[KpiValue]:
        """The newest `newest` values, oldest first."""
        ...

    async def values_of(self, kpis: Collection[KpiDefinition]) -> dict[int, list[KpiValue]]: ...
    async def grace_days(self, contract_ids: Collection[int]) -> dict[int, int]: ...
    async def value_for(self, kpi_id: int, period: Period) -> KpiValue | None: ...
    async def add_value(self, kpi_id: int, value: KpiValue, reported_by_id: int | None) -> int:
        """The new row's id; `PeriodAlreadyReported` when the period got a value meanwhile."""
        ...

    async def replace_value(self, kpi_id: int, value: KpiValue, reported_by_id: int | None) -> int:
        """The row's id, its value, comment, reporter and time replaced."""
        ...

    async def add_definition(self, contract_id: int, kpi: NewKpi, reporter_contact_id: int | None) -> int:
        """The new definition's id; `KpiNameTaken` when the contract got a KPI of that name meanwhile. Bumps
        the register revision."""
        ...


class FollowUpPlans(Protocol):
    async def defaults(self) -> dict[Segment, FollowUpPlan]: ...
    async def segments_of_suppliers(self, supplier_ids: Collection[int]) -> dict[int, Segment]: ...
    async def plans_for_contracts(self, contract_ids: Collection[int]) -> dict[int, FollowUpPlan]:
        """Each contract's plan: its own, else its supplier's segment's defaults, else the unsegmented plan."""
        ...

    async def add_segmentation(self, supplier_id: int, segmentation: Segmentation, *, reason: str | None,
                               decided_by_id: int | None) -> int: ...
    async def segment_history(self, supplier_id: int, *, limit: int) -> list[SegmentRecord]:
        """Newest first."""
        ...

    async def save_plan(self, contract_id: int, plan: FollowUpPlan, *, adjusted_by_id: int | None) -> None:
        """The contract's own plan, marked adjusted."""
        ...

    async def set_default(self, segment: Segment, plan: FollowUpPlan) -> None: ...
    async def follow_defaults(self, contract_ids: Collection[int], plan: FollowUpPlan) -> None:
        """Stored plans among `contract_ids` that no coordinator adjusted become `plan`."""
        ...

    async def contract_ids_of_suppliers(self, supplier_ids: Collection[int]) -> dict[int, int]:
        """Contract id → supplier id."""
        ...

    async def contracts_of_supplier(self, supplier_id: int) -> dict[int, str]:
        """id → reference."""
        ...
    async def contracts_in_segment(self, segment: Segment) -> list[int]:
        """Contracts whose supplier's newest segment is `segment`."""
        ...


class ReminderPlanning(Protocol):
    """The facts the reminder rules read, and the reminder rows they lead to."""

    async def facts(self, now: datetime, today: date) -> PlanningFacts: ...
    async def add(self, reminders: Sequence[PlannedReminder]) -> int:
        """Writes the rows not written before (by kind, subject, recipient and sequence), also when another
        instance writes the same at the same time; the number written."""
        ...

    async def cancel(self, reminder_ids: Collection[int]) -> int:
        """Those still pending; the number cancelled."""
        ...

    async def answer(self, reminder_ids: Collection[int], at: datetime) -> int: ...
    async def postpone(self, moves: Sequence[tuple[int, datetime]]) -> int: ...
class ReminderAnswers(Protocol):
    """Reminder rows as their recipients answer them."""

    async def reminder(self, reminder_id: int) -> Reminder | None: ...
    async def snooze(self, reminder_id: int, until: datetime) -> None: ...
    async def answer_subject(self, kind: ReminderKind, subject_key: str, recipient_id: int | None = None) -> int:
        """Every sent reminder of the item (or only those to `recipient_id`) becomes answered; how many did."""
        ...

    async def snoozed_of(self, recipient_id: int, now: datetime) -> list[Reminder]: ...


class FollowUpItems(Protocol):
    """The items reminders are about: contracts and their dates, meetings, actions, people's names."""

    async def contracts(self, contract_ids: Collection[int]) -> dict[int, ReminderContract]: ...
    async def contracts_with_role(self, contact_id: int, roles: Collection[str]) -> list[ReminderContract]: ...
    async def roles_in(self, contact_id: int, contract_id: int) -> set[str]: ...
    async def names(self, contact_ids: Collection[int]) -> dict[int, str]: ...
    async def meeting(self, meeting_id: int) -> Meeting | None: ...
    async def meetings_attended(self, contact_id: int, start: datetime, end: datetime) -> list[Meeting]: ...
    async def action(self, action_id: int) -> Action | None: ...
    async def open_actions_of(self, owner_id: int, due_by: date) -> list[Action]: ...


class ReminderPauses(Protocol):
    async def add(self, *, contract_id: int | None, supplier_id: int | None, paused_until: date,
                  reason: str | None, created_by_id: int | None) -> int: ...
    async def active(self, today: date, *, contract_id: int | None = None,
                     supplier_id: int | None = None) -> list[Pause]: ...
    async def end(self, pause_ids: Collection[int], last_day: date) -> None: ...
    async def suppliers_named(self, name: str) -> list[Supplier]:
        """By the whole name (case, å/ä/ö aside), else by its first words."""
        ...

    async def contract_ids_of_supplier(self, supplier_id: int) -> list[int]: ...
    async def hold_back(self, contract_ids: Collection[int], until: datetime) -> int:
        """Pending reminders of the contracts due before `until` become due at `until`."""
        ...

    async def release(self, contract_ids: Collection[int], held_until: datetime, now: datetime) -> int:
        """Pending reminders held back to `held_until` become due at `now`."""
        ...


class ReminderStatistics(Protocol):
    async def counts_by_kind(self, since: datetime) -> dict[str, ReminderCounts]: ...
    async def unreachable(self) -> list[Unreachable]: ...


class MeetingRepository(Protocol):
    async def contract(self, contract_id: int) -> MeetingContract | None: ...
    async def team(self, contract_id: int) -> list[MeetingPerson]:
        """The follow-up team, each person once."""
        ...

    async def contacts_of(self, contract_id: int) -> list[MeetingPerson]:
        """The team and the supplier's contacts: who may be invited."""
        ...

    async def last_meeting_start(self, contract_id: int, before: datetime) -> datetime | None: ...
    async def open_actions(self, contract_id: int) -> list[OpenAction]: ...
    async def add(self, meeting: NewMeeting) -> int:
        """The meeting and its attendees; the new meeting's id."""
        ...

    async def set_calendar_event(self, meeting_id: int, event_id: str, join_url: str | None) -> None: ...
    async def stored(self, meeting_id: int) -> StoredMeeting | None: ...


@dataclass(frozen=True)
class CalendarEvent:
    event_id: str
    join_url: str | None


class Calendar(Protocol):
    """Where a booked meeting becomes a Teams meeting in the organizer's calendar (Microsoft Graph)."""

    async def create_online_meeting(
        self, organizer_email: str, subject: str, start: datetime, end: datetime,
        attendees: Sequence[tuple[str, str]], body: str,
    ) -> CalendarEvent:
        """`attendees` as (name, e-mail); `body` HTML. `CalendarUnavailable` when the calendar said no."""
        ...


class CalendarUnavailable(Exception):
    """The calendar service refused or could not be reached; the meeting is booked without it."""


class ChecklistAnswers(Protocol):
    async def answers(self, contract_id: int, part: str) -> list[GivenAnswer]: ...
    async def answered_parts(self, contract_id: int) -> dict[str, set[str]]: ...
    async def save(self, contract_id: int, part: str, item_key: str, answer: Answer, comment: str | None,
                   answered_by_id: int | None) -> tuple[int, bool]:
        """The row's id and whether it replaced an answer already there."""
class DecisionLog(Protocol):
    """Append-only: there is no update."""

    async def add(self, decision: Decision) -> int: ...
    async def decision(self, decision_id: int) -> Decision | None: ...
    async def of_contract(self, contract_id: int) -> list[Decision]: ...


class ActionPlan(Protocol):
    async def add(self, action: action_plan.Action) -> int: ...
    async def action(self, action_id: int) -> action_plan.Action | None: ...
    async def set_status(self, action_id: int, status: action_plan.ActionStatus, closed_at: datetime | None) -> None: ...
    async def open_of_owner(self, owner_id: int) -> list[action_plan.Action]: ...
    async def open_of_contracts(self, contract_ids: Collection[int]) -> list[action_plan.Action]: ...


class MeetingRecords(Protocol):
    async def meeting(self, meeting_id: int) -> Meeting | None: ...
    async def recent_of(self, contract_id: int, *, limit: int) -> list[Meeting]: ...
    async def add_notes(self, meeting_id: int, text: str, submitted_by_id: int | None) -> int: ...
    async def mark_held(self, meeting_id: int) -> bool:
        """A planned meeting becomes genomfört; False when it was not planned."""
        ...


class Deviations(Protocol):
    """Deviations of contracts and the steps of their sanctions ladders."""

    async def contracts(self, *, everyone: bool, contract_ids: Collection[int], supplier_id: int | None,
                        limit: int) -> list[KpiContract]: ...
    async def contract(self, contract_id: int) -> KpiContract | None: ...
    async def add(self, deviation: Deviation) -> int: ...
    async def of_contract(self, contract_id: int, since: date | None = None) -> list[Deviation]: ...
    async def of_contracts(self, contract_ids: Collection[int], since: date | None = None) -> list[Deviation]: ...
    async def sanctions_of(self, contract_id: int, *, revoked: bool = False) -> list[Sanction]: ...
    async def sanctions_of_contracts(self, contract_ids: Collection[int], *, revoked: bool = False) -> list[Sanction]: ...
    async def sanction(self, sanction_id: int) -> tuple[Sanction, str] | None: ...
    async def deviation(self, deviation_id: int) -> tuple[Deviation, str] | None: ...
    async def void_deviation(self, deviation_id: int) -> bool: ...
    async def revoke_sanction(self, sanction_id: int) -> bool: ...
    async def add_sanction(self, sanction: Sanction) -> int: ...


class SummaryFacts(Protocol):
    """What a summary reads for one or many contracts, one statement each, keyed by contract id."""

    async def meetings_of_contracts(self, contract_ids: Collection[int], now: datetime) -> dict[int, list[Meeting]]:
        """The held meetings and those planned from `now` on."""
        ...
class SwotItems(Protocol):
    """A supplier's SWOT items, and the facts of its follow-up that suggestions are made from."""

    async def items_of(self, supplier_id: int) -> list[SwotItem]: ...
    async def item(self, item_id: int) -> SwotItem | None: ...
    async def add(self, item: SwotItem) -> int: ...
    async def set_status(self, item_id: int, status: SwotStatus) -> None: ...
    async def remove(self, item_id: int) -> None: ...
    async def latest_rating(self, supplier_id: int) -> RatingFact | None: ...


class Lessons(Protocol):
    """Lessons for the next procurement."""

    async def add(self, lessons: Sequence[Lesson]) -> list[int]: ...
    async def all(self, contract_id: int | None = None) -> list[Lesson]: ...
class SupplierRatings(Protocol):
    """The customer-satisfaction survey's answers: one per person, supplier and quarter."""

    async def save(self, supplier_id: int, period: str, score: int, comment: str | None,
                   rated_by_id: int) -> tuple[int, SurveyAnswer | None]:
        """Replaces the person's answer for the supplier and quarter; the new row's id and the answer replaced."""
        ...

    async def answers(self, supplier_id: int, periods: Collection[str]) -> dict[str, list[SurveyAnswer]]: ...
    async def answers_of_suppliers(self, supplier_ids: Collection[int],
                                   periods: Collection[str]) -> dict[int, dict[str, list[SurveyAnswer]]]: ...


class UnitOfWork(Protocol):
    """One transaction: what is not committed when the block ends is rolled back."""

    people: PeopleRepository
    suppliers: SupplierRepository
    contracts: ContractRepository
    contacts: ContactRepository
    history: ChangeHistory
    catalogue: RegisterReader
    register: RegisterStore
    kpi_store: KpiStore
    follow_up_store: FollowUpStore
    kpis: KpiRepository
    plans: FollowUpPlans
    reminder_planning: ReminderPlanning
    reminder_answers: ReminderAnswers
    follow_up_items: FollowUpItems
    reminder_pauses: ReminderPauses
    reminder_statistics: ReminderStatistics
    meetings: MeetingRepository
    checklists: ChecklistAnswers
    decisions: DecisionLog
    actions: ActionPlan
    meeting_records: MeetingRecords
    deviations: Deviations
    summary: SummaryFacts
    swot: SwotItems
    lessons: Lessons
    supplier_ratings: SupplierRatings

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], AbstractAsyncContextManager[UnitOfWork]]
