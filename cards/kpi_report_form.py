"""The card for reporting a KPI value in one go: a contract's KPIs to choose from, the period (empty for the
one due), the value, a comment and whether it corrects a value already reported. What it submits is parsed
into `KpiReport`; the handler checks all of it again, since a card's data can be tampered with."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, field_validator

from bot.domain.kpis import KpiDefinition
from bot.i18n import Texts
from cards.kpi_result import format_number
from cards.render import render_card

REPORT_VERB = "kpi.report"


class KpiReport(BaseModel):
    """An `Action.Submit` of the report card: its data and the inputs as Teams merges them in (strings; a
    field left empty may be missing). Limits above the inputs' own are a tampered card, not a typo."""

    contract_id: int
    kpi_id: int | None = None
    period: str = Field(default="", max_length=100)
    value: str = Field(default="", max_length=100)
    comment: str = Field(default="", max_length=4000)  # longer than the KPI's comment: refused with a reason
    correct: bool = False

    @field_validator("kpi_id", mode="before")
    @classmethod
    def _none_chosen(cls, value: object) -> object:
        return None if value == "" else value  # a choice set left empty submits ""


def kpi_report_card(
    texts: Texts, kpis: list[KpiDefinition], today: date, entered: KpiReport | None = None,
    problem: str | None = None,
) -> dict[str, Any]:
    """The form for `kpis` (all of one contract), filled with what was `entered` and saying what the
    `problem` with it was, when it comes back."""
    contract = kpis[0].contract
    due = [kpi.period_due(today).label for kpi in kpis]
    chosen = entered.kpi_id if entered is not None and entered.kpi_id is not None else kpis[0].id
    return render_card("kpi_report", {
        "title": texts("kpicard.title", reference=contract.reference),
        "subtitle": f"{contract.title} – {contract.supplier_name}",
        "problem": problem or "",
        "kpi_label": texts("kpicard.kpi"),
        "kpi_missing": texts("kpicard.choose_kpi"),
        "kpi_id": str(chosen),
        "kpis": [
            {"title": texts("kpicard.kpi_choice", kpi=kpi.name, frequency=texts(f"kpi.frequency.{kpi.frequency.value}"),
                            due=label),
             "value": str(kpi.id)}
            for kpi, label in zip(kpis, due, strict=True)
        ],
        "period_label": texts("kpicard.period"),
        "period_placeholder": " / ".join(dict.fromkeys(due)),  # the one due, or one per frequency
        "period": entered.period if entered is not None else "",
        "value_label": texts("kpicard.value"),
        "value_placeholder": texts("kpicard.value_example", example=format_number(texts, Decimal("91.5"))),
        "value_missing": texts("kpicard.no_value"),
        "value": entered.value if entered is not None else "",
        "comment_label": texts("kpicard.comment"),
        "comment": entered.comment if entered is not None else "",
        "correct_title": texts("kpicard.correct"),
        "correct": "true" if entered is not None and entered.correct else "false",
        "submit": texts("kpicard.submit"),
        "verb": REPORT_VERB,  # answered in place (Action.Execute), or as a new message (Action.Submit)
        "data": {"contract_id": contract.id},
        "submit_data": {"verb": REPORT_VERB, "contract_id": contract.id},
    })
