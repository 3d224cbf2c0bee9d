"""A contract's summary as plain rows (label, value) for the workbook sheet "Sammanfattning": the same figures
the card shows, in the user's language, with dates and numbers kept as values so a spreadsheet can sort them."""

from __future__ import annotations

from bot.deviation_words import severity_name, step_name
from bot.domain.summary import ContractSummary
from bot.i18n import Texts
from bot.plan_words import frequency_text, meetings_text, segment_name
from cards.summary_card import kpi_counts_text, kpi_text
from cards.supplier_rating import rating_with_period


def summary_sheet_rows(summary: ContractSummary, texts: Texts) -> list[list[object]]:
    contract = summary.contract
    rows: list[list[object]] = [
        [texts("summary.sheet.label"), texts("summary.sheet.value")],
        [texts("summary.fact.reference"), contract.reference],
        [texts("summary.sheet.title"), contract.title],
        [texts("lookup.fact.supplier"), summary.supplier_name],
        [texts("lookup.fact.category"), contract.category],
        [texts("lookup.fact.unit"), contract.owning_unit],
        [texts("summary.sheet.start"), contract.start_date],
        [texts("summary.sheet.end"), contract.end_date],
        [texts("lookup.fact.value"), contract.estimated_yearly_value_sek],
        [texts("lookup.fact.status"), texts(f"status.{contract.status.value}")],
        [texts("summary.sheet.days_to_notice"), summary.days_to_notice],
        [texts("summary.sheet.days_to_end"), summary.days_to_end],
        [texts("lookup.fact.segment"), segment_name(texts, summary.segment)],
        [texts("summary.plan.kpis"), frequency_text(texts, summary.plan)],
        [texts("summary.plan.meetings"), meetings_text(texts, summary.plan.meeting_interval_months)],
    ]
    rows += [[texts("summary.sheet.contact", name=member.contact.name),
              f"{texts.role(member.role)}, {texts(f'party.{member.contact.party.value}')}"
              + (f", {member.contact.email}" if member.contact.email else "")]
             for member in summary.key_contacts]
    rows.append([texts("summary.section.kpis"), kpi_counts_text(texts, summary.kpi_counts)])
    rows += [[texts("summary.sheet.kpi", name=figure.name), kpi_text(texts, figure)] for figure in summary.kpis]
    rows.append([texts("summary.sheet.open_actions"), summary.actions.open])
    rows.append([texts("summary.sheet.overdue_actions"), summary.actions.overdue])
    rows += [[texts("summary.sheet.action", due=action.due_date.isoformat() if action.due_date else "–"), action.title]
             for action in summary.actions.listed]
    rows += [[texts("summary.sheet.decision", day=decision.decided_on.isoformat()), decision.what]
             for decision in summary.decisions]
    rows.append([texts("summary.fact.deviations", year=summary.deviations.year), summary.deviations.count])
    rows += [[f"{texts('summary.fact.deviations', year=summary.deviations.year)}: {severity_name(texts, severity)}", count]
             for severity, count in summary.deviations.by_severity]
    sanctions = summary.sanctions
    rows.append([texts("summary.fact.sanctions"), sanctions.count])
    rows.append([texts("summary.sheet.latest_sanction"),
                 f"{step_name(texts, sanctions.latest_step)}, {sanctions.latest_on.isoformat()}"
                 if sanctions.latest_step is not None else None])
    rows += [[texts("summary.sheet.checklist", part=figure.part.name[texts.language]),
              texts("checklist.progress", answered=figure.progress.answered, total=figure.progress.total)]
             for figure in summary.checklists]
    rows.append([texts("summary.meeting.last"), summary.last_meeting.starts_at.date() if summary.last_meeting else None])
    rows.append([texts("summary.meeting.next"), summary.next_meeting.starts_at.date() if summary.next_meeting else None])
    if summary.rating is not None:
        rows.append([texts("summary.fact.rating"), rating_with_period(texts, summary.rating)])
    return rows
