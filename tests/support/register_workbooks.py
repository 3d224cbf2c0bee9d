"""Workbooks for the register import tests, written with openpyxl directly (not with the code under test)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

HEADERS = {
    "Leverantörer": ["Organisationsnummer", "Namn"],
    "Avtal": ["Avtalsnummer", "Benämning", "Leverantör", "Kategori", "Verksamhet", "Startdatum", "Slutdatum",
              "Uppsägningstid (månader)", "Avtalsvärde (SEK/år)", "Segment", "Status", "Förlängningsoptioner",
              "Betalningsvillkor", "Prisjusteringsklausul"],
    "Kontakter": ["Avtalsnummer", "Namn", "E-post", "Telefon", "Part", "Roll", "Nyckelkontakt"],
    "Tilläggsavtal": ["Avtalsnummer", "Datum", "Beskrivning"],
    "Spend": ["Avtalsnummer", "Område", "Period", "Belopp (SEK)"],
    "KPI": ["Avtalsnummer", "KPI", "Enhet", "Mål", "Riktning", "Gul gräns", "Röd gräns", "Frekvens", "Rapporteras av",
            "Källa", "Min", "Max", "Aktiv från", "Aktiv till"],
    "KPI-värden": ["Avtalsnummer", "KPI", "Period", "Värde", "Kommentar", "Rapporterad av"],
}
# The follow-up sheets that import back, and every sheet an export writes, in their order.
IMPORTED_FOLLOW_UP = ["Uppföljningsplan", "Beslut", "Aktiviteter", "Möten", "Avvikelser", "Sanktioner", "Checklistor",
                      "SWOT", "Betyg", "Lärdomar"]
EXPORTED_SHEETS = [*HEADERS, "Uppföljningsplan", "KPI-status", "KPI-diagram", "Beslut", "Aktiviteter", "Möten",
                   "Avvikelser", "Sanktioner", "Checklistor", "SWOT", "Betyg", "Lärdomar", "Sammanfattning"]

# Fictional suppliers of the demo data (organisation numbers starting with 4, Luhn-valid).
STAD, DRIFT, SKOLMAT = "402118-7341", "405671-2096", "403390-1150"

VALID = {
    "Leverantörer": [
        [STAD, "Städbolaget Exempel AB"],
        [4056712096, "Driftpartner IT Exempel AB"],  # typed as a number, without the hyphen
    ],
    "Avtal": [
        ["KS-2024-017", "Lokalvård för förvaltningarnas kontor", STAD, "Lokalvård", "Kommunledningskontoret",
         datetime(2024, 1, 1), datetime(2027, 12, 31), 6, 1250000.5, "hävstång", "aktivt", "1 + 1 år",
         "30 dagar netto", "KPI-justering årligen"],
        ["KS-2023-104", "Drift av skolornas IT-miljö", DRIFT, "IT-drift", "Barn- och utbildning",
         "2023-04-01", "2026-03-31", "9", "3 400 000,00", "Strategisk", "Under uppsägning", None, None, None],
    ],
    "Kontakter": [
        ["KS-2024-017", "Åsa Öberg", "Asa.Oberg@Exempelkommun.se", "070-1740605", "verksamhet", "processägare",
         "ja"],
        ["KS-2024-017", "Maria Sjöberg", "maria.sjoberg@stadbolaget.example", "070-1740615", "leverantör",
         "leverantörskontakt", "nej"],
        ["KS-2023-104", "Åsa Öberg", "asa.oberg@exempelkommun.se", None, "Verksamhet", "beslutsfattare", None],
        ["KS-2023-104", "Jörgen Ström", None, "070-1740606", "inkop", "processkoordinator", "Ja"],
    ],
    "Tilläggsavtal": [
        ["KS-2024-017", datetime(2025, 3, 1), "Utökad städning av Stadshuset"],
    ],
    "Spend": [
        ["KS-2024-017", "Lokalvård", "2025-01", 104166.67],
        ["KS-2024-017", "Lokalvård", datetime(2025, 2, 1), 99000],  # a spreadsheet made the month a date
    ],
}

# KPIs of VALID's contracts (import them together with VALID): Swedish spellings, decimal commas, a month that a
# spreadsheet made a date, reporters by e-mail (in other case than in Kontakter) and by party.
QUALITY, RESPONSE, SLA = "Städkvalitet enligt INSTA 800", "Åtgärdstid för felanmälan", "Lösta ärenden inom SLA"
KPIS = {
    "KPI": [
        ["KS-2024-017", QUALITY, "%", 95, "högre", 92, "85,5", "kvartal", "Asa.Oberg@exempelkommun.se",
         "Anbudets kvalitetskrav 4.2", 0, 100, datetime(2024, 1, 1), None],
        ["KS-2024-017", RESPONSE, "timmar", "24", "Lagre", "36", "48", "manad", "leverantör", None, "0", None, None,
         None],
        ["KS-2023-104", SLA, "%", "97,5", None, None, None, "Halvår", "inköp", None, None, None, None,
         datetime(2026, 3, 31)],
    ],
    "KPI-värden": [
        ["KS-2024-017", QUALITY, "2025-Q1", "96,5", "Över målet i alla lokaler", "asa.oberg@exempelkommun.se"],
        ["KS-2024-017", QUALITY, "2025-q2", 91.25, None, None],
        ["KS-2024-017", RESPONSE, datetime(2025, 3, 1), "18,5", None, "Maria.Sjoberg@stadbolaget.example"],
        ["KS-2023-104", SLA, "2025-H1", "98,25", "Stabil drift under läsårsstarten", None],
    ],
}
VALID_WITH_KPIS = {**VALID, **KPIS}


def write_workbook(path: Path, sheets: dict[str, list[list[object]]], *, headers=HEADERS) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        sheet.append(headers.get(name, ["?"]))
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def read_back(path: Path) -> dict[str, list[tuple]]:
    """Every sheet's rows (header included) as tuples of cell values, dates as dates."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)
    return {
        sheet.title: [tuple(_plain(value) for value in row) for row in sheet.iter_rows(values_only=True)]
        for sheet in workbook.worksheets
    }


def _plain(value: object) -> object:
    """A date cell as a date; a date-time with a time of day stays a date-time."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()
    return value
