"""The workbook's sheets for the reader, written on export and ignored on import: `KPI-status` (every KPI value
with its colour by the KPI's thresholds) and `Sammanfattning` (one line per contract, the figures of its
summary card).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.assessment_rows import AssessmentRows
from bot.domain.follow_up_rows import FollowUpRows
from bot.domain.kpi_rows import KpiRow, KpiRows
from bot.domain.kpis import Direction, KpiStatus, Thresholds
from bot.domain.register_rows import RegisterRows
from bot.domain.summary import ContractSummary, KpiState
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


def summary_table_rows(summaries: Iterable[ContractSummary], zone: ZoneInfo) -> list[list[object]]:
    """One row per contract under the `Sammanfattning` headers, in the order given: the figures its summary
    card shows, Swedish words as the register's own."""
    states = (KpiState.GREEN, KpiState.YELLOW, KpiState.RED, KpiState.LATE, KpiState.NO_VALUE)
    rows = []
    for summary in summaries:
        counts, contract, rating, sanctions = summary.kpi_counts, summary.contract, summary.rating, summary.sanctions
        scored = rating is not None and rating.score is not None
        meetings = (summary.last_meeting, summary.next_meeting)
        rows.append([
            contract.reference, contract.title, summary.supplier_name, contract.status.value,
            summary.segment.value if summary.segment else None, *(counts.get(state, 0) for state in states),
            summary.actions.open, summary.actions.overdue, summary.deviations.count,
            sanctions.count, sanctions.latest_step.value if sanctions.latest_step else None,
            *(local_moment(meeting.starts_at, zone) if meeting else None for meeting in meetings),
            summary.days_to_notice, summary.days_to_end,
            float(rating.score) if scored else None, rating.period if scored else None,
        ])
    return rows

