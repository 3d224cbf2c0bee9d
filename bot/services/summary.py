"""The summary (sammanfattning) of a contract or of a supplier, as it stands now, in one unit of work.

The register's facts (contract, supplier, segment, team) come from the catalogue the lookups keep; the rest is
read for all the contracts at once (KPIs and their values, open actions, this year's deviations, sanctions,
meetings, plans), so a supplier with many contracts costs the same few statements as one contract. Only what
the person may see is summed up: a supplier's guest sees its own supplier's contracts and checklist parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from bot.domain.access import ContractScope
from bot.domain.actions import Action
from bot.domain.catalogue import Catalogue, Kind
from bot.domain.checklists import may_see
from bot.domain.errors import NotFound
from bot.domain.deviations import Severity
from bot.domain.kpis import KpiDefinition
from bot.domain.people import Person
from bot.domain.sanctions import Sanction
from bot.domain.summary import (
    ChecklistFigure,
    ContractSummary,
    SupplierSummary,
    action_figures,
    attention_order,
    deviation_figures,
    kpi_figure,
    last_held,
    latest_decisions,
    next_planned,
    running_count,
    sanction_figures,
    supplier_totals,
)
from bot.services.checklists import completion
from bot.services.kpi_overview import DEFAULT_GRACE_DAYS, kpi_line
from bot.services.lookups import CatalogueCache
from bot.services.supplier_rating import current_rating, current_ratings
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

MAX_CHOICES = 6  # Teams shows at most six buttons on a card


class SummaryNotFound(NotFound):
    code = "summary.error.not_found"


@dataclass(frozen=True)
class SummaryTarget:
    """What a summary is asked for: a contract or a supplier (`kind`), by id."""

    kind: Kind
    id: int
    label: str


async def summary_targets(catalogue: CatalogueCache, person: Person, typed: str) -> list[SummaryTarget]:
    """The contracts or suppliers `typed` names (a reference, a title, a supplier's name or organisation number,
    matched as the other commands match them) that `person` may see; the best first."""
    current = await catalogue.current()
    hits = current.best_matches(person, typed)
    return [SummaryTarget(hit.kind, hit.id, hit.label) for hit in hits if hit.kind in (Kind.CONTRACT, Kind.SUPPLIER)][
        :MAX_CHOICES]


async def contract_summary(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, person: Person,
                           contract_id: int, today: date, now: datetime) -> ContractSummary:
    """The whole summary of one contract `person` may see; SummaryNotFound otherwise, as for one that is gone."""
    current = await catalogue.current()
    if not current.may_see_contract(person, contract_id):
        raise SummaryNotFound()
    async with unit_of_work() as uow:
        summary = (await _summaries(uow, current, [contract_id], today, now))[0]
        decisions = await uow.decisions.of_contract(contract_id)
        parts = await completion(uow, contract_id)
        rating = await current_rating(uow, summary.contract.supplier_id, today)
    scope = ContractScope(contract_id, summary.contract.supplier_id)
    checklists = tuple(ChecklistFigure(part, progress) for part, progress in parts if may_see(person, part, scope))
    return replace(summary, decisions=latest_decisions(decisions), checklists=checklists, rating=rating)


async def supplier_summary(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, person: Person,
                           supplier_id: int, today: date, now: datetime) -> SupplierSummary:
    """The supplier's contracts that `person` may see, rolled up, the worst first; SummaryNotFound when none."""
    current = await catalogue.current()
    contract_ids = current.contracts_of(person, supplier_id) if current.may_see(person, Kind.SUPPLIER, supplier_id) else []
    if not contract_ids:
        raise SummaryNotFound()
    async with unit_of_work() as uow:
        summaries = await _summaries(uow, current, contract_ids, today, now)
        rating = await current_rating(uow, supplier_id, today)
    return SupplierSummary(
        supplier=current.suppliers[supplier_id], segment=current.segments.get(supplier_id),
        running=running_count(summaries), totals=supplier_totals(summaries),
        contracts=tuple(attention_order(summaries)), year=today.year, rating=rating,
    )


async def summaries_of_contracts(unit_of_work: UnitOfWorkFactory, references: Sequence[str], today: date,
                                 now: datetime) -> list[ContractSummary]:
    """The summaries of the contracts (by reference), in the given order, each with its supplier's latest
    quality rating; for an export whose access is already decided. Reads the register afresh."""
    if not references:
        return []
    current = await CatalogueCache(unit_of_work, check_seconds=0).current()
    ids = {contract.reference: contract_id for contract_id, contract in current.contracts.items()}
    async with unit_of_work() as uow:
        summaries = await _summaries(uow, current, [ids[reference] for reference in references], today, now)
        ratings = await current_ratings(uow, list(dict.fromkeys(s.contract.supplier_id for s in summaries)), today)
    return [replace(summary, rating=ratings[summary.contract.supplier_id]) for summary in summaries]


async def _summaries(uow: UnitOfWork, current: Catalogue, contract_ids: list[int], today: date,
                     now: datetime) -> list[ContractSummary]:
    kpis: dict[int, list[KpiDefinition]] = {}
    for kpi in await uow.kpis.kpis_of_contracts(contract_ids):
        kpis.setdefault(kpi.contract.id, []).append(kpi)
    values = await uow.kpis.values_of([kpi for found in kpis.values() for kpi in found])
    grace = await uow.kpis.grace_days(contract_ids)
    plans = await uow.plans.plans_for_contracts(contract_ids)
    open_actions: dict[int, list[Action]] = {}
    for action in await uow.actions.open_of_contracts(contract_ids):
        open_actions.setdefault(action.contract_id, []).append(action)
    deviations: dict[int, list[tuple[date, Severity]]] = {}
    for deviation in await uow.deviations.of_contracts(contract_ids, since=date(today.year, 1, 1)):
        deviations.setdefault(deviation.contract_id, []).append((deviation.occurred_on, deviation.severity))
    sanctions: dict[int, list[Sanction]] = {}
    for sanction in await uow.deviations.sanctions_of_contracts(contract_ids):
        sanctions.setdefault(sanction.contract_id, []).append(sanction)
    meetings = await uow.summary.meetings_of_contracts(contract_ids, now)
    summaries = []
    for contract_id in contract_ids:
        file = current.contract_file(contract_id)
        figures = []
        for kpi in kpis.get(contract_id, []):
            line = kpi_line(kpi, values.get(kpi.id, []), grace.get(contract_id, DEFAULT_GRACE_DAYS), today)
            figures.append(kpi_figure(kpi, values.get(kpi.id, []), line.trend.status if line.trend else None,
                                      line.late, line.due.label))
        summaries.append(ContractSummary(
            contract=file.contract, supplier_name=file.supplier_name, supplier_org_number=file.supplier_org_number,
            segment=file.segment, plan=plans[contract_id], key_contacts=file.key_contacts or file.team,
            kpis=tuple(figures),
            actions=action_figures(open_actions.get(contract_id, []), today),
            deviations=deviation_figures(deviations.get(contract_id, []), today),
            sanctions=sanction_figures(sanctions.get(contract_id, [])),
            last_meeting=last_held(meetings.get(contract_id, [])),
            next_meeting=next_planned(meetings.get(contract_id, []), now),
            days_to_notice=file.contract.days_to_notice(today), days_to_end=file.contract.days_to_end(today),
        ))
    return summaries
