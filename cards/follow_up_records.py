"""The decision log and lists of actions as cards: corrected decisions marked as replaced, overdue actions in the
attention colour."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot.domain.actions import Action
from bot.domain.decisions import LoggedDecision
from bot.i18n import Texts
from cards.render import render_card

_ATTENTION, _DEFAULT = "Attention", "Default"


def decision_log_card(texts: Texts, subject: str, log: Sequence[LoggedDecision]) -> dict[str, Any]:
    entries = []
    for entry in log:
        decision = entry.decision
        lines = [texts("decision.line.decided", day=decision.decided_on.isoformat(), by=decision.decided_by or "–")]
        if decision.basis:
            lines.append(texts("decision.line.basis", basis=decision.basis))
        if decision.corrects_id is not None:
            lines.append(texts("decision.line.corrects", id=decision.corrects_id))
        entries.append({
            "heading": texts("decision.line.what", id=decision.id, what=decision.what),
            "lines": [{"text": line} for line in lines],
            "note": texts("decision.line.replaced", id=entry.replaced_by) if entry.is_replaced else "",
            "color": _DEFAULT,
        })
    return render_card("records", {
        "title": texts("decision.log_title", subject=subject),
        "intro": "" if entries else texts("decision.log_empty"),
        "entries": entries,
        "footer": texts("decision.log_footer") if entries else "",
    })


def actions_card(texts: Texts, title: str, actions: Sequence[Action], today: date) -> dict[str, Any]:
    entries = []
    for action in actions:
        overdue = action.is_overdue(today)
        entries.append({
            "heading": texts("action.line.title", id=action.id, title=action.title),
            "lines": [{"text": texts("action.line.facts", reference=action.contract_reference or "–",
                                     owner=action.owner_name or "–",
                                     due=action.due_date.isoformat() if action.due_date else "–",
                                     status=texts(f"action.status.{action.status.name.lower()}"))}],
            "note": texts("action.line.overdue") if overdue else "",
            "color": _ATTENTION if overdue else _DEFAULT,
        })
    return render_card("records", {
        "title": title,
        "intro": "" if entries else texts("action.list_empty"),
        "entries": entries,
        "footer": texts("action.list_footer") if entries else "",
    })
