"""Pausing reminders ("pausa påminnelser för 2024-017 till 2027-01-10 eftersom avtalet omförhandlas"): for one
contract or for every contract of a supplier, until and including a day that is not in the past. Reminders held
back go out at the first working moment after the pause."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.domain.errors import InvalidInput
from bot.domain.text import fold
from bot.domain.typed_input import clean_text, parse_date

REASON_MAX_LENGTH = 500
_MONTHS = {
    name: number
    for number, names in enumerate((
        ("januari", "january", "jan"), ("februari", "february", "feb"), ("mars", "march", "mar"),
        ("april", "apr"), ("maj", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
        ("augusti", "august", "aug"), ("september", "sep", "sept"), ("oktober", "october", "okt", "oct"),
        ("november", "nov"), ("december", "dec"),
    ), start=1)
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:e|:e|st|nd|rd|th)?\.? ([a-z]+)\.?,? (\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$")
_REQUEST = re.compile(
    r"^(?P<target>.+?)\s+(?:till|until|to|tom|t\.o\.m\.?)\s+(?P<day>.+?)"
    r"(?:\s*,?\s+(?:eftersom|because|pga\.?|då|since)\s+(?P<reason>.+))?$",
    re.IGNORECASE | re.DOTALL,
)


class PauseNotUnderstood(InvalidInput):
    code = "pause.error.format"


class PauseInPast(InvalidInput):
    code = "pause.error.past"


@dataclass(frozen=True)
class PauseRequest:
    target: str  # a contract reference, a supplier's name or organisation number, as typed
    paused_until: date
    reason: str | None


@dataclass(frozen=True)
class Pause:
    id: int
    contract_id: int | None
    supplier_id: int | None
    label: str  # the contract's reference or the supplier's name
    paused_until: date
    reason: str | None


def parse_day(text: str) -> date:
    """"2027-01-10", "10/1/2027", "10 januari 2027", "January 10, 2027"."""
    folded = " ".join(fold(text).split())
    for pattern, day_group, month_group in ((_DAY_MONTH_YEAR, 1, 2), (_MONTH_DAY_YEAR, 2, 1)):
        match = pattern.match(folded)
        if match and match.group(month_group) in _MONTHS:
            try:
                return date(int(match.group(3)), _MONTHS[match.group(month_group)], int(match.group(day_group)))
            except ValueError:
                break
    return parse_date(text)


def parse_pause_request(text: str, today: date) -> PauseRequest:
    match = _REQUEST.match(" ".join(text.split()))
    if match is None:
        raise PauseNotUnderstood()
    paused_until = parse_day(match.group("day"))
    if paused_until < today:
        raise PauseInPast(day=paused_until.isoformat())
    reason = match.group("reason")
    return PauseRequest(target=match.group("target").strip(), paused_until=paused_until,
                        reason=clean_text(reason, max_length=REASON_MAX_LENGTH) if reason else None)
