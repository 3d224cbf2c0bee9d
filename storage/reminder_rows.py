"""A row of the `reminders` table as the domain's `Reminder`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus


def reminder_from_row(row: Mapping[str, Any]) -> Reminder:
    return Reminder(
        id=row["id"], kind=ReminderKind(row["kind"]), subject_key=row["subject_key"],
        recipient_id=row["recipient_id"], contract_id=row["contract_id"], sequence=row["sequence"],
        step=row["step"], payload=dict(row["payload"] or {}), due_at=row["due_at"],
        status=ReminderStatus(row["status"]), attempts=row["attempts"], sent_at=row["sent_at"],
        snoozed_until=row["snoozed_until"], answered_at=row["answered_at"],
    )
