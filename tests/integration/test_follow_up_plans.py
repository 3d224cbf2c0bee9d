"""A contract's plan comes from its own row, else its supplier's newest segment, else the unsegmented plan."""

from __future__ import annotations

from sqlalchemy import insert

from bot.domain.contracts import Segment
from bot.domain.follow_up_plan import UNSEGMENTED_PLAN
from bot.domain.kpis import Frequency
from bot.domain.roles import ContractRole
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory


async def _contracts(engine) -> tuple[int, int, int]:
    async with engine.begin() as connection:
        supplier = (await connection.execute(
            insert(t.suppliers).values(org_number="556677-8899", name="Städbolaget", name_folded="stadbolaget")
            .returning(t.suppliers.c.id))).scalar_one()
        ids = []
        for reference in ("2024-017", "2024-018"):
            ids.append((await connection.execute(
                insert(t.contracts).values(reference=reference, title="Städ", title_folded="stad", supplier_id=supplier,
                                            status="aktivt")
                .returning(t.contracts.c.id))).scalar_one())
    return supplier, ids[0], ids[1]


async def test_a_contract_of_an_unsegmented_supplier_follows_the_unsegmented_plan(engine):
    _, first, _ = await _contracts(engine)
    async with unit_of_work_factory(engine)() as uow:
        assert (await uow.plans.plans_for_contracts([first])) == {first: UNSEGMENTED_PLAN}


async def test_the_newest_segment_sets_the_plan_and_a_stored_plan_wins(engine):
    supplier, first, second = await _contracts(engine)
    async with engine.begin() as connection:
        for segment in ("icke-kritisk", "flaskhals"):
            await connection.execute(insert(t.segmentations).values(supplier_id=supplier, segment=segment))
        await connection.execute(insert(t.follow_up_plans).values(
            contract_id=second, kpi_frequency="månad", meeting_interval_months=1, meeting_form="uppföljningsmöte",
            grace_days=5, reminder_lead_days=2, max_reminders=2, reminder_interval_days=1,
            escalation=["processkoordinator"], adjusted=True))
    async with unit_of_work_factory(engine)() as uow:
        plans = await uow.plans.plans_for_contracts([first, second])
    assert plans[first].segment is Segment.BOTTLENECK
    assert (plans[first].kpi_frequency, plans[first].meeting_interval_months) == (Frequency.QUARTER, 3)
    assert plans[first].escalation == (ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR)
    assert plans[first].notice_lead_months == (9, 6, 3)
    assert plans[second].adjusted and plans[second].max_reminders == 2
    assert plans[second].escalation == (ContractRole.PROCESS_COORDINATOR,)
