"""The coordinators' overview of reminders: what was sent, answered, snoozed, escalated and could not be
delivered in a recent window, per kind; who the bot cannot reach and why; and the pauses in force."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum

from bot.domain.reminder_pauses import Pause

WINDOW_DAYS = 30


@dataclass(frozen=True)
class ReminderCounts:
    sent: int = 0
    answered: int = 0
    snoozed: int = 0
    escalated: int = 0  # sent to a rung of the escalation ladder (step ≥ 1)
    undeliverable: int = 0
    pending: int = 0
    cancelled: int = 0

    def __add__(self, other: ReminderCounts) -> ReminderCounts:
        return ReminderCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]


class Unreachability(StrEnum):
    BLOCKED = "blocked"  # 403: the app is blocked or uninstalled
    NEVER_TALKED = "never_talked"  # no conversation to continue, and none could be opened


@dataclass(frozen=True)
class Unreachable:
    name: str
    why: Unreachability


@dataclass(frozen=True)
class ReminderOverview:
    by_kind: dict[str, ReminderCounts]
    unreachable: tuple[Unreachable, ...]
    pauses: tuple[Pause, ...]

    @property
    def total(self) -> ReminderCounts:
        return sum(self.by_kind.values(), ReminderCounts())
