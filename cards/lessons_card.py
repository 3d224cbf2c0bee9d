"""Lessons for the next procurement as a card, grouped per contract: its reference, title, supplier and end date,
what worked and what to change next time, each with who recorded it."""

from __future__ import annotations

from typing import Any

from bot.domain.lessons import Lesson, LessonKind, grouped_by_contract
from bot.i18n import Texts
from bot.services.lessons import FoundLessons
from cards.render import render_card


def lessons_card(texts: Texts, found: FoundLessons, query: str | None) -> dict[str, Any]:
    contracts = []
    for contract_id, lessons in grouped_by_contract(list(found.lessons)):
        contract = found.contracts[contract_id]
        end = contract.end_date.isoformat() if contract.end_date else "–"
        contracts.append({
            "heading": f"{contract.reference} {contract.title}",
            "about": texts("lesson.about", supplier=contract.supplier_name, end=end),
            "worked_heading": texts("lesson.worked_heading"), "worked": _lines(texts, lessons, LessonKind.WORKED),
            "change_heading": texts("lesson.change_heading"), "change": _lines(texts, lessons, LessonKind.CHANGE),
        })
    if not found.total:
        intro = texts("lesson.none_found", query=query[:60]) if query else texts("lesson.none_yet")
    elif found.total > len(found.lessons):
        intro = texts("lesson.some_shown", shown=len(found.lessons), total=found.total)
    else:
        intro = ""
    return render_card("lessons", {
        "title": texts("lesson.search_title", query=query[:60]) if query else texts("lesson.all_title"),
        "intro": intro,
        "contracts": contracts,
        "footer": texts("lesson.footer") if found.total else "",
    })


def _lines(texts: Texts, lessons: list[Lesson], kind: LessonKind) -> list[dict[str, str]]:
    return [{"text": texts("lesson.line", text=lesson.text, by=lesson.recorded_by or "–")}
            for lesson in lessons if lesson.kind is kind]
