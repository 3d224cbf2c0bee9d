"""The rules a row of the KPI sheets must meet, without a file or a database."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from bot.domain.kpi_rows import KpiKeys, StoredKpi, check_kpis, kpi_sheet_values, parse_kpis
from bot.domain.kpis import Direction, Frequency, Period
from bot.domain.register_rows import LAYOUT, RegisterRows, SheetData
from bot.domain.roles import Party

TODAY = date(2026, 4, 15)


def _sheets(kpis=(), values=()) -> dict[str, SheetData]:
    return {name: SheetData(LAYOUT[name], tuple((number, dict(zip(LAYOUT[name], row, strict=False)))
                                                for number, row in enumerate(rows, start=2)))
            for name, rows in (("KPI", kpis), ("KPI-värden", values))}


def _check(kpis, known=KpiKeys(), references=frozenset({"KS-1"})):
    return check_kpis(kpis, RegisterRows(), references, known, today=TODAY)


def test_swedish_numbers_choices_and_a_party_as_reporter_are_understood():
    kpis, errors = parse_kpis(_sheets(kpis=[
        ["KS-1", "Svarstid", "dagar", "1 250,5", "Lagre", None, None, "Halvar", "Leverantor"]]), [])

    assert errors == []
    kpi = kpis.kpis[0]
    assert (kpi.target, kpi.direction, kpi.frequency, kpi.reporter_party, kpi.reporter_email) == (
        Decimal("1250.5000"), Direction.LOWER, Frequency.HALF_YEAR, Party.SUPPLIER, None)


def test_a_month_a_spreadsheet_made_a_date_and_a_year_typed_as_a_number_are_periods():
    kpis, errors = parse_kpis(_sheets(values=[["KS-1", "A", datetime(2026, 3, 1), 1], ["KS-1", "B", 2025, 2]]), [])
    assert errors == []
    assert [value.period for value in kpis.values] == [Period(2026, 3, Frequency.MONTH),
                                                      Period(2025, 1, Frequency.YEAR)]


def test_a_value_is_checked_against_the_stored_kpi_when_the_file_lacks_it():
    known = KpiKeys(kpis={("KS-1", "Nöjdhet"): StoredKpi(Frequency.QUARTER, Decimal(0), None)})
    kpis, _ = parse_kpis(_sheets(values=[["KS-1", "Nöjdhet", "2026-Q1", "-1"], ["KS-1", "Nöjdhet", "2026-Q2", 5],
                                         ["KS-1", "Nöjdhet", "2026-03", 5]]), [])

    errors = _check(kpis, known)

    assert [(e.row, e.code) for e in errors] == [
        (2, "register.error.kpi_out_of_range"), (4, "register.error.kpi_period_frequency")]
    assert errors[0].params["allowed"] == "≥ 0"


def test_the_current_period_may_be_reported_but_not_the_next():
    kpis, _ = parse_kpis(_sheets(kpis=[["KS-1", "Nöjdhet", None, None, None, None, None, "kvartal"]], values=[
        ["KS-1", "Nöjdhet", "2026-Q2", 1], ["KS-1", "Nöjdhet", "2026-Q3", 1]]), [])
    assert [(e.row, e.code) for e in _check(kpis)] == [(3, "register.error.kpi_period_future")]


def test_an_email_reporter_must_be_a_known_contact():
    kpis, errors = parse_kpis(_sheets(kpis=[
        ["KS-1", "A", None, None, None, None, None, "år", "Ny@Exempel.se"],
        ["KS-1", "B", None, None, None, None, None, "år", "känd@exempel.se"]]), [])
    assert errors == []
    found = _check(kpis, KpiKeys(emails=frozenset({"känd@exempel.se"})))
    assert [(e.row, e.code, e.params["value"]) for e in found] == [(2, "register.error.kpi_reporter", "ny@exempel.se")]


def test_min_above_max_and_a_wrong_header_row_are_refused():
    _, errors = parse_kpis(_sheets(kpis=[["KS-1", "A", None, None, None, None, None, "år", None, None, 10, 5]]), [])
    assert [(e.row, e.code) for e in errors] == [(2, "register.error.kpi_min_above_max")]


def test_sheet_values_write_the_reporter_as_email_or_party_and_the_period_as_its_label():
    kpis, _ = parse_kpis(_sheets(
        kpis=[["KS-1", "A", None, "95", "högre", None, None, "kvartal", "inköp"]],
        values=[["KS-1", "A", "2026-q1", "96,5", None, "a@exempel.se"]]), [])
    values = kpi_sheet_values(kpis)
    assert values["KPI"][0][:9] == ["KS-1", "A", None, Decimal("95.0000"), "högre", None, None, "kvartal", "inköp"]
    assert values["KPI-värden"] == [["KS-1", "A", "2026-Q1", Decimal("96.5000"), None, "a@exempel.se"]]
