"""Reminders the bot sends on its own: what they are about, their life cycle and the user's answers to them.

One reminder is one message to one person about one due item (a KPI report, a meeting, an action, a contract's
notice or end date, a quarter's customer-satisfaction survey). The item is named by a subject key; the n-th reminder of the same item to the same person
is its `sequence`, and `step` is the rung of the escalation ladder it went to (0: the person responsible).

Life cycle: pending → claimed (by one bot instance, for a lease) → sent; or back to pending to retry later;
or undeliverable (403: the app is blocked or not installed; no conversation with the person). Pending reminders
are cancelled when their item is done; a sent one is answered when the person acts on it, or snoozed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class ReminderKind(StrEnum):
    KPI = "kpi"  # a KPI report is due: subject kpi:<kpi id>:<period label>
    MEETING = "meeting"  # a follow-up meeting is coming up: meeting:<meeting id>:<starts at, ISO>
    ACTION = "action"  # an action is due soon or overdue: action:<action id>:<due date>
    NOTICE = "notice"  # a contract's notice date approaches: notice:<contract id>:<notice date>:<months before>
    END = "end"  # a contract's end date approaches: end:<contract id>:<end date>:<months before>
    SURVEY = "survey"  # the customer-satisfaction survey of a quarter: survey:<supplier id>:<quarter>, per person


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    UNDELIVERABLE = "undeliverable"


# Why a reminder was undeliverable, as its `last_error` records it; the overview tells the two apart.
BLOCKED_REASON = "403: the app is blocked or not installed for the recipient"
NO_CONVERSATION_REASON = "no conversation with the recipient"


class SnoozeChoice(StrEnum):
    """The buttons on every reminder."""

    TOMORROW = "tomorrow"  # "påminn mig i morgon"
    NEXT_WEEK = "next_week"  # "påminn mig nästa vecka"
    LATER = "later"  # "rapportera senare": until the item is about to be late, at least tomorrow


def kpi_subject(kpi_id: int, period_label: str) -> str:
    return f"kpi:{kpi_id}:{period_label}"


def meeting_subject(meeting_id: int, starts_at: datetime) -> str:
    return f"meeting:{meeting_id}:{starts_at.isoformat(timespec='minutes')}"


def action_subject(action_id: int, due: date) -> str:
    return f"action:{action_id}:{due.isoformat()}"


def survey_subject(supplier_id: int, period_label: str) -> str:
    return f"survey:{supplier_id}:{period_label}"


def contract_date_subject(kind: ReminderKind, contract_id: int, day: date, months_before: int) -> str:
    return f"{kind.value}:{contract_id}:{day.isoformat()}:{months_before}"


@dataclass(frozen=True)
class Reminder:
    """A reminder row as the rest of the bot sees it."""

    id: int
    kind: ReminderKind
    subject_key: str
    recipient_id: int
    contract_id: int | None
    sequence: int
    step: int
    payload: dict[str, Any]
    due_at: datetime
    status: ReminderStatus
    attempts: int = 0
    sent_at: datetime | None = None
    snoozed_until: datetime | None = None
    answered_at: datetime | None = None
