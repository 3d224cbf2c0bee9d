"""KPIs in the register workbook: the rows of the sheets `KPI` (definitions) and `KPI-värden` (reported values).

`parse_kpis` reads both sheets into typed records or `RowError`s, like `parse_register` does for the register's
sheets (whose layout, header check and cell readers it shares). `check_kpis` adds what needs the rest of the file
and the stored register: a contract or KPI that is nowhere, a reporter who is not a known contact, a period of
the wrong frequency or not yet begun, a value outside the KPI's allowed range, a new frequency for a KPI with
stored values (they would no longer fit it). `kpi_sheet_values` is the way back.

A KPI is named by its contract and its name (matched exactly, spaces collapsed); a value by its KPI and period.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from bot.domain.errors import DomainError
from bot.domain.kpis import Direction, Frequency, Period, is_future
from bot.domain.register_rows import (
    KPIS,
    KPI_VALUES,
    RegisterRows,
    SheetData,
    error_order,
)
from bot.domain.roles import Party
from bot.domain.sheet_cells import (
    Refused,
    RowError,
    RowReader,
    cell_choice,
    cell_date,
    cell_email,
    cell_number,
    cell_reference,
    cell_text,
    report_duplicates,
    shown,
)

_MEASURE_STEP = Decimal("0.0001")  # Numeric(18, 4)
_MAX_MEASURE = Decimal("1e14")


@dataclass(frozen=True)
class KpiRow:
    """A KPI of a contract. The reporter is a contact's e-mail or a party, never both."""

    row: int
    reference: str
    name: str
    frequency: Frequency
    unit: str | None = None
    target: Decimal | None = None
    direction: Direction | None = None  # empty: högre for a new KPI, the stored one for an existing
    yellow: Decimal | None = None
    red: Decimal | None = None
    reporter_email: str | None = None
    reporter_party: Party | None = None
    source: str | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    active_from: date | None = None
    active_to: date | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.reference, self.name)


@dataclass(frozen=True)
class KpiValueRow:
    row: int
    reference: str
    kpi: str
    period: Period
    value: Decimal
    comment: str | None = None
    reported_by_email: str | None = None

    @property
    def kpi_key(self) -> tuple[str, str]:
        return (self.reference, self.kpi)


@dataclass(frozen=True)
class KpiRows:
    kpis: tuple[KpiRow, ...] = ()
    values: tuple[KpiValueRow, ...] = ()
    # (contract, KPI) the KPI sheet names, also on rows with errors: their values are not also "unknown".
    named_kpis: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class StoredKpi:
    frequency: Frequency
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    has_values: bool = False


@dataclass(frozen=True)
class KpiKeys:
    """What the stored register holds that the KPI checks need: its KPIs and the e-mails of its contacts."""

    kpis: Mapping[tuple[str, str], StoredKpi] = field(default_factory=dict)
    emails: frozenset[str] = frozenset()


# --- reading ------------------------------------------------------------------------------------------


def parse_kpis(sheets: Mapping[str, SheetData | None], sheet_errors: list[RowError]) -> tuple[
    KpiRows, list[RowError]
]:
    """The rows of the KPI sheets as records, and the errors of the rows that are not.

    `sheet_errors` are those `parse_register` found: a sheet whose header row is wrong is not read.
    """
    errors: list[RowError] = []

    def rows(name: str) -> tuple[tuple[int, Mapping[str, object]], ...]:
        sheet = sheets.get(name)
        if sheet is None or any(error.sheet == name and error.row == 1 for error in sheet_errors):
            return ()
        return sheet.rows

    kpis = KpiRows(
        kpis=_kpis(rows(KPIS), errors),
        values=_values(rows(KPI_VALUES), errors),
        named_kpis=frozenset(_named_kpis(rows(KPIS))),
    )
    report_duplicates(KPIS, kpis.kpis, lambda k: k.key, lambda k: f"{k.reference}: {k.name}", errors)
    report_duplicates(KPI_VALUES, kpis.values, lambda v: (v.kpi_key, v.period),
                lambda v: f"{v.reference}: {v.kpi} {v.period}", errors)
    return kpis, sorted(errors, key=error_order)


