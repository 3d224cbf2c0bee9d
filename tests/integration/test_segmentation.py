"""Segmenting a supplier and changing follow-up plans through their use cases, on both databases: what is stored
(scores, answers, reason, history), which plans follow a new segment or new defaults, and who is refused."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.domain.contracts import Contract, Segment
from bot.domain.errors import NotAllowed
from bot.domain.kpis import Frequency
from bot.domain.plan_settings import PlanSetting
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.segmentation import Question, segment_from_answers
from bot.services.administration import grant_global_role
from bot.services.follow_up_plans import adjust_plan, change_default
from bot.services.register_edits import create_contract
from bot.services.segmentation import segment_supplier, supplier_to_segment
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory

STRATEGIC_ANSWERS = {
    Question.ANNUAL_VALUE: "over_10m", Question.SPEND_SHARE: "25_50", Question.BUDGET_IMPACT: "high",
    Question.ALTERNATIVES: "one_or_two", Question.SWITCHING_COST: "high", Question.CRITICALITY: "critical",
}
NON_CRITICAL_ANSWERS = {
    Question.ANNUAL_VALUE: "under_500k", Question.SPEND_SHARE: "under_10", Question.BUDGET_IMPACT: "low",
    Question.ALTERNATIVES: "many", Question.SWITCHING_COST: "low", Question.CRITICALITY: "medium",
}


@pytest.fixture
async def register(engine):
    unit_of_work = unit_of_work_factory(engine)
    coordinator = await grant_global_role(unit_of_work, "k@exempel.se", GlobalRole.COORDINATOR, actor_label="t")
    admin = await grant_global_role(unit_of_work, "a@exempel.se", GlobalRole.ADMINISTRATOR, actor_label="t")
    employee = await grant_global_role(unit_of_work, "m@exempel.se", GlobalRole.EMPLOYEE, actor_label="t")
    supplier = await register_supplier(unit_of_work, coordinator, name="Städbolaget AB", org_number="5561234567")
    contracts = [
        await create_contract(unit_of_work, coordinator, Contract(id=None, reference=reference, title="Städ",
                                                                   supplier_id=supplier.id))
        for reference in ("2024-017", "2024-018")
    ]
    return unit_of_work, {"coordinator": coordinator, "admin": admin, "employee": employee}, supplier, contracts


async def _plans(unit_of_work, contracts):
    async with unit_of_work() as uow:
        plans = await uow.plans.plans_for_contracts([contract.id for contract in contracts])
    return [plans[contract.id] for contract in contracts]


async def _history(engine, entity: str) -> list[dict]:
    async with engine.connect() as connection:
        return list((await connection.execute(
            select(t.change_history).where(t.change_history.c.entity == entity).order_by(t.change_history.c.id)
        )).mappings())


async def test_a_segmentation_is_stored_with_its_scores_answers_and_reason(engine, register):
    unit_of_work, people, supplier, _ = register
    segmentation = segment_from_answers(STRATEGIC_ANSWERS)
    await segment_supplier(unit_of_work, people["coordinator"], supplier.id, segmentation,
                           described_reason="Högt avtalsvärde och få alternativ")
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.segmentations))).mappings().one()
    assert (row["segment"], Decimal(row["financial_risk"]), Decimal(row["supply_risk"])) == (
        "strategisk", Decimal("3.67"), Decimal("3.67"))
    assert row["answers"] == {question.value: option for question, option in STRATEGIC_ANSWERS.items()}
    assert (row["reason"], row["overridden"], row["decided_by_id"]) == (
        "Högt avtalsvärde och få alternativ", False, people["coordinator"].id)
    [history] = await _history(engine, "segmentations")
    assert (history["actor_label"], history["after"]["segment"], history["after"]["financial_risk"]) == (
        "k@exempel.se", "strategisk", "3.67")


async def test_an_override_stores_the_stated_reason_and_is_marked_overridden(engine, register):
    unit_of_work, people, supplier, _ = register
    segmentation = segment_from_answers(NON_CRITICAL_ANSWERS).overridden_to(Segment.BOTTLENECK, "Ensam på orten")
    await segment_supplier(unit_of_work, people["coordinator"], supplier.id, segmentation, described_reason="x")
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.segmentations))).mappings().one()
    assert (row["segment"], row["reason"], row["overridden"]) == ("flaskhals", "Ensam på orten", True)
    [history] = await _history(engine, "segmentations")
    assert history["after"]["computed_segment"] == "icke-kritisk"


async def test_the_segment_history_lists_the_newest_first(engine, register):
    unit_of_work, people, supplier, _ = register
    for answers in (NON_CRITICAL_ANSWERS, STRATEGIC_ANSWERS):
        await segment_supplier(unit_of_work, people["coordinator"], supplier.id, segment_from_answers(answers),
                               described_reason="skäl")
    start = await supplier_to_segment(unit_of_work, people["coordinator"], supplier.id)
    assert [record.segment for record in start.history] == [Segment.STRATEGIC, Segment.NON_CRITICAL]
    assert start.history[0].decided_by == people["coordinator"].name


async def test_plans_follow_the_new_segment_except_a_plan_a_coordinator_adjusted(engine, register):
    unit_of_work, people, supplier, contracts = register
    coordinator = people["coordinator"]
    await segment_supplier(unit_of_work, coordinator, supplier.id, segment_from_answers(NON_CRITICAL_ANSWERS),
                           described_reason="skäl")
    await adjust_plan(unit_of_work, coordinator, contracts[1].id, PlanSetting.MAX_REMINDERS, 7)
    saved = await segment_supplier(unit_of_work, coordinator, supplier.id, segment_from_answers(STRATEGIC_ANSWERS),
                                   described_reason="skäl")
    assert saved.kept == ("2024-018",)
    follows, adjusted = await _plans(unit_of_work, contracts)
    assert (follows.segment, follows.kpi_frequency, follows.meeting_interval_months) == (
        Segment.STRATEGIC, Frequency.MONTH, 2)
    assert (adjusted.adjusted, adjusted.max_reminders, adjusted.kpi_frequency) == (True, 7, Frequency.HALF_YEAR)
    changes = await _history(engine, "follow_up_plans")
    first, second = (str(contract.id) for contract in contracts)
    assert [(change["entity_id"], change["before"]["meeting_interval_months"],
             change["after"]["meeting_interval_months"]) for change in changes] == [
        (first, 6, 12), (second, 6, 12),  # the first segment: both from the unsegmented plan
        (second, 12, 12),  # the adjustment (of the number of reminders)
        (first, 12, 2),  # the new segment: only the unadjusted contract
    ]


async def test_defaults_changed_by_an_administrator_reach_the_unadjusted_contracts_only(engine, register):
    unit_of_work, people, supplier, contracts = register
    await segment_supplier(unit_of_work, people["coordinator"], supplier.id,
                           segment_from_answers(NON_CRITICAL_ANSWERS), described_reason="skäl")
    await adjust_plan(unit_of_work, people["coordinator"], contracts[1].id, PlanSetting.GRACE_DAYS, 20)
    default, kept = await change_default(unit_of_work, people["admin"], Segment.NON_CRITICAL,
                                         PlanSetting.MEETING_INTERVAL_MONTHS, 6)
    assert (default.meeting_interval_months, kept) == (6, 1)
    follows, adjusted = await _plans(unit_of_work, contracts)
    assert (follows.meeting_interval_months, follows.adjusted) == (6, False)
    assert (adjusted.meeting_interval_months, adjusted.grace_days) == (12, 20)
    [change] = await _history(engine, "follow_up_plan_defaults")
    assert (change["entity_id"], change["before"]["meeting_interval_months"], change["after"]["meeting_interval_months"]) == (
        "icke-kritisk", 12, 6)


async def test_who_may_not_segment_adjust_or_change_defaults_is_refused_and_nothing_is_stored(engine, register):
    unit_of_work, people, supplier, contracts = register
    employee, coordinator = people["employee"], people["coordinator"]
    segmentation = segment_from_answers(STRATEGIC_ANSWERS)
    with pytest.raises(NotAllowed):
        await segment_supplier(unit_of_work, employee, supplier.id, segmentation, described_reason="skäl")
    with pytest.raises(NotAllowed):
        await adjust_plan(unit_of_work, employee, contracts[0].id, PlanSetting.GRACE_DAYS, 5)
    with pytest.raises(NotAllowed):
        await change_default(unit_of_work, coordinator, Segment.STRATEGIC, PlanSetting.GRACE_DAYS, 5)
    async with engine.connect() as connection:
        assert (await connection.execute(select(t.segmentations))).first() is None
        assert (await connection.execute(select(t.follow_up_plans))).first() is None


async def test_a_process_owner_of_one_of_the_suppliers_contracts_may_segment_it(engine, register):
    unit_of_work, people, supplier, contracts = register
    owner = replace(people["employee"], contract_roles={contracts[0].id: frozenset({ContractRole.PROCESS_OWNER})})
    saved = await segment_supplier(unit_of_work, owner, supplier.id, segment_from_answers(STRATEGIC_ANSWERS),
                                   described_reason="skäl")
    assert saved.segmentation.segment is Segment.STRATEGIC
    with pytest.raises(NotAllowed):  # owning the contract is not coordinating it
        await adjust_plan(unit_of_work, owner, contracts[0].id, PlanSetting.GRACE_DAYS, 5)
