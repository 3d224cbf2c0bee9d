"""Looking at KPIs: every KPI of some contracts with its latest value, status and trend, and which are red or
late across a person's contracts.

A KPI is late when the period due for it has no value once the follow-up plan's grace days have passed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from bot.domain.kpis import KpiContract, KpiDefinition, KpiStatus, KpiValue, Period, Trend, is_late, trend
from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

DEFAULT_GRACE_DAYS = 10  # the follow-up plan's default, for a contract without a plan
MAX_CONTRACTS = 50


@dataclass(frozen=True)
class KpiLine:
    kpi: KpiDefinition
    latest: KpiValue | None
    trend: Trend | None
    due: Period  # the period to report now (the last one of an ended contract)
    late: bool  # `due` has no value and its grace days have passed

    @property
    def needs_attention(self) -> bool:
        return self.late or (self.trend is not None and self.trend.status is KpiStatus.RED)


@dataclass(frozen=True)
class ContractKpis:
    contract: KpiContract
    lines: tuple[KpiLine, ...]


async def kpis_of_contracts(
    unit_of_work: UnitOfWorkFactory, contract_ids: Collection[int], today: date
) -> list[ContractKpis]:
    """The KPIs of these contracts (which the caller has checked the person may see), in the given order."""
    async with unit_of_work() as uow:
        return await _overview(uow, list(contract_ids), today)


async def kpis_needing_attention(unit_of_work: UnitOfWorkFactory, person: Person, today: date) -> list[ContractKpis]:
    """Red or late KPIs of the contracts the person follows up: their teams' contracts, the KPIs they report,
    a supplier contact's own supplier's, and for a coordinator or administrator on no team, all."""
    overseer = person.global_role in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR) and not person.contract_roles
    async with unit_of_work() as uow:
        contracts = await uow.kpis.contracts_with_kpis(
            everyone=overseer,
            contract_ids=list(person.contract_roles),
            supplier_id=person.supplier_id if person.global_role is GlobalRole.SUPPLIER else None,
            reporter_contact_id=person.id,
            limit=MAX_CONTRACTS,
        )
        overview = await _overview(uow, [contract.id for contract in contracts], today)
    attention = [
        ContractKpis(item.contract, tuple(line for line in item.lines if line.needs_attention)) for item in overview
    ]
    return [item for item in attention if item.lines]


async def _overview(uow: UnitOfWork, contract_ids: list[int], today: date) -> list[ContractKpis]:
    definitions = {contract_id: await uow.kpis.kpis_of(contract_id) for contract_id in contract_ids}
    values = await uow.kpis.values_of([kpi for kpis in definitions.values() for kpi in kpis])
    grace = await uow.kpis.grace_days(contract_ids)
    overview = []
    for contract_id in contract_ids:
        kpis = definitions[contract_id]
        if not kpis:
            continue
        lines = tuple(
            kpi_line(kpi, values.get(kpi.id, []), grace.get(contract_id, DEFAULT_GRACE_DAYS), today) for kpi in kpis
        )
        overview.append(ContractKpis(kpis[0].contract, lines))
    return overview


def kpi_line(kpi: KpiDefinition, values: list[KpiValue], grace_days: int, today: date) -> KpiLine:
    """One KPI's latest value, status, trend and whether it is late: the rule every view of KPIs shares."""
    due = kpi.period_due(today)
    reported = {value.period for value in values}
    late = kpi.has_started_by(due) and due not in reported and is_late(due, today, grace_days)
    return KpiLine(
        kpi=kpi,
        latest=values[-1] if values else None,
        trend=trend(kpi.thresholds, [(value.period, value.value) for value in values]),
        due=due,
        late=late,
    )
