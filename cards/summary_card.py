"""The summary (sammanfattning) as a card: a contract's whole picture, or a supplier's contracts rolled up.

Status shows as colour (good, warning, attention) and always also in words, so it reads the same in the
terminal chat. A supplier's card lists its contracts worst first and stops before the message grows past what
Teams takes, saying how many were left out and how to ask for one of them.
"""

from __future__ import annotations

import json
from datetime import datetime, tzinfo
from typing import Any

from bot.deviation_words import severity_name, step_name
from bot.domain.kpis import Frequency, Period
from bot.domain.reminder_content import Meeting
from bot.domain.summary import (
    ContractSummary,
    KpiFigure,
    KpiState,
    Movement,
    SupplierSummary,
    worst_first,
)
from bot.i18n import Texts
from bot.lookup_replies import days_text, money_text
from bot.meeting_words import stored_form_name
from bot.plan_words import extra_meetings_text, frequency_text, meetings_text, segment_name
from cards.kpi_result import with_unit
from cards.render import attachment, render_card
from cards.supplier_rating import rating_with_period

MAX_KPI_LINES = 20
MAX_KPI_CHARTS = 4  # Teams draws these; other hosts drop them and the lines' sparklines remain
MAX_CONTACTS = 8
MAX_CONTRACT_SECTIONS = 30
CARD_BUDGET = 70_000  # characters of the serialized card; the message around it stays under 80 KB
WHAT_LENGTH = 200
_COLOURS = {
    KpiState.GREEN: "Good", KpiState.YELLOW: "Warning", KpiState.RED: "Attention", KpiState.LATE: "Attention",
}
_ARROWS = {Movement.BETTER: "↑", Movement.WORSE: "↓", Movement.SAME: "→"}


def colour_of(state: KpiState | None) -> str:
    return _COLOURS.get(state, "Default") if state is not None else "Default"


def state_name(texts: Texts, state: KpiState) -> str:
    return texts(f"summary.state.{state.name.lower()}")


def kpi_counts_text(texts: Texts, counts: dict[KpiState, int]) -> str:
    return " · ".join(texts("summary.count", name=state_name(texts, state), count=count)
                      for state, count in counts.items()) or texts("summary.kpi.none_defined")


def kpi_text(texts: Texts, figure: KpiFigure) -> str:
    """"Leveransprecision: 91 % (2026-10), mål 95 % – gul · ▃▅▇▅ ↓ sämre"."""
    if figure.latest is None:
        shown = texts("summary.kpi.no_value")
    else:
        value = with_unit(texts, figure.latest.value, figure.unit)
        shown = (texts("summary.kpi.value_target", value=value, period=figure.latest.period.label,
                       target=with_unit(texts, figure.target, figure.unit))
                 if figure.target is not None else texts("summary.kpi.value", value=value, period=figure.latest.period.label))
    state = (texts("summary.state.late_period", period=figure.due_period) if figure.state is KpiState.LATE
             else state_name(texts, figure.state))
    text = f"{figure.name}: {shown} – {state}"
    if figure.sparkline:
        text += f" · {figure.sparkline}"
    if figure.movement is not None:
        text += f" {_ARROWS[figure.movement]} {texts(f'summary.movement.{figure.movement.name.lower()}')}"
    return text


def summary_card(texts: Texts, summary: ContractSummary, zone: tzinfo) -> dict[str, Any]:
    contract = summary.contract
    worst = summary.worst_state
    sections = [
        _section(texts("summary.section.contacts"), lines=_contacts(texts, summary)),
        _section(texts("summary.section.plan"), facts=_plan(texts, summary)),
        _section(texts("summary.section.kpis"), colour=colour_of(worst), lines=_kpis(texts, summary),
                 charts=_kpi_charts(texts, summary)),
        _section(texts("summary.section.actions"), colour="Attention" if summary.actions.overdue else "Default",
                 lines=_actions(texts, summary)),
        _section(texts("summary.section.decisions"), lines=[
            _line(f"{d.decided_on.isoformat()}: {_cut(d.what)}") for d in summary.decisions
        ] or [_line(texts("summary.decisions.none"))]),
        _section(texts("summary.section.deviations"),
                 colour="Attention" if summary.sanctions.count else "Default", lines=_deviations(texts, summary)),
    ]
    if summary.checklists:
        sections.append(_section(texts("summary.section.checklists"), facts=[
            _fact(figure.part.name[texts.language],
                  texts("checklist.progress", answered=figure.progress.answered, total=figure.progress.total))
            for figure in summary.checklists
        ]))
    sections.append(_section(texts("summary.section.meetings"), facts=[
        _fact(texts("summary.meeting.last"), _meeting(texts, summary.last_meeting, zone)),
        _fact(texts("summary.meeting.next"), _meeting(texts, summary.next_meeting, zone)),
    ]))
    return render_card("summary", {
        "title": texts("summary.title.contract", reference=contract.reference, title=contract.title),
        "subtitle": f"{summary.supplier_name} ({summary.supplier_org_number})",
        "headline": texts("summary.headline", counts=kpi_counts_text(texts, summary.kpi_counts)),
        "headline_colour": colour_of(worst),
        "facts": _contract_facts(texts, summary),
        "sections": sections,
        "more": None,
    })


