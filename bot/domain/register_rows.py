"""The register as rows of a workbook: its sheets and headers, the typed rows, and the rules a row must meet.

A workbook (or one sheet of it as CSV) arrives as `SheetData`: the header row and the other rows as values by
header, each with its Excel row number. `parse_register` turns every row into a typed record or into a
`RowError` (sheet, row, code, params); it never stops at the first error, so a user can mend every row in
one go. `check_against_register` adds the errors only the stored register can tell (an unknown supplier or
contract). `sheet_values` is the way back: typed records to the values of the sheets.

Nothing here knows the file format or the database; errors carry a text `code` from the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from bot.domain.contracts import ContractStatus, Segment, normalise_reference, parse_enum, parse_period, parse_role
from bot.domain.errors import DomainError
from bot.domain.people import normalise_email
from bot.domain.roles import Party
from bot.domain.suppliers import normalise_org_number
from bot.domain.text import fold

SUPPLIERS, CONTRACTS, CONTACTS, AMENDMENTS, SPEND = "Leverantörer", "Avtal", "Kontakter", "Tilläggsavtal", "Spend"
KPIS, KPI_VALUES = "KPI", "KPI-värden"  # their rows are read by `bot.domain.kpi_rows`

# The sheets in their order, each with its headers in their order. A sheet may have more columns after these.
LAYOUT: Mapping[str, tuple[str, ...]] = {
    SUPPLIERS: ("Organisationsnummer", "Namn"),
    CONTRACTS: (
        "Avtalsnummer", "Benämning", "Leverantör", "Kategori", "Verksamhet", "Startdatum", "Slutdatum",
        "Uppsägningstid (månader)", "Avtalsvärde (SEK/år)", "Segment", "Status", "Förlängningsoptioner",
        "Betalningsvillkor", "Prisjusteringsklausul",
    ),
    CONTACTS: ("Avtalsnummer", "Namn", "E-post", "Telefon", "Part", "Roll", "Nyckelkontakt"),
    AMENDMENTS: ("Avtalsnummer", "Datum", "Beskrivning"),
    SPEND: ("Avtalsnummer", "Område", "Period", "Belopp (SEK)"),
    KPIS: (
        "Avtalsnummer", "KPI", "Enhet", "Mål", "Riktning", "Gul gräns", "Röd gräns", "Frekvens", "Rapporteras av",
        "Källa", "Min", "Max", "Aktiv från", "Aktiv till",
    ),
    KPI_VALUES: ("Avtalsnummer", "KPI", "Period", "Värde", "Kommentar", "Rapporterad av"),
}
REQUIRED_SHEETS = (SUPPLIERS, CONTRACTS)  # a workbook without the others has no rows for them

YES, NO = "ja", "nej"
_YES = frozenset({"ja", "j", "yes", "y", "true", "sant", "1", "x"})
_NO = frozenset({"nej", "n", "no", "false", "falskt", "0"})
_CENT = Decimal("0.01")
_MAX_MONEY = Decimal("1e14")  # Numeric(16, 2)
_TEXT_LIMITS = {"Namn": 200, "Benämning": 300, "Kategori": 200, "Verksamhet": 200, "Telefon": 50,
                "Betalningsvillkor": 200, "Område": 200, "E-post": 320, "KPI": 200, "Enhet": 40}


@dataclass(frozen=True)
class SheetData:
    """One sheet as read: its header row and its non-empty rows as (Excel row number, values by header)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, Mapping[str, object]], ...] = ()


@dataclass(frozen=True)
class RowError:
    """Why one row (or a sheet's header row, row 1) was refused; `code` names a text, `params` fill it."""

    sheet: str
    row: int
    code: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SupplierRow:
    row: int
    org_number: str
    name: str


@dataclass(frozen=True)
class ContractRow:
    row: int
    reference: str
    title: str
    supplier_org_number: str
    category: str | None = None
    owning_unit: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    notice_period_months: int | None = None
    estimated_yearly_value_sek: Decimal | None = None
    segment: Segment | None = None
    status: ContractStatus | None = None
    extension_options: str | None = None
    payment_terms: str | None = None
    price_adjustment_clause: str | None = None


