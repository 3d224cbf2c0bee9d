""""Vad är på gång för mig?" as a card: one section per kind of item, late and overdue ones marked, or a line
saying nothing is coming up."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.reminders import ReminderKind
from bot.i18n import Texts
from bot.meeting_words import stored_form_name
from bot.services.coming_up import ComingUp
from cards.dates_in_words import day_and_time
from cards.render import render_card


def coming_up_card(texts: Texts, items: ComingUp, zone: ZoneInfo) -> dict[str, Any]:
    month = {"month": texts(f"date.month.{items.month.month}"), "year": items.month.year}
    sections = [
        ("comingup.kpis", [
            texts("comingup.kpi", kpi=due.kpi.name, reference=due.kpi.contract.reference, period=due.period.label,
                  deadline=due.deadline.isoformat()) + (texts("comingup.late") if due.late else "")
            for due in items.kpis]),
        ("comingup.meetings", [
            texts("comingup.meeting", when=day_and_time(texts, ahead.meeting.starts_at, zone),
                  form=stored_form_name(texts, ahead.meeting.form), reference=ahead.contract.reference)
            for ahead in items.meetings]),
        ("comingup.actions", [
            texts("comingup.action", action=due.action.title, reference=due.contract.reference,
                  due=due.action.due_date.isoformat() if due.action.due_date else "–")
            + (texts("comingup.overdue") if due.overdue else "")
            for due in items.actions]),
        ("comingup.dates", [
            texts("comingup.notice" if item.kind is ReminderKind.NOTICE else "comingup.end",
                  reference=item.contract.reference, supplier=item.contract.supplier_name, date=item.day.isoformat())
            for item in items.contract_dates]),
        ("comingup.snoozed", [
            texts("comingup.snoozed_item", what=texts(f"comingup.kind.{item.reminder.kind.value}"),
                  contract_part=texts("comingup.contract_part", reference=item.contract.reference)
                  if item.contract else "",
                  when=day_and_time(texts, item.reminder.snoozed_until, zone))
            for item in items.snoozed]),
    ]
    return render_card("sections", {
        "title": texts("comingup.title", **month),
        "intro": texts("comingup.empty", **month) if items.is_empty else "",
        "facts": [],
        "sections": [{"heading": texts(heading), "lines": [{"text": line} for line in lines]}
                     for heading, lines in sections if lines],
    })
