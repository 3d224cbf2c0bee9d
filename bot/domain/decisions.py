"""The decision log of a contract: append-only. A correction is a new entry that points at the one it corrects;
the corrected entry stays in the log, shown as replaced."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.domain.errors import InvalidInput
from bot.domain.text import fold
from bot.domain.typed_input import parse_date

WHAT_MAX_LENGTH = 2000
_TODAY_WORDS = frozenset({"idag", "i dag", "today"})
_YESTERDAY_WORDS = frozenset({"igar", "i gar", "yesterday"})


class DateInFuture(InvalidInput):
    code = "decision.error.future"


@dataclass(frozen=True)
class Decision:
    id: int | None
    contract_id: int
    decided_on: date
    what: str
    decided_by: str | None = None
    basis: str | None = None
    meeting_id: int | None = None
    corrects_id: int | None = None
    recorded_by_id: int | None = None


@dataclass(frozen=True)
class LoggedDecision:
    """An entry of the log as listed: `replaced_by` is the id of the newest entry that corrects it."""

    decision: Decision
    replaced_by: int | None = None

    @property
    def is_replaced(self) -> bool:
        return self.replaced_by is not None


def correction_of(original: Decision, corrected: Decision) -> Decision:
    """`corrected` as a new entry of `original`'s contract that points at `original`; never a change to it."""
    if original.id is None:
        raise ValueError("only a stored decision can be corrected")
    return Decision(
        id=None, contract_id=original.contract_id, decided_on=corrected.decided_on, what=corrected.what,
        decided_by=corrected.decided_by, basis=corrected.basis,
        meeting_id=corrected.meeting_id if corrected.meeting_id is not None else original.meeting_id,
        corrects_id=original.id, recorded_by_id=corrected.recorded_by_id,
    )


def decision_log(decisions: Iterable[Decision]) -> list[LoggedDecision]:
    """Newest first (by the day decided, then by when logged), each marked with the entry that replaced it."""
    entries = list(decisions)
    replaced_by: dict[int, int] = {}
    for entry in sorted(entries, key=lambda decision: decision.id or 0):
        if entry.corrects_id is not None and entry.id is not None:
            replaced_by[entry.corrects_id] = entry.id
    ordered = sorted(entries, key=lambda decision: (decision.decided_on, decision.id or 0), reverse=True)
    return [LoggedDecision(entry, replaced_by.get(entry.id)) for entry in ordered]


def parse_past_date(text: str, today: date) -> date:
    """A day that has come: "idag"/"today", "igår"/"yesterday" or a date (ISO or day first), never after today."""
    word = fold(" ".join(text.split()))
    if word in _TODAY_WORDS:
        return today
    if word in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    day = parse_date(text)
    if day > today:
        raise DateInFuture(value=day.isoformat())
    return day
