"""Use cases of follow-up plans: finding the contract a plan is asked for, showing it with the people on its
escalation ladder, a coordinator adjusting one contract's plan, and an administrator changing a segment's
defaults, which every contract of that segment follows unless its plan was adjusted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.domain.access import Permission, may_adjust_plan, require
from bot.domain.catalogue import Hit, Kind
from bot.domain.contracts import Segment
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.follow_up_plan import DEFAULT_PLANS, FollowUpPlan
from bot.domain.people import Person
from bot.domain.plan_settings import PlanSetting, PlanValue, plan_with
from bot.domain.roles import ContractRole
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

CONTRACTS_OFFERED = 6  # Teams shows at most six buttons on a card


class PlanContractNotFound(NotFound):
    code = "plan.error.not_found"


@dataclass(frozen=True)
class ContractPlan:
    """A contract's plan as its card shows it: the contract, the plan and who stands on each rung."""

    contract_id: int
    reference: str
    title: str
    supplier_name: str
    plan: FollowUpPlan
    ladder: tuple[tuple[ContractRole, tuple[str, ...]], ...]


async def contracts_named(catalogue: CatalogueCache, person: Person, text: str) -> list[Hit]:
    """The contracts `text` names and `person` may see: one by its reference or title, or a supplier's."""
    current = await catalogue.current()
    contracts: dict[int, Hit] = {}
    for hit in current.best_matches(person, text):
        ids = [hit.id] if hit.kind is Kind.CONTRACT else current.contracts_of(person, hit.id)
        for contract_id in ids:
            contracts.setdefault(contract_id, current.label(Kind.CONTRACT, contract_id))
    return list(contracts.values())[:CONTRACTS_OFFERED]


async def contract_plan(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, person: Person,
                        contract_id: int) -> ContractPlan:
    """The plan of a contract `person` may see; PlanContractNotFound otherwise, as for one that is gone."""
    current = await catalogue.current()
    if not current.may_see_contract(person, contract_id):
        raise PlanContractNotFound()
    async with unit_of_work() as uow:
        plan = (await uow.plans.plans_for_contracts([contract_id]))[contract_id]
    file = current.contract_file(contract_id)
    ladder = tuple(
        (role, tuple(member.contact.name for member in file.team if member.role == role.value))
        for role in plan.escalation
    )
    return ContractPlan(contract_id, file.contract.reference, file.contract.title, file.supplier_name, plan, ladder)


async def adjust_plan(unit_of_work: UnitOfWorkFactory, actor: Person, contract_id: int, setting: PlanSetting,
                      value: PlanValue) -> FollowUpPlan:
    """One setting of a contract's plan changed; the plan is the contract's own from then on."""
    if not may_adjust_plan(actor, contract_id):
        raise NotAllowed(permission="adjust_plan")
    async with unit_of_work() as uow:
        plans = await uow.plans.plans_for_contracts([contract_id])
        if contract_id not in plans:
            raise PlanContractNotFound()
        before = plans[contract_id]
        after = plan_with(before, setting, value).adjusted_with()
        await uow.plans.save_plan(contract_id, after, adjusted_by_id=actor.id)
        await _record(uow, actor, "follow_up_plans", contract_id, before, after)
        await uow.commit()
    return after


async def segment_default(unit_of_work: UnitOfWorkFactory, actor: Person, segment: Segment) -> FollowUpPlan:
    require(actor, Permission.ADMINISTER)
    async with unit_of_work() as uow:
        return defaults_of(await uow.plans.defaults(), segment)


async def change_default(unit_of_work: UnitOfWorkFactory, actor: Person, segment: Segment, setting: PlanSetting,
                         value: PlanValue) -> tuple[FollowUpPlan, int]:
    """A segment's default changed, and with it the plan of each of its contracts that no coordinator adjusted;
    the new default and how many contracts kept an adjusted plan."""
    require(actor, Permission.ADMINISTER)
    async with unit_of_work() as uow:
        before = defaults_of(await uow.plans.defaults(), segment)
        after = plan_with(before, setting, value)
        plans_before = await uow.plans.plans_for_contracts(await uow.plans.contracts_in_segment(segment))
        await uow.plans.set_default(segment, after)
        await _record(uow, actor, "follow_up_plan_defaults", segment.value, before, after)
        kept = await follow_new_defaults(uow, actor, plans_before, after)
        await uow.commit()
    return after, len(kept)


async def follow_new_defaults(uow: UnitOfWork, actor: Person, before: Mapping[int, FollowUpPlan],
                              plan: FollowUpPlan) -> list[int]:
    """Contracts' unadjusted plans follow `plan` (the defaults that now apply to them), each change recorded
    against the plan the contract had `before`; the ids of the contracts whose plan a coordinator adjusted,
    which keep theirs."""
    await uow.plans.follow_defaults(list(before), plan)
    after = await uow.plans.plans_for_contracts(list(before))
    for contract_id, old in before.items():
        if _own_settings(old) != _own_settings(after[contract_id]):
            await _record(uow, actor, "follow_up_plans", contract_id, old, after[contract_id])
    return [contract_id for contract_id in before if after[contract_id].adjusted]


def plan_facts(plan: FollowUpPlan) -> dict[str, object]:
    """The plan as JSON-safe values, for the change history."""
    return {
        "segment": plan.segment.value if plan.segment else None,
        "kpi_frequency": plan.kpi_frequency.value,
        "meeting_interval_months": plan.meeting_interval_months,
        "meeting_form": plan.meeting_form,
        "grace_days": plan.grace_days,
        "reminder_lead_days": plan.reminder_lead_days,
        "reminder_interval_days": plan.reminder_interval_days,
        "max_reminders": plan.max_reminders,
        "notice_lead_months": list(plan.notice_lead_months),
        "escalation": [role.value for role in plan.escalation],
        "adjusted": plan.adjusted,
    }


def _own_settings(plan: FollowUpPlan) -> FollowUpPlan:
    """What a contract's plan holds itself: not the segment or the segment's extra meetings it shows."""
    return replace(plan, segment=None, extra_meetings=None)


async def _record(uow: UnitOfWork, actor: Person, entity: str, entity_id: object, before: FollowUpPlan,
                  after: FollowUpPlan) -> None:
    await uow.history.record(actor=actor, actor_label=actor.email, entity=entity, entity_id=entity_id,
                             action="update", before=plan_facts(before), after=plan_facts(after))


def defaults_of(defaults: Mapping[Segment, FollowUpPlan], segment: Segment) -> FollowUpPlan:
    """The segment's live defaults, or the shipped ones when the database has none for it."""
    return defaults.get(segment, DEFAULT_PLANS[segment])
