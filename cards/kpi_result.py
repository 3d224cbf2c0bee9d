"""The answer to a reported KPI value: a card with the value, its status against target, the change from the
period before, a one-line sentence and a chart of the last values (listed as text where charts don't render)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.domain.kpis import Direction, KpiStatus
from bot.i18n import Texts
from bot.services.kpi_reporting import CHART_VALUES, RecordedKpiValue
from cards.render import attachment, render_card

_ORDINALS = range(2, 13)  # "andra" … "tolfte" have words in the catalogues; later ones a number


def format_number(texts: Texts, number: Decimal, *, signed: bool = False) -> str:
    """91.5 → "91,5" in Swedish and "91.5" in English; thousands grouped; a sign on a change when asked."""
    exponent = number.as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    shown = f"{abs(number):,.{decimals}f}"
    if texts.language == "sv":
        shown = shown.replace(",", "\u00a0").replace(".", ",")
    sign = "−" if number < 0 else ("+" if signed and number > 0 else "")
    return f"{sign}{shown}"


def with_unit(texts: Texts, number: Decimal, unit: str | None, *, signed: bool = False) -> str:
    shown = format_number(texts, number, signed=signed)
    return f"{shown} {unit}" if unit else shown


def kpi_sentence(texts: Texts, result: RecordedKpiValue) -> str:
    """"91 % mot mål 95 % – gul, tredje perioden i rad under mål"."""
    kpi, trend = result.kpi, result.trend
    value = with_unit(texts, result.value.value, kpi.unit)
    target = kpi.thresholds.target
    if trend.status is None or target is None:
        return texts("kpi.sentence.no_target", value=value)
    if trend.status is KpiStatus.GREEN:
        position = texts("kpi.position.on")
    else:
        position = texts("kpi.position.below" if kpi.thresholds.direction is Direction.HIGHER else "kpi.position.above")
    if trend.periods_in_a_row > 1:
        position = texts("kpi.streak", ordinal=_ordinal(texts, trend.periods_in_a_row), position=position)
    return texts("kpi.sentence", value=value, target=with_unit(texts, target, kpi.unit),
                 status=texts(f"kpi.status.{trend.status.value}"), position=position)


def kpi_result_card(texts: Texts, result: RecordedKpiValue) -> dict[str, Any]:
    kpi, trend = result.kpi, result.trend
    target = kpi.thresholds.target
    shown = result.values[-CHART_VALUES:]  # the card stays small however long the history
    facts = [
        (texts("kpi.fact.contract"), f"{kpi.contract.reference} – {kpi.contract.supplier_name}"),
        (texts("kpi.fact.period"), result.value.period.label),
        (texts("kpi.fact.value"), with_unit(texts, result.value.value, kpi.unit)),
        (texts("kpi.fact.status"), texts(f"kpi.status.{trend.status.value}") if trend.status else "–"),
        (texts("kpi.fact.target"), with_unit(texts, target, kpi.unit) if target is not None else "–"),
        (texts("kpi.fact.change"),
         with_unit(texts, trend.change, kpi.unit, signed=True) if trend.change is not None else "–"),
    ]
    if result.before is not None:
        facts.append((texts("kpi.fact.before"), with_unit(texts, result.before.value, kpi.unit)))
    if result.value.comment:
        facts.append((texts("kpi.fact.comment"), result.value.comment))
    card = render_card("kpi_result", {
        "title": texts("kpi.result_title", kpi=kpi.name),
        "saved": texts("kpi.corrected" if result.before is not None else "kpi.saved", period=result.value.period.label),
        "facts": [{"title": title, "value": value} for title, value in facts],
        "sentence": kpi_sentence(texts, result),
        "colour": _COLOURS.get(trend.status, "Default"),
        "chart_title": texts("kpi.chart_title", count=len(shown)) if len(shown) != 1 else texts("kpi.chart_title_one"),
        "points": [{"x": item.period.label, "y": float(item.value)} for item in shown],
        "listed": [{"title": item.period.label, "value": with_unit(texts, item.value, kpi.unit)} for item in shown],
    })
    return attachment(card)


_COLOURS = {KpiStatus.GREEN: "Good", KpiStatus.YELLOW: "Warning", KpiStatus.RED: "Attention"}


def _ordinal(texts: Texts, number: int) -> str:
    return texts(f"kpi.ordinal.{number}") if number in _ORDINALS else texts("kpi.ordinal.many", number=number)
