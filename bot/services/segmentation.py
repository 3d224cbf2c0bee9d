"""Use cases of segmenting a supplier: finding the supplier, what the dialog shows before the questions (its
segment history and the plans each segment would give), and saving a segmentation, after which the supplier's
contracts follow the new segment's plan, except those whose plan a coordinator adjusted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.domain.access import may_segment
from bot.domain.catalogue import Hit, Kind
from bot.domain.contracts import Segment
from bot.domain.errors import NotAllowed, SupplierNotFound
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.people import Person
from bot.domain.segmentation import Segmentation, SegmentRecord
from bot.domain.suppliers import Supplier
from bot.services.follow_up_plans import defaults_of, follow_new_defaults
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

HISTORY_SHOWN = 5
SUPPLIERS_OFFERED = 6


@dataclass(frozen=True)
class SupplierToSegment:
    supplier: Supplier
    history: tuple[SegmentRecord, ...]  # newest first
    defaults: Mapping[Segment, FollowUpPlan]


@dataclass(frozen=True)
class SegmentSaved:
    segmentation: Segmentation
    plan: FollowUpPlan  # the new segment's default plan
    kept: tuple[str, ...]  # references of the contracts that keep a plan a coordinator adjusted


async def suppliers_named(catalogue: CatalogueCache, person: Person, text: str) -> list[Hit]:
    """The suppliers `text` names (by name, start of name, org number, or one of their contracts)."""
    current = await catalogue.current()
    suppliers: dict[int, Hit] = {}
    for hit in current.best_matches(person, text):
        supplier_id = hit.id if hit.kind is Kind.SUPPLIER else current.contracts[hit.id].supplier_id
        suppliers.setdefault(supplier_id, current.label(Kind.SUPPLIER, supplier_id))
    return list(suppliers.values())[:SUPPLIERS_OFFERED]


async def supplier_to_segment(unit_of_work: UnitOfWorkFactory, actor: Person, supplier_id: int) -> SupplierToSegment:
    """What segmenting the supplier starts from; NotAllowed for one who may not segment it."""
    async with unit_of_work() as uow:
        supplier = await _segmentable(uow, actor, supplier_id)
        history = await uow.plans.segment_history(supplier_id, limit=HISTORY_SHOWN)
        defaults = await uow.plans.defaults()
    return SupplierToSegment(supplier, tuple(history), defaults)


async def segment_supplier(unit_of_work: UnitOfWorkFactory, actor: Person, supplier_id: int,
                           segmentation: Segmentation, *, described_reason: str) -> SegmentSaved:
    """Store the supplier's new segment with its scores, answers and reason (the coordinator's stated reason
    for an override, else `described_reason`, the computed reason in words); the supplier's contracts follow the
    segment's default plan unless a coordinator adjusted theirs."""
    async with unit_of_work() as uow:
        await _segmentable(uow, actor, supplier_id)
        contracts = await uow.plans.contracts_of_supplier(supplier_id)
        plans_before = await uow.plans.plans_for_contracts(list(contracts))
        reason = segmentation.override_reason if segmentation.overridden else described_reason
        segmentation_id = await uow.plans.add_segmentation(supplier_id, segmentation, reason=reason,
                                                           decided_by_id=actor.id)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="segmentations", entity_id=segmentation_id,
            action="create", after={
                "supplier_id": supplier_id, "segment": segmentation.segment.value,
                "computed_segment": segmentation.computed_segment.value,
                "financial_risk": str(segmentation.financial_risk), "supply_risk": str(segmentation.supply_risk),
                "answers": {question.value: option for question, option in segmentation.answers.items()},
                "reason": reason, "overridden": segmentation.overridden,
            },
        )
        plan = defaults_of(await uow.plans.defaults(), segmentation.segment)
        kept = await follow_new_defaults(uow, actor, plans_before, plan)
        await uow.commit()
    return SegmentSaved(segmentation, plan, tuple(contracts[contract_id] for contract_id in kept))


async def _segmentable(uow: UnitOfWork, actor: Person, supplier_id: int) -> Supplier:
    supplier = await uow.suppliers.by_id(supplier_id)
    if supplier is None:
        raise SupplierNotFound(value=str(supplier_id))
    if not may_segment(actor, await uow.plans.contracts_of_supplier(supplier_id)):
        raise NotAllowed(permission="segment")
    return supplier
