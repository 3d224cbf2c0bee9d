"""The register as rows of a workbook: its sheets and headers, the typed rows, and the rules a row must meet.

A workbook (or one sheet of it as CSV) arrives as `SheetData`: the header row and the other rows as values by
header, each with its Excel row number. `parse_register` turns every row into a typed record or into a
`RowError` (sheet, row, code, params); it never stops at the first error, so a user can mend every row in
one go. `check_against_register` adds the errors only the stored register can tell (an unknown supplier or
contract). `sheet_values` is the way back: typed records to the values of the sheets.

Nothing here knows the file format or the database; errors carry a text `code` from the catalogues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bot.domain.contracts import ContractStatus, Segment
from bot.domain.errors import DomainError
from bot.domain.follow_up_layout import FOLLOW_UP_LAYOUT
from bot.domain.roles import Party
from bot.domain.sheet_cells import (
    NO,
    YES,
    Refused,
    RowError,
    RowReader,
    cell_choice,
    cell_date,
    cell_email,
    cell_money,
    cell_months,
    cell_org_number,
    cell_period,
    cell_reference,
    cell_role,
    cell_yes_no,
    report_duplicates,
)
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



@dataclass(frozen=True)
class SheetData:
    """One sheet as read: its header row and its non-empty rows as (Excel row number, values by header)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[int, Mapping[str, object]], ...] = ()


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


FOLLOW_UP_KINDS = frozenset({"plans", "decisions", "actions", "meetings", "deviations", "sanctions",
                             "checklist_answers", "swot_items", "ratings", "lessons"})


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
    plans: Counts = Counts()
    decisions: Counts = Counts()
    actions: Counts = Counts()
    meetings: Counts = Counts()
    deviations: Counts = Counts()
    sanctions: Counts = Counts()
    checklist_answers: Counts = Counts()
    swot_items: Counts = Counts()
    ratings: Counts = Counts()
    lessons: Counts = Counts()

    @property
    def changed(self) -> bool:
        return any(counts.created or counts.updated for counts in self.by_kind().values())

    def by_kind(self) -> dict[str, Counts]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def shown(self) -> dict[str, Counts]:
        """The kinds to report: the register's always, the follow-up's when the file had rows of them."""
        return {name: counts for name, counts in self.by_kind().items()
                if name not in FOLLOW_UP_KINDS or counts.created or counts.updated or counts.unchanged}


# --- reading ------------------------------------------------------------------------------------------


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
        named_org_numbers=_named(rows(SUPPLIERS), "Organisationsnummer", cell_org_number),
        named_references=_named(rows(CONTRACTS), "Avtalsnummer", cell_reference),
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
        except (Refused, DomainError):
            continue
    return frozenset(named)


def _suppliers(rows, errors) -> tuple[SupplierRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(SUPPLIERS, number, values, errors)
        org_number = row.get("Organisationsnummer", cell_org_number, required=True)
        name = row.get("Namn", required=True)
        if row.ok:
            records.append(SupplierRow(number, org_number, name))
    return tuple(records)


def _contracts(rows, errors) -> tuple[ContractRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(CONTRACTS, number, values, errors)
        record = ContractRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            title=row.get("Benämning", required=True),
            supplier_org_number=row.get("Leverantör", cell_org_number, required=True),
            category=row.get("Kategori"),
            owning_unit=row.get("Verksamhet"),
            start_date=row.get("Startdatum", cell_date),
            end_date=row.get("Slutdatum", cell_date),
            notice_period_months=row.get("Uppsägningstid (månader)", cell_months),
            estimated_yearly_value_sek=row.get("Avtalsvärde (SEK/år)", cell_money),
            segment=row.get("Segment", cell_choice(Segment)),
            status=row.get("Status", cell_choice(ContractStatus)),
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
        row = RowReader(CONTACTS, number, values, errors)
        record = ContactRoleRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            name=row.get("Namn", required=True),
            email=row.get("E-post", cell_email),
            phone=row.get("Telefon"),
            party=row.get("Part", cell_choice(Party), required=True),
            role=row.get("Roll", cell_role, required=True),
            is_key_contact=bool(row.get("Nyckelkontakt", cell_yes_no)),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _amendments(rows, errors) -> tuple[AmendmentRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(AMENDMENTS, number, values, errors)
        record = AmendmentRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            signed_on=row.get("Datum", cell_date, required=True),
            description=row.get("Beskrivning", required=True),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _spend(rows, errors) -> tuple[SpendRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(SPEND, number, values, errors)
        record = SpendRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            area=row.get("Område", required=True),
            period=row.get("Period", cell_period, required=True),
            amount_sek=row.get("Belopp (SEK)", cell_money, required=True),
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
    report_duplicates(SUPPLIERS, register.suppliers, lambda s: s.org_number, lambda s: s.org_number, errors)
    report_duplicates(CONTRACTS, register.contracts, lambda c: c.reference, lambda c: c.reference, errors)
    report_duplicates(CONTACTS, register.contacts, lambda c: (c.reference, contact_key(c, None), fold(c.role)),
                lambda c: f"{c.reference}: {c.email or c.name} ({c.role})", errors)
    report_duplicates(AMENDMENTS, register.amendments, lambda a: (a.reference, a.signed_on, a.description),
                lambda a: f"{a.reference} {a.signed_on.isoformat()}", errors)
    report_duplicates(SPEND, register.spend, lambda s: (s.reference, s.area, s.period),
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


def error_order(error: RowError) -> tuple[int, int]:
    """Errors in the order of the sheets (the register's, then the follow-up's), then of the rows."""
    return ([*LAYOUT, *FOLLOW_UP_LAYOUT].index(error.sheet), error.row)


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
