"""Suppliers and their Swedish organisation numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.errors import InvalidInput, InvalidOrgNumber

_ORG_NUMBER = re.compile(r"^(?:16)?(\d{6})[-\s]?(\d{4})$")


def normalise_org_number(text: str) -> str:
    """'5561234567', '556123-4567' or '16556123-4567' → '556123-4567', when the Luhn check digit is right.

    A Swedish organisation number has ten digits, the third at least 2 (that tells it from a personal
    identity number's month), and a Luhn check digit last.
    """
    match = _ORG_NUMBER.match(text.strip())
    if not match:
        raise InvalidOrgNumber(value=text.strip()[:40])
    digits = match.group(1) + match.group(2)
    if int(digits[2]) < 2 or not luhn_valid(digits):
        raise InvalidOrgNumber(value=text.strip()[:40])
    return f"{digits[:6]}-{digits[6:]}"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def clean_name(text: str, *, max_length: int = 200) -> str:
    name = " ".join(text.split())
    if not name:
        raise InvalidInput(field="name")
    if len(name) > max_length:
        raise InvalidInput(field="name", max_length=max_length)
    return name


@dataclass(frozen=True)
class Supplier:
    id: int | None
    org_number: str
    name: str
