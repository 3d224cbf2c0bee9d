"""Use cases of deviations and complaints: on which contracts a person may report them, reporting one (with
its change history, answered with the sanction step the bot proposes if deviations repeat), and a contract's
deviations of the year counted per month and type, beside what its complaints KPI reports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from bot.domain.access import ContractScope, Permission, allowed, may_decide_sanction
from bot.domain.deviations import (
    DateInFuture,
    Deviation,
    DeviationCounts,
    DeviationStatus,
    clean_description,
    count_deviations,
)
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.kpis import KpiContract
from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.domain.sanctions import Proposal, proposal
from bot.domain.text import fold
from bot.services.kpi_reporting import (
    CONTRACTS_LISTED,
    CONTRACTS_SEARCHED,
    named_contracts,
)
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

_COMPLAINT_WORDS = ("reklamation", "complaint")


class ContractNotFound(NotFound):
    code = "deviation.error.contract"


@dataclass(frozen=True)
class ReportedDeviation:
    contract: KpiContract
    deviation: Deviation
    proposal: Proposal | None


@dataclass(frozen=True)
class ComplaintCheck:
    """A complaints KPI's reported value for a period beside the complaints recorded in it."""

    kpi: str
    period: str
    reported: int
    counted: int

    @property
    def matches(self) -> bool:
        return self.reported == self.counted


@dataclass(frozen=True)
class DeviationOverview:
    contract: KpiContract
    year: int
    deviations: tuple[Deviation, ...]  # this year's, oldest first
    counts: DeviationCounts
    complaint_checks: tuple[ComplaintCheck, ...]


def may_report_deviation(actor: Person, contract: KpiContract) -> bool:
    return allowed(actor, Permission.REPORT_DEVIATION, _scope(contract))


async def deviation_contracts(
    unit_of_work: UnitOfWorkFactory, actor: Person, typed: str | None = None, *, to_report: bool = True
) -> list[KpiContract]:
    """The contracts `actor` may report deviations on (`to_report`) or see; with `typed`, those it names."""
    everyone = actor.global_role in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR) or (
        actor.global_role is GlobalRole.EMPLOYEE and actor.is_registered  # see and report on every contract
    )
    is_supplier = actor.global_role is GlobalRole.SUPPLIER
    if (not everyone and not actor.is_registered) or (is_supplier and to_report):
        return []
    async with unit_of_work() as uow:
        contracts = await uow.deviations.contracts(
            everyone=everyone, contract_ids=() if is_supplier else tuple(actor.contract_roles),
            supplier_id=actor.supplier_id if is_supplier else None,
            limit=CONTRACTS_SEARCHED if typed else CONTRACTS_LISTED,
        )
    return contracts if typed is None else named_contracts(contracts, typed)


async def report_deviation(
    unit_of_work: UnitOfWorkFactory, actor: Person, deviation: Deviation, today: date
) -> ReportedDeviation:
    """Record a deviation on its contract, checked again in full: the reporter's right on the contract, the
    day (not in the future) and the description."""
    if deviation.occurred_on > today:
        raise DateInFuture(value=deviation.occurred_on.isoformat(), today=today.isoformat())
    new = replace(deviation, description=clean_description(deviation.description), reported_by_id=actor.id)
    async with unit_of_work() as uow:
        contract = await find_contract(uow, deviation.contract_id)
        if not may_report_deviation(actor, contract):
            raise NotAllowed(permission=Permission.REPORT_DEVIATION.value)
        new = replace(new, id=await uow.deviations.add(new))
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="deviations", entity_id=new.id, action="create",
            after=deviation_facts(contract, new),
        )
        deviations = await uow.deviations.of_contract(contract.id)
        sanctions = await uow.deviations.sanctions_of(contract.id)
        await uow.commit()
    return ReportedDeviation(contract, new, proposal(deviations, sanctions, today))


