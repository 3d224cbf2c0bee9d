"""The migrated schema matches the tables the code uses; people and suppliers round-trip on both databases."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from bot.domain.errors import InvalidInput, NotAllowed, SupplierExists
from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.services.administration import grant_global_role
from bot.services.identity import ChannelUser, identify
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.conversation_references import ConversationReferenceStore, StoredReference
from storage.unit_of_work import unit_of_work_factory


async def test_the_migrations_build_exactly_the_tables_the_code_declares(engine):
    async with engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), t.metadata)
        )
    assert differences == []


async def test_the_follow_up_plan_defaults_follow_the_product_table(engine):
    async with engine.connect() as connection:
        rows = dict((await connection.execute(
            select(t.follow_up_plan_defaults.c.segment, t.follow_up_plan_defaults.c.kpi_frequency)
        )).all())
    assert rows == {"strategisk": "månad", "hävstång": "månad", "flaskhals": "kvartal", "icke-kritisk": "halvår"}


async def test_granting_a_role_adds_the_person_once_and_records_the_change(engine):
    unit_of_work = unit_of_work_factory(engine)
    first = await grant_global_role(unit_of_work, "Åsa.Öberg@Exempel.se", GlobalRole.COORDINATOR, actor_label="cli")
    again = await grant_global_role(unit_of_work, "åsa.öberg@exempel.se", GlobalRole.ADMINISTRATOR, actor_label="cli")
    assert first.id == again.id and again.global_role is GlobalRole.ADMINISTRATOR
    async with engine.connect() as connection:
        assert (await connection.execute(select(func.count()).select_from(t.contacts))).scalar_one() == 1
        history = (await connection.execute(
            select(t.change_history.c.action, t.change_history.c.before, t.change_history.c.after)
            .order_by(t.change_history.c.id)
        )).all()
    assert [tuple(row) for row in history] == [
        ("create", None, {"global_role": "processkoordinator"}),
        ("update", {"global_role": "processkoordinator"}, {"global_role": "administratör"}),
    ]
    with pytest.raises(InvalidInput):
        await grant_global_role(unit_of_work, "inte en adress", GlobalRole.ADMINISTRATOR, actor_label="cli")


async def test_a_teams_user_is_matched_by_object_id_after_the_first_match_by_email(engine):
    unit_of_work = unit_of_work_factory(engine)
    await grant_global_role(unit_of_work, "karin@exempel.se", GlobalRole.COORDINATOR, actor_label="test")
    by_email = await identify(unit_of_work, ChannelUser(user_id="29:k", name="K", aad_object_id="aad-k",
                                                       email="KARIN@exempel.se"))
    by_object_id = await identify(unit_of_work, ChannelUser(user_id="29:k", name="K", aad_object_id="aad-k"))
    assert by_email is not None and by_object_id is not None
    assert by_object_id.id == by_email.id and by_object_id.aad_object_id == "aad-k"
    assert await identify(unit_of_work, ChannelUser(user_id="29:x", name="X", aad_object_id="aad-x")) is None


async def test_a_supplier_is_registered_once_by_those_allowed(engine):
    unit_of_work = unit_of_work_factory(engine)
    coordinator = await grant_global_role(unit_of_work, "k@exempel.se", GlobalRole.COORDINATOR, actor_label="t")
    supplier = await register_supplier(unit_of_work, coordinator, name=" Städ  AB ", org_number="5561234567")
    assert (supplier.name, supplier.org_number) == ("Städ AB", "556123-4567")
    with pytest.raises(SupplierExists):
        await register_supplier(unit_of_work, coordinator, name="Annat AB", org_number="556123-4567")
    colleague = Person(id=None, name="Kollega", email=None, global_role=GlobalRole.EMPLOYEE)
    with pytest.raises(NotAllowed):
        await register_supplier(unit_of_work, colleague, name="Tredje AB", org_number="2120000142")
    async with engine.connect() as connection:
        assert (await connection.execute(select(t.suppliers.c.name_folded))).scalars().all() == ["stad ab"]


async def test_a_conversation_reference_is_written_once_until_it_changes(engine):
    store = ConversationReferenceStore(engine)
    reference = StoredReference(
        channel_id="msteams", conversation_id="a:1", user_id="29:u", user_aad_object_id="aad-u", contact_id=None,
        conversation_type="personal", tenant_id="t", service_url="https://smba.example/", reference={"x": 1},
    )
    assert await store.save(reference) is True
    assert await store.save(reference) is False
    moved = StoredReference(**{**reference.__dict__, "service_url": "https://smba2.example/", "reference": {"x": 2}})
    assert await ConversationReferenceStore(engine).save(moved) is True  # another instance, same row
    async with engine.connect() as connection:
        rows = (await connection.execute(select(t.conversation_references.c.service_url))).scalars().all()
    assert rows == ["https://smba2.example/"]
