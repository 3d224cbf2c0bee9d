"""Cell readers the follow-up sheets need beyond the register's (`bot.domain.sheet_cells`): bounded texts and
whole numbers, moments in the local time zone, lists of months, rows of another sheet, e-mail lists."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.sheet_cells import (
    Refused,
    cell_email,
    cell_number,
    cell_text,
    plain,
    shown,
)

_LIST = re.compile(r"\s*[;,]\s*")
_MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


def cell_limited(limit: int):
    """Text of at most `limit` characters."""
    def parse(value: object, column: str) -> str:
        text = cell_text(value, column)
        if len(text) > limit:
            raise Refused("register.error.too_long", column=column, max_length=limit)
        return text
    return parse


def cell_whole(low: int, high: int):
    """A whole number from `low` to `high`."""
    def parse(value: object, column: str) -> int:
        try:
            number = cell_number(value, column)
        except Refused:
            number = None
        if number is None or number != number.to_integral_value() or not low <= number <= high:
            raise Refused("register.error.range", column=column, value=shown(value), low=low, high=high)
        return int(number)
    return parse


def cell_month_list(value: object, column: str) -> tuple[int, ...]:
    """Months before a date, such as `9, 6, 3` (a single number is a list of one)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        parts = [plain(value)]
    else:
        parts = [part for part in _LIST.split(plain(value)) if part]
    try:
        months = tuple(int(part) for part in parts)
    except ValueError:
        months = ()
    if not months or any(not 1 <= month <= 60 for month in months):
        raise Refused("register.error.month_list", column=column, value=shown(value))
    return months


def month_list_text(months: tuple[int, ...]) -> str:
    return ", ".join(str(month) for month in months)


def cell_moment(zone: ZoneInfo):
    """A date and time as the spreadsheet shows it in `zone` (an Excel date-time or `YYYY-MM-DD HH:MM`),
    returned in UTC to the second."""
    def parse(value: object, column: str) -> datetime:
        if isinstance(value, datetime):
            local = value.replace(tzinfo=None)
        elif isinstance(value, date):
            local = datetime.combine(value, time())
        else:
            match = _MOMENT.match(plain(value))
            try:
                local = datetime.fromisoformat(f"{match[1]}T{int(match[2]):02d}:{match[3]}:{match[4] or '00'}")
            except (TypeError, ValueError):
                raise Refused("register.error.moment", column=column, value=shown(value)) from None
        return on_the_second(local.replace(tzinfo=zone).astimezone(UTC))
    return parse


def local_moment(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A stored moment as the spreadsheet shows it: local time in `zone`, without a zone, to the second."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return on_the_second(aware.astimezone(zone)).replace(tzinfo=None)


def on_the_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def cell_rows(value: object, column: str) -> tuple[int, ...]:
    """Row numbers of another sheet, such as `3; 5`."""
    parts = [part for part in _LIST.split(plain(value)) if part]
    try:
        rows = tuple(int(part) for part in parts)
    except ValueError:
        rows = ()
    if not rows or any(row < 2 for row in rows):
        raise Refused("register.error.rows", column=column, value=shown(value))
    return rows


def cell_emails(value: object, column: str) -> tuple[str, ...]:
    """E-mail addresses separated by `;` (or `,`), each once, in the order given."""
    addresses = [cell_email(part, column) for part in _LIST.split(plain(value)) if part]
    return tuple(dict.fromkeys(addresses))


def email_list_text(addresses: tuple[str, ...]) -> str | None:
    return "; ".join(addresses) or None
