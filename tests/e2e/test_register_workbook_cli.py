"""`followup-bot import | export | template` as a user runs them: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.integration.test_register_workbook import BAD
from tests.support.register_workbooks import (
    EXPORTED_SHEETS,
    HEADERS,
    IMPORTED_FOLLOW_UP,
    QUALITY,
    VALID,
    VALID_WITH_KPIS,
    write_workbook,
)

BIN = Path(sys.executable).with_name("followup-bot")
ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], tmp_path: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("Microsoft", "DATABASE_URL"))}
    # PYTHONPATH: the command runs this checkout's code, also where another checkout is the installed one.
    env.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'followup.db'}", "LANG": "sv_SE.UTF-8",
                "PYTHONPATH": str(ROOT)}, **extra)
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)


def test_import_prints_what_it_created_and_a_second_import_nothing(tmp_path):
    write_workbook(tmp_path / "register.xlsx", VALID)

    dry = _run(["import", "register.xlsx", "--dry-run"], tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines()[0] == "Så här skulle register.xlsx läsas in:"
    assert "  Avtal: 2 nya, 0 ändrade, 0 oförändrade" in dry.stdout
    assert dry.stdout.splitlines()[-1] == "Inget skrevs (--dry-run). Kör utan --dry-run för att läsa in."

    first = _run(["import", "register.xlsx"], tmp_path)
    second = _run(["import", "register.xlsx"], tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        "Inläst från register.xlsx:",
        "  Leverantörer: 2 nya, 0 ändrade, 0 oförändrade",
        "  Avtal: 2 nya, 0 ändrade, 0 oförändrade",
        "  Kontakter: 3 nya, 0 ändrade, 0 oförändrade",
        "  Kontaktroller: 4 nya, 0 ändrade, 0 oförändrade",
        "  Tilläggsavtal: 1 nya, 0 ändrade, 0 oförändrade",
        "  Spend: 2 nya, 0 ändrade, 0 oförändrade",
        "  Segment: 2 nya, 0 ändrade, 0 oförändrade",
        "  KPI: 0 nya, 0 ändrade, 0 oförändrade",
        "  KPI-värden: 0 nya, 0 ändrade, 0 oförändrade",
    ]
    assert second.returncode == 0
    assert "  Avtal: 0 nya, 0 ändrade, 2 oförändrade" in second.stdout
    assert second.stdout.splitlines()[-1] == "Inget ändrades; registret hade redan allt som står i filen."


def test_a_bad_workbook_is_refused_with_every_bad_row_and_status_1(tmp_path):
    write_workbook(tmp_path / "bad.xlsx", BAD)

    result = _run(["import", "bad.xlsx"], tmp_path)

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "Inget importerades: 8 rader har fel. Rätta dem och importera filen igen."
    assert "Leverantörer!3: Organisationsnummer: ”402118-7342” är inget giltigt organisationsnummer " \
           "(tio siffror, kontrollsiffran måste stämma)." in lines
    assert "Avtal!2: Startdatum: ”2024-13-01” är inget datum (skriv ÅÅÅÅ-MM-DD)." in lines
    assert "Avtal!3: Leverantören 403390-1150 finns varken i bladet Leverantörer eller i registret." in lines
    assert "Avtal!4: KS-2 finns redan på rad 3." in lines
    assert "Kontakter!2: Avtalet KS-9999 finns varken i bladet Avtal eller i registret." in lines
    assert "Spend!2: Period: ”2025-13” är ingen månad (skriv ÅÅÅÅ-MM)." in lines
    assert len(lines) == 1 + 13 and "Traceback" not in result.stderr
    exported = _run(["export", "after.xlsx"], tmp_path)
    assert "0 leverantörer, 0 avtal" in exported.stdout


def test_a_missing_or_unreadable_file_is_named_without_a_traceback(tmp_path):
    missing = _run(["import", "finns-inte.xlsx"], tmp_path)
    (tmp_path / "text.xlsx").write_text("inte en arbetsbok", encoding="utf-8")
    not_a_workbook = _run(["import", "text.xlsx"], tmp_path)
    csv_without_sheet = _run(["import", "avtal.csv"], tmp_path)

    assert missing.returncode == 2 and missing.stderr.strip() == "Filen finns-inte.xlsx finns inte."
    assert not_a_workbook.returncode == 2
    assert not_a_workbook.stderr.strip() == "text.xlsx är ingen Excel-arbetsbok (.xlsx) som går att läsa."
    assert csv_without_sheet.returncode == 2 and "--sheet Avtal" in csv_without_sheet.stderr
    for result in (missing, not_a_workbook, csv_without_sheet):
        assert "Traceback" not in result.stderr


def test_export_and_template_write_workbooks_in_the_layout(tmp_path):
    write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS)
    assert _run(["import", "register.xlsx"], tmp_path).returncode == 0

    exported = _run(["export", "ut/register.xlsx"], tmp_path)
    template = _run(["template", "mall.xlsx"], tmp_path)

    assert exported.returncode == 0, exported.stderr
    assert exported.stdout.splitlines()[0] == ("Registret skrevs till ut/register.xlsx: 2 leverantörer, 2 avtal, "
                                       "4 kontaktroller, 1 tilläggsavtal, 2 rader spend, 3 KPI:er, 4 KPI-värden.")
    workbook = load_workbook(tmp_path / "ut" / "register.xlsx")
    assert workbook.sheetnames == EXPORTED_SHEETS
    assert workbook["Avtal"].max_row == 3 and workbook["Avtal"]["F2"].is_date
    assert workbook["Kontakter"]["G2"].value in ("ja", "nej")
    assert [cell.value for cell in workbook["KPI-värden"][2]] == [
        "KS-2023-104", "Lösta ärenden inom SLA", "2025-H1", 98.25, "Stabil drift under läsårsstarten", None]
    assert template.returncode == 0 and template.stdout.strip() == "En tom mall för registret skrevs till mall.xlsx."
    blank = load_workbook(tmp_path / "mall.xlsx")
    assert [[cell.value for cell in blank[name][1]] for name in blank.sheetnames][:len(HEADERS)] == list(HEADERS.values())
    assert blank.sheetnames == [*HEADERS, *IMPORTED_FOLLOW_UP]
    assert blank["Avtal"].freeze_panes == "A2" and blank["Avtal"]["A1"].font.bold


def test_import_speaks_english_when_lang_is_english(tmp_path):
    write_workbook(tmp_path / "bad.xlsx", BAD)
    refused = _run(["import", "bad.xlsx"], tmp_path, LANG="en_GB.UTF-8")
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[0] == (
        "Nothing was imported: 8 rows have errors. Correct them and import the file again.")
    assert "Avtal!4: KS-2 is already on row 3." in refused.stderr.splitlines()
    write_workbook(tmp_path / "register.xlsx", VALID)
    imported = _run(["import", "register.xlsx"], tmp_path, LANG="en_GB.UTF-8")
    assert "  Contracts: 2 created, 0 updated, 0 unchanged" in imported.stdout.splitlines()


def test_kpi_sheets_are_counted_and_their_bad_rows_named_in_both_languages(tmp_path):
    write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS)
    bad_values = [["KS-2024-017", QUALITY, "2025-03", 96], ["KS-2024-017", QUALITY, "2099-Q1", "96,5"],
                  ["KS-2024-017", "Finns inte", "2025-Q1", 1]]
    write_workbook(tmp_path / "bad.xlsx", {**VALID_WITH_KPIS, "KPI-värden": bad_values})

    imported = _run(["import", "register.xlsx"], tmp_path)
    refused = _run(["import", "bad.xlsx"], tmp_path)
    in_english = _run(["import", "bad.xlsx"], tmp_path, LANG="en_GB.UTF-8")

    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.splitlines()[-2:] == ["  KPI: 3 nya, 0 ändrade, 0 oförändrade",
                                                 "  KPI-värden: 4 nya, 0 ändrade, 0 oförändrade"]
    assert refused.returncode == 1
    assert refused.stderr.splitlines() == [
        "Inget importerades: 3 rader har fel. Rätta dem och importera filen igen.",
        f"KPI-värden!2: Perioden 2025-03 passar inte KPI:n ”{QUALITY}”, som rapporteras per kvartal.",
        "KPI-värden!3: Perioden 2099-Q1 har inte börjat än.",
        "KPI-värden!4: KPI:n ”Finns inte” för avtalet KS-2024-017 finns varken i bladet KPI eller i registret.",
    ]
    assert in_english.returncode == 1
    assert "KPI-värden!3: The period 2099-Q1 has not begun yet." in in_english.stderr.splitlines()


def test_export_filters_by_contract_or_supplier_and_refuses_unknown_ones(tmp_path):
    assert _run(["demo-data"], tmp_path).returncode == 0

    by_contract = _run(["export", "it.xlsx", "--contract", "2024-017"], tmp_path)
    by_supplier = _run(["export", "stad.xlsx", "--supplier", "4021187341"], tmp_path)
    unknown_contract = _run(["export", "x.xlsx", "--contract", "1999-999"], tmp_path)
    unknown_supplier = _run(["export", "x.xlsx", "--supplier", "556000-0000"], tmp_path, LANG="en_GB.UTF-8")
    bad_org_number = _run(["export", "x.xlsx", "--supplier", "12345"], tmp_path)

    assert by_contract.returncode == 0, by_contract.stderr
    assert by_contract.stdout.splitlines()[0].startswith("Registret skrevs till it.xlsx: 1 leverantörer, 1 avtal,")
    contract = load_workbook(tmp_path / "it.xlsx")
    assert [row[0] for row in contract["Avtal"].iter_rows(min_row=2, values_only=True)] == ["2024-017"]
    assert [row[0] for row in contract["Leverantörer"].iter_rows(min_row=2, values_only=True)] == ["405671-2096"]
    for sheet in ("Kontakter", "KPI-värden", "Beslut", "Aktiviteter", "Möten", "Avvikelser", "Checklistor",
                  "Sammanfattning"):
        assert {row[0] for row in contract[sheet].iter_rows(min_row=2, values_only=True)} == {"2024-017"}, sheet

    assert by_supplier.returncode == 0, by_supplier.stderr
    supplier = load_workbook(tmp_path / "stad.xlsx")
    assert sorted(row[0] for row in supplier["Avtal"].iter_rows(min_row=2, values_only=True)) == [
        "2020-019", "2022-041"]
    assert [row[0] for row in supplier["Sanktioner"].iter_rows(min_row=2, values_only=True)] == ["2022-041"]

    assert unknown_contract.returncode == 2
    assert unknown_contract.stderr.strip() == "Det finns inget avtal med avtalsnumret ”1999-999” i registret."
    assert unknown_supplier.returncode == 2
    assert unknown_supplier.stderr.strip() == (
        "There is no supplier with the organisation number “556000-0000” in the register.")
    assert bad_org_number.returncode == 2 and "12345" in bad_org_number.stderr
    assert not (tmp_path / "x.xlsx").exists()
    assert "Traceback" not in unknown_contract.stderr + unknown_supplier.stderr + bad_org_number.stderr