def _kpis(rows, errors) -> tuple[KpiRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(KPIS, number, values, errors)
        cells = {column: row.get(column, parse, required=required) for column, parse, required in _KPI_CELLS}
        reporter = cells["Rapporteras av"]
        record = KpiRow(
            row=number, reference=cells["Avtalsnummer"], name=cells["KPI"], unit=cells["Enhet"],
            target=cells["Mål"], direction=cells["Riktning"], yellow=cells["Gul gräns"], red=cells["Röd gräns"],
            frequency=cells["Frekvens"],
            reporter_party=reporter if isinstance(reporter, Party) else None,
            reporter_email=reporter if isinstance(reporter, str) and not isinstance(reporter, Party) else None,
            source=cells["Källa"], min_value=cells["Min"], max_value=cells["Max"],
            active_from=cells["Aktiv från"], active_to=cells["Aktiv till"],
        )
        if record.min_value is not None and record.max_value is not None and record.max_value < record.min_value:
            row.refuse("register.error.kpi_min_above_max", min=_decimal_text(record.min_value),
                       max=_decimal_text(record.max_value))
        if record.active_from and record.active_to and record.active_to < record.active_from:
            row.refuse("register.error.end_before_start", start=record.active_from.isoformat(),
                       end=record.active_to.isoformat())
        if row.ok:
            records.append(record)
    return tuple(records)


def _values(rows, errors) -> tuple[KpiValueRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(KPI_VALUES, number, values, errors)
        record = KpiValueRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            kpi=row.get("KPI", required=True),
            period=row.get("Period", _kpi_period, required=True),
            value=row.get("Värde", _measure, required=True),
            comment=row.get("Kommentar"),
            reported_by_email=row.get("Rapporterad av", cell_email),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _named_kpis(rows):
    for _, values in rows:
        try:
            yield (cell_reference(values.get("Avtalsnummer"), "Avtalsnummer"), cell_text(values.get("KPI"), "KPI"))
        except (Refused, DomainError):
            continue


def check_kpis(
    kpis: KpiRows, register: RegisterRows, references: frozenset[str], known: KpiKeys, *, today: date
) -> list[RowError]:
    """The errors that need the rest of the file or the stored register (`references` are the stored
    contracts'): unknown contracts, KPIs and reporters, periods of the wrong frequency or in the future, and
    values outside the KPI's allowed range."""
    errors: list[RowError] = []
    references = references | register.named_references | {c.reference for c in register.contracts}
    emails = known.emails | {c.email for c in register.contacts if c.email}
    for kpi in kpis.kpis:
        if kpi.reference not in references:
            errors.append(RowError(KPIS, kpi.row, "register.error.unknown_contract", {"value": kpi.reference}))
        stored = known.kpis.get(kpi.key)
        if stored and stored.has_values and stored.frequency is not kpi.frequency:
            errors.append(RowError(KPIS, kpi.row, "register.error.kpi_frequency_change", {
                "value": kpi.frequency.value, "stored": stored.frequency.value}))
        if kpi.reporter_email and kpi.reporter_email not in emails:
            errors.append(RowError(KPIS, kpi.row, "register.error.kpi_reporter", {
                "column": "Rapporteras av", "value": kpi.reporter_email,
                "allowed": " / ".join(party.value for party in Party)}))
    in_file = {kpi.key: kpi for kpi in kpis.kpis}
    for value in kpis.values:
        if value.reference not in references:
            errors.append(RowError(KPI_VALUES, value.row, "register.error.unknown_contract",
                                   {"value": value.reference}))
            continue
        if value.reported_by_email and value.reported_by_email not in emails:
            errors.append(RowError(KPI_VALUES, value.row, "register.error.unknown_contact",
                                   {"column": "Rapporterad av", "value": value.reported_by_email}))
        errors += _check_value(value, in_file.get(value.kpi_key), known.kpis.get(value.kpi_key),
                               value.kpi_key in kpis.named_kpis, today)
    return sorted(errors, key=error_order)


def _check_value(value: KpiValueRow, in_file: KpiRow | None, stored: StoredKpi | None, named: bool,
                 today: date) -> list[RowError]:
    if in_file is None and (named or stored is None):  # a broken KPI row was already reported
        return [] if named else [RowError(KPI_VALUES, value.row, "register.error.unknown_kpi", {
            "kpi": value.kpi, "reference": value.reference})]
    frequency = in_file.frequency if in_file else stored.frequency
    lowest = _first(in_file and in_file.min_value, stored and stored.min_value)
    highest = _first(in_file and in_file.max_value, stored and stored.max_value)
    errors = []
    if value.period.frequency is not frequency:
        errors.append(RowError(KPI_VALUES, value.row, "register.error.kpi_period_frequency", {
            "value": value.period.label, "kpi": value.kpi, "frequency": frequency.value}))
    elif is_future(value.period, today):
        errors.append(RowError(KPI_VALUES, value.row, "register.error.kpi_period_future",
                               {"value": value.period.label}))
    if (lowest is not None and value.value < lowest) or (highest is not None and value.value > highest):
        errors.append(RowError(KPI_VALUES, value.row, "register.error.kpi_out_of_range", {
            "column": "Värde", "value": _decimal_text(value.value), "allowed": _range_text(lowest, highest)}))
    return errors


def _first(*candidates: Decimal | None) -> Decimal | None:
    return next((candidate for candidate in candidates if candidate is not None), None)


# --- cells --------------------------------------------------------------------------------------------


def _measure(value: object, column: str) -> Decimal:
    """A number as the KPI columns store it: at most four decimals (a decimal comma and spaces are fine)."""
    number = cell_number(value, column).quantize(_MEASURE_STEP, rounding=ROUND_HALF_UP)
    if abs(number) >= _MAX_MEASURE:
        raise Refused("register.error.number", column=column, value=shown(value))
    return number


def _reporter(value: object, column: str) -> str | Party:
    """A contact's e-mail (whether it is known is checked later) or a party."""
    text = cell_text(value, column)
    if "@" in text:
        return cell_email(text, column)
    try:
        return cell_choice(Party)(text, column)
    except Refused:
        raise Refused("register.error.kpi_reporter", column=column, value=shown(value),
                       allowed=" / ".join(party.value for party in Party)) from None


def _kpi_period(value: object, column: str) -> Period:
    if isinstance(value, date):  # a spreadsheet turned "2026-03" into the 1st of March (datetime is a date)
        if value.day == 1:
            return Period(value.year, value.month, Frequency.MONTH)
        raise Refused("register.error.kpi_period", column=column, value=shown(value))
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))  # a year typed as a number
    try:
        return Period.parse(str(value))
    except DomainError:
        raise Refused("register.error.kpi_period", column=column, value=shown(value)) from None


