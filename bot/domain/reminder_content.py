"""What a reminder is about, as its message needs it: the contract, the people, and the item itself (a KPI, a
meeting, an action, a contract's date), loaded fresh when the reminder goes out, so that a reminder whose item
was dealt with meanwhile is not sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.contracts import ContractStatus
from bot.domain.kpis import KpiDefinition
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus

MEETING_PLANNED = "planerat"
MEETING_HELD = "genomfört"
ACTION_DONE = frozenset({"klar", "stängd"})


@dataclass(frozen=True)
class ReminderContract:
    id: int
    reference: str
    title: str
    supplier_name: str
    status: str
    end_date: date | None
    notice_date: date | None


@dataclass(frozen=True)
class Meeting:
    id: int
    contract_id: int
    form: str
    starts_at: datetime
    status: str


@dataclass(frozen=True)
class Action:
    id: int
    contract_id: int
    title: str
    due_date: date | None
    status: str


@dataclass(frozen=True)
class ReminderFacts:
    reminder: Reminder
    contract: ReminderContract | None
    responsible_names: tuple[str, ...] = ()  # whom an escalated reminder went to first
    role: str | None = None  # the recipient's role in the contract that brought the reminder to them
    kpi: KpiDefinition | None = None
    kpi_reported: bool = False  # the period of the reminder has a value
    meeting: Meeting | None = None
    action: Action | None = None
    survey_answered: bool = False  # the recipient has rated the supplier for the survey's quarter

    def still_relevant(self) -> bool:
        """False when the item was dealt with since the reminder was planned: nothing is to be sent."""
        reminder = self.reminder
        if reminder.status in (ReminderStatus.ANSWERED, ReminderStatus.CANCELLED) or self.contract is None:
            return False
        if reminder.kind is ReminderKind.KPI:
            return self.kpi is not None and not self.kpi_reported
        if reminder.kind is ReminderKind.MEETING:
            return self.meeting is not None and self.meeting.status == MEETING_PLANNED
        if reminder.kind is ReminderKind.ACTION:
            return self.action is not None and self.action.status not in ACTION_DONE
        if reminder.kind is ReminderKind.SURVEY:
            return not self.survey_answered
        current = self.contract.notice_date if reminder.kind is ReminderKind.NOTICE else self.contract.end_date
        return (self.contract.status != ContractStatus.ENDED.value and current is not None
                and current.isoformat() == reminder.payload.get("date"))
