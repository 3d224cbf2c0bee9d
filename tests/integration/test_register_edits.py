"""Editing the register through its use cases on both databases: contracts, contacts, team roles, history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.domain.contracts import Contact, Contract, ContractStatus
from bot.domain.errors import AlreadyOnTeam, ContractExists, EndBeforeStart, NotAllowed, SupplierAmbiguous, SupplierNotFound
from bot.domain.people import Person
from bot.domain.roles import GlobalRole, Party
from bot.services.administration import grant_global_role
from bot.services.register_edits import (
    add_team_member,
    change_contract,
    create_contract,
    find_contract,
    find_supplier_for,
)
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.register_revision import register_revision
from storage.unit_of_work import unit_of_work_factory


@pytest.fixture
async def register(engine):
    unit_of_work = unit_of_work_factory(engine)
    coordinator = await grant_global_role(unit_of_work, "k@exempel.se", GlobalRole.COORDINATOR, actor_label="t")
    supplier = await register_supplier(unit_of_work, coordinator, name="Städbolaget AB", org_number="5561234567")
    return unit_of_work, coordinator, supplier


async def _revision(engine) -> str:
    async with engine.connect() as connection:
        return await register_revision(connection)


async def test_a_contract_is_created_once_with_its_history_and_a_new_register_revision(engine, register):
    unit_of_work, coordinator, supplier = register
    revision = await _revision(engine)
    contract = Contract(id=None, reference=" 2024-017 ", title="  Städ  ", supplier_id=supplier.id,
                        start_date=date(2024, 1, 1), end_date=date(2026, 12, 31), notice_period_months=6,
                        estimated_yearly_value_sek=Decimal("1200000.50"))
    saved = await create_contract(unit_of_work, coordinator, contract)
    assert (saved.reference, saved.title) == ("2024-017", "Städ")
    assert await _revision(engine) != revision
    with pytest.raises(ContractExists):
        await create_contract(unit_of_work, coordinator, Contract(id=None, reference="2024-017", title="x",
                                                                  supplier_id=supplier.id))
    assert await find_contract(unit_of_work, "2024-017") == saved
    async with engine.connect() as connection:
        history = (await connection.execute(
            select(t.change_history.c.after).where(t.change_history.c.entity == "contracts")
        )).scalars().all()
    assert history == [{"reference": "2024-017", "title": "Städ", "supplier_id": supplier.id, "category": None,
                        "owning_unit": None, "start_date": "2024-01-01", "end_date": "2026-12-31",
                        "notice_period_months": 6, "estimated_yearly_value_sek": "1200000.50",
                        "status": "aktivt"}]


async def test_a_change_keeps_the_field_before_and_after_and_the_period_rule(engine, register):
    unit_of_work, coordinator, supplier = register
    await create_contract(unit_of_work, coordinator, Contract(
        id=None, reference="KS 2024/1", title="Snö", supplier_id=supplier.id, start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 31)))
    change = await change_contract(unit_of_work, coordinator, "ks 2024/1", "end_date", date(2027, 6, 30))
    assert (change.before.end_date, change.after.end_date) == (date(2025, 12, 31), date(2027, 6, 30))
    await change_contract(unit_of_work, coordinator, "KS 2024/1", "status", ContractStatus.TERMINATING)
    with pytest.raises(EndBeforeStart):
        await change_contract(unit_of_work, coordinator, "KS 2024/1", "end_date", date(2023, 1, 1))
    stored = await find_contract(unit_of_work, "KS 2024/1")
    assert (stored.end_date, stored.status) == (date(2027, 6, 30), ContractStatus.TERMINATING)
    async with engine.connect() as connection:
        history = (await connection.execute(
            select(t.change_history.c.action, t.change_history.c.before, t.change_history.c.after)
            .where(t.change_history.c.entity == "contracts").order_by(t.change_history.c.id)
        )).all()
    assert [tuple(row) for row in history[1:]] == [
        ("update", {"end_date": "2025-12-31"}, {"end_date": "2027-06-30"}),
        ("update", {"status": "aktivt"}, {"status": "under uppsägning"}),
    ]


async def test_a_contact_is_reused_by_email_and_a_role_is_held_once(engine, register):
    unit_of_work, coordinator, supplier = register
    await create_contract(unit_of_work, coordinator, Contract(id=None, reference="A-1", title="A",
                                                              supplier_id=supplier.id))
    new = Contact(id=None, name="Sara Ek", email="sara@stad.se", phone=None, party=Party.SUPPLIER)
    first = await add_team_member(unit_of_work, coordinator, reference="A-1", contact=new,
                                  role="leverantörskontakt", is_key_contact=True)
    again = await add_team_member(unit_of_work, coordinator, reference="A-1", contact=new,
                                  role="beslutsfattare", is_key_contact=False)
    assert first.contact_created and not again.contact_created and first.contact.id == again.contact.id
    with pytest.raises(AlreadyOnTeam):
        await add_team_member(unit_of_work, coordinator, reference="A-1", contact=new, role="beslutsfattare",
                              is_key_contact=False)
    async with engine.connect() as connection:
        contact = (await connection.execute(select(t.contacts).where(t.contacts.c.email == "sara@stad.se"))).one()
        roles = (await connection.execute(select(t.contract_roles.c.role, t.contract_roles.c.is_key_contact)
                                          .order_by(t.contract_roles.c.id))).all()
    assert (contact.supplier_id, contact.global_role, contact.party) == (supplier.id, "leverantör", "leverantör")
    assert [tuple(row) for row in roles] == [("leverantörskontakt", True), ("beslutsfattare", False)]


async def test_only_those_who_edit_the_register_may_write_and_suppliers_are_found_uniquely(engine, register):
    unit_of_work, coordinator, supplier = register
    colleague = Person(id=None, name="Kollega", email="kollega@exempel.se", global_role=GlobalRole.EMPLOYEE)
    with pytest.raises(NotAllowed):
        await create_contract(unit_of_work, colleague, Contract(id=None, reference="B-1", title="B",
                                                                supplier_id=supplier.id))
    assert await find_contract(unit_of_work, "B-1") is None
    assert (await find_supplier_for(unit_of_work, "stadbolaget  ab")).id == supplier.id
    assert (await find_supplier_for(unit_of_work, "556123-4567")).id == supplier.id
    with pytest.raises(SupplierNotFound):
        await find_supplier_for(unit_of_work, "Städbolaget")
    await register_supplier(unit_of_work, coordinator, name="STADBOLAGET AB", org_number="2120000142")
    with pytest.raises(SupplierAmbiguous):
        await find_supplier_for(unit_of_work, "Städbolaget AB")


async def test_adding_a_supplier_or_a_person_also_changes_the_register_revision(engine):
    unit_of_work = unit_of_work_factory(engine)
    before = await _revision(engine)
    coordinator = await grant_global_role(unit_of_work, "ny@exempel.se", GlobalRole.COORDINATOR, actor_label="t")
    after_person = await _revision(engine)
    await register_supplier(unit_of_work, coordinator, name="Nytt AB", org_number="2120000142")
    assert len({before, after_person, await _revision(engine)}) == 3
