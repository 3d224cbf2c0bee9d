"""The follow-up of contracts in and out of SQL in bulk, for the workbook: plans, decisions, actions, meetings,
deviations, sanctions, checklist answers, SWOT items, ratings and lessons.

Rows are matched by their natural keys (see `bot.domain.follow_up_rows` and `bot.domain.assessment_rows`) and
written with the register import's bulk writer, so every created or updated row leaves a change history row.
Decisions are append-only: an import creates the missing ones and never edits a stored one. Nothing is
deleted; meeting attendees and a sanction's deviations the file names are added to the stored ones. A stored
row that could not be imported again (an answer to an item no longer in the checklists, a rating whose period
is no quarter) is left out of the export, as the KPI store leaves out values of the wrong period.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.actions import ActionStatus
from bot.domain.assessment_rows import (
    AssessmentRows,
    LessonKind,
    LessonRow,
    RatingRow,
    SwotQuadrant,
    SwotRow,
    SwotStatus,
)
from bot.domain.checklists import Answer
from bot.domain.checklists import parts as checklist_parts
from bot.domain.deviations import DeviationStatus, DeviationType, Severity
from bot.domain.errors import DomainError
from bot.domain.follow_up_plan import DEFAULT_LADDER
from bot.domain.follow_up_rows import (
    ActionRow,
    ChecklistRow,
    DecisionRow,
    DeviationRow,
    FollowUpRows,
    MeetingRow,
    MeetingStatus,
    PlanRow,
    SanctionRow,
)
from bot.domain.kpis import Frequency, Period
from bot.domain.register_rows import Counts
from bot.domain.roles import Party
from bot.domain.sanctions import SanctionStep
from bot.domain.workbook_cells import on_the_second
from storage import tables as t
from storage.follow_up_plans import SqlFollowUpPlans
from storage.register_store import BulkWriter, WantedRow
from storage.types import utcnow

_PLAN_COLUMNS = ("kpi_frequency", "meeting_interval_months", "meeting_form", "grace_days", "reminder_lead_days",
                 "reminder_interval_days", "max_reminders", "notice_lead_months")
_CLOSED = frozenset({ActionStatus.DONE, ActionStatus.CLOSED})


class SqlFollowUpStore:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    # --- import ---

    async def stored_decisions(self) -> frozenset[tuple[str, date, str]]:
        d, k = t.decisions, t.contracts
        return frozenset(tuple(row) for row in await self._connection.execute(
            select(k.c.reference, d.c.decided_on, d.c.what).join(k, k.c.id == d.c.contract_id)))

    async def apply(self, rows: FollowUpRows, assessments: AssessmentRows, *, actor_label: str) -> dict[str, Counts]:
        """Create and update what the (validated) rows say; the counts per kind of row."""
        writer = BulkWriter(self._connection, actor_label)
        contracts = await self._ids(t.contracts.c.reference)
        suppliers = await self._ids(t.suppliers.c.org_number)
        people = {email: contact_id for email, contact_id in await self._connection.execute(
            select(t.contacts.c.email, t.contacts.c.id)
            .where(t.contacts.c.email.is_not(None), t.contacts.c.erased_at.is_(None)))}

        def person(email: str | None) -> int | None:
            return people[email] if email else None

        counts = {
            "plans": await self._plans(writer, rows.plans, contracts),
            "decisions": await self._decisions(writer, rows.decisions, contracts, person),
        }
        counts["actions"], _ = await writer.upsert(t.actions, ("contract_id", "title", "due_date"), [
            _action(row, contracts[row.reference], person) for row in rows.actions])
        counts["meetings"] = await self._meetings(writer, rows.meetings, contracts, person)
        counts["deviations"], _ = await writer.upsert(
            t.deviations, ("contract_id", "occurred_on", "type", "description"), [
                WantedRow((contracts[row.reference], row.occurred_on, row.type.value, row.description), {
                    "severity": row.severity.value, "is_complaint": row.is_complaint,
                    "reported_by_id": person(row.reported_by_email), "status": row.status.value}, {})
                for row in rows.deviations])
        counts["sanctions"] = await self._sanctions(writer, rows.sanctions, contracts)
        counts["checklist_answers"], _ = await writer.upsert(
            t.checklist_answers, ("contract_id", "part", "item_key"), [
                WantedRow((contracts[row.reference], row.part, row.item_key), {
                    "answer": row.answer.value, "comment": row.comment,
                    "answered_by_id": person(row.answered_by_email)}, {"answered_at": row.answered_at or utcnow()})
                for row in rows.checklists])
        counts["swot_items"], _ = await writer.upsert(t.swot_items, ("supplier_id", "quadrant", "text"), [
            WantedRow((suppliers[row.org_number], row.quadrant.value, row.text), {"status": row.status.value}, {})
            for row in assessments.swot])
        counts["ratings"], _ = await writer.upsert(t.supplier_ratings, ("supplier_id", "period", "rated_by_id"), [
            WantedRow((suppliers[row.org_number], row.period, person(row.rated_by_email)),
                      {"score": row.score, "comment": row.comment}, {})
            for row in assessments.ratings])
        counts["lessons"], _ = await writer.upsert(t.lessons, ("contract_id", "kind", "text"), [
            WantedRow((contracts[row.reference], row.kind.value, row.text),
                      {"recorded_by_id": person(row.recorded_by_email)}, {})
            for row in assessments.lessons])
        await writer.flush_history()
        return counts

    async def _ids(self, column) -> dict[Any, int]:
        return {key: row_id for key, row_id in await self._connection.execute(select(column, column.table.c.id))}

    async def _plans(self, writer: BulkWriter, plans: tuple[PlanRow, ...], contracts: dict[str, int]) -> Counts:
        """Adjusted plans become (or update) the contract's own plan; the others follow their segment."""
        p = t.follow_up_plans
        stored = {row["contract_id"]: dict(row) for row in (await self._connection.execute(select(p))).mappings()}
        created = updated = unchanged = 0
        for plan in (plan for plan in plans if plan.adjusted):
            contract_id = contracts[plan.reference]
            wanted = {"kpi_frequency": plan.kpi_frequency.value,
                      "meeting_interval_months": plan.meeting_interval_months, "meeting_form": plan.meeting_form,
                      "grace_days": plan.grace_days, "reminder_lead_days": plan.reminder_lead_days,
                      "reminder_interval_days": plan.reminder_interval_days, "max_reminders": plan.max_reminders,
                      "notice_lead_months": list(plan.notice_lead_months), "adjusted": True}
            current = stored.get(contract_id)
            if current is None:
                values = {**wanted, "escalation": [role.value for role in DEFAULT_LADDER]}
                await self._connection.execute(insert(p).values(contract_id=contract_id, **values))
                writer.record("follow_up_plans", contract_id, "create", None, values)
                created += 1
                continue
            changed = {column: value for column, value in wanted.items() if current[column] != value}
            if not changed:
                unchanged += 1
                continue
            await self._connection.execute(update(p).where(p.c.contract_id == contract_id).values(**changed))
            writer.record("follow_up_plans", contract_id, "update", {c: current[c] for c in changed}, changed)
            updated += 1
        return Counts(created, updated, unchanged)

    async def _decisions(self, writer: BulkWriter, decisions: tuple[DecisionRow, ...], contracts: dict[str, int],
                         person) -> Counts:
        """The missing decisions, then what the new ones correct; stored decisions are never edited."""
        d = t.decisions
        before = {tuple(key) for key in await self._connection.execute(
            select(d.c.contract_id, d.c.decided_on, d.c.what))}
        counts, _ = await writer.upsert(d, ("contract_id", "decided_on", "what"), [
            WantedRow((contracts[row.reference], row.decided_on, row.what), {}, {
                "decided_by": row.decided_by, "basis": row.basis,
                "recorded_by_id": person(row.recorded_by_email)})
            for row in decisions])
        corrections = [row for row in decisions
                       if row.corrects and (contracts[row.reference], row.decided_on, row.what) not in before]
        if corrections:
            ids = {(contract_id, decided_on, what): decision_id for decision_id, contract_id, decided_on, what
                   in await self._connection.execute(select(d.c.id, d.c.contract_id, d.c.decided_on, d.c.what))}
            for row in corrections:
                contract_id = contracts[row.reference]
                await self._connection.execute(
                    update(d).where(d.c.id == ids[(contract_id, row.decided_on, row.what)])
                    .values(corrects_id=ids[(contract_id, *row.corrects)]))
        return counts

    async def _meetings(self, writer: BulkWriter, meetings: tuple[MeetingRow, ...], contracts: dict[str, int],
                        person) -> Counts:
        m, a = t.meetings, t.meeting_attendees
        existing = {(row["contract_id"], on_the_second(row["starts_at"])): dict(row) for row in (
            await self._connection.execute(select(m.c.id, m.c.contract_id, m.c.starts_at, m.c.duration_minutes,
                                                  m.c.form, m.c.status, m.c.location, m.c.join_url, m.c.agenda,
                                                  m.c.organiser_id))).mappings()}
        wanted = [WantedRow((contracts[row.reference], row.starts_at), {
            "duration_minutes": row.duration_minutes, "form": row.form, "status": row.status.value,
            "location": row.location, "join_url": row.join_url, "agenda": row.agenda,
            "organiser_id": person(row.organiser_email)}, {}) for row in meetings]
        counts, ids = await writer.upsert(m, ("contract_id", "starts_at"), wanted, existing=existing)
        present = {tuple(pair) for pair in await self._connection.execute(select(a.c.meeting_id, a.c.contact_id))}
        links, touched = [], set()
        for row in meetings:
            meeting_id = ids[(contracts[row.reference], row.starts_at)]
            for email in row.attendees:
                if (meeting_id, person(email)) not in present:
                    links.append({"meeting_id": meeting_id, "contact_id": person(email)})
                    present.add((meeting_id, person(email)))
                    touched.add(meeting_id)
        if links:
            await self._connection.execute(insert(a), links)
            for link in links:
                writer.record("meeting_attendees", link["meeting_id"], "create", None, link)
        return _with_touched(counts, touched - writer.updated_ids.get(m.name, set()), existing)

    async def _sanctions(self, writer: BulkWriter, sanctions: tuple[SanctionRow, ...], contracts: dict[str, int]
                         ) -> Counts:
        s, sd, d = t.sanctions, t.sanction_deviations, t.deviations
        existing_ids = {row_id for row_id in await self._connection.scalars(select(s.c.id))}
        counts, ids = await writer.upsert(s, ("contract_id", "step", "decided_on"), [
            WantedRow((contracts[row.reference], row.step.value, row.decided_on), {
                "basis": row.basis, "decided_by": row.decided_by, "amount_sek": row.amount_sek,
                "status": row.status}, {})
            for row in sanctions])
        deviation_ids = {(contract_id, occurred_on, kind, description): deviation_id
                         for deviation_id, contract_id, occurred_on, kind, description in await self._connection.execute(
                             select(d.c.id, d.c.contract_id, d.c.occurred_on, d.c.type, d.c.description))}
        present = {tuple(pair) for pair in await self._connection.execute(select(sd.c.sanction_id, sd.c.deviation_id))}
        links, touched = [], set()
        for row in sanctions:
            contract_id = contracts[row.reference]
            sanction_id = ids[(contract_id, row.step.value, row.decided_on)]
            for key in row.deviations:
                pair = (sanction_id, deviation_ids[(contract_id, *key)])
                if pair not in present:
                    present.add(pair)
                    links.append({"sanction_id": pair[0], "deviation_id": pair[1]})
                    touched.add(sanction_id)
        if links:
            await self._connection.execute(insert(sd), links)
            for link in links:
                writer.record("sanction_deviations", link["sanction_id"], "create", None, link)
        return _with_touched(counts, touched - writer.updated_ids.get(s.name, set()),
                             {row_id: {"id": row_id} for row_id in existing_ids})

    # --- export ---

    async def snapshot(self) -> tuple[FollowUpRows, AssessmentRows]:
        """Every follow-up row, sorted by natural key (in Python, so every database exports the same order)."""
        k, c = t.contracts, t.contacts
        references = {contract_id: reference for contract_id, reference in
                      await self._connection.execute(select(k.c.id, k.c.reference))}
        emails = {contact_id: email for contact_id, email in await self._connection.execute(
            select(c.c.id, c.c.email).where(c.c.erased_at.is_(None)))}
        orgs = {supplier_id: org for supplier_id, org in
                await self._connection.execute(select(t.suppliers.c.id, t.suppliers.c.org_number))}
        follow_up = FollowUpRows(
            plans=await self._plan_rows(references),
            decisions=await self._decision_rows(references, emails),
            actions=_sorted([ActionRow(0, references[r["contract_id"]], r["title"], r["due_date"],
                                       _member(ActionStatus, r["status"]) or ActionStatus.OPEN,
                                       emails.get(r["owner_id"]), _member(Party, r["party"]))
                             for r in await self._all(t.actions)]),
            meetings=await self._meeting_rows(references, emails),
            deviations=_sorted([DeviationRow(0, references[r["contract_id"]], r["occurred_on"],
                                             DeviationType(r["type"]), Severity(r["severity"]), r["description"],
                                             bool(r["is_complaint"]), emails.get(r["reported_by_id"]),
                                             _member(DeviationStatus, r["status"]) or DeviationStatus.REPORTED)
                                for r in await self._all(t.deviations)
                                if _member(DeviationType, r["type"]) and _member(Severity, r["severity"])]),
            sanctions=await self._sanction_rows(references),
            checklists=_sorted([ChecklistRow(0, references[r["contract_id"]], r["part"], r["item_key"],
                                             Answer(r["answer"]), r["comment"], emails.get(r["answered_by_id"]),
                                             r["answered_at"])
                                for r in await self._all(t.checklist_answers)
                                if _member(Answer, r["answer"]) and _checklist_item(r["part"], r["item_key"])]),
        )
        assessments = AssessmentRows(
            swot=_sorted([SwotRow(0, orgs[r["supplier_id"]], SwotQuadrant(r["quadrant"]), r["text"],
                                  _member(SwotStatus, r["status"]) or SwotStatus.ACCEPTED)
                          for r in await self._all(t.swot_items) if _member(SwotQuadrant, r["quadrant"])]),
            ratings=sorted([RatingRow(0, orgs[r["supplier_id"]], r["period"], r["score"], r["comment"],
                                      emails.get(r["rated_by_id"])) for r in await self._all(t.supplier_ratings)
                            if _quarter(r["period"]) and 1 <= r["score"] <= 5],
                           key=lambda r: (r.org_number, r.period, r.rated_by_email or "")),
            lessons=_sorted([LessonRow(0, references[r["contract_id"]], LessonKind(r["kind"]), r["text"],
                                       emails.get(r["recorded_by_id"]))
                             for r in await self._all(t.lessons) if _member(LessonKind, r["kind"])]),
        )
        return follow_up, assessments

    async def _all(self, table) -> list:
        return list((await self._connection.execute(select(table))).mappings())

    async def _plan_rows(self, references: dict[int, str]) -> tuple[PlanRow, ...]:
        plans = await SqlFollowUpPlans(self._connection).plans_for_contracts(references)
        return tuple(sorted((
            PlanRow(0, references[contract_id], plan.kpi_frequency, plan.meeting_interval_months, plan.meeting_form,
                    plan.grace_days, plan.reminder_lead_days, plan.reminder_interval_days, plan.max_reminders,
                    tuple(plan.notice_lead_months), plan.adjusted, plan.segment)
            for contract_id, plan in plans.items()), key=lambda p: p.reference))

    async def _decision_rows(self, references, emails) -> tuple[DecisionRow, ...]:
        rows = await self._all(t.decisions)
        keys = {r["id"]: (r["decided_on"], r["what"]) for r in rows}
        return _sorted([DecisionRow(0, references[r["contract_id"]], r["decided_on"], r["what"], r["decided_by"],
                                    r["basis"], keys.get(r["corrects_id"]), emails.get(r["recorded_by_id"]))
                        for r in rows])

    async def _meeting_rows(self, references, emails) -> tuple[MeetingRow, ...]:
        attendees: dict[int, list[str]] = {}
        for meeting_id, contact_id in await self._connection.execute(
                select(t.meeting_attendees.c.meeting_id, t.meeting_attendees.c.contact_id)):
            if emails.get(contact_id):
                attendees.setdefault(meeting_id, []).append(emails[contact_id])
        return tuple(sorted((
            MeetingRow(0, references[r["contract_id"]], on_the_second(r["starts_at"]), r["duration_minutes"],
                       r["form"], _member(MeetingStatus, r["status"]) or MeetingStatus.PLANNED, r["location"],
                       r["join_url"], r["agenda"], emails.get(r["organiser_id"]),
                       tuple(sorted(attendees.get(r["id"], ()))))
            for r in await self._all(t.meetings)), key=lambda m: m.key))

    async def _sanction_rows(self, references) -> tuple[SanctionRow, ...]:
        deviations = {r["id"]: (r["occurred_on"], r["type"], r["description"]) for r in await self._all(t.deviations)}
        basis: dict[int, list] = {}
        for sanction_id, deviation_id in await self._connection.execute(
                select(t.sanction_deviations.c.sanction_id, t.sanction_deviations.c.deviation_id)):
            basis.setdefault(sanction_id, []).append(deviations[deviation_id])
        return _sorted([SanctionRow(0, references[r["contract_id"]], SanctionStep(r["step"]), r["decided_on"],
                                    r["status"], r["basis"], r["decided_by"], r["amount_sek"],
                                    tuple(sorted(basis.get(r["id"], ()))))
                        for r in await self._all(t.sanctions) if _member(SanctionStep, r["step"])])


