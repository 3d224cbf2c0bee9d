"""Defining a KPI through its use case on both databases: the row, its history, the register revision, and
what is refused (a taken name, a red limit on the wrong side, someone without the right, the same name written
by two at once)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.domain.contracts import Contract
from bot.domain.errors import ContractNotFound, NotAllowed
from bot.domain.kpis import Direction, Frequency, Thresholds
from bot.domain.new_kpi import KpiNameTaken, NewKpi, RedLimitNotBelowTarget, ReporterNotFound
from bot.domain.people import Person
from bot.domain.roles import GlobalRole, Party
from bot.services.administration import grant_global_role
from bot.services.kpi_definitions import define_kpi
from bot.services.register_edits import create_contract
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.register_revision import register_revision
from storage.unit_of_work import unit_of_work_factory


@pytest.fixture
async def register(engine):
    unit_of_work = unit_of_work_factory(engine)
    coordinator = await grant_global_role(unit_of_work, "k@exempel.se", GlobalRole.COORDINATOR, actor_label="t")
    supplier = await register_supplier(unit_of_work, coordinator, name="Städbolaget AB", org_number="5561234567")
    contract = await create_contract(unit_of_work, coordinator, Contract(
        id=None, reference="2024-017", title="Städ", supplier_id=supplier.id))
    return unit_of_work, coordinator, contract


def _kpi(**changes) -> NewKpi:
    values = {
        "reference": "2024-017", "name": "  Andel   utförda städningar ", "unit": "%", "frequency": Frequency.QUARTER,
        "thresholds": Thresholds(target=Decimal(95), direction=Direction.HIGHER, yellow=Decimal(90)),
        "reporter_party": Party.SUPPLIER, "min_value": Decimal(0), "max_value": Decimal(100),
    }
    return NewKpi(**{**values, **changes})


async def test_a_kpi_is_defined_with_its_history_and_a_new_register_revision(engine, register):
    unit_of_work, coordinator, contract = register
    async with engine.connect() as connection:
        revision = await register_revision(connection)
    kpi_id = await define_kpi(unit_of_work, coordinator, _kpi())
    async with unit_of_work() as uow:
        [kpi] = await uow.kpis.kpis_of(contract.id)
    assert (kpi.id, kpi.name, kpi.unit, kpi.frequency, kpi.thresholds) == (
        kpi_id, "Andel utförda städningar", "%", Frequency.QUARTER,
        Thresholds(target=Decimal(95), direction=Direction.HIGHER, yellow=Decimal(90)))
    assert (kpi.min_value, kpi.max_value, kpi.reporter_contact_id) == (Decimal(0), Decimal(100), None)
    async with engine.connect() as connection:
        assert await register_revision(connection) != revision
        party = await connection.scalar(select(t.kpi_definitions.c.reporter_party))
        history = (await connection.execute(select(t.change_history).where(
            t.change_history.c.entity == "kpi_definitions"))).mappings().all()
    assert party == "leverantör"
    assert [(h["entity_id"], h["action"], h["actor_label"]) for h in history] == [
        (str(kpi_id), "create", "k@exempel.se")]
    assert history[0]["after"]["contract_reference"] == "2024-017"
    assert history[0]["after"]["yellow_threshold"] == "90"


async def test_a_taken_name_a_wrong_red_limit_an_unknown_contract_or_reporter_is_refused(engine, register):
    unit_of_work, coordinator, _contract = register
    await define_kpi(unit_of_work, coordinator, _kpi())
    with pytest.raises(KpiNameTaken):
        await define_kpi(unit_of_work, coordinator, _kpi(name="ANDEL UTFORDA STADNINGAR"))
    with pytest.raises(RedLimitNotBelowTarget):
        await define_kpi(unit_of_work, coordinator, _kpi(name="Annat", thresholds=Thresholds(
            target=Decimal(95), direction=Direction.HIGHER, red=Decimal(97))))
    with pytest.raises(ContractNotFound):
        await define_kpi(unit_of_work, coordinator, _kpi(reference="2099-1"))
    with pytest.raises(ReporterNotFound):
        await define_kpi(unit_of_work, coordinator, _kpi(name="Annat", reporter_party=None,
                                                         reporter_email="okand@exempel.se"))
    async with engine.connect() as connection:
        assert len((await connection.execute(select(t.kpi_definitions.c.id))).all()) == 1


async def test_only_those_who_may_edit_the_register_define_kpis(engine, register):
    unit_of_work, _coordinator, _contract = register
    employee = Person(id=None, name="Åsa", email="asa@exempel.se", global_role=GlobalRole.EMPLOYEE)
    with pytest.raises(NotAllowed):
        await define_kpi(unit_of_work, employee, _kpi())


async def test_the_same_name_written_at_the_same_moment_is_refused_as_taken(engine, register):
    unit_of_work, coordinator, contract = register
    await define_kpi(unit_of_work, coordinator, _kpi())
    with pytest.raises(KpiNameTaken):
        async with unit_of_work() as uow:  # past the check, as when two dialogs save at once
            await uow.kpis.add_definition(contract.id, _kpi(name="Andel utförda städningar"), None)