@dataclass(frozen=True)
class ContactRoleRow:
    """A contact's role on one contract. The contact is the same person wherever its key is the same."""

    row: int
    reference: str
    name: str
    email: str | None
    phone: str | None
    party: Party
    role: str
    is_key_contact: bool = False


@dataclass(frozen=True)
class AmendmentRow:
    row: int
    reference: str
    signed_on: date
    description: str


@dataclass(frozen=True)
class SpendRow:
    row: int
    reference: str
    area: str
    period: str
    amount_sek: Decimal


@dataclass(frozen=True)
class RegisterRows:
    suppliers: tuple[SupplierRow, ...] = ()
    contracts: tuple[ContractRow, ...] = ()
    contacts: tuple[ContactRoleRow, ...] = ()
    amendments: tuple[AmendmentRow, ...] = ()
    spend: tuple[SpendRow, ...] = ()
    # Keys the file's Leverantörer and Avtal sheets name, also on rows with errors: a row that refers to a
    # broken row is not also told that what it refers to is unknown.
    named_org_numbers: frozenset[str] = frozenset()
    named_references: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RegisterKeys:
    """What the stored register already holds, as far as the checks of an import need to know."""

    org_numbers: frozenset[str] = frozenset()
    contract_periods: Mapping[str, tuple[date | None, date | None]] = field(default_factory=dict)


@dataclass(frozen=True)
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass(frozen=True)
class ImportCounts:
    """What an import did, per kind of row."""

    suppliers: Counts = Counts()
    contracts: Counts = Counts()
    contacts: Counts = Counts()
    roles: Counts = Counts()
    amendments: Counts = Counts()
    spend: Counts = Counts()
    segments: Counts = Counts()
    kpis: Counts = Counts()
    kpi_values: Counts = Counts()

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.by_kind().values())

    def by_kind(self) -> dict[str, Counts]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# --- reading ------------------------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


class _Row:
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
            return parse(value, column) if parse else _text(value, column)
        except _Refused as refused:
            self.refuse(refused.code, **refused.params)
        except DomainError:
            self.refuse("register.error.invalid", column=column, value=_shown(value))
        return None

    def refuse(self, code: str, **params: object) -> None:
        self.ok = False
        self.errors.append(RowError(self.sheet, self.number, code, params))


def parse_register(sheets: Mapping[str, SheetData | None], *, only: str | None = None) -> tuple[
    RegisterRows, list[RowError]
]:
    """Every row of every sheet as a typed record, and every row that is not one as an error.

    `only` names the one sheet an import holds (a CSV file); then only that sheet is required.
    """
    errors: list[RowError] = []
    required = (only,) if only else REQUIRED_SHEETS
    for name, headers in LAYOUT.items():
        sheet = sheets.get(name)
        if sheet is None:
            if name in required:
                errors.append(RowError(name, 1, "register.error.missing_sheet"))
        elif tuple(h.strip() if isinstance(h, str) else h for h in sheet.headers[: len(headers)]) != headers:
            errors.append(RowError(name, 1, "register.error.headers", {"expected": ", ".join(headers)}))

    def rows(name: str) -> tuple[tuple[int, Mapping[str, object]], ...]:
        sheet = sheets.get(name)
        if sheet is None or any(error.sheet == name and error.row == 1 for error in errors):
            return ()
        return sheet.rows

    register = RegisterRows(
        suppliers=_suppliers(rows(SUPPLIERS), errors),
        contracts=_contracts(rows(CONTRACTS), errors),
        contacts=_contacts(rows(CONTACTS), errors),
        amendments=_amendments(rows(AMENDMENTS), errors),
        spend=_spend(rows(SPEND), errors),
        named_org_numbers=_named(rows(SUPPLIERS), "Organisationsnummer", _org_number),
        named_references=_named(rows(CONTRACTS), "Avtalsnummer", _reference),
    )
    _check_within_file(register, errors)
    return register, sorted(errors, key=error_order)


