"""The coordinators' overview of reminders as a card: the counts of the window, per kind, who the bot cannot
reach and why, and the pauses in force."""

from __future__ import annotations

from typing import Any

from bot.domain.reminder_overview import WINDOW_DAYS, ReminderOverview
from bot.i18n import Texts
from cards.render import render_card


def reminder_overview_card(texts: Texts, overview: ReminderOverview) -> dict[str, Any]:
    unreachable = overview.unreachable
    heading = (texts("overview.unreachable.one") if len(unreachable) == 1
               else texts("overview.unreachable.many", count=len(unreachable)))
    sections = [
        {"heading": texts("overview.by_kind"), "lines": [
            {"text": texts("overview.kind_line", kind=texts(f"comingup.kind.{kind}"), **dict(counts.items()))}
            for kind, counts in overview.by_kind.items()]},
        {"heading": heading if unreachable else texts("overview.reachable"), "lines": [
            {"text": texts(f"overview.unreachable.{person.why.value}", name=person.name)} for person in unreachable]},
        {"heading": texts("overview.pauses") if overview.pauses else texts("overview.no_pauses"), "lines": [
            {"text": texts("overview.pause", label=pause.label, date=pause.paused_until.isoformat())
             + (f" – {pause.reason}" if pause.reason else "")} for pause in overview.pauses]},
    ]
    return render_card("sections", {
        "title": texts("overview.title", days=WINDOW_DAYS),
        "intro": "" if overview.by_kind else texts("overview.none", days=WINDOW_DAYS),
        "facts": [{"title": texts(f"overview.count.{name}"), "value": str(count)}
                  for name, count in overview.total.items()],
        "sections": [section for section in sections if section["lines"] or section is not sections[0]],
    })
