"""The message of a reminder: what is due and why it came to this person, what is needed, the buttons to
snooze it, and for a KPI report the recording card itself (for the customer-satisfaction survey the survey
card), so it is answered in place. Snoozing answers with
the card that says when the reminder comes again."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from bot.domain.reminder_content import ReminderFacts
from bot.domain.reminders import ReminderKind, SnoozeChoice
from bot.i18n import Texts
from cards.dates_in_words import day_and_time
from cards.kpi_report_form import KpiReport, kpi_report_card
from cards.render import render_card
from cards.supplier_rating import survey_card

SNOOZE_VERB = "reminder.snooze"


class SnoozeAnswer(BaseModel):
    """A snooze button's data: which reminder, and until when."""

    reminder_id: int
    choice: SnoozeChoice


def reminder_card(texts: Texts, facts: ReminderFacts, today: date, zone: ZoneInfo) -> dict[str, Any]:
    reminder = facts.reminder
    kind = _topic(facts, today)
    words = _words(texts, facts, zone)
    escalated = reminder.step >= 1
    card = render_card("reminder", {
        "title": texts(f"reminder.{kind}.title", **words),
        "why": texts(f"reminder.{kind}.{'about' if escalated else 'why'}", **words),
        "escalation": texts("reminder.escalated", names=_names(texts, facts.responsible_names),
                            count=reminder.payload.get("unanswered", reminder.sequence), role=words["role"])
        if escalated else "",
        "needed": texts(f"reminder.{kind}.needed") if reminder.kind in (ReminderKind.NOTICE, ReminderKind.END)
        else "",
        "snooze": [{"title": texts(f"reminder.snooze.{choice.value}"), "reminder_id": reminder.id,
                    "choice": choice.value} for choice in SnoozeChoice],
        "commands": _commands(texts, facts),
    })
    if reminder.kind is ReminderKind.SURVEY and facts.contract is not None:
        form = survey_card(texts, int(reminder.payload["supplier_id"]), facts.contract.supplier_name,
                           str(reminder.payload["period"]))
        return {**form, "body": card["body"] + form["body"][1:], "actions": form["actions"] + card["actions"]}
    if facts.kpi is None:
        return card
    form = kpi_report_card(texts, [facts.kpi], today, KpiReport(
        contract_id=facts.kpi.contract.id, kpi_id=facts.kpi.id, period=reminder.payload["period"]))
    return {**form, "body": card["body"] + form["body"], "actions": form["actions"] + card["actions"]}


def summary(texts: Texts, facts: ReminderFacts, today: date, zone: ZoneInfo) -> str:
    """The line Teams shows in the notification."""
    return texts(f"reminder.{_topic(facts, today)}.title", **_words(texts, facts, zone))


def snoozed_card(texts: Texts, until: datetime, zone: ZoneInfo, title: str) -> dict[str, Any]:
    """Replaces the reminder: what it was about, and when it comes again."""
    return render_card("snoozed", {"title": title,
                                   "text": texts("reminder.snoozed", when=day_and_time(texts, until, zone))})


def _topic(facts: ReminderFacts, today: date) -> str:
    """Which texts speak of the item: its kind, or an action that is overdue."""
    action = facts.action
    if action is not None and (facts.reminder.payload.get("overdue") or (action.due_date and action.due_date < today)):
        return "action_overdue"
    return facts.reminder.kind.value


def _words(texts: Texts, facts: ReminderFacts, zone: ZoneInfo) -> dict[str, object]:
    payload, contract = facts.reminder.payload, facts.contract
    words: dict[str, object] = {
        "contract": texts("reminder.contract", reference=contract.reference, title=contract.title,
                          supplier=contract.supplier_name) if contract else "",
        "reference": contract.reference if contract else "",
        "role": texts.role(facts.role) if facts.role else texts("reminder.role.team"),
    }
    if facts.kpi is not None:
        words.update(kpi=facts.kpi.name, period=payload.get("period", ""), deadline=payload.get("deadline", ""))
    if facts.meeting is not None:
        words.update(form=facts.meeting.form, when=day_and_time(texts, facts.meeting.starts_at, zone))
    if facts.action is not None:
        due = facts.action.due_date.isoformat() if facts.action.due_date else payload.get("due", "")
        words.update(action=facts.action.title, due=due)
    if facts.reminder.kind in (ReminderKind.NOTICE, ReminderKind.END):
        words.update(date=payload.get("date", ""), months=payload.get("months_before", ""))
    if facts.reminder.kind is ReminderKind.SURVEY:
        words.update(supplier=contract.supplier_name if contract else "", period=payload.get("period", ""))
    return words


def _commands(texts: Texts, facts: ReminderFacts) -> list[dict[str, str]]:
    """Buttons that type a command: at a contract's end, recording its lessons for the next procurement."""
    if facts.reminder.kind is not ReminderKind.END or facts.contract is None:
        return []
    return [{"title": texts("reminder.end.lessons"),
             "command": texts("lesson.command", reference=facts.contract.reference)}]


def _names(texts: Texts, names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return names[0] if names else texts("reminder.responsible")
    return f"{', '.join(names[:-1])}{texts('list.and')}{names[-1]}"