async def deviation_overview(
    unit_of_work: UnitOfWorkFactory, actor: Person, contract_id: int, today: date
) -> DeviationOverview:
    """This year's deviations of a contract the actor may see, counted; and for every KPI whose name says
    complaints ("Antal reklamationer"), its reported values this year beside the complaints recorded."""
    async with unit_of_work() as uow:
        contract = await visible_contract(uow, actor, contract_id)
        deviations = await uow.deviations.of_contract(contract.id, since=date(today.year, 1, 1))
        kpis = [kpi for kpi in await uow.kpis.kpis_of(contract.id) if any(w in fold(kpi.name) for w in _COMPLAINT_WORDS)]
        values = await uow.kpis.values_of(kpis)
    complaints = [deviation for deviation in deviations if deviation.is_complaint]
    checks = tuple(
        ComplaintCheck(kpi.name, value.period.label, int(value.value),
                       sum(value.period.start <= d.occurred_on <= value.period.end for d in complaints))
        for kpi in kpis for value in values.get(kpi.id, []) if value.period.year == today.year
    )
    return DeviationOverview(contract, today.year, tuple(deviations), count_deviations(deviations), checks)


def deviation_facts(contract: KpiContract, deviation: Deviation) -> dict[str, object]:
    return {"contract_reference": contract.reference, "occurred_on": deviation.occurred_on.isoformat(),
            "type": deviation.type.value, "severity": deviation.severity.value,
            "is_complaint": deviation.is_complaint, "description": deviation.description,
            "source_message_id": deviation.source_message_id}


async def find_contract(uow: UnitOfWork, contract_id: int) -> KpiContract:
    contract = await uow.deviations.contract(contract_id)
    if contract is None:
        raise ContractNotFound(contract_id=contract_id)
    return contract


async def visible_contract(uow: UnitOfWork, actor: Person, contract_id: int) -> KpiContract:
    contract = await find_contract(uow, contract_id)
    if not allowed(actor, Permission.VIEW_CONTRACT, _scope(contract)):
        raise NotAllowed(permission=Permission.VIEW_CONTRACT.value)
    return contract


def _scope(contract: KpiContract) -> ContractScope:
    return ContractScope(contract_id=contract.id, supplier_id=contract.supplier_id)


class DeviationNotFound(NotFound):
    code = "deviation.error.not_found"


class AlreadyVoided(InvalidInput):
    code = "deviation.error.already_voided"


class VoidReasonMissing(InvalidInput):
    code = "deviation.error.void_reason"


@dataclass(frozen=True)
class VoidedDeviation:
    deviation: Deviation
    contract: KpiContract


async def void_deviation(unit_of_work: UnitOfWorkFactory, actor: Person, deviation_id: int,
                         reason: str | None) -> VoidedDeviation:
    """A deviation recorded by mistake (wrong contract, twice, not a deviation) is voided: it stays stored as
    makulerad, with the reason in the change history, and counts nowhere any more. Whoever reported it may, and
    so may those who decide sanctions on the contract; a reason is required."""
    reason = clean_description(reason) if reason and reason.strip() else None
    async with unit_of_work() as uow:
        found = await uow.deviations.deviation(deviation_id)
        if found is None:
            raise DeviationNotFound(id=deviation_id)
        deviation, status = found
        contract = await visible_contract(uow, actor, deviation.contract_id)
        reporter = actor.id is not None and deviation.reported_by_id == actor.id
        if not (reporter or may_decide_sanction(actor, contract.id)):
            raise NotAllowed(permission="void_deviation")
        if status == DeviationStatus.VOIDED.value:
            raise AlreadyVoided(id=deviation_id)
        if reason is None:
            raise VoidReasonMissing(id=deviation_id)
        await uow.deviations.void_deviation(deviation_id)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="deviations", entity_id=deviation_id, action="void",
            before={"status": status},
            after={"status": DeviationStatus.VOIDED.value, "reason": reason, **deviation_facts(contract, deviation)},
        )
        await uow.commit()
    return VoidedDeviation(deviation, contract)
