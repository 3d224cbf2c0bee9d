"""The rules a row of the register workbook must meet, without a file or a database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from bot.domain.contracts import ContractStatus, Segment
from bot.domain.register_rows import (
    LAYOUT,
    RegisterKeys,
    SheetData,
    check_against_register,
    parse_register,
    sheet_values,
)
from bot.domain.roles import Party

STAD = "402118-7341"


def _sheets(**rows_by_sheet: list[dict]) -> dict[str, SheetData]:
    """Leverantörer and Avtal always present (empty unless given); rows numbered from Excel row 2."""
    names = {"suppliers": "Leverantörer", "contracts": "Avtal", "contacts": "Kontakter",
             "amendments": "Tilläggsavtal", "spend": "Spend"}
    sheets = {"Leverantörer": SheetData(LAYOUT["Leverantörer"]), "Avtal": SheetData(LAYOUT["Avtal"])}
    for key, rows in rows_by_sheet.items():
        name = names[key]
        sheets[name] = SheetData(LAYOUT[name] + ("Anteckning",), tuple(enumerate(rows, start=2)))
    return sheets


def _contract(**values) -> dict:
    return {"Avtalsnummer": "KS-1", "Benämning": "Städning", "Leverantör": STAD, **values}


def test_swedish_and_spreadsheet_spellings_of_values_are_understood():
    register, errors = parse_register(_sheets(contracts=[_contract(**{
        "Avtalsvärde (SEK/år)": "1\u00a0250 000,505", "Uppsägningstid (månader)": 6.0, "Segment": "HAVSTANG",
        "Status": "Under uppsagning", "Startdatum": datetime(2024, 1, 1), "Slutdatum": "2026-12-31"})]))
    assert errors == []
    contract = register.contracts[0]
    assert contract.estimated_yearly_value_sek == Decimal("1250000.51")
    assert contract.notice_period_months == 6
    assert (contract.segment, contract.status) == (Segment.LEVERAGE, ContractStatus.TERMINATING)
    assert (contract.start_date, contract.end_date) == (date(2024, 1, 1), date(2026, 12, 31))


def test_a_contact_row_reads_its_party_role_and_key_flag():
    register, errors = parse_register(_sheets(contacts=[
        {"Avtalsnummer": "KS-1", "Namn": "  Åsa   Öberg ", "E-post": "Asa.Oberg@Exempel.se", "Part": "Inköp",
         "Roll": "Process owner", "Nyckelkontakt": "JA"},
        {"Avtalsnummer": "KS-1", "Namn": "Bo Ek", "Part": "leverantor", "Roll": "Leverantörskontakt"},
    ]))
    assert errors == []
    first, second = register.contacts
    assert (first.name, first.email, first.party, first.role, first.is_key_contact) == (
        "Åsa Öberg", "asa.oberg@exempel.se", Party.PROCUREMENT, "processägare", True)
    assert (second.email, second.party, second.is_key_contact) == (None, Party.SUPPLIER, False)


@pytest.mark.parametrize(("values", "code", "params"), [
    ({"Benämning": " "}, "register.error.required", {"column": "Benämning"}),
    ({"Leverantör": "402118-7342"}, "register.error.org_number", {"column": "Leverantör", "value": "402118-7342"}),
    ({"Startdatum": "1/2/2024"}, "register.error.date", {"column": "Startdatum", "value": "1/2/2024"}),
    ({"Startdatum": "2025-01-01", "Slutdatum": date(2024, 12, 31)}, "register.error.end_before_start",
     {"start": "2025-01-01", "end": "2024-12-31"}),
    ({"Avtalsvärde (SEK/år)": "12 kronor"}, "register.error.number", {"column": "Avtalsvärde (SEK/år)",
                                                                       "value": "12 kronor"}),
    ({"Uppsägningstid (månader)": 2.5}, "register.error.whole_number", {"column": "Uppsägningstid (månader)",
                                                                        "value": "2.5"}),
    ({"Segment": "viktig"}, "register.error.choice",
     {"column": "Segment", "value": "viktig", "allowed": "strategisk / hävstång / flaskhals / icke-kritisk"}),
    ({"Avtalsnummer": "x" * 61}, "register.error.reference", {"column": "Avtalsnummer", "value": "x" * 60}),
])
def test_each_bad_contract_cell_is_named(values, code, params):
    register, errors = parse_register(_sheets(contracts=[_contract(**values)]))
    assert register.contracts == ()
    assert [(e.sheet, e.row, e.code, dict(e.params)) for e in errors] == [("Avtal", 2, code, params)]


def test_every_bad_row_is_reported_not_only_the_first():
    _, errors = parse_register(_sheets(
        suppliers=[{"Organisationsnummer": STAD, "Namn": "A"}, {"Organisationsnummer": "4021187341", "Namn": "B"}],
        contracts=[_contract(), _contract(Segment="strategisk"), _contract(Avtalsnummer="KS-2", Segment="flaskhals")],
        contacts=[{"Avtalsnummer": "KS-1", "Namn": "Bo", "E-post": "bo@x.se", "Part": "inköp", "Roll": "r"},
                  {"Avtalsnummer": "KS-1", "Namn": "Bosse", "E-post": "BO@x.se", "Part": "inköp", "Roll": "s"},
                  {"Avtalsnummer": "KS-1", "Namn": "Bo", "E-post": "bo@x.se", "Part": "inköp", "Roll": "r",
                   "Nyckelkontakt": "kanske"}],
        spend=[{"Avtalsnummer": "KS-1", "Område": "Städ", "Period": datetime(2025, 3, 1), "Belopp (SEK)": 1},
               {"Avtalsnummer": "KS-1", "Område": "Städ", "Period": "2025-03", "Belopp (SEK)": 2}],
    ))
    assert [(e.sheet, e.row, e.code) for e in errors] == [
        ("Leverantörer", 3, "register.error.duplicate"),
        ("Avtal", 3, "register.error.duplicate"),
        ("Avtal", 4, "register.error.segment_conflict"),
        ("Kontakter", 3, "register.error.contact_conflict"),
        ("Kontakter", 4, "register.error.choice"),
        ("Spend", 3, "register.error.duplicate"),
    ]


def test_a_missing_required_sheet_and_wrong_headers_are_row_1_errors_and_other_sheets_are_optional():
    sheets = {"Avtal": SheetData(("Avtalsnummer", "Namn"), ((2, {"Avtalsnummer": "KS-1"}),))}
    _, errors = parse_register(sheets)
    assert [(e.sheet, e.row, e.code) for e in errors] == [
        ("Leverantörer", 1, "register.error.missing_sheet"), ("Avtal", 1, "register.error.headers")]
    _, csv_errors = parse_register({"Spend": SheetData(LAYOUT["Spend"])}, only="Spend")
    assert csv_errors == []


def test_references_must_be_in_the_file_or_in_the_register():
    register, errors = parse_register(_sheets(
        contracts=[_contract(Leverantör="405671-2096", Startdatum="2024-01-01")],
        contacts=[{"Avtalsnummer": "KS-9", "Namn": "Bo", "Part": "inköp", "Roll": "r"}],
        amendments=[{"Avtalsnummer": "KS-8", "Datum": "2024-05-01", "Beskrivning": "Tillägg"}],
    ))
    assert errors == []
    unknown = check_against_register(register, RegisterKeys())
    assert [(e.sheet, e.row, e.code) for e in unknown] == [
        ("Avtal", 2, "register.error.unknown_supplier"), ("Kontakter", 2, "register.error.unknown_contract"),
        ("Tilläggsavtal", 2, "register.error.unknown_contract")]
    known = RegisterKeys(org_numbers=frozenset({"405671-2096"}),
                         contract_periods={"KS-9": (None, None), "KS-8": (None, None),
                                           "KS-1": (None, date(2023, 12, 31))})
    assert [(e.row, e.code) for e in check_against_register(register, known)] == [
        (2, "register.error.end_before_start")]  # the stored end date is before the new start date


def test_sheet_values_write_what_parse_reads():
    sheets = _sheets(
        suppliers=[{"Organisationsnummer": STAD, "Namn": "Städbolaget AB"}],
        contracts=[_contract(Startdatum=date(2024, 1, 1), **{"Avtalsvärde (SEK/år)": 10, "Segment": "flaskhals",
                                                           "Status": "aktivt"})],
        contacts=[{"Avtalsnummer": "KS-1", "Namn": "Bo", "Part": "inköp", "Roll": "r", "Nyckelkontakt": "ja"}],
        spend=[{"Avtalsnummer": "KS-1", "Område": "Städ", "Period": "2025-03", "Belopp (SEK)": "1,5"}],
    )
    register, _ = parse_register(sheets)
    values = sheet_values(register)
    assert values["Avtal"][0][5:11] == [date(2024, 1, 1), None, None, Decimal("10.00"), "flaskhals", "aktivt"]
    assert values["Kontakter"] == [["KS-1", "Bo", None, None, "inköp", "r", "ja"]]
    again, errors = parse_register({name: SheetData(LAYOUT[name], tuple(
        (number, dict(zip(LAYOUT[name], row))) for number, row in enumerate(rows, start=2)))
        for name, rows in values.items()})
    assert errors == [] and sheet_values(again) == values
