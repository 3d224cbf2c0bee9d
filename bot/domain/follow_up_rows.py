"""The follow-up of contracts as workbook rows: plans, decisions, actions, meetings, deviations, sanctions and
checklist answers (`bot.domain.follow_up_layout` names the sheets and headers).

`parse_follow_up` reads every row into a typed record or a `RowError`, as `parse_register` does;
`check_follow_up` adds what needs the rest of the workbook and the stored register (`WorkbookKeys`): unknown
contracts and people, a corrected decision that is nowhere. `follow_up_sheet_values` is the way back.

Rows are named by natural keys, never database ids, so a workbook imports into another database:
plan by contract; decision by (contract, date, text); action by (contract, title, due date); meeting by
(contract, start); deviation by (contract, date, type, description); sanction by (contract, step, decided
date); checklist answer by (contract, part, item key). A decision's `Rättar` names the decision it corrects by
its row in the sheet or as `YYYY-MM-DD: text`; a sanction's `Avvikelser` are rows of the sheet `Avvikelser`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.actions import TITLE_MAX_LENGTH, ActionStatus
from bot.domain.checklists import Answer
from bot.domain.checklists import part as checklist_part
from bot.domain.checklists import parts as checklist_parts
from bot.domain.contracts import Segment
from bot.domain.decisions import WHAT_MAX_LENGTH
from bot.domain.deviations import DESCRIPTION_MAX_LENGTH, DeviationStatus, DeviationType, Severity
from bot.domain.follow_up_layout import (
    ACTIONS,
    CHECKLISTS,
    DECISIONS,
    DEVIATIONS,
    FOLLOW_UP_LAYOUT,
    MEETINGS,
    PLANS,
    SANCTIONS,
)
from bot.domain.kpis import Frequency
from bot.domain.register_rows import SheetData, error_order
from bot.domain.roles import Party
from bot.domain.sanctions import SanctionStatus, SanctionStep
from bot.domain.sheet_cells import (
    NO,
    YES,
    Refused,
    RowError,
    RowReader,
    cell_choice,
    cell_date,
    cell_email,
    cell_money,
    cell_reference,
    cell_yes_no,
    report_duplicates,
    shown,
)
from bot.domain.workbook_cells import (
    cell_emails,
    cell_limited,
    cell_moment,
    cell_month_list,
    cell_rows,
    cell_whole,
    email_list_text,
    local_moment,
    month_list_text,
)

DecisionKey = tuple[date, str]  # within a contract
DeviationKey = tuple[date, str, str]  # date, type, description within a contract


class MeetingStatus(StrEnum):
    PLANNED = "planerat"
    HELD = "genomfört"
    CANCELLED = "inställt"


@dataclass(frozen=True)
class PlanRow:
    """A contract's follow-up plan. Only an adjusted plan (`Justerad` ja) is imported; the others show the
    defaults of the contract's segment, which follow the segment."""

    row: int
    reference: str
    kpi_frequency: Frequency
    meeting_interval_months: int
    meeting_form: str
    grace_days: int
    reminder_lead_days: int
    reminder_interval_days: int
    max_reminders: int
    notice_lead_months: tuple[int, ...]
    adjusted: bool = False
    segment: Segment | None = None  # shown; the segment is imported from the sheet Avtal


@dataclass(frozen=True)
class DecisionRow:
    row: int
    reference: str
    decided_on: date
    what: str
    decided_by: str | None = None
    basis: str | None = None
    corrects: DecisionKey | None = None
    recorded_by_email: str | None = None

    @property
    def key(self) -> tuple[str, date, str]:
        return (self.reference, self.decided_on, self.what)


@dataclass(frozen=True)
class ActionRow:
    row: int
    reference: str
    title: str
    due_date: date | None
    status: ActionStatus
    owner_email: str | None = None
    party: Party | None = None

    @property
    def key(self) -> tuple[str, str, date | None]:
        return (self.reference, self.title, self.due_date)


@dataclass(frozen=True)
class MeetingRow:
    row: int
    reference: str
    starts_at: datetime  # UTC, to the second
    duration_minutes: int
    form: str
    status: MeetingStatus
    location: str | None = None
    join_url: str | None = None
    agenda: str | None = None
    organiser_email: str | None = None
    attendees: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, datetime]:
        return (self.reference, self.starts_at)