def supplier_summary_card(texts: Texts, summary: SupplierSummary, zone: tzinfo) -> dict[str, Any]:
    totals = summary.totals
    sections = [_contract_section(texts, contract, zone) for contract in summary.contracts]
    data = {
        "title": texts("summary.title.supplier", supplier=summary.supplier.name),
        "subtitle": f"{summary.supplier.org_number} · {texts('lookup.fact.segment')}: {segment_name(texts, summary.segment)}",
        "headline": texts("summary.headline", counts=kpi_counts_text(texts, totals.kpis)),
        "headline_colour": colour_of(next(iter(totals.kpis), None)),
        "facts": [
            _fact(texts("summary.fact.running"), texts("summary.running", running=summary.running,
                                                       count=len(summary.contracts))),
            _fact(texts("summary.section.actions"), texts("summary.actions.counts", open=totals.open_actions,
                                                          overdue=totals.overdue_actions)),
            _fact(texts("summary.fact.deviations", year=summary.year), str(totals.deviations)),
            _fact(texts("summary.fact.sanctions"), str(totals.sanctions)),
        ],
        "sections": sections,
        "more": None,
    }
    if summary.rating is not None:
        data["facts"].append(_fact(texts("summary.fact.rating"), rating_with_period(texts, summary.rating)))
    return _within_budget(texts, data, summary)


def fits(card: dict[str, Any]) -> bool:
    return len(json.dumps(attachment(card))) <= CARD_BUDGET


def _within_budget(texts: Texts, data: dict[str, Any], summary: SupplierSummary) -> dict[str, Any]:
    """The card with as many contracts as fit, worst first, and a line that says how many were left out."""
    sections = data["sections"]
    shown = min(len(sections), MAX_CONTRACT_SECTIONS)
    while True:
        left = len(sections) - shown
        more = (texts("summary.more", count=left, reference=summary.contracts[shown].contract.reference)
                if left else None)
        card = render_card("summary", {**data, "sections": sections[:shown], "more": more})
        if shown == 0 or fits(card):
            return card
        shown -= 1


def _contract_section(texts: Texts, summary: ContractSummary, zone: tzinfo) -> dict[str, Any]:
    contract, worst = summary.contract, summary.worst_state
    facts = [
        _fact(texts("lookup.fact.status"), texts(f"status.{contract.status.value}")),
        _fact(texts("summary.fact.worst"), state_name(texts, worst) if worst else texts("summary.kpi.none_defined")),
        _fact(texts("summary.fact.overdue"), str(summary.actions.overdue)),
        _fact(texts("summary.meeting.next"), _meeting(texts, summary.next_meeting, zone)),
        _fact(texts("summary.fact.end"), _days(texts, summary.days_to_end, "end", contract.end_date)),
    ]
    return _section(f"{contract.reference} {contract.title}", colour=colour_of(worst), facts=facts)


