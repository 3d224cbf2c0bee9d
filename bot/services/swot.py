"""Use cases of a supplier's SWOT: finding the supplier asked about, showing its four lists (storing the bot's
new suggestions first, so each has an id for its buttons), adding an item, accepting or declining a
suggestion, and removing an item. Every change goes to the change history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.domain.access import may_edit_swot, may_see_swot
from bot.domain.catalogue import Catalogue, Kind
from bot.domain.contracts import months_before
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.people import Person
from bot.domain.swot import (
    Quadrant,
    Suggestion,
    SwotItem,
    SwotItemNotFound,
    SwotItemNotPending,
    SwotStatus,
    clean_swot_text,
    new_suggestions,
)
from bot.domain.swot_suggestions import (
    WINDOW_MONTHS,
    ContractFact,
    DeviationFact,
    KpiHistory,
    SanctionFact,
    SupplierFacts,
    suggestions,
)
from bot.services.follow_up_access import record_change
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

BOT_LABEL = "uppföljningsboten"
SUPPLIERS_OFFERED = 6


class SwotNotVisible(NotAllowed):
    code = "swot.error.not_visible"


class SwotNotAllowed(NotAllowed):
    code = "swot.error.not_allowed"


class SwotSupplierNotFound(NotFound):
    code = "swot.error.supplier_not_found"


@dataclass(frozen=True)
class SupplierSwot:
    supplier_id: int
    supplier_name: str
    items: tuple[SwotItem, ...]  # accepted, oldest first
    pending: tuple[SwotItem, ...]  # the bot's suggestions no one has answered that the data still gives
    may_edit: bool

    def in_quadrant(self, quadrant: Quadrant) -> list[SwotItem]:
        return [item for item in self.items if item.quadrant is quadrant]


async def suppliers_named(catalogue: CatalogueCache, actor: Person, typed: str) -> list[tuple[int, str]]:
    """The suppliers `typed` names (by name, or by one of their contracts), as id and name."""
    _require_visible(actor)
    current = await catalogue.current()
    found: dict[int, str] = {}
    for hit in current.best_matches(actor, typed):
        supplier_id = hit.id if hit.kind is Kind.SUPPLIER else current.contracts[hit.id].supplier_id
        found.setdefault(supplier_id, current.suppliers[supplier_id].name)
    return list(found.items())[:SUPPLIERS_OFFERED]


async def supplier_swot(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, supplier_id: int,
                        today: date) -> SupplierSwot:
    """The supplier's SWOT, after storing what the bot suggests from its follow-up that was never suggested."""
    current = await _supplier_to_see(catalogue, actor, supplier_id)
    contract_ids = _contract_ids(current, supplier_id)
    async with unit_of_work() as uow:
        stored = await uow.swot.items_of(supplier_id)
        facts = await _facts(uow, current, supplier_id, contract_ids, today)
        suggested = suggestions(facts, today)
        for suggestion in new_suggestions(suggested, stored):
            item = SwotItem(None, supplier_id, suggestion.quadrant, suggestion.text, SwotStatus.SUGGESTED)
            item = replace(item, id=await uow.swot.add(item))
            await uow.history.record(actor=None, actor_label=BOT_LABEL, entity="swot_item", entity_id=item.id,
                                     action="suggest", after=_facts_of(item))
            stored.append(item)
        await uow.commit()
    return SupplierSwot(
        supplier_id, current.suppliers[supplier_id].name,
        tuple(item for item in stored if item.status is SwotStatus.ACCEPTED),
        tuple(item for item in stored if item.status is SwotStatus.SUGGESTED and _still_true(item, suggested)),
        may_edit_swot(actor, contract_ids),
    )


async def add_swot_item(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, supplier_id: int,
                        quadrant: Quadrant, text: str) -> SwotItem:
    current = await _supplier_to_see(catalogue, actor, supplier_id)
    _require_edit(actor, current, supplier_id)
    item = SwotItem(None, supplier_id, quadrant, clean_swot_text(text), SwotStatus.ACCEPTED, created_by_id=actor.id)
    async with unit_of_work() as uow:
        item = replace(item, id=await uow.swot.add(item))
        await record_change(uow, actor, "swot_item", item.id, "create", after=_facts_of(item))
        await uow.commit()
    return item


