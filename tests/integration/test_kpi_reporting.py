"""Recording KPI values through the use case on both databases: who may report what, and what a correction
keeps."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from bot.domain.errors import NotAllowed
from bot.domain.kpis import PeriodAlreadyReported, PeriodInFuture, ValueOutOfRange, WrongPeriod
from bot.services.kpi_reporting import KpiNotFound, kpis_to_report, record_kpi_value, reportable_contracts
from storage import tables as t
from tests.support.demo_people import DEMO_DAY, person_by_email

TODAY = DEMO_DAY


async def _kpi_id(engine, reference: str, name: str) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(
            select(t.kpi_definitions.c.id)
            .join(t.contracts, t.contracts.c.id == t.kpi_definitions.c.contract_id)
            .where(t.contracts.c.reference == reference, t.kpi_definitions.c.name == name)
        )


async def test_a_supplier_guest_may_not_report_on_another_suppliers_kpi_even_by_its_id(engine, demo):
    maria = await person_by_email(demo, "maria.sjoberg@stadbolaget.example")
    others = await _kpi_id(engine, "2024-017", "Lösta ärenden inom SLA")
    with pytest.raises(NotAllowed):
        await record_kpi_value(demo, maria, others, "2026-10", Decimal(90), None, TODAY, correct=True)
    with pytest.raises(KpiNotFound):
        await record_kpi_value(demo, maria, 999_999, "2026-10", Decimal(90), None, TODAY)
    assert [contract.reference for contract in await reportable_contracts(demo, maria)] == ["2020-019", "2022-041"]


async def test_a_medarbetare_reports_on_their_team_contracts_and_the_kpis_they_report(engine, demo):
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")
    assert [contract.reference for contract in await reportable_contracts(demo, asa)] == ["2023-008"]
    contract_id = (await reportable_contracts(demo, asa))[0].id
    assert len(await kpis_to_report(demo, asa, contract_id)) == 3
    # Göran reports a KPI of a contract; his roles there already let him, and no other contract appears
    goran = await person_by_email(demo, "goran.hakansson@exempelkommun.se")
    assert [contract.reference for contract in await reportable_contracts(demo, goran)] == ["2024-017", "2026-052"]


async def test_a_reported_period_is_refused_unless_corrected_and_the_correction_keeps_the_old_value(engine, demo):
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    kpi_id = await _kpi_id(engine, "2022-041", "Antal reklamationer")
    with pytest.raises(PeriodAlreadyReported) as refused:
        await record_kpi_value(demo, anna, kpi_id, "2026-10", Decimal(4), None, TODAY)
    assert refused.value.params == {"period": "2026-10", "value": Decimal(3)}
    for label, error in (("2026-Q3", WrongPeriod), ("2026-12", PeriodInFuture)):
        with pytest.raises(error):
            await record_kpi_value(demo, anna, kpi_id, label, Decimal(4), None, TODAY)
    with pytest.raises(ValueOutOfRange):
        await record_kpi_value(demo, anna, kpi_id, "2026-10", Decimal(-1), None, TODAY, correct=True)

    result = await record_kpi_value(demo, anna, kpi_id, "2026-10", Decimal(4), "En sen reklamation", TODAY,
                                    correct=True)

    assert (result.before.value, result.value.value, result.trend.change) == (Decimal(3), Decimal(4), Decimal(2))
    assert len(result.values) == 12 and result.values[-1].value == Decimal(4)
    async with engine.connect() as connection:
        history = (await connection.execute(select(t.change_history).where(
            t.change_history.c.entity == "kpi_values"))).mappings().all()
    assert [(row["action"], row["before"]["value"], row["after"]["value"]) for row in history] == [
        ("update", "3", "4")]


async def test_a_negative_value_is_recorded_where_the_kpi_allows_it(engine, demo):
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    kpi_id = await _kpi_id(engine, "2021-033", "Prisutveckling mot index")
    result = await record_kpi_value(demo, anna, kpi_id, "2025-H1", Decimal("-0.4"), None, TODAY)
    assert result.value.value == Decimal("-0.4")


async def test_the_kpis_own_reporter_may_report_it_without_a_role_on_the_contract(engine, demo):
    kpi_id = await _kpi_id(engine, "2024-017", "Nöjd kund-index")
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")
    async with engine.begin() as connection:
        await connection.execute(
            update(t.kpi_definitions).where(t.kpi_definitions.c.id == kpi_id).values(reporter_contact_id=asa.id))

    contracts = await reportable_contracts(demo, asa)
    assert [contract.reference for contract in contracts] == ["2023-008", "2024-017"]
    assert [kpi.name for kpi in await kpis_to_report(demo, asa, contracts[1].id)] == ["Nöjd kund-index"]
    result = await record_kpi_value(demo, asa, kpi_id, "2026-10", Decimal(81), None, TODAY, correct=True)
    assert result.trend.periods_in_a_row == 4  # 76, 77, 78 and now 81 reach the target 75; 73 before them did not
    other = await _kpi_id(engine, "2024-017", "Lösta ärenden inom SLA")
    with pytest.raises(NotAllowed):
        await record_kpi_value(demo, asa, other, "2026-10", Decimal(90), None, TODAY, correct=True)
