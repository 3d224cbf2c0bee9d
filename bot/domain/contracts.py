"""Contracts of the register: their facts, status, dates, amendments, spend and follow-up team."""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.domain.errors import InvalidInput
from bot.domain.roles import ContractRole, Party
from bot.domain.text import fold


class ContractStatus(StrEnum):
    PLANNED = "planerat"
    ACTIVE = "aktivt"
    TERMINATING = "under uppsägning"
    ENDED = "avslutat"


class Segment(StrEnum):
    """The supplier's place in the Kraljic matrix."""

    STRATEGIC = "strategisk"
    LEVERAGE = "hävstång"
    BOTTLENECK = "flaskhals"
    NON_CRITICAL = "icke-kritisk"


_REFERENCE = re.compile(r"^[\w][\w\-/.: ]{0,59}$")
_PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_ROLE_SYNONYMS = {
    "process owner": ContractRole.PROCESS_OWNER,
    "process coordinator": ContractRole.PROCESS_COORDINATOR,
    "supplier contact": ContractRole.SUPPLIER_CONTACT,
    "decision maker": ContractRole.DECISION_MAKER,
    "team member": ContractRole.TEAM_MEMBER,
}


def parse_enum(enum: type[StrEnum], text: str, *, field_name: str, synonyms: Mapping[str, StrEnum] | None = None,
               error: type[InvalidInput] = InvalidInput) -> StrEnum:
    """A value of `enum` from its Swedish code typed with or without å/ä/ö and in any case, or from one of
    the (folded) `synonyms`, such as its English words."""
    wanted = fold(text)
    for member in enum:
        if fold(member.value) == wanted:
            return member
    if synonyms and wanted in synonyms:
        return synonyms[wanted]
    raise error(field=field_name, value=text.strip()[:60], allowed=", ".join(m.value for m in enum))


def normalise_reference(text: str) -> str:
    """A contract reference (avtalsnummer / diarienummer) as it is stored: trimmed, inner space collapsed."""
    reference = " ".join(str(text).split())
    if not _REFERENCE.match(reference):
        raise InvalidInput(field="reference", value=reference[:60])
    return reference


def parse_role(text: str) -> str:
    """A role in the follow-up team: a known role in its Swedish spelling, or the role as typed (≤ 40)."""
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise InvalidInput(field="role")
    folded = fold(cleaned)
    for role in ContractRole:
        if fold(role.value) == folded:
            return role.value
    if folded in _ROLE_SYNONYMS:
        return _ROLE_SYNONYMS[folded].value
    if len(cleaned) > 40:
        raise InvalidInput(field="role", max_length=40)
    return cleaned.lower()


def parse_period(text: str) -> str:
    """A spend period, a calendar month written YYYY-MM."""
    period = str(text).strip()
    if not _PERIOD.match(period):
        raise InvalidInput(field="period", value=period[:20])
    return period


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier, or the month's last day when it has fewer days."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Contract:
    id: int | None
    reference: str
    title: str
    supplier_id: int
    category: str | None = None
    owning_unit: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    notice_period_months: int | None = None
    extension_options: str | None = None
    estimated_yearly_value_sek: Decimal | None = None
    payment_terms: str | None = None
    price_adjustment_clause: str | None = None
    status: ContractStatus = ContractStatus.ACTIVE

    @property
    def notice_date(self) -> date | None:
        """The last day notice can be given so the contract ends on its end date."""
        if self.end_date is None or self.notice_period_months is None:
            return None
        return months_before(self.end_date, self.notice_period_months)

    def days_to_end(self, today: date) -> int | None:
        return (self.end_date - today).days if self.end_date else None

    def days_to_notice(self, today: date) -> int | None:
        notice = self.notice_date
        return (notice - today).days if notice else None


@dataclass(frozen=True)
class Contact:
    id: int | None
    name: str
    email: str | None
    phone: str | None
    party: Party
    organisation: str | None = None


@dataclass(frozen=True)
class TeamMember:
    """A contact's role in one contract's follow-up team."""

    contact: Contact
    role: str
    is_key_contact: bool = False


@dataclass(frozen=True)
class Amendment:
    signed_on: date
    description: str


@dataclass(frozen=True)
class SpendEntry:
    area: str
    period: str  # YYYY-MM
    amount_sek: Decimal


@dataclass(frozen=True)
class ContractFile:
    """Everything the register holds about one contract, for its card and its summary."""

    contract: Contract
    supplier_name: str
    supplier_org_number: str
    segment: Segment | None
    team: tuple[TeamMember, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    spend: tuple[SpendEntry, ...] = field(default_factory=tuple)

    @property
    def key_contacts(self) -> tuple[TeamMember, ...]:
        return tuple(member for member in self.team if member.is_key_contact)

    def spend_in_year(self, year: int) -> Decimal:
        prefix = f"{year}-"
        return sum((entry.amount_sek for entry in self.spend if entry.period.startswith(prefix)), Decimal(0))
