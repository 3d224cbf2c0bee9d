"""KPI definitions and values in the register workbook, on real databases: import all or nothing, upserts by
natural keys with corrections kept in the change history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.register_transfer import import_register
from storage import tables as t
from storage.register_revision import register_revision
from storage.unit_of_work import unit_of_work_factory
from storage.workbook import read_workbook
from tests.support.register_workbooks import KPIS, QUALITY, RESPONSE, SLA, VALID, VALID_WITH_KPIS, write_workbook

TODAY = date(2025, 11, 24)


async def _import(engine: AsyncEngine, path: Path, *, today: date = TODAY):
    return await import_register(unit_of_work_factory(engine), read_workbook(path),
                                 actor_label=f"import:{path.name}", today=today)


async def _rows(engine: AsyncEngine, statement) -> list:
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).mappings())


async def _kpi_counts(engine: AsyncEngine) -> tuple[int, int, int]:
    async with engine.connect() as connection:
        return tuple([await connection.scalar(select(func.count()).select_from(table))
                      for table in (t.kpi_definitions, t.kpi_values, t.change_history)])


def _definitions():
    d = t.kpi_definitions
    return (select(d, t.contracts.c.reference, t.contacts.c.email)
            .join(t.contracts, t.contracts.c.id == d.c.contract_id)
            .outerjoin(t.contacts, t.contacts.c.id == d.c.reporter_contact_id).order_by(d.c.name))


def _values():
    v, d = t.kpi_values, t.kpi_definitions
    return (select(d.c.name, v.c.period, v.c.value, v.c.comment, t.contacts.c.email)
            .join(d, d.c.id == v.c.kpi_id).outerjoin(t.contacts, t.contacts.c.id == v.c.reported_by_id)
            .order_by(d.c.name, v.c.period))


async def test_kpis_and_their_values_are_created_with_their_numbers_reporters_and_periods(engine, tmp_path):
    report = await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))

    assert report.ok, report.errors
    assert (report.counts.kpis.created, report.counts.kpi_values.created) == (3, 4)
    definitions = {row["name"]: row for row in await _rows(engine, _definitions())}
    quality, response, sla = definitions[QUALITY], definitions[RESPONSE], definitions[SLA]
    assert (quality["reference"], quality["unit"], quality["target"], quality["yellow_threshold"],
            quality["red_threshold"]) == ("KS-2024-017", "%", Decimal("95"), Decimal("92"), Decimal("85.5"))
    assert (quality["direction"], quality["frequency"], quality["min_value"], quality["max_value"]) == (
        "högre", "kvartal", Decimal("0"), Decimal("100"))
    assert (quality["email"], quality["reporter_party"]) == ("asa.oberg@exempelkommun.se", None)
    assert quality["reporter_contact_id"] is not None
    assert (quality["source"], quality["active_from"], quality["active_to"]) == (
        "Anbudets kvalitetskrav 4.2", date(2024, 1, 1), None)
    assert (response["direction"], response["frequency"], response["reporter_party"], response["email"]) == (
        "lägre", "månad", "leverantör", None)
    assert (sla["direction"], sla["frequency"], sla["target"], sla["reporter_party"], sla["active_to"]) == (
        "högre", "halvår", Decimal("97.5"), "inköp", date(2026, 3, 31))
    values = [tuple(row.values()) for row in await _rows(engine, _values())]
    assert values == [
        (SLA, "2025-H1", Decimal("98.25"), "Stabil drift under läsårsstarten", None),
        (QUALITY, "2025-Q1", Decimal("96.5"), "Över målet i alla lokaler", "asa.oberg@exempelkommun.se"),
        (QUALITY, "2025-Q2", Decimal("91.25"), None, None),
        (RESPONSE, "2025-03", Decimal("18.5"), None, "maria.sjoberg@stadbolaget.example"),
    ]


async def test_importing_the_same_kpis_twice_changes_nothing_the_second_time(engine, tmp_path):
    path = write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS)
    await _import(engine, path)
    before = await _kpi_counts(engine)
    async with engine.connect() as connection:
        revision = await register_revision(connection)

    again = await _import(engine, path)

    assert again.ok and not again.counts.changed
    assert (again.counts.kpis.unchanged, again.counts.kpi_values.unchanged) == (3, 4)
    assert await _kpi_counts(engine) == before
    async with engine.connect() as connection:
        assert await register_revision(connection) == revision


async def test_a_corrected_value_is_updated_and_the_history_keeps_the_old_one(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))
    async with engine.connect() as connection:
        revision = await register_revision(connection)
    corrected = [list(row) for row in KPIS["KPI-värden"]]
    corrected[1][3] = "93,75"  # QUALITY 2025-Q2 was 91.25
    kpis = [list(row) for row in KPIS["KPI"]]
    kpis[1][8] = "anna.lind@exempelkommun.se"  # RESPONSE: reported by a person instead of the supplier
    contacts = [*VALID["Kontakter"],
                ["KS-2024-017", "Anna Lind", "anna.lind@exempelkommun.se", None, "inköp", "avtalsansvarig", None]]
    path = write_workbook(tmp_path / "rättad.xlsx", {**VALID, "Kontakter": contacts, "KPI": kpis,
                                                     "KPI-värden": corrected})

    report = await _import(engine, path)

    assert report.ok, report.errors
    assert (report.counts.kpi_values.updated, report.counts.kpi_values.unchanged) == (1, 3)
    assert (report.counts.kpis.updated, report.counts.kpis.unchanged) == (1, 2)
    values = {(row["name"], row["period"]): row["value"] for row in await _rows(engine, _values())}
    assert values[(QUALITY, "2025-Q2")] == Decimal("93.75")
    response = next(row for row in await _rows(engine, _definitions()) if row["name"] == RESPONSE)
    assert (response["email"], response["reporter_party"]) == ("anna.lind@exempelkommun.se", None)
    history = await _rows(engine, select(t.change_history).where(
        t.change_history.c.actor_label == "import:rättad.xlsx", t.change_history.c.action == "update"))
    by_entity = {row["entity"]: row for row in history if row["entity"].startswith("kpi")}
    assert Decimal(by_entity["kpi_values"]["before"]["value"]) == Decimal("91.25")
    assert Decimal(by_entity["kpi_values"]["after"]["value"]) == Decimal("93.75")
    assert by_entity["kpi_definitions"]["before"]["reporter_party"] == "leverantör"
    assert by_entity["kpi_definitions"]["after"]["reporter_party"] is None
    async with engine.connect() as connection:
        assert await register_revision(connection) != revision


BAD_KPIS = {
    "KPI": [
        ["KS-2024-017", "Kundnöjdhet", "%", "nittio", "högre", None, None, "kvartal"],     # row 2: number
        ["KS-9999", "Svarstid", "dagar", 5, "lägre", None, None, "månad"],                  # row 3: contract
        ["KS-2024-017", QUALITY, "%", 95, "högre", None, None, "kvartal"],
        ["KS-2024-017", QUALITY, "%", 95, "högre", None, None, "kvartal"],                  # row 5: duplicate
        ["KS-2024-017", RESPONSE, "timmar", 24, "snabbare", None, None, "vecka"],           # row 6: choices
        ["KS-2023-104", SLA, "%", 97, "högre", None, None, "halvår", "okänd@exempelkommun.se"],  # row 7: reporter
        ["KS-2023-104", "Nöjdhet", None, None, None, None, None, "år", "verksamhet", None, 0, 100],
        ["KS-2023-104", "Trivsel", None, None, None, None, None, "år", "kommunen"],         # row 9: party
    ],
    "KPI-värden": [
        ["KS-2024-017", "Finns inte", "2025-Q1", 1],                  # row 2: unknown KPI
        ["KS-2024-017", "Kundnöjdhet", "2025-03", 96],                 # row 3 (broken KPI row): nothing more
        ["KS-2023-104", "Nöjdhet", "2025-Q1", 80],                     # row 4: frequency (yearly KPI)
        ["KS-2023-104", "Nöjdhet", "2026", 80],                        # row 5: future
        ["KS-2023-104", "Nöjdhet", "2024", "120,5"],                   # row 6: above Max
        ["KS-2023-104", "Nöjdhet", 2024, 90],                          # row 7: duplicate period
        ["KS-2023-104", "Nöjdhet", "2024-Q5", 90],                     # row 8: not a period
    ],
}


async def test_bad_kpi_rows_change_nothing_and_every_one_is_named(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID))
    before = await _kpi_counts(engine)

    report = await _import(engine, write_workbook(tmp_path / "bad.xlsx", {
        **VALID, "Leverantörer": [[VALID["Leverantörer"][0][0], "Nytt namn AB"], VALID["Leverantörer"][1]],
        **BAD_KPIS}))

    assert report.counts is None
    assert [(e.sheet, e.row, e.code) for e in report.errors] == [
        ("KPI", 2, "register.error.number"),
        ("KPI", 3, "register.error.unknown_contract"),
        ("KPI", 5, "register.error.duplicate"),
        ("KPI", 6, "register.error.choice"),
        ("KPI", 6, "register.error.choice"),
        ("KPI", 7, "register.error.kpi_reporter"),
        ("KPI", 9, "register.error.kpi_reporter"),
        ("KPI-värden", 2, "register.error.unknown_kpi"),
        ("KPI-värden", 4, "register.error.kpi_period_frequency"),
        ("KPI-värden", 5, "register.error.kpi_period_future"),
        ("KPI-värden", 6, "register.error.kpi_out_of_range"),
        ("KPI-värden", 7, "register.error.duplicate"),
        ("KPI-värden", 8, "register.error.kpi_period"),
    ]
    assert report.errors[-3].params == {"column": "Värde", "value": "120.5", "allowed": "0–100"}
    assert await _kpi_counts(engine) == before
    names = await _rows(engine, select(t.suppliers.c.name).order_by(t.suppliers.c.name))
    assert "Nytt namn AB" not in [row["name"] for row in names]


async def test_values_may_refer_to_kpis_already_stored_and_are_checked_against_them(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))
    only_values = {"Leverantörer": [], "Avtal": [], "KPI-värden": [
        ["KS-2024-017", QUALITY, "2025-Q3", 97, None, None],      # stored quarterly KPI: fine
        ["KS-2024-017", QUALITY, "2025-Q4", 101, None, None],     # row 3: above the stored Max 100
        ["KS-2024-017", RESPONSE, "2025-Q4", 12, None, None],     # row 4: monthly KPI
    ]}

    refused = await _import(engine, write_workbook(tmp_path / "values.xlsx", only_values))
    assert [(e.row, e.code) for e in refused.errors] == [
        (3, "register.error.kpi_out_of_range"), (4, "register.error.kpi_period_frequency")]

    only_values["KPI-värden"] = only_values["KPI-värden"][:1]
    report = await _import(engine, write_workbook(tmp_path / "values.xlsx", only_values))
    assert report.ok and report.counts.kpi_values.created == 1


async def test_a_kpi_with_stored_values_keeps_its_frequency(engine, tmp_path):
    await _import(engine, write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))
    monthly = [[*KPIS["KPI"][0][:7], "månad", *KPIS["KPI"][0][8:]]]

    report = await _import(engine, write_workbook(tmp_path / "monthly.xlsx", {
        "Leverantörer": [], "Avtal": [], "KPI": monthly}))

    assert [(e.sheet, e.row, e.code, e.params) for e in report.errors] == [
        ("KPI", 2, "register.error.kpi_frequency_change", {"value": "månad", "stored": "kvartal"})]