def _contract_facts(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    contract = summary.contract
    start = contract.start_date.isoformat() if contract.start_date else "…"
    end = contract.end_date.isoformat() if contract.end_date else "…"
    facts = [
        _fact(texts("summary.fact.reference"), contract.reference),
        _fact(texts("lookup.fact.supplier"), summary.supplier_name),
        _fact(texts("lookup.fact.category"), contract.category or "–"),
        _fact(texts("lookup.fact.unit"), contract.owning_unit or "–"),
        _fact(texts("lookup.fact.period"), f"{start} – {end}"),
        _fact(texts("lookup.fact.value"), money_text(texts, contract.estimated_yearly_value_sek) or "–"),
        _fact(texts("lookup.fact.status"), texts(f"status.{contract.status.value}")),
        _fact(texts("summary.fact.notice"), _days(texts, summary.days_to_notice, "notice", contract.notice_date)),
        _fact(texts("summary.fact.end"), _days(texts, summary.days_to_end, "end", contract.end_date)),
    ]
    if summary.rating is not None:
        facts.append(_fact(texts("summary.fact.rating"), rating_with_period(texts, summary.rating)))
    return facts


def _contacts(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    lines = []
    for member in summary.key_contacts[:MAX_CONTACTS]:
        contact = member.contact
        what = f"{texts.role(member.role)}, {texts(f'party.{contact.party.value}')}"
        lines.append(_line(f"{contact.name} – {what}" + (f" · {contact.email}" if contact.email else "")))
    return lines or [_line(texts("lookup.no_team"))]


def _plan(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    plan = summary.plan
    facts = [
        _fact(texts("lookup.fact.segment"), segment_name(texts, summary.segment)),
        _fact(texts("summary.plan.kpis"), frequency_text(texts, plan)),
        _fact(texts("summary.plan.meetings"),
              f"{stored_form_name(texts, plan.meeting_form)}, {meetings_text(texts, plan.meeting_interval_months)}"),
    ]
    if plan.extra_meetings:
        facts.append(_fact(texts("plan.fact.extra_meetings"), extra_meetings_text(texts, plan)))
    return facts


def _kpis(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    ordered = worst_first(summary.kpis)
    lines = [_line(kpi_text(texts, figure), colour_of(figure.state)) for figure in ordered[:MAX_KPI_LINES]]
    if len(ordered) > MAX_KPI_LINES:
        lines.append(_line(texts("summary.kpi.more", count=len(ordered) - MAX_KPI_LINES)))
    return lines or [_line(texts("summary.kpi.none_defined"))]


def _kpi_charts(texts: Texts, summary: ContractSummary) -> list[dict[str, Any]]:
    """Line charts of the worst KPIs with at least two values, for the hosts that draw them (Teams)."""
    charts = []
    for figure in worst_first(summary.kpis):
        if len(figure.history) < 2:
            continue
        legend = f"{figure.name} ({figure.unit})" if figure.unit else figure.name
        charts.append({"title": texts("summary.kpi.chart_title", name=figure.name), "legend": legend,
                       "points": [{"x": _axis_label(texts, period, first=index == 0), "y": float(value)}
                                  for index, (period, value) in enumerate(figure.history)]})
        if len(charts) == MAX_KPI_CHARTS:
            break
    return charts


def _axis_label(texts: Texts, period: Period, *, first: bool) -> str:
    """A short label the chart's axis has room for: "okt", "jan 26" (the year at January and at the start),
    "Q3", "H1", "2026"."""
    if period.frequency is Frequency.MONTH:
        month = texts("meeting.months").split("|")[period.number - 1][:3].lower()
        return f"{month} {period.year % 100:02d}" if first or period.number == 1 else month
    if period.frequency is Frequency.YEAR:
        return str(period.year)
    return period.label.split("-", 1)[1] + (f" {period.year % 100:02d}" if first or period.number == 1 else "")


def _actions(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    figures = summary.actions
    lines = [_line(texts("summary.actions.counts", open=figures.open, overdue=figures.overdue))]
    for index, action in enumerate(figures.listed):
        due = action.due_date.isoformat() if action.due_date else texts("summary.actions.no_due")
        owner = f" · {action.owner_name}" if action.owner_name else ""
        overdue = index < figures.overdue  # listed overdue first
        text = f"{due} · {_cut(action.title)}{owner}" + (f" – {texts('summary.actions.overdue')}" if overdue else "")
        lines.append(_line(text, "Attention" if overdue else "Default"))
    return lines


def _deviations(texts: Texts, summary: ContractSummary) -> list[dict[str, str]]:
    figures, sanctions = summary.deviations, summary.sanctions
    by_severity = ", ".join(f"{severity_name(texts, severity)} {count}" for severity, count in figures.by_severity)
    lines = [_line(texts("summary.deviations", count=figures.count, year=figures.year, by_severity=by_severity))]
    if sanctions.latest_step is None:
        lines.append(_line(texts("summary.sanctions.none")))
    else:
        lines.append(_line(texts("summary.sanctions.latest", step=step_name(texts, sanctions.latest_step),
                                 day=sanctions.latest_on.isoformat(), count=sanctions.count), "Attention"))
    return lines


def _meeting(texts: Texts, meeting: Meeting | None, zone: tzinfo) -> str:
    if meeting is None:
        return "–"
    local: datetime = meeting.starts_at.astimezone(zone)
    return f"{stored_form_name(texts, meeting.form)}, {local:%Y-%m-%d %H:%M}"


def _days(texts: Texts, days: int | None, what: str, day) -> str:
    if days is None or day is None:
        return "–"
    return f"{day.isoformat()} ({days_text(texts, days, what)})"


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= WHAT_LENGTH else flat[: WHAT_LENGTH - 1] + "…"


def _section(heading: str, *, colour: str = "Default", facts: list | None = None, lines: list | None = None,
             charts: list | None = None) -> dict:
    return {"heading": heading, "colour": colour, "facts": facts or [], "lines": lines or [], "charts": charts or []}


def _fact(title: str, value: str) -> dict[str, str]:
    return {"title": title, "value": value}


def _line(text: str, colour: str = "Default") -> dict[str, str]:
    return {"text": text, "colour": colour}