def check_against_register(register: RegisterRows, known: RegisterKeys) -> list[RowError]:
    """The errors only the stored register tells: suppliers and contracts neither in the file nor stored,
    and a start or end date that would put a stored contract's end before its start."""
    errors: list[RowError] = []
    org_numbers = known.org_numbers | register.named_org_numbers | {s.org_number for s in register.suppliers}
    for contract in register.contracts:
        if contract.supplier_org_number not in org_numbers:
            errors.append(RowError(CONTRACTS, contract.row, "register.error.unknown_supplier",
                                   {"value": contract.supplier_org_number}))
        stored_start, stored_end = known.contract_periods.get(contract.reference, (None, None))
        start, end = contract.start_date or stored_start, contract.end_date or stored_end
        if start and end and end < start and not (contract.start_date and contract.end_date):
            errors.append(RowError(CONTRACTS, contract.row, "register.error.end_before_start",
                                   {"start": start.isoformat(), "end": end.isoformat()}))
    references = (set(known.contract_periods) | register.named_references
                  | {contract.reference for contract in register.contracts})
    for sheet, records in ((CONTACTS, register.contacts), (AMENDMENTS, register.amendments),
                           (SPEND, register.spend)):
        for record in records:
            if record.reference not in references:
                errors.append(RowError(sheet, record.row, "register.error.unknown_contract",
                                       {"value": record.reference}))
    return sorted(errors, key=error_order)


def _named(rows, column: str, parse) -> frozenset[str]:
    named = set()
    for _, values in rows:
        try:
            named.add(parse(values.get(column), column))
        except (_Refused, DomainError):
            continue
    return frozenset(named)


def _suppliers(rows, errors) -> tuple[SupplierRow, ...]:
    records = []
    for number, values in rows:
        row = _Row(SUPPLIERS, number, values, errors)
        org_number = row.get("Organisationsnummer", _org_number, required=True)
        name = row.get("Namn", required=True)
        if row.ok:
            records.append(SupplierRow(number, org_number, name))
    return tuple(records)


def _contracts(rows, errors) -> tuple[ContractRow, ...]:
    records = []
    for number, values in rows:
        row = _Row(CONTRACTS, number, values, errors)
        record = ContractRow(
            row=number,
            reference=row.get("Avtalsnummer", _reference, required=True),
            title=row.get("Benämning", required=True),
            supplier_org_number=row.get("Leverantör", _org_number, required=True),
            category=row.get("Kategori"),
            owning_unit=row.get("Verksamhet"),
            start_date=row.get("Startdatum", _date),
            end_date=row.get("Slutdatum", _date),
            notice_period_months=row.get("Uppsägningstid (månader)", _months),
            estimated_yearly_value_sek=row.get("Avtalsvärde (SEK/år)", _money),
            segment=row.get("Segment", _choice(Segment)),
            status=row.get("Status", _choice(ContractStatus)),
            extension_options=row.get("Förlängningsoptioner"),
            payment_terms=row.get("Betalningsvillkor"),
            price_adjustment_clause=row.get("Prisjusteringsklausul"),
        )
        if record.start_date and record.end_date and record.end_date < record.start_date:
            row.refuse("register.error.end_before_start", start=record.start_date.isoformat(),
                       end=record.end_date.isoformat())
        if row.ok:
            records.append(record)
    return tuple(records)