def _action(row: ActionRow, contract_id: int, person) -> WantedRow:
    on_create = {"closed_at": utcnow()} if row.status in _CLOSED else {}
    return WantedRow((contract_id, row.title, row.due_date), {
        "owner_id": person(row.owner_email), "party": row.party.value if row.party else None,
        "status": row.status.value}, on_create)


def _with_touched(counts: Counts, touched: set[int], existing: dict[Hashable, dict[str, Any]]) -> Counts:
    """Counts where a stored row that only got new links (attendees, deviations) counts as updated;
    `touched` holds the rows that got new links and were otherwise unchanged."""
    stored_ids = {row["id"] for row in existing.values()}
    moved = len(touched & stored_ids)
    return replace(counts, updated=counts.updated + moved, unchanged=counts.unchanged - moved) if moved else counts


def _sorted(records: list) -> tuple:
    return tuple(sorted(records, key=lambda record: tuple("" if v is None else v for v in record.key)))


def _checklist_item(part: str, item_key: str) -> bool:
    """Whether the item is in today's checklists; an answer to one that is not could not be imported again."""
    return any(candidate.key == part and candidate.item(item_key) for candidate in checklist_parts())


def _quarter(period: str) -> bool:
    try:
        return Period.parse(period, Frequency.QUARTER).label == period
    except DomainError:
        return False


def _member(enum, value):
    return enum(value) if value in enum._value2member_map_ else None