def _decimal_text(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _range_text(lowest: Decimal | None, highest: Decimal | None) -> str:
    if lowest is not None and highest is not None:
        return f"{_decimal_text(lowest)}–{_decimal_text(highest)}"
    return f"≥ {_decimal_text(lowest)}" if lowest is not None else f"≤ {_decimal_text(highest)}"


# The KPI sheet's columns in their order: how each is read and whether it is required.
_KPI_CELLS = (
    ("Avtalsnummer", cell_reference, True), ("KPI", None, True), ("Enhet", None, False), ("Mål", _measure, False),
    ("Riktning", cell_choice(Direction), False), ("Gul gräns", _measure, False), ("Röd gräns", _measure, False),
    ("Frekvens", cell_choice(Frequency), True), ("Rapporteras av", _reporter, False), ("Källa", None, False),
    ("Min", _measure, False), ("Max", _measure, False), ("Aktiv från", cell_date, False), ("Aktiv till", cell_date, False),
)


# --- writing ------------------------------------------------------------------------------------------


def kpi_sheet_values(kpis: KpiRows) -> dict[str, list[list[object]]]:
    """The records as the values of the KPI sheets' rows, in the order of the layout's headers."""
    return {
        KPIS: [[
            k.reference, k.name, k.unit, k.target, k.direction.value if k.direction else None, k.yellow, k.red,
            k.frequency.value, k.reporter_email or (k.reporter_party.value if k.reporter_party else None), k.source,
            k.min_value, k.max_value, k.active_from, k.active_to,
        ] for k in kpis.kpis],
        KPI_VALUES: [[v.reference, v.kpi, v.period.label, v.value, v.comment, v.reported_by_email]
                     for v in kpis.values],
    }