@dataclass(frozen=True)
class DeviationRow:
    row: int
    reference: str
    occurred_on: date
    type: DeviationType
    severity: Severity
    description: str
    is_complaint: bool = False
    reported_by_email: str | None = None
    status: DeviationStatus = DeviationStatus.REPORTED

    @property
    def key(self) -> tuple[str, date, str, str]:
        return (self.reference, self.occurred_on, self.type.value, self.description)


@dataclass(frozen=True)
class SanctionRow:
    row: int
    reference: str
    step: SanctionStep
    decided_on: date
    status: str
    basis: str | None = None
    decided_by: str | None = None
    amount_sek: Decimal | None = None
    deviations: tuple[DeviationKey, ...] = ()

    @property
    def key(self) -> tuple[str, str, date]:
        return (self.reference, self.step.value, self.decided_on)


@dataclass(frozen=True)
class ChecklistRow:
    row: int
    reference: str
    part: str
    item_key: str
    answer: Answer
    comment: str | None = None
    answered_by_email: str | None = None
    answered_at: datetime | None = None  # UTC

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.reference, self.part, self.item_key)


@dataclass(frozen=True)
class FollowUpRows:
    plans: tuple[PlanRow, ...] = ()
    decisions: tuple[DecisionRow, ...] = ()
    actions: tuple[ActionRow, ...] = ()
    meetings: tuple[MeetingRow, ...] = ()
    deviations: tuple[DeviationRow, ...] = ()
    sanctions: tuple[SanctionRow, ...] = ()
    checklists: tuple[ChecklistRow, ...] = ()


@dataclass(frozen=True)
class WorkbookKeys:
    """What the rest of the workbook and the stored register hold that the follow-up checks need."""

    references: frozenset[str] = frozenset()
    org_numbers: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    decisions: frozenset[tuple[str, date, str]] = frozenset()  # stored (contract, date, text)


# --- reading ------------------------------------------------------------------------------------------


def sheet_rows(sheets: Mapping[str, SheetData | None], name: str, errors: list[RowError]):
    """The rows of a follow-up sheet, or none when it is missing (it is optional) or its headers are wrong."""
    sheet = sheets.get(name)
    if sheet is None:
        return ()
    headers = FOLLOW_UP_LAYOUT[name]
    if tuple(h.strip() if isinstance(h, str) else h for h in sheet.headers[: len(headers)]) != headers:
        errors.append(RowError(name, 1, "register.error.headers", {"expected": ", ".join(headers)}))
        return ()
    return sheet.rows


def parse_follow_up(sheets: Mapping[str, SheetData | None], *, zone: ZoneInfo) -> tuple[FollowUpRows, list[RowError]]:
    errors: list[RowError] = []
    deviations, broken_deviations = _deviations(sheet_rows(sheets, DEVIATIONS, errors), errors)
    decisions, broken_decisions = _decisions(sheet_rows(sheets, DECISIONS, errors), errors)
    rows = FollowUpRows(
        plans=_plans(sheet_rows(sheets, PLANS, errors), errors),
        decisions=_corrections(decisions, broken_decisions, errors),
        actions=_actions(sheet_rows(sheets, ACTIONS, errors), errors),
        meetings=_meetings(sheet_rows(sheets, MEETINGS, errors), errors, zone),
        deviations=tuple(deviations),
        sanctions=_sanctions(sheet_rows(sheets, SANCTIONS, errors), errors, deviations, broken_deviations),
        checklists=_checklists(sheet_rows(sheets, CHECKLISTS, errors), errors, zone),
    )
    report_duplicates(PLANS, rows.plans, lambda p: p.reference, lambda p: p.reference, errors)
    for sheet, records in ((DECISIONS, rows.decisions), (ACTIONS, rows.actions), (MEETINGS, rows.meetings),
                           (DEVIATIONS, rows.deviations), (SANCTIONS, rows.sanctions),
                           (CHECKLISTS, rows.checklists)):
        report_duplicates(sheet, records, lambda r: r.key, _shown_key, errors)
    return rows, sorted(errors, key=error_order)


def _shown_key(record) -> str:
    return " ".join(value.isoformat() if isinstance(value, date) else str(value) for value in record.key
                    if value is not None)[:120]


