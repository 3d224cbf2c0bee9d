"""The workbook's sheets for the reader, written on export and ignored on import: `KPI-status` (every KPI value
with its colour by the KPI's thresholds) and `Sammanfattning` (one line per contract).

`summary_sheet_rows` is the one place that decides what the summary sheet holds; it takes the exported rows,
so a richer summary can replace it without touching the rest of the export.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.actions import STILL_OPEN
from bot.domain.assessment_rows import AssessmentRows
from bot.domain.follow_up_rows import FollowUpRows, MeetingStatus
from bot.domain.kpi_rows import KpiRow, KpiRows
from bot.domain.kpis import Direction, KpiStatus, Thresholds
from bot.domain.register_rows import RegisterRows
from bot.domain.workbook_cells import local_moment


@dataclass(frozen=True)
class WorkbookRows:
    """Everything one export writes, as typed rows."""

    register: RegisterRows
    kpis: KpiRows
    follow_up: FollowUpRows
    assessments: AssessmentRows


def kpi_status(kpi: KpiRow | None, value) -> KpiStatus | None:
    if kpi is None:
        return None
    return Thresholds(kpi.target, kpi.direction or Direction.HIGHER, kpi.yellow, kpi.red).status(value)


def kpi_status_sheet_rows(kpis: KpiRows) -> list[list[object]]:
    """One row per KPI value, in the order of `KPI-värden`, with its status grön / gul / röd (empty when the
    KPI has no target or limits)."""
    definitions = {kpi.key: kpi for kpi in kpis.kpis}
    rows = []
    for value in kpis.values:
        kpi = definitions.get(value.kpi_key)
        status = kpi_status(kpi, value.value)
        rows.append([value.reference, value.kpi, value.period.label, value.value, kpi.unit if kpi else None,
                     kpi.target if kpi else None, status.value if status else None])
    return rows


def summary_sheet_rows(rows: WorkbookRows, *, today: date, zone: ZoneInfo) -> list[list[object]]:
    """A simple overview per contract: reference, title, supplier, status, the newest status of its KPIs
    (green / yellow / red), open and overdue actions, deviations this year and the next planned meeting."""
    suppliers = {supplier.org_number: supplier.name for supplier in rows.register.suppliers}
    definitions = {kpi.key: kpi for kpi in rows.kpis.kpis}
    newest = {value.kpi_key: value for value in rows.kpis.values}  # values are sorted by period
    colours: dict[str, Counter] = {}
    for key, value in newest.items():
        status = kpi_status(definitions.get(key), value.value)
        if status is not None:
            colours.setdefault(value.reference, Counter())[status] += 1
    open_actions: dict[str, list] = {}
    for action in rows.follow_up.actions:
        if action.status in STILL_OPEN:
            open_actions.setdefault(action.reference, []).append(action)
    next_meetings: dict[str, datetime] = {}
    for meeting in rows.follow_up.meetings:
        starts = local_moment(meeting.starts_at, zone)
        if meeting.status is MeetingStatus.PLANNED and starts.date() >= today:
            next_meetings[meeting.reference] = min(starts, next_meetings.get(meeting.reference, starts))
    deviations = Counter(d.reference for d in rows.follow_up.deviations if d.occurred_on.year == today.year)
    lines = []
    for contract in rows.register.contracts:
        reference = contract.reference
        actions = open_actions.get(reference, [])
        counts = colours.get(reference, Counter())
        lines.append([
            reference, contract.title, suppliers.get(contract.supplier_org_number, contract.supplier_org_number),
            contract.status.value if contract.status else None,
            counts[KpiStatus.GREEN], counts[KpiStatus.YELLOW], counts[KpiStatus.RED],
            len(actions), sum(1 for a in actions if a.due_date and a.due_date < today), deviations[reference],
            next_meetings.get(reference),
        ])
    return lines
