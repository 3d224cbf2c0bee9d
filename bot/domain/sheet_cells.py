"""Reading the cells of a sheet row: text, numbers, dates, choices and e-mail as a spreadsheet gives them, each
refused with a reason (a text code and its parameters) that the import reports as `Sheet!row: reason`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from bot.domain.contracts import normalise_reference, parse_enum, parse_period, parse_role
from bot.domain.errors import DomainError
from bot.domain.people import normalise_email
from bot.domain.suppliers import normalise_org_number
from bot.domain.text import fold

YES, NO = "ja", "nej"
_YES = frozenset({"ja", "j", "yes", "y", "true", "sant", "1", "x"})
_NO = frozenset({"nej", "n", "no", "false", "falskt", "0"})
_CENT = Decimal("0.01")
_MAX_MONEY = Decimal("1e14")  # Numeric(16, 2)
TEXT_LIMITS = {"Namn": 200, "Benämning": 300, "Kategori": 200, "Verksamhet": 200, "Telefon": 50,
                "Betalningsvillkor": 200, "Område": 200, "E-post": 320, "KPI": 200, "Enhet": 40}


@dataclass(frozen=True)
class RowError:
    """Why one row (or a sheet's header row, row 1) was refused; `code` names a text, `params` fill it."""

    sheet: str
    row: int
    code: str
    params: Mapping[str, object] = field(default_factory=dict)


class Refused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


class RowReader:
    """One row's cells, read column by column; a bad cell is remembered and reading goes on."""

    def __init__(self, sheet: str, number: int, values: Mapping[str, object], errors: list[RowError]) -> None:
        self.sheet, self.number, self.values, self.errors = sheet, number, values, errors
        self.ok = True

    def get(self, column: str, parse=None, *, required: bool = False):
        value = self.values.get(column)
        if isinstance(value, str):
            value = value.strip() or None
        if value is None:
            if required:
                self.refuse("register.error.required", column=column)
            return None
        try:
            return parse(value, column) if parse else cell_text(value, column)
        except Refused as refused:
            self.refuse(refused.code, **refused.params)
        except DomainError:
            self.refuse("register.error.invalid", column=column, value=shown(value))
        return None

    def refuse(self, code: str, **params: object) -> None:
        self.ok = False
        self.errors.append(RowError(self.sheet, self.number, code, params))


def report_duplicates(sheet: str, records: Sequence, key, shown, errors: list[RowError]) -> None:
    seen: dict[object, int] = {}
    for record in records:
        first = seen.setdefault(key(record), record.row)
        if first != record.row:
            errors.append(RowError(sheet, record.row, "register.error.duplicate",
                                   {"value": shown(record), "first_row": first}))


def plain(value: object) -> str:
    """A cell as text: a whole number without ".0", a date without its midnight."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def shown(value: object) -> str:
    return plain(value)[:60]


def cell_text(value: object, column: str) -> str:
    """Text with its spaces collapsed; line breaks in long texts are kept."""
    text = "\n".join(" ".join(line.split()) for line in plain(value).splitlines()).strip()
    limit = TEXT_LIMITS.get(column)
    if limit and len(text) > limit:
        raise Refused("register.error.too_long", column=column, max_length=limit)
    return text


def cell_org_number(value: object, column: str) -> str:
    try:
        return normalise_org_number(plain(value))
    except DomainError:
        raise Refused("register.error.org_number", column=column, value=shown(value)) from None


def cell_reference(value: object, column: str) -> str:
    try:
        return normalise_reference(plain(value))
    except DomainError:
        raise Refused("register.error.reference", column=column, value=shown(value)) from None


def cell_date(value: object, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = plain(value)
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise Refused("register.error.date", column=column, value=shown(value)) from None


def cell_number(value: object, column: str) -> Decimal:
    if isinstance(value, bool):
        raise Refused("register.error.number", column=column, value=shown(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = plain(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.removesuffix("kr").removesuffix("SEK").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Refused("register.error.number", column=column, value=shown(value)) from None
    if not number.is_finite():
        raise Refused("register.error.number", column=column, value=shown(value))
    return number


def cell_money(value: object, column: str) -> Decimal:
    amount = cell_number(value, column).quantize(_CENT, rounding=ROUND_HALF_UP)
    if abs(amount) >= _MAX_MONEY:
        raise Refused("register.error.number", column=column, value=shown(value))
    return amount


def cell_months(value: object, column: str) -> int:
    try:
        number = cell_number(value, column)
    except Refused:
        number = Decimal(-1)
    if number != number.to_integral_value() or not 0 <= number <= 600:
        raise Refused("register.error.whole_number", column=column, value=shown(value))
    return int(number)


def cell_choice(enum: type[StrEnum]):
    def parse(value: object, column: str) -> StrEnum:
        try:
            return parse_enum(enum, plain(value), field_name=column)
        except DomainError:
            raise Refused("register.error.choice", column=column, value=shown(value),
                           allowed=" / ".join(member.value for member in enum)) from None
    return parse


def cell_yes_no(value: object, column: str) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(plain(value))
    if folded in _YES or folded in _NO:
        return folded in _YES
    raise Refused("register.error.choice", column=column, value=shown(value), allowed=f"{YES} / {NO}")


def cell_email(value: object, column: str) -> str:
    address = normalise_email(plain(value))
    local, _, domain = address.partition("@")
    if not local or "." not in domain or " " in address or len(address) > 320 or domain.startswith("."):
        raise Refused("register.error.email", column=column, value=shown(value))
    return address


def cell_role(value: object, column: str) -> str:
    try:
        return parse_role(plain(value))
    except DomainError:
        raise Refused("register.error.too_long", column=column, max_length=40) from None


def cell_period(value: object, column: str) -> str:
    if isinstance(value, datetime | date):  # a spreadsheet turned "2026-03" into the 1st of March
        if value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
        raise Refused("register.error.period", column=column, value=shown(value))
    try:
        return parse_period(plain(value))
    except DomainError:
        raise Refused("register.error.period", column=column, value=shown(value)) from None
