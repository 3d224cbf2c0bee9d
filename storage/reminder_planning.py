"""What the reminder planner reads and writes on SQL: the facts of every followed-up contract, read in a fixed
number of queries whatever the size of the register, and the reminder rows it adds (each exactly once, also
when several bot instances plan at the same time), cancels, answers and postpones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, and_, bindparam, cast, exists, literal, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.contracts import Contract, ContractStatus
from bot.domain.kpis import due_period
from bot.domain.reminder_facts import (
    ActionFacts,
    ContractFacts,
    KpiFacts,
    MeetingFacts,
    Pause,
    PlannedReminder,
    PlanningFacts,
)
from bot.domain.reminder_rules import DONE_ACTION, OPEN_ACTION, PLANNED_MEETING, RUNNING
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from bot.domain.roles import Party
from bot.domain.supplier_rating import quarter_just_ended
from storage import tables as t
from storage.reminder_rows import reminder_from_row
from storage.follow_up_plans import SqlFollowUpPlans
from storage.kpi_repository import CONTRACTS_WITH_SUPPLIERS, KPI_CONTRACT_COLUMNS, kpi_definition_from_row

KPI_ACTIVITY = "kpi_rapport"
ACCOUNTABLE = "A"
PAUSES_LOOKED_BACK = timedelta(days=14)  # a pause that ended longer ago holds nothing back
SINGLE_REMINDERS_LOOKED_BACK = timedelta(days=400)  # snoozed or answered meeting and contract date reminders

_RUNNING = [status.value for status in RUNNING]
_r = t.reminders.c


class SqlReminderPlanning:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def facts(self, now: datetime, today: date) -> PlanningFacts:
        contracts = await self._contracts()
        kpis, labels = await self._kpis(today)
        actions = await self._actions()
        quarter = quarter_just_ended(today).label
        return PlanningFacts(
            contracts=contracts,
            kpis=kpis,
            meetings=await self._meetings(now),
            actions=actions,
            pauses=await self._pauses(today),
            unreachable=frozenset((await self._connection.execute(select(t.contacts.c.id).where(
                or_(t.contacts.c.teams_unreachable_since.is_not(None), t.contacts.c.erased_at.is_not(None))))
            ).scalars()),
            reminders=await self._reminders(now, labels, quarter),
            ratings=await self._ratings(quarter),
        )

    async def add(self, reminders: Sequence[PlannedReminder]) -> int:
        """Rows not written before, by (kind, subject, recipient, sequence); the number actually written."""
        if not reminders:
            return 0
        dialect = postgresql if self._connection.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(t.reminders)
            .on_conflict_do_nothing(index_elements=["kind", "subject_key", "recipient_id", "sequence"])
            .returning(_r.id)
        )
        rows = [
            {"kind": r.kind.value, "subject_key": r.subject_key, "recipient_id": r.recipient_id,
             "contract_id": r.contract_id, "sequence": r.sequence, "step": r.step, "payload": r.payload,
             "due_at": r.due_at, "status": ReminderStatus.PENDING.value}
            for r in reminders
        ]
        return len((await self._connection.execute(statement, rows)).all())

    async def cancel(self, reminder_ids: Collection[int]) -> int:
        return await self._update(reminder_ids, _r.status == ReminderStatus.PENDING.value,
                                  status=ReminderStatus.CANCELLED.value)

    async def answer(self, reminder_ids: Collection[int], at: datetime) -> int:
        return await self._update(reminder_ids, _r.answered_at.is_(None), answered_at=at)

    async def postpone(self, moves: Sequence[tuple[int, datetime]]) -> int:
        if not moves:
            return 0
        statement = (
            update(t.reminders)
            .where(_r.id == bindparam("row_id"), _r.status == ReminderStatus.PENDING.value)
            .values(due_at=bindparam("new_due_at"))
        )
        await self._connection.execute(statement, [{"row_id": i, "new_due_at": due} for i, due in moves])
        return len(moves)

    async def _update(self, reminder_ids: Collection[int], condition, **values: Any) -> int:
        if not reminder_ids:
            return 0
        result = await self._connection.execute(
            update(t.reminders).where(_r.id.in_(list(reminder_ids)), condition).values(**values))
        return result.rowcount

    async def _contracts(self) -> dict[int, ContractFacts]:
        c = t.contracts.c
        rows = (await self._connection.execute(
            select(c.id, c.reference, c.title, c.supplier_id, c.status, c.end_date, c.notice_period_months)
            .where(c.status.in_(_RUNNING)))).mappings().all()
        plans = await SqlFollowUpPlans(self._connection).plans_for_contracts([row["id"] for row in rows])
        roles: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        parties: dict[int, dict[int, str]] = defaultdict(dict)
        cr = t.contract_roles.c
        for contract_id, role, contact_id, party in await self._connection.execute(
                select(cr.contract_id, cr.role, cr.contact_id, t.contacts.c.party)
                .join(t.contracts, c.id == cr.contract_id).join(t.contacts, t.contacts.c.id == cr.contact_id)
                .where(c.status.in_(_RUNNING)).order_by(cr.id)):
            roles[contract_id][role].append(contact_id)
            parties[contract_id][contact_id] = party
        accountable: dict[int, list[int]] = defaultdict(list)
        ra = t.raci_assignments.c
        for contract_id, contact_id in await self._connection.execute(
                select(ra.contract_id, ra.contact_id).join(t.contracts, c.id == ra.contract_id)
                .where(c.status.in_(_RUNNING), ra.activity == KPI_ACTIVITY, ra.responsibility == ACCOUNTABLE)
                .order_by(ra.id)):
            accountable[contract_id].append(contact_id)
        facts = {}
        for row in rows:
            contract = Contract(id=row["id"], reference=row["reference"], title=row["title"],
                                supplier_id=row["supplier_id"], end_date=row["end_date"],
                                notice_period_months=row["notice_period_months"])
            facts[row["id"]] = ContractFacts(
                id=row["id"], supplier_id=row["supplier_id"], status=ContractStatus(row["status"]),
                plan=plans[row["id"]], end_date=row["end_date"], notice_date=contract.notice_date,
                roles={role: tuple(people) for role, people in roles[row["id"]].items()},
                kpi_accountable=tuple(accountable[row["id"]]), parties=parties[row["id"]],
            )
        return facts

    async def _kpis(self, today: date) -> tuple[list[KpiFacts], set[str]]:
        """The KPIs of followed-up contracts, with which of their due and previous periods have values (the
        previous one so that a value reported late still counts its reminders as answered)."""
        k = t.kpi_definitions.c
        rows = (await self._connection.execute(
            select(t.kpi_definitions, *[column.label(f"c_{column.key}") for column in KPI_CONTRACT_COLUMNS])
            .select_from(t.kpi_definitions.join(CONTRACTS_WITH_SUPPLIERS, t.contracts.c.id == k.contract_id))
            .where(t.contracts.c.status.in_(_RUNNING)).order_by(k.id))).mappings().all()
        definitions = [(kpi_definition_from_row(row), row["reporter_party"]) for row in rows]
        labels: set[str] = set()
        for definition, _ in definitions:
            due = due_period(definition.frequency, today)
            labels.update((due.label, due.shifted(-1).label))
        reported: dict[int, set[str]] = defaultdict(set)
        if labels:
            v = t.kpi_values.c
            for kpi_id, period in await self._connection.execute(
                    select(v.kpi_id, v.period).where(v.period.in_(sorted(labels)))):
                reported[kpi_id].add(period)
        return [
            KpiFacts(definition, reporter_party=Party(party) if party in Party._value2member_map_ else None,
                     reported=frozenset(reported[definition.id]))
            for definition, party in definitions
        ], labels

    async def _meetings(self, now: datetime) -> list[MeetingFacts]:
        m, a = t.meetings.c, t.meeting_attendees.c
        rows = await self._connection.execute(
            select(m.id, m.contract_id, m.starts_at, m.status, a.contact_id)
            .select_from(t.meetings.join(t.contracts, t.contracts.c.id == m.contract_id)
                         .outerjoin(t.meeting_attendees, a.meeting_id == m.id))
            .where(t.contracts.c.status.in_(_RUNNING), m.status == PLANNED_MEETING, m.starts_at > now)
            .order_by(m.id, a.contact_id))
        meetings: dict[int, MeetingFacts] = {}
        attendees: dict[int, list[int]] = defaultdict(list)
        for meeting_id, contract_id, starts_at, status, contact_id in rows:
            meetings.setdefault(meeting_id, MeetingFacts(meeting_id, contract_id, starts_at, status))
            if contact_id is not None:
                attendees[meeting_id].append(contact_id)
        return [MeetingFacts(m.id, m.contract_id, m.starts_at, m.status, tuple(attendees[m.id]))
                for m in meetings.values()]

    async def _actions(self) -> list[ActionFacts]:
        """Open actions, and closed ones whose reminders were sent and not yet counted as answered."""
        a = t.actions.c
        rows = await self._connection.execute(
            select(a.id, a.contract_id, a.owner_id, a.due_date, a.status)
            .join(t.contracts, t.contracts.c.id == a.contract_id)
            .where(t.contracts.c.status.in_(_RUNNING), or_(
                a.status.in_(OPEN_ACTION),
                and_(a.status.in_(DONE_ACTION), exists().where(
                    _r.kind == ReminderKind.ACTION.value, _r.subject_key == _action_subject(),
                    _r.status == ReminderStatus.SENT.value, _r.answered_at.is_(None))),
            )).order_by(a.id))
        return [ActionFacts(*row) for row in rows]

    async def _pauses(self, today: date) -> list[Pause]:
        p = t.reminder_pauses.c
        rows = await self._connection.execute(
            select(p.paused_until, p.contract_id, p.supplier_id).where(p.paused_until >= today - PAUSES_LOOKED_BACK))
        return [Pause(*row) for row in rows]

    async def _ratings(self, quarter: str) -> frozenset[tuple[int, str, int]]:
        """Who has answered the survey of the quarter, for which supplier."""
        r = t.supplier_ratings.c
        rows = await self._connection.execute(
            select(r.supplier_id, r.period, r.rated_by_id).where(r.period == quarter, r.rated_by_id.is_not(None)))
        return frozenset(tuple(row) for row in rows)

    async def _reminders(self, now: datetime, kpi_labels: Collection[str], quarter: str) -> list[Reminder]:
        """Every pending row; the whole history (cancelled rows too, for the numbering) of the KPI periods, the
        open actions and the survey of the quarter being followed; and the snoozed, answered or undeliverable
        rows of meetings and contract dates, whose other rows the unique key keeps from being written twice."""
        a = t.actions.c
        open_action = exists().where(a.status.in_(OPEN_ACTION), _r.subject_key == _action_subject())
        single = [ReminderKind.MEETING.value, ReminderKind.NOTICE.value, ReminderKind.END.value]
        kept = or_(
            _r.status.in_([ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value]),
            and_(_r.kind == ReminderKind.KPI.value,
                 or_(*[_r.subject_key.like(f"kpi:%:{label}") for label in sorted(kpi_labels)]) if kpi_labels
                 else literal(False)),
            and_(_r.kind == ReminderKind.ACTION.value, or_(_r.answered_at.is_(None), open_action)),
            and_(_r.kind == ReminderKind.SURVEY.value, _r.subject_key.like(f"survey:%:{quarter}")),
            and_(_r.kind.in_(single), _r.due_at >= now - SINGLE_REMINDERS_LOOKED_BACK, or_(
                _r.snoozed_until.is_not(None), _r.answered_at.is_not(None),
                _r.status.in_([ReminderStatus.UNDELIVERABLE.value, ReminderStatus.ANSWERED.value]))),
        )
        rows = (await self._connection.execute(
            select(t.reminders).where(kept).order_by(_r.id))).mappings()
        return [reminder_from_row(row) for row in rows]


def _action_subject():
    """`action_subject(id, due)` of `bot.domain.reminders` written in SQL, for joining reminders to actions."""
    a = t.actions.c
    return literal("action:") + cast(a.id, String) + literal(":") + cast(a.due_date, String)

