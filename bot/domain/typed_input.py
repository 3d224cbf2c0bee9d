"""Values of the register as people type them in chat: dates, amounts, months, e-mail, phone, status, party.

Each parser takes the text as typed and returns the value as the register keeps it, or raises an
`InvalidInput` subclass whose code names the reason in the user's language. They accept Swedish and English
spellings alike and never guess: an answer that could mean two things is refused with the reason.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.domain.contracts import ContractStatus, normalise_reference, parse_enum, parse_role
from bot.domain.errors import (
    EndBeforeStart,
    InvalidAmount,
    InvalidDate,
    InvalidEmail,
    InvalidInput,
    InvalidMeasure,
    InvalidNoticeMonths,
    InvalidParty,
    InvalidPhone,
    InvalidReference,
    InvalidRole,
    InvalidStatus,
    TextEmpty,
    TextTooLong,
)
from bot.domain.roles import Party
from bot.domain.text import fold

SKIP_WORDS = frozenset({"-", "–", "—"})
NOTICE_MONTHS_MAX = 60
AMOUNT_MAX = Decimal("99999999999999.99")  # what Numeric(16, 2) holds

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_EARLIEST_YEAR, _LATEST_YEAR = 1900, 2199
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_CURRENCY = re.compile(r"(kr|kronor|sek|:-)\.?$")
_DIGITS = re.compile(r"^\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")
_THOUSANDS_AND_DECIMALS = re.compile(r"^(\d{1,3}(?:([.,])\d{3})+)([.,])(\d{1,2})$")
_DECIMALS = re.compile(r"^(\d+)[.,](\d{1,2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^\+?[\d\s\-()]{5,30}$")
_STATUS_WORDS = {
    "planned": ContractStatus.PLANNED,
    "active": ContractStatus.ACTIVE,
    "terminating": ContractStatus.TERMINATING,
    "under notice": ContractStatus.TERMINATING,
    "ended": ContractStatus.ENDED,
    "terminated": ContractStatus.ENDED,
}
_PARTY_WORDS = {
    "business unit": Party.BUSINESS_UNIT,
    "business": Party.BUSINESS_UNIT,
    "procurement": Party.PROCUREMENT,
    "supplier": Party.SUPPLIER,
}


def is_skip(text: str) -> bool:
    """A dash means "leave this empty" (or "keep the default")."""
    return text.strip() in SKIP_WORDS


def clean_text(text: str, *, max_length: int) -> str:
    """Free text of one line: trimmed, inner white space collapsed, not empty, at most `max_length`."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise TextEmpty()
    if len(cleaned) > max_length:
        raise TextTooLong(max_length=max_length)
    return cleaned


def parse_date(text: str) -> date:
    """A day written 2026-03-31 (ISO, as Swedes write dates) or 31/3/2026 (day first)."""
    typed = text.strip()
    iso, day_first = _ISO_DATE.match(typed), _DAY_FIRST_DATE.match(typed)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups())
    else:
        raise InvalidDate(value=typed[:40])
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise InvalidDate(value=typed[:40]) from None
    if not _EARLIEST_YEAR <= parsed.year <= _LATEST_YEAR:
        raise InvalidDate(value=typed[:40])
    return parsed


def check_period(start: date | None, end: date | None) -> None:
    """A contract may not end before it starts."""
    if start is not None and end is not None and end < start:
        raise EndBeforeStart(start=start.isoformat(), end=end.isoformat())