def _plans(rows, errors) -> tuple[PlanRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(PLANS, number, values, errors)
        record = PlanRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            segment=row.get("Segment", cell_choice(Segment)),
            kpi_frequency=row.get("KPI-frekvens", cell_choice(Frequency), required=True),
            meeting_interval_months=row.get("Mötesintervall (månader)", cell_whole(1, 36), required=True),
            meeting_form=row.get("Mötesform", cell_limited(60), required=True),
            grace_days=row.get("Anståndsdagar", cell_whole(0, 90), required=True),
            reminder_lead_days=row.get("Påminnelse före (arbetsdagar)", cell_whole(0, 60), required=True),
            reminder_interval_days=row.get("Påminnelseintervall (arbetsdagar)", cell_whole(1, 60), required=True),
            max_reminders=row.get("Max påminnelser", cell_whole(1, 10), required=True),
            notice_lead_months=row.get("Uppsägningsvarsel (månader)", cell_month_list, required=True),
            adjusted=bool(row.get("Justerad", cell_yes_no)),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _decisions(rows, errors) -> tuple[list[tuple[DecisionRow, object]], set[int]]:
    """The decisions with what their `Rättar` cell says (a row number or a key), and the rows refused."""
    records, broken = [], set()
    for number, values in rows:
        row = RowReader(DECISIONS, number, values, errors)
        record = DecisionRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            decided_on=row.get("Datum", cell_date, required=True),
            what=row.get("Beslut", cell_limited(WHAT_MAX_LENGTH), required=True),
            decided_by=row.get("Beslutat av", cell_limited(300)),
            basis=row.get("Underlag"),
            recorded_by_email=row.get("Registrerat av", cell_email),
        )
        corrects = row.get("Rättar", _decision_reference)
        if row.ok:
            records.append((record, corrects))
        else:
            broken.add(number)
    return records, broken


def _decision_reference(value: object, column: str) -> int | DecisionKey:
    """`Rättar`: a row of the sheet (`5`) or the corrected decision's date and text (`2026-03-04: text`)."""
    text = shown(value) if not isinstance(value, int | float) else ""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    if text.isdigit():
        return int(text)
    day, separator, what = str(value).partition(":")
    try:
        if separator and what.strip():
            return (cell_date(day.strip(), column), " ".join(what.split()))
    except Refused:
        pass
    raise Refused("register.error.decision_reference", column=column, value=shown(value))


def _corrections(records, broken: set[int], errors) -> tuple[DecisionRow, ...]:
    by_row = {record.row: record for record, _ in records}
    resolved = []
    for record, corrects in records:
        if isinstance(corrects, int):
            target = by_row.get(corrects)
            if target is None or target.reference != record.reference or target.row == record.row:
                if corrects not in broken:
                    errors.append(RowError(DECISIONS, record.row, "register.error.row_reference",
                                           {"column": "Rättar", "value": corrects, "sheet": DECISIONS}))
                continue
            corrects = (target.decided_on, target.what)
        resolved.append(replace(record, corrects=corrects))
    return tuple(resolved)