async def answer_suggestion(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, item_id: int,
                            status: SwotStatus, supplier_id: int | None = None) -> SwotItem:
    """Accept or decline a suggestion. From a card, `supplier_id` is the supplier the card showed: an item of
    another one is answered as not found (a tampered card); one already answered is `SwotItemNotPending`."""
    async with unit_of_work() as uow:
        item = await _item_to_edit(uow, catalogue, actor, item_id, supplier_id)
        if item.status is not SwotStatus.SUGGESTED:
            raise SwotItemNotPending(id=item_id)
        await uow.swot.set_status(item_id, status)
        answered = replace(item, status=status)
        await record_change(uow, actor, "swot_item", item_id, "update", before=_facts_of(item),
                            after=_facts_of(answered))
        await uow.commit()
    return answered


async def remove_swot_item(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                           item_id: int) -> SwotItem:
    """A person's item is deleted; one the bot suggested is kept as declined, so it is never suggested again."""
    async with unit_of_work() as uow:
        item = await _item_to_edit(uow, catalogue, actor, item_id, None)
        if item.status is SwotStatus.DECLINED:  # no longer on the lists
            raise SwotItemNotFound(id=item_id)
        if item.is_suggestion:
            await uow.swot.set_status(item_id, SwotStatus.DECLINED)
            after = _facts_of(replace(item, status=SwotStatus.DECLINED))
        else:
            await uow.swot.remove(item_id)
            after = None
        await record_change(uow, actor, "swot_item", item_id, "delete", before=_facts_of(item), after=after)
        await uow.commit()
    return item


async def _item_to_edit(uow: UnitOfWork, catalogue: CatalogueCache, actor: Person, item_id: int,
                        supplier_id: int | None) -> SwotItem:
    _require_visible(actor)
    item = await uow.swot.item(item_id)
    if item is None or (supplier_id is not None and item.supplier_id != supplier_id):
        raise SwotItemNotFound(id=item_id)
    current = await _supplier_to_see(catalogue, actor, item.supplier_id)
    _require_edit(actor, current, item.supplier_id)
    return item


async def _facts(uow: UnitOfWork, current: Catalogue, supplier_id: int, contract_ids: list[int],
                 today: date) -> SupplierFacts:
    """What the suggestion rules look at, read in a few queries for all the supplier's contracts."""
    since = months_before(today, WINDOW_MONTHS)
    kpis = await uow.kpis.kpis_of_contracts(contract_ids)
    values = await uow.kpis.values_of(kpis)
    histories = tuple(
        KpiHistory(kpi.name, kpi.contract.reference,
                   tuple(kpi.thresholds.status(v.value) for v in sorted(values.get(kpi.id, []), key=lambda v: v.period)))
        for kpi in kpis
    )
    contracts = tuple(
        ContractFact(c.reference, c.status, c.end_date, c.extension_options)
        for c in (current.contracts[cid] for cid in contract_ids)
    )
    return SupplierFacts(
        kpis=histories,
        deviations=tuple(DeviationFact(d.occurred_on, d.type.value)
                         for d in await uow.deviations.of_contracts(contract_ids, since=since)),
        sanctions=tuple(SanctionFact(s.decided_on, s.step.value, current.contracts[s.contract_id].reference)
                        for s in await uow.deviations.sanctions_of_contracts(contract_ids) if s.decided_on >= since),
        segment=current.segments.get(supplier_id),
        contracts=contracts,
        rating=await uow.swot.latest_rating(supplier_id),
    )


def _require_visible(actor: Person) -> None:
    if not may_see_swot(actor):
        raise SwotNotVisible()


async def _supplier_to_see(catalogue: CatalogueCache, actor: Person, supplier_id: int) -> Catalogue:
    _require_visible(actor)
    current = await catalogue.current()
    if supplier_id not in current.suppliers:
        raise SwotSupplierNotFound()
    return current


def _require_edit(actor: Person, current: Catalogue, supplier_id: int) -> None:
    if not may_edit_swot(actor, _contract_ids(current, supplier_id)):
        raise SwotNotAllowed()


def _contract_ids(current: Catalogue, supplier_id: int) -> list[int]:
    return sorted(cid for cid, contract in current.contracts.items() if contract.supplier_id == supplier_id)


def _still_true(item: SwotItem, suggested: list[Suggestion]) -> bool:
    """A pending suggestion the data no longer gives (the KPI turned, more deviations came) is not offered; it
    stays stored, so it is not suggested anew should the data give it again."""
    return Suggestion(item.quadrant, item.text) in suggested


def _facts_of(item: SwotItem) -> dict[str, object]:
    return {"supplier_id": item.supplier_id, "quadrant": item.quadrant.value, "text": item.text,
            "status": item.status.value, "created_by_id": item.created_by_id}
