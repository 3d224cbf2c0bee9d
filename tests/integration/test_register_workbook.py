"""The register as a workbook on real databases: import all or nothing, idempotent upserts, export, template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.register_transfer import export_register, import_register
from storage import tables as t
from storage.register_revision import register_revision
from storage.unit_of_work import unit_of_work_factory
from storage.workbook import read_csv, read_workbook, write_template
from storage.workbook import write_workbook as write_register
from tests.support.register_workbooks import (
    DRIFT,
    EXPORTED_SHEETS,
    HEADERS,
    IMPORTED_FOLLOW_UP,
    QUALITY,
    RESPONSE,
    SKOLMAT,
    SLA,
    STAD,
    VALID,
    VALID_WITH_KPIS,
    read_back,
    write_workbook,
)

TABLES = (t.suppliers, t.contracts, t.contacts, t.contract_roles, t.amendments, t.spend, t.segmentations,
          t.change_history)


async def _import(engine: AsyncEngine, path: Path, *, sheet: str | None = None):
    sheets = read_csv(path, sheet) if path.suffix == ".csv" else read_workbook(path)
    return await import_register(unit_of_work_factory(engine), sheets, actor_label=f"import:{path.name}",
                                 only=sheet)


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {table.name: await connection.scalar(select(func.count()).select_from(table)) for table in TABLES}


async def _rows(engine: AsyncEngine, statement) -> list:
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).mappings())


async def test_a_valid_workbook_creates_every_row_with_its_values(engine, tmp_path):
    report = await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID))

    assert report.ok, report.errors
    assert {kind: counts.created for kind, counts in report.counts.by_kind().items()} == {
        "suppliers": 2, "contracts": 2, "contacts": 3, "roles": 4, "amendments": 1, "spend": 2, "segments": 2,
        "kpis": 0, "kpi_values": 0, "plans": 0, "decisions": 0, "actions": 0, "meetings": 0, "deviations": 0,
        "sanctions": 0, "checklist_answers": 0, "swot_items": 0, "ratings": 0, "lessons": 0}
    counts = await _counts(engine)
    assert {name: counts[name] for name in ("suppliers", "contracts", "contacts", "contract_roles", "amendments",
                                           "spend", "segmentations")} == {
        "suppliers": 2, "contracts": 2, "contacts": 3, "contract_roles": 4, "amendments": 1, "spend": 2,
        "segmentations": 2}
    suppliers = await _rows(engine, select(t.suppliers).order_by(t.suppliers.c.org_number))
    assert [(s["org_number"], s["name"], s["name_folded"]) for s in suppliers] == [
        (STAD, "Städbolaget Exempel AB", "stadbolaget exempel ab"),
        (DRIFT, "Driftpartner IT Exempel AB", "driftpartner it exempel ab")]
    contract = (await _rows(engine, select(t.contracts).where(t.contracts.c.reference == "KS-2024-017")))[0]
    assert contract["title_folded"] == "lokalvard for forvaltningarnas kontor"
    assert (contract["start_date"], contract["end_date"]) == (date(2024, 1, 1), date(2027, 12, 31))
    assert contract["notice_period_months"] == 6
    assert contract["estimated_yearly_value_sek"] == Decimal("1250000.50")
    assert (contract["status"], contract["payment_terms"]) == ("aktivt", "30 dagar netto")
    other = (await _rows(engine, select(t.contracts).where(t.contracts.c.reference == "KS-2023-104")))[0]
    assert (other["estimated_yearly_value_sek"], other["status"], other["notice_period_months"]) == (
        Decimal("3400000.00"), "under uppsägning", 9)
    segments = await _rows(engine, select(t.suppliers.c.org_number, t.segmentations.c.segment,
                                          t.segmentations.c.reason).join(t.suppliers))
    assert sorted((s["org_number"], s["segment"], s["reason"]) for s in segments) == [
        (STAD, "hävstång", "Import"), (DRIFT, "strategisk", "Import")]
    roles = await _rows(engine, select(t.contacts.c.name, t.contacts.c.email, t.contacts.c.phone,
                                       t.contacts.c.party, t.contracts.c.reference, t.contract_roles.c.role,
                                       t.contract_roles.c.is_key_contact)
                        .join(t.contacts).join(t.contracts).order_by(t.contracts.c.reference, t.contacts.c.name))
    assert [tuple(r.values()) for r in roles] == [
        ("Jörgen Ström", None, "070-1740606", "inköp", "KS-2023-104", "processkoordinator", True),
        ("Åsa Öberg", "asa.oberg@exempelkommun.se", "070-1740605", "verksamhet", "KS-2023-104",
         "beslutsfattare", False),
        ("Maria Sjöberg", "maria.sjoberg@stadbolaget.example", "070-1740615", "leverantör", "KS-2024-017",
         "leverantörskontakt", False),
        ("Åsa Öberg", "asa.oberg@exempelkommun.se", "070-1740605", "verksamhet", "KS-2024-017",
         "processägare", True),
    ]
    supplier_side = (await _rows(engine, select(t.contacts).where(t.contacts.c.party == "leverantör")))[0]
    assert (supplier_side["organisation"], supplier_side["global_role"]) == ("Städbolaget Exempel AB", "leverantör")
    spend = await _rows(engine, select(t.spend.c.period, t.spend.c.amount_sek).order_by(t.spend.c.period))
    assert [(s["period"], s["amount_sek"]) for s in spend] == [
        ("2025-01", Decimal("104166.67")), ("2025-02", Decimal("99000.00"))]


async def test_every_change_is_in_the_history_with_json_safe_values(engine, tmp_path):
    async with engine.connect() as connection:
        before = await register_revision(connection)
    report = await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID))

    history = await _rows(engine, select(t.change_history).where(t.change_history.c.actor_label
                                                                 == "import:register.xlsx"))
    created = sum(counts.created for counts in report.counts.by_kind().values())
    assert len(history) == created == 16
    contract = next(h for h in history if h["entity"] == "contracts" and h["after"]["title"].startswith("Lokal"))
    assert contract["action"] == "create" and contract["before"] is None
    assert contract["after"]["estimated_yearly_value_sek"] == "1250000.50"
    assert contract["after"]["start_date"] == "2024-01-01"
    async with engine.connect() as connection:
        assert await register_revision(connection) not in ("", before)


async def test_an_update_changes_only_what_differs_and_says_so(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID))
    changed = {**VALID, "Leverantörer": [[STAD, "Städbolaget Exempel Aktiebolag"], VALID["Leverantörer"][1]],
               "Avtal": [[*VALID["Avtal"][0][:8], 1300000, "strategisk", *VALID["Avtal"][0][10:]],
                         VALID["Avtal"][1]]}
    report = await _import(engine, write_workbook(tmp_path / "changed.xlsx", changed))

    assert (report.counts.suppliers.updated, report.counts.suppliers.unchanged) == (1, 1)
    assert (report.counts.contracts.updated, report.counts.contracts.unchanged) == (1, 1)
    assert report.counts.segments.created == 1
    history = await _rows(engine, select(t.change_history).where(t.change_history.c.actor_label
                                                                 == "import:changed.xlsx"))
    updates = sorted((h["entity"], h["before"], h["after"]) for h in history if h["action"] == "update")
    assert updates == [
        ("contracts", {"estimated_yearly_value_sek": "1250000.50"}, {"estimated_yearly_value_sek": "1300000.00"}),
        ("suppliers", {"name": "Städbolaget Exempel AB"}, {"name": "Städbolaget Exempel Aktiebolag"}),
    ]
    newest = await _rows(engine, select(t.segmentations.c.segment).order_by(t.segmentations.c.id.desc()).limit(1))
    assert newest[0]["segment"] == "strategisk"


async def test_importing_the_same_workbook_twice_changes_nothing_the_second_time(engine, tmp_path):
    path = write_workbook(tmp_path / "register.xlsx", VALID)
    await _import(engine, path)
    counts = await _counts(engine)
    async with engine.connect() as connection:
        revision = await register_revision(connection)

    again = await _import(engine, path)

    assert again.ok and not again.counts.changed
    assert all(c.created == 0 and c.updated == 0 for c in again.counts.by_kind().values())
    assert again.counts.roles.unchanged == 4 and again.counts.spend.unchanged == 2
    assert await _counts(engine) == counts
    async with engine.connect() as connection:
        assert await register_revision(connection) == revision


BAD = {
    "Leverantörer": [
        [STAD, "Städbolaget Nytt Namn AB"],                # valid, an update that must not happen
        ["402118-7342", "Fel Kontrollsiffra AB"],          # row 3: Luhn
        [DRIFT, "Driftpartner IT Exempel AB"],
    ],
    "Avtal": [
        ["KS-1", "Städning", STAD, None, None, "2024-13-01", None, None, None, None, "aktivt"],  # row 2: date
        ["KS-2", "Skolmat", SKOLMAT, None, None, None, None, None, None, None, "aktivt"],        # row 3: supplier
        ["KS-2", "Skolmat igen", DRIFT, None, None, None, None, None, None, None, "aktivt"],    # row 4: duplicate
        ["KS-3", "Drift", DRIFT, None, None, "2025-01-01", "2024-01-01", "tre", "mycket", "viktig", "kanske"],
    ],
    "Kontakter": [
        ["KS-9999", "Åsa Öberg", "asa@exempelkommun.se", None, "verksamhet", "processägare", "ja"],  # row 2
        ["KS-3", "Bo Ek", "bo@exempelkommun.se", None, "kommunen", "processägare", "kanske"],        # row 3
    ],
    "Spend": [["KS-3", "Drift", "2025-13", 100]],                                                  # row 2
}


async def test_a_workbook_with_bad_rows_changes_nothing_and_names_every_bad_row(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID))
    counts = await _counts(engine)

    report = await _import(engine, write_workbook(tmp_path / "bad.xlsx", BAD))

    assert report.counts is None
    assert [(e.sheet, e.row, e.code) for e in report.errors] == [
        ("Leverantörer", 3, "register.error.org_number"),
        ("Avtal", 2, "register.error.date"),
        ("Avtal", 3, "register.error.unknown_supplier"),
        ("Avtal", 4, "register.error.duplicate"),
        ("Avtal", 5, "register.error.whole_number"),
        ("Avtal", 5, "register.error.number"),
        ("Avtal", 5, "register.error.choice"),
        ("Avtal", 5, "register.error.choice"),
        ("Avtal", 5, "register.error.end_before_start"),
        ("Kontakter", 2, "register.error.unknown_contract"),
        ("Kontakter", 3, "register.error.choice"),
        ("Kontakter", 3, "register.error.choice"),
        ("Spend", 2, "register.error.period"),
    ]
    assert await _counts(engine) == counts
    names = await _rows(engine, select(t.suppliers.c.name).where(t.suppliers.c.org_number == STAD))
    assert names[0]["name"] == "Städbolaget Exempel AB"


async def test_a_missing_sheet_or_wrong_headers_are_reported_on_row_1(engine, tmp_path):
    headers = {**HEADERS, "Avtal": ["Avtalsnummer", "Namn"]}
    report = await _import(engine, write_workbook(tmp_path / "bad.xlsx", {"Avtal": []}, headers=headers))
    assert [(e.sheet, e.row, e.code) for e in report.errors] == [
        ("Leverantörer", 1, "register.error.missing_sheet"), ("Avtal", 1, "register.error.headers")]
    optional_missing = await _import(engine, write_workbook(tmp_path / "ok.xlsx", {
        "Leverantörer": VALID["Leverantörer"], "Avtal": VALID["Avtal"]}))
    assert optional_missing.ok and optional_missing.counts.contracts.created == 2


async def test_export_then_import_into_an_empty_database_then_export_gives_the_same_workbook(
    engine, second_engine, tmp_path
):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))
    first = write_register(tmp_path / "first.xlsx", await export_register(unit_of_work_factory(engine)))

    report = await _import(second_engine, first)
    assert report.ok, report.errors
    second = write_register(tmp_path / "second.xlsx", await export_register(unit_of_work_factory(second_engine)))

    exported, again = read_back(first), read_back(second)
    assert exported == again
    assert list(exported) == EXPORTED_SHEETS
    assert exported["Avtal"][1:] == [
        ("KS-2023-104", "Drift av skolornas IT-miljö", DRIFT, "IT-drift", "Barn- och utbildning",
         date(2023, 4, 1), date(2026, 3, 31), 9, 3400000, "strategisk", "under uppsägning", None, None, None),
        ("KS-2024-017", "Lokalvård för förvaltningarnas kontor", STAD, "Lokalvård", "Kommunledningskontoret",
         date(2024, 1, 1), date(2027, 12, 31), 6, 1250000.5, "hävstång", "aktivt", "1 + 1 år", "30 dagar netto",
         "KPI-justering årligen"),
    ]
    assert ("KS-2023-104", "Jörgen Ström", None, "070-1740606", "inköp", "processkoordinator", "ja") in \
        exported["Kontakter"]
    assert exported["Spend"][1:] == [("KS-2024-017", "Lokalvård", "2025-01", 104166.67),
                                     ("KS-2024-017", "Lokalvård", "2025-02", 99000)]
    assert (await _counts(second_engine))["contacts"] == 3
    assert exported["KPI"][1:] == [
        ("KS-2023-104", SLA, "%", 97.5, "högre", None, None, "halvår", "inköp", None, None, None, None,
         date(2026, 3, 31)),
        ("KS-2024-017", QUALITY, "%", 95, "högre", 92, 85.5, "kvartal", "asa.oberg@exempelkommun.se",
         "Anbudets kvalitetskrav 4.2", 0, 100, date(2024, 1, 1), None),
        ("KS-2024-017", RESPONSE, "timmar", 24, "lägre", 36, 48, "månad", "leverantör", None, 0, None, None, None),
    ]
    assert exported["KPI-värden"][1:] == [
        ("KS-2023-104", SLA, "2025-H1", 98.25, "Stabil drift under läsårsstarten", None),
        ("KS-2024-017", QUALITY, "2025-Q1", 96.5, "Över målet i alla lokaler", "asa.oberg@exempelkommun.se"),
        ("KS-2024-017", QUALITY, "2025-Q2", 91.25, None, None),
        ("KS-2024-017", RESPONSE, "2025-03", 18.5, None, "maria.sjoberg@stadbolaget.example"),
    ]


def test_the_template_has_exactly_the_sheets_and_headers(tmp_path):
    workbook = read_back(write_template(tmp_path / "mall.xlsx"))
    assert {name: rows for name, rows in workbook.items() if name in HEADERS} == {
        name: [tuple(headers)] for name, headers in HEADERS.items()}
    assert list(workbook) == [*HEADERS, *IMPORTED_FOLLOW_UP]
    assert all(len(rows) == 1 for rows in workbook.values())


async def test_one_sheet_imports_from_csv_with_bom_semicolons_and_decimal_commas(engine, tmp_path):
    suppliers = tmp_path / "leverantorer.csv"
    suppliers.write_text("Organisationsnummer,Namn\n402118-7341,Städbolaget Exempel AB\n", encoding="utf-8")
    assert (await _import(engine, suppliers, sheet="Leverantörer")).counts.suppliers.created == 1
    contracts = tmp_path / "avtal.csv"
    contracts.write_text(
        ";".join(HEADERS["Avtal"]) + "\n"
        "KS-2024-017;Lokalvård;402118-7341;;;2024-01-01;2027-12-31;6;1 250 000,50;hävstång;aktivt;;;\n"
        "KS-2024-018;Fönsterputs;402118-7341;;;2024-01-01;;3;;;planerat;;;\n",
        encoding="utf-8-sig",
    )
    report = await _import(engine, contracts, sheet="Avtal")

    assert report.ok, report.errors
    assert report.counts.contracts.created == 2
    rows = await _rows(engine, select(t.contracts).order_by(t.contracts.c.reference))
    assert [(r["reference"], r["title"], r["estimated_yearly_value_sek"], r["status"]) for r in rows] == [
        ("KS-2024-017", "Lokalvård", Decimal("1250000.50"), "aktivt"),
        ("KS-2024-018", "Fönsterputs", None, "planerat")]


async def test_a_csv_sheet_refers_to_suppliers_in_the_register_only(engine, tmp_path):
    contracts = tmp_path / "avtal.csv"
    contracts.write_text(",".join(HEADERS["Avtal"]) + "\nKS-1,Städning,402118-7341,,,,,,,,aktivt,,,\n",
                         encoding="utf-8")
    report = await _import(engine, contracts, sheet="Avtal")
    assert [(e.sheet, e.row, e.code, e.params) for e in report.errors] == [
        ("Avtal", 2, "register.error.unknown_supplier", {"value": STAD})]