def _actions(rows, errors) -> tuple[ActionRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(ACTIONS, number, values, errors)
        record = ActionRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            title=row.get("Aktivitet", cell_limited(TITLE_MAX_LENGTH), required=True),
            due_date=row.get("Förfallodatum", cell_date),
            owner_email=row.get("Ansvarig", cell_email),
            party=row.get("Part", cell_choice(Party)),
            status=row.get("Status", cell_choice(ActionStatus)) or ActionStatus.OPEN,
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _meetings(rows, errors, zone: ZoneInfo) -> tuple[MeetingRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(MEETINGS, number, values, errors)
        record = MeetingRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            starts_at=row.get("Start", cell_moment(zone), required=True),
            duration_minutes=row.get("Längd (minuter)", cell_whole(5, 1440)) or 60,
            form=row.get("Mötesform", cell_limited(40), required=True),
            status=row.get("Status", cell_choice(MeetingStatus)) or MeetingStatus.PLANNED,
            location=row.get("Plats", cell_limited(300)),
            join_url=row.get("Länk"),
            agenda=row.get("Dagordning"),
            organiser_email=row.get("Organisatör", cell_email),
            attendees=row.get("Deltagare", cell_emails) or (),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _deviations(rows, errors) -> tuple[list[DeviationRow], set[int]]:
    records, broken = [], set()
    for number, values in rows:
        row = RowReader(DEVIATIONS, number, values, errors)
        record = DeviationRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            occurred_on=row.get("Datum", cell_date, required=True),
            type=row.get("Typ", cell_choice(DeviationType), required=True),
            severity=row.get("Allvarlighet", cell_choice(Severity), required=True),
            is_complaint=bool(row.get("Reklamation", cell_yes_no)),
            description=row.get("Beskrivning", cell_limited(DESCRIPTION_MAX_LENGTH), required=True),
            reported_by_email=row.get("Rapporterad av", cell_email),
            status=row.get("Status", cell_choice(DeviationStatus)) or DeviationStatus.REPORTED,
        )
        if row.ok:
            records.append(record)
        else:
            broken.add(number)
    return records, broken


def _sanctions(rows, errors, deviations: list[DeviationRow], broken: set[int]) -> tuple[SanctionRow, ...]:
    by_row = {deviation.row: deviation for deviation in deviations}
    records = []
    for number, values in rows:
        row = RowReader(SANCTIONS, number, values, errors)
        record = SanctionRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            step=row.get("Steg", cell_choice(SanctionStep), required=True),
            decided_on=row.get("Beslutsdatum", cell_date, required=True),
            basis=row.get("Underlag"),
            decided_by=row.get("Beslutat av", cell_limited(300)),
            amount_sek=row.get("Belopp (SEK)", cell_money),
            status=(row.get("Status", cell_choice(SanctionStatus)) or SanctionStatus.DECIDED).value,
        )
        keys = []
        for deviation_row in row.get("Avvikelser", cell_rows) or ():
            deviation = by_row.get(deviation_row)
            if deviation is not None and deviation.reference == record.reference:
                keys.append(deviation.key[1:])
            elif deviation_row not in broken:
                row.refuse("register.error.row_reference", column="Avvikelser", value=deviation_row,
                           sheet=DEVIATIONS)
        if row.ok:
            records.append(replace(record, deviations=tuple(dict.fromkeys(keys))))
    return tuple(records)


def _checklist_part(value: object, column: str) -> str:
    key = " ".join(shown(value).lower().split())
    if key not in {candidate.key for candidate in checklist_parts()}:
        raise Refused("register.error.choice", column=column, value=shown(value),
                      allowed=" / ".join(candidate.key for candidate in checklist_parts()))
    return key


def _checklists(rows, errors, zone: ZoneInfo) -> tuple[ChecklistRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(CHECKLISTS, number, values, errors)
        record = ChecklistRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            part=row.get("Del", _checklist_part, required=True),
            item_key=row.get("Punkt", cell_limited(80), required=True),
            answer=row.get("Svar", cell_choice(Answer), required=True),
            comment=row.get("Kommentar"),
            answered_by_email=row.get("Besvarad av", cell_email),
            answered_at=row.get("Besvarad", cell_moment(zone)),
        )
        if record.part and record.item_key and checklist_part(record.part).item(record.item_key) is None:
            row.refuse("register.error.checklist_item", item=record.item_key, part=record.part)
        if row.ok:
            records.append(record)
    return tuple(records)


# --- checks against the rest ----------------------------------------------------------------------------


