"""Actions (aktiviteter) of a contract's action plan: who does what by when, and which are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.domain.errors import InvalidInput
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.people import Person
from bot.domain.text import fold
from bot.domain.typed_input import parse_date

TITLE_MAX_LENGTH = 500


class ActionStatus(StrEnum):
    OPEN = "öppen"
    IN_PROGRESS = "pågår"
    DONE = "klar"
    CLOSED = "stängd"


_STATUS_WORDS = {
    "oppen": ActionStatus.OPEN, "open": ActionStatus.OPEN,
    "pagar": ActionStatus.IN_PROGRESS, "in progress": ActionStatus.IN_PROGRESS, "ongoing": ActionStatus.IN_PROGRESS,
    "klar": ActionStatus.DONE, "done": ActionStatus.DONE,
    "stangd": ActionStatus.CLOSED, "closed": ActionStatus.CLOSED,
}
STILL_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})
_CLOSERS = frozenset({ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR})
_COORDINATORS = frozenset({GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR})


class InvalidActionStatus(InvalidInput):
    code = "action.error.status"


class DueDateInPast(InvalidInput):
    code = "action.error.past"


@dataclass(frozen=True)
class Action:
    id: int | None
    contract_id: int
    title: str
    owner_id: int | None
    due_date: date | None
    status: ActionStatus = ActionStatus.OPEN
    party: str | None = None
    meeting_id: int | None = None
    owner_name: str | None = None
    contract_reference: str | None = None
    closed_at: datetime | None = None

    def is_overdue(self, today: date) -> bool:
        """Open or in progress, and due before `today` (the day in Europe/Stockholm)."""
        return self.status in STILL_OPEN and self.due_date is not None and self.due_date < today


def parse_action_status(text: str) -> ActionStatus:
    status = _STATUS_WORDS.get(fold(" ".join(text.split())))
    if status is None:
        raise InvalidActionStatus(value=text.strip()[:40])
    return status


def parse_due_date(text: str, today: date) -> date:
    """A due date as typed (ISO or day first): today or later."""
    day = parse_date(text)
    if day < today:
        raise DueDateInPast(value=day.isoformat())
    return day


def may_close(person: Person, action: Action) -> bool:
    """The action's owner, the contract's process owner or coordinator, and coordinators and administrators."""
    if person.global_role in _COORDINATORS:
        return True
    if person.id is not None and person.id == action.owner_id:
        return True
    return person.global_role is not GlobalRole.SUPPLIER and bool(person.roles_in(action.contract_id) & _CLOSERS)