def _contacts(rows, errors) -> tuple[ContactRoleRow, ...]:
    records = []
    for number, values in rows:
        row = _Row(CONTACTS, number, values, errors)
        record = ContactRoleRow(
            row=number,
            reference=row.get("Avtalsnummer", _reference, required=True),
            name=row.get("Namn", required=True),
            email=row.get("E-post", _email),
            phone=row.get("Telefon"),
            party=row.get("Part", _choice(Party), required=True),
            role=row.get("Roll", _role, required=True),
            is_key_contact=bool(row.get("Nyckelkontakt", _yes_no)),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _amendments(rows, errors) -> tuple[AmendmentRow, ...]:
    records = []
    for number, values in rows:
        row = _Row(AMENDMENTS, number, values, errors)
        record = AmendmentRow(
            row=number,
            reference=row.get("Avtalsnummer", _reference, required=True),
            signed_on=row.get("Datum", _date, required=True),
            description=row.get("Beskrivning", required=True),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _spend(rows, errors) -> tuple[SpendRow, ...]:
    records = []
    for number, values in rows:
        row = _Row(SPEND, number, values, errors)
        record = SpendRow(
            row=number,
            reference=row.get("Avtalsnummer", _reference, required=True),
            area=row.get("Område", required=True),
            period=row.get("Period", _period, required=True),
            amount_sek=row.get("Belopp (SEK)", _money, required=True),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def contact_key(record: ContactRoleRow, supplier: object) -> tuple:
    """Who a contact row is: the e-mail when given, else the folded name, the party and the contract's
    supplier (so two suppliers' "Anna Berg" without e-mail stay two people)."""
    if record.email:
        return ("email", record.email)
    return ("name", fold(record.name), record.party.value, supplier)


def _check_within_file(register: RegisterRows, errors: list[RowError]) -> None:
    _duplicates(SUPPLIERS, register.suppliers, lambda s: s.org_number, lambda s: s.org_number, errors)
    _duplicates(CONTRACTS, register.contracts, lambda c: c.reference, lambda c: c.reference, errors)
    _duplicates(CONTACTS, register.contacts, lambda c: (c.reference, contact_key(c, None), fold(c.role)),
                lambda c: f"{c.reference}: {c.email or c.name} ({c.role})", errors)
    _duplicates(AMENDMENTS, register.amendments, lambda a: (a.reference, a.signed_on, a.description),
                lambda a: f"{a.reference} {a.signed_on.isoformat()}", errors)
    _duplicates(SPEND, register.spend, lambda s: (s.reference, s.area, s.period),
                lambda s: f"{s.reference} {s.area} {s.period}", errors)
    segments: dict[str, ContractRow] = {}
    for contract in register.contracts:
        if contract.segment is None:
            continue
        first = segments.setdefault(contract.supplier_org_number, contract)
        if first.segment != contract.segment:
            errors.append(RowError(CONTRACTS, contract.row, "register.error.segment_conflict", {
                "segment": contract.segment.value, "other": first.segment.value, "first_row": first.row}))
    people: dict[str, ContactRoleRow] = {}
    for contact in register.contacts:
        if not contact.email:
            continue
        first = people.setdefault(contact.email, contact)
        for column, mine, theirs in (("Namn", contact.name, first.name), ("Part", contact.party, first.party),
                                     ("Telefon", contact.phone, first.phone)):
            if mine and theirs and mine != theirs:
                errors.append(RowError(CONTACTS, contact.row, "register.error.contact_conflict", {
                    "column": column, "value": str(mine), "first_row": first.row}))


def _duplicates(sheet: str, records: Sequence, key, shown, errors: list[RowError]) -> None:
    seen: dict[object, int] = {}
    for record in records:
        first = seen.setdefault(key(record), record.row)
        if first != record.row:
            errors.append(RowError(sheet, record.row, "register.error.duplicate",
                                   {"value": shown(record), "first_row": first}))


def error_order(error: RowError) -> tuple[int, int]:
    """Errors in the order of the sheets, then of the rows."""
    return (list(LAYOUT).index(error.sheet), error.row)


# --- cells --------------------------------------------------------------------------------------------


def _plain(value: object) -> str:
    """A cell as text: a whole number without ".0", a date without its midnight."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _shown(value: object) -> str:
    return _plain(value)[:60]


def _text(value: object, column: str) -> str:
    """Text with its spaces collapsed; line breaks in long texts are kept."""
    text = "\n".join(" ".join(line.split()) for line in _plain(value).splitlines()).strip()
    limit = _TEXT_LIMITS.get(column)
    if limit and len(text) > limit:
        raise _Refused("register.error.too_long", column=column, max_length=limit)
    return text


def _org_number(value: object, column: str) -> str:
    try:
        return normalise_org_number(_plain(value))
    except DomainError:
        raise _Refused("register.error.org_number", column=column, value=_shown(value)) from None


def _reference(value: object, column: str) -> str:
    try:
        return normalise_reference(_plain(value))
    except DomainError:
        raise _Refused("register.error.reference", column=column, value=_shown(value)) from None


def _date(value: object, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _plain(value)
    try:
        return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text).date()
    except ValueError:
        raise _Refused("register.error.date", column=column, value=_shown(value)) from None


def _number(value: object, column: str) -> Decimal:
    if isinstance(value, bool):
        raise _Refused("register.error.number", column=column, value=_shown(value))
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _plain(value).replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.removesuffix("kr").removesuffix("SEK").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Refused("register.error.number", column=column, value=_shown(value)) from None
    if not number.is_finite():
        raise _Refused("register.error.number", column=column, value=_shown(value))
    return number


def _money(value: object, column: str) -> Decimal:
    amount = _number(value, column).quantize(_CENT, rounding=ROUND_HALF_UP)
    if abs(amount) >= _MAX_MONEY:
        raise _Refused("register.error.number", column=column, value=_shown(value))
    return amount


def _months(value: object, column: str) -> int:
    try:
        number = _number(value, column)
    except _Refused:
        number = Decimal(-1)
    if number != number.to_integral_value() or not 0 <= number <= 600:
        raise _Refused("register.error.whole_number", column=column, value=_shown(value))
    return int(number)


def _choice(enum: type[StrEnum]):
    def parse(value: object, column: str) -> StrEnum:
        try:
            return parse_enum(enum, _plain(value), field_name=column)
        except DomainError:
            raise _Refused("register.error.choice", column=column, value=_shown(value),
                           allowed=" / ".join(member.value for member in enum)) from None
    return parse


def _yes_no(value: object, column: str) -> bool:
    if isinstance(value, bool):
        return value
    folded = fold(_plain(value))
    if folded in _YES or folded in _NO:
        return folded in _YES
    raise _Refused("register.error.choice", column=column, value=_shown(value), allowed=f"{YES} / {NO}")


def _email(value: object, column: str) -> str:
    address = normalise_email(_plain(value))
    local, _, domain = address.partition("@")
    if not local or "." not in domain or " " in address or len(address) > 320 or domain.startswith("."):
        raise _Refused("register.error.email", column=column, value=_shown(value))
    return address


def _role(value: object, column: str) -> str:
    try:
        return parse_role(_plain(value))
    except DomainError:
        raise _Refused("register.error.too_long", column=column, max_length=40) from None


def _period(value: object, column: str) -> str:
    if isinstance(value, datetime | date):  # a spreadsheet turned "2026-03" into the 1st of March
        if value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
        raise _Refused("register.error.period", column=column, value=_shown(value))
    try:
        return parse_period(_plain(value))
    except DomainError:
        raise _Refused("register.error.period", column=column, value=_shown(value)) from None


# --- writing ------------------------------------------------------------------------------------------


def sheet_values(register: RegisterRows) -> dict[str, list[list[object]]]:
    """The records as the values of each sheet's rows, in the order of `LAYOUT`'s headers."""
    return {
        SUPPLIERS: [[s.org_number, s.name] for s in register.suppliers],
        CONTRACTS: [[
            c.reference, c.title, c.supplier_org_number, c.category, c.owning_unit, c.start_date, c.end_date,
            c.notice_period_months, c.estimated_yearly_value_sek, c.segment.value if c.segment else None,
            c.status.value if c.status else None, c.extension_options, c.payment_terms, c.price_adjustment_clause,
        ] for c in register.contracts],
        CONTACTS: [[c.reference, c.name, c.email, c.phone, c.party.value, c.role, YES if c.is_key_contact else NO]
                   for c in register.contacts],
        AMENDMENTS: [[a.reference, a.signed_on, a.description] for a in register.amendments],
        SPEND: [[s.reference, s.area, s.period, s.amount_sek] for s in register.spend],
    }