def parse_amount_sek(text: str) -> Decimal:
    """An amount in kronor: "1 200 000", "1200000,50", "1 200 000 kr", "1.200.000" or "1,200,000".

    Spaces group thousands. One comma or point followed by one or two digits is the decimal separator.
    Repeated groups of three digits after the same separator are thousands, and then the other separator
    may end the number with one or two decimals ("1,200,000.50", "1.200.000,50"). Anything else, such as
    "1,200" (Swedish 1.2 or English 1200?), is refused rather than guessed.
    """
    typed = text.strip()
    compact = _CURRENCY.sub("", _SPACES.sub("", typed.lower())).rstrip(".")
    if _DIGITS.match(compact):
        number = compact
    elif _THOUSANDS.match(compact) and (compact.count(",") + compact.count(".")) > 1:
        number = compact.replace(",", "").replace(".", "")
    elif (both := _THOUSANDS_AND_DECIMALS.match(compact)) and both.group(2) != both.group(3):
        number = f"{both.group(1).replace(both.group(2), '')}.{both.group(4)}"
    else:
        match = _DECIMALS.match(compact)
        if not match:
            raise InvalidAmount(value=typed[:40])
        number = f"{match.group(1)}.{match.group(2)}"
    try:
        amount = Decimal(number).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InvalidAmount(value=typed[:40]) from None
    if amount > AMOUNT_MAX:
        raise InvalidAmount(value=typed[:40])
    return amount


def parse_notice_months(text: str) -> int:
    """A notice period in whole months, 0–60."""
    typed = text.strip()
    words = typed.lower().split()
    if len(words) == 2 and fold(words[1]) in {"man", "manad", "manader", "month", "months"}:
        typed = words[0]
    if not _DIGITS.match(typed) or int(typed) > NOTICE_MONTHS_MAX:
        raise InvalidNoticeMonths(value=text.strip()[:40], max=NOTICE_MONTHS_MAX)
    return int(typed)


def parse_status(text: str) -> ContractStatus:
    """A contract status by its Swedish code (with or without å/ä/ö) or in English."""
    return parse_enum(ContractStatus, text, field_name="status", synonyms=_STATUS_WORDS, error=InvalidStatus)


def parse_party(text: str) -> Party:
    """One of the three parties, in Swedish (inköp also as inkop) or English."""
    return parse_enum(Party, text, field_name="party", synonyms=_PARTY_WORDS, error=InvalidParty)


def parse_email(text: str) -> str:
    """An e-mail address, stored in lower case."""
    address = text.strip().lower()
    if len(address) > 320 or not _EMAIL.match(address):
        raise InvalidEmail(value=text.strip()[:80])
    return address


def parse_phone(text: str) -> str:
    """A phone number: digits, spaces, hyphens, brackets and a leading +."""
    phone = " ".join(text.split())
    if not _PHONE.match(phone) or sum(ch.isdigit() for ch in phone) < 5:
        raise InvalidPhone(value=phone[:40])
    return phone


def parse_reference(text: str) -> str:
    """A contract reference as stored, with the reason when it cannot be one."""
    if len(text.strip()) > 60:
        raise TextTooLong(max_length=60)
    try:
        return normalise_reference(text)
    except InvalidInput:
        raise InvalidReference(value=" ".join(text.split())[:60]) from None


def parse_team_role(text: str) -> str:
    """A role in the follow-up team: a known role (Swedish or English) or free text of at most 40."""
    try:
        return parse_role(text)
    except InvalidInput:
        raise InvalidRole(max_length=40) from None


_MEASURE = re.compile(r"^(\d{1,14})(?:[.,](\d{1,4}))?$")
_MINUS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (what phones make of "-")


def parse_measure(text: str) -> Decimal:
    """A KPI value: "91", "91,5", "1 234,5", "-0,6" or "91 %". A comma or a point marks the decimals (up to
    four, as the register keeps them); spaces group thousands; a leading minus is allowed, since some KPIs
    (a price change against an index) may be negative. Whether the value is in the KPI's range is the KPI's
    own rule."""
    typed = text.strip()
    compact = _SPACES.sub("", typed).removesuffix("%")
    negative = compact.startswith(_MINUS)
    match = _MEASURE.match(compact[1:] if negative else compact)
    if not match:
        raise InvalidMeasure(value=typed[:40])
    whole, decimals = match.groups()
    value = Decimal(f"{whole}.{decimals}") if decimals else Decimal(whole)
    return -value if negative and value else value