def check_follow_up(rows: FollowUpRows, keys: WorkbookKeys) -> list[RowError]:
    """Contracts and people that are neither in the workbook nor stored, and corrected decisions that are
    nowhere."""
    errors: list[RowError] = []
    people = {
        PLANS: (), DECISIONS: ("recorded_by_email",), ACTIONS: ("owner_email",),
        MEETINGS: ("organiser_email", "attendees"), DEVIATIONS: ("reported_by_email",), SANCTIONS: (),
        CHECKLISTS: ("answered_by_email",),
    }
    columns = {"recorded_by_email": "Registrerat av", "owner_email": "Ansvarig", "organiser_email": "Organisatör",
               "attendees": "Deltagare", "reported_by_email": "Rapporterad av", "answered_by_email": "Besvarad av"}
    for sheet, records in _by_sheet(rows):
        for record in records:
            if record.reference not in keys.references:
                errors.append(RowError(sheet, record.row, "register.error.unknown_contract",
                                       {"value": record.reference}))
                continue
            for attribute in people[sheet]:
                value = getattr(record, attribute)
                for address in value if isinstance(value, tuple) else (value,) if value else ():
                    if address not in keys.emails:
                        errors.append(RowError(sheet, record.row, "register.error.unknown_contact",
                                               {"column": columns[attribute], "value": address}))
    in_file = {decision.key for decision in rows.decisions}
    for decision in rows.decisions:
        if decision.corrects is None or decision.reference not in keys.references:
            continue
        wanted = (decision.reference, *decision.corrects)
        if wanted not in in_file and wanted not in keys.decisions:
            errors.append(RowError(DECISIONS, decision.row, "register.error.unknown_decision", {
                "column": "Rättar", "value": f"{decision.corrects[0].isoformat()}: {decision.corrects[1]}"[:80]}))
    return sorted(errors, key=error_order)


def _by_sheet(rows: FollowUpRows):
    return ((PLANS, rows.plans), (DECISIONS, rows.decisions), (ACTIONS, rows.actions), (MEETINGS, rows.meetings),
            (DEVIATIONS, rows.deviations), (SANCTIONS, rows.sanctions), (CHECKLISTS, rows.checklists))


def only_contracts(rows: FollowUpRows, references: frozenset[str]) -> FollowUpRows:
    """The rows of these contracts only (a filtered export)."""
    return FollowUpRows(*(tuple(r for r in records if r.reference in references) for _, records in _by_sheet(rows)))


# --- writing ------------------------------------------------------------------------------------------


def follow_up_sheet_values(rows: FollowUpRows, *, zone: ZoneInfo, language: str = "sv") -> dict[str, list[list[object]]]:
    """The records as the values of the follow-up sheets' rows, in the order of their headers. References
    to other rows (`Rättar`, `Avvikelser`) become row numbers of the sheets written."""
    decision_rows = {decision.key: index for index, decision in enumerate(rows.decisions, start=2)}
    deviation_rows = {deviation.key: index for index, deviation in enumerate(rows.deviations, start=2)}

    def corrected(decision: DecisionRow) -> object:
        if decision.corrects is None:
            return None
        target = (decision.reference, *decision.corrects)
        return decision_rows.get(target, f"{decision.corrects[0].isoformat()}: {decision.corrects[1]}")

    def question(answer: ChecklistRow) -> str | None:
        item = checklist_part(answer.part).item(answer.item_key)
        return item.text.get(language) if item else None

    return {
        PLANS: [[
            p.reference, p.segment.value if p.segment else None, p.kpi_frequency.value, p.meeting_interval_months,
            p.meeting_form, p.grace_days, p.reminder_lead_days, p.reminder_interval_days, p.max_reminders,
            month_list_text(p.notice_lead_months), YES if p.adjusted else NO,
        ] for p in rows.plans],
        DECISIONS: [[d.reference, d.decided_on, d.what, d.decided_by, d.basis, corrected(d), d.recorded_by_email]
                    for d in rows.decisions],
        ACTIONS: [[a.reference, a.title, a.due_date, a.owner_email, a.party.value if a.party else None,
                   a.status.value] for a in rows.actions],
        MEETINGS: [[
            m.reference, local_moment(m.starts_at, zone), m.duration_minutes, m.form, m.status.value, m.location,
            m.join_url, m.agenda, m.organiser_email, email_list_text(m.attendees),
        ] for m in rows.meetings],
        DEVIATIONS: [[d.reference, d.occurred_on, d.type.value, d.severity.value, YES if d.is_complaint else NO,
                      d.description, d.reported_by_email, d.status.value] for d in rows.deviations],
        SANCTIONS: [[
            s.reference, s.step.value, s.decided_on, s.basis, s.decided_by, s.amount_sek, s.status,
            "; ".join(str(deviation_rows[(s.reference, *key)]) for key in s.deviations
                      if (s.reference, *key) in deviation_rows) or None,
        ] for s in rows.sanctions],
        CHECKLISTS: [[
            c.reference, c.part, c.item_key, question(c), c.answer.value, c.comment, c.answered_by_email,
            local_moment(c.answered_at, zone),
        ] for c in rows.checklists],
    }
