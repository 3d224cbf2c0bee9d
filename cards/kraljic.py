"""The Kraljic matrix as a card: the four quadrants in a 2×2 grid (supply risk up, financial risk to the right)
with the supplier's highlighted, both scores, the reason, the plan the segment gives and the last segments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bot.domain.contracts import Segment
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.segmentation import HIGH_RISK_FROM, Segmentation, SegmentRecord
from bot.i18n import Texts
from bot.plan_words import frequency_text, meetings_text, segment_name
from cards.kpi_result import format_number
from cards.render import render_card

_GRID = ((Segment.BOTTLENECK, Segment.STRATEGIC), (Segment.NON_CRITICAL, Segment.LEVERAGE))  # top row: high supply
_SIDES = {
    Segment.STRATEGIC: ("high", "high"), Segment.LEVERAGE: ("high", "low"),
    Segment.BOTTLENECK: ("low", "high"), Segment.NON_CRITICAL: ("low", "low"),
}
PLACED_STYLE, OTHER_STYLE = "accent", "emphasis"


def kraljic_card(texts: Texts, supplier: str, segmentation: Segmentation, plan: FollowUpPlan,
                 history: tuple[SegmentRecord, ...], *, reason: str, buttons: tuple[str, ...] = (),
                 question: str = "") -> dict[str, Any]:
    facts = [
        (texts("segment.card.segment"), _placed(texts, segmentation)),
        (texts("segment.card.financial"), _score(texts, segmentation.financial_risk)),
        (texts("segment.card.supply"), _score(texts, segmentation.supply_risk)),
        (texts("segment.card.reason"), reason),
        (texts("segment.card.plan"), texts("segment.card.plan_text", frequency=frequency_text(texts, plan),
                                            meetings=meetings_text(texts, plan.meeting_interval_months))),
    ]
    return render_card("kraljic", {
        "title": texts("segment.card.title", supplier=supplier),
        "supply_axis": texts("segment.card.supply_axis"),
        "financial_axis": texts("segment.card.financial_axis", border=format_number(texts, HIGH_RISK_FROM)),
        "rows": [{"cells": [_cell(texts, segment, segment is segmentation.segment) for segment in row]}
                 for row in _GRID],
        "facts": [{"title": title, "value": value} for title, value in facts],
        "history_title": texts("segment.card.history") if history else "",
        "history": [_history_fact(texts, record) for record in history],
        "question": question,
        "buttons": [{"title": title} for title in buttons],
    })


def _cell(texts: Texts, segment: Segment, placed: bool) -> dict[str, str]:
    financial, supply = _SIDES[segment]
    name = segment_name(texts, segment)
    return {
        "name": f"▶ {name.upper()} ◀" if placed else name,
        "weight": "Bolder" if placed else "Default",
        "style": PLACED_STYLE if placed else OTHER_STYLE,
        "sides": texts("segment.card.sides", financial=texts(f"segment.card.{financial}"),
                       supply=texts(f"segment.card.{supply}")),
    }


def _placed(texts: Texts, segmentation: Segmentation) -> str:
    name = segment_name(texts, segmentation.segment)
    if not segmentation.overridden:
        return name
    return texts("segment.card.overridden", segment=name, computed=segment_name(texts, segmentation.computed_segment))


def _score(texts: Texts, score: Decimal) -> str:
    return texts("segment.card.score", score=format_number(texts, score))


def _history_fact(texts: Texts, record: SegmentRecord) -> dict[str, str]:
    value = segment_name(texts, record.segment)
    if record.overridden:
        value = texts("segment.card.history_overridden", segment=value)
    if record.reason:
        value = f"{value} – {record.reason}"
    return {"title": record.decided_at.date().isoformat(), "value": value}
