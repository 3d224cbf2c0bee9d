"""Use case of defining a KPI for a contract from chat: one unit of work that adds the definition and records
it in the change history. The checks a dialog makes on each answer are here too, so the dialog asks the same
questions the write will."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.access import Permission, require
from bot.domain.contracts import Contact
from bot.domain.errors import ContractNotFound
from bot.domain.new_kpi import (
    NAME_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    KpiNameTaken,
    NewKpi,
    ReporterNotFound,
)
from bot.domain.people import Person
from bot.domain.text import fold
from bot.domain.typed_input import clean_text
from bot.services.ports import UnitOfWork, UnitOfWorkFactory
from bot.services.register_edits import json_safe


async def check_name_free(unit_of_work: UnitOfWorkFactory, contract_id: int, name: str) -> None:
    """`KpiNameTaken` when the contract has a KPI of that name (case and å/ä/ö aside)."""
    async with unit_of_work() as uow:
        await _check_name_free(uow, contract_id, name)


async def find_reporter(unit_of_work: UnitOfWorkFactory, email: str) -> Contact:
    async with unit_of_work() as uow:
        contact = await uow.contacts.by_email(email)
    if contact is None:
        raise ReporterNotFound(value=email)
    return contact


async def define_kpi(unit_of_work: UnitOfWorkFactory, actor: Person, kpi: NewKpi) -> int:
    """Add a KPI to a contract; its id. Only those who may edit the register can."""
    require(actor, Permission.EDIT_REGISTER)
    kpi.check()
    kpi = replace(
        kpi,
        name=clean_text(kpi.name, max_length=NAME_MAX_LENGTH),
        unit=clean_text(kpi.unit, max_length=UNIT_MAX_LENGTH) if kpi.unit else None,
        source=clean_text(kpi.source, max_length=SOURCE_MAX_LENGTH) if kpi.source else None,
    )
    async with unit_of_work() as uow:
        contract = await uow.contracts.by_reference(kpi.reference)
        if contract is None:
            raise ContractNotFound(reference=kpi.reference[:60])
        await _check_name_free(uow, contract.id, kpi.name)
        reporter = None
        if kpi.reporter_email is not None:
            reporter = await uow.contacts.by_email(kpi.reporter_email)
            if reporter is None:
                raise ReporterNotFound(value=kpi.reporter_email)
        kpi_id = await uow.kpis.add_definition(contract.id, kpi, reporter.id if reporter else None)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="kpi_definitions", entity_id=kpi_id, action="create",
            after={"contract_id": contract.id, "contract_reference": contract.reference, **kpi_facts(kpi),
                   "reporter_contact_id": reporter.id if reporter else None},
        )
        await uow.commit()
        return kpi_id


async def _check_name_free(uow: UnitOfWork, contract_id: int, name: str) -> None:
    wanted = fold(name)
    for existing in await uow.kpis.kpis_of(contract_id):
        if fold(existing.name) == wanted:
            raise KpiNameTaken(name=existing.name)


def kpi_facts(kpi: NewKpi) -> dict[str, object]:
    """The definition as JSON-safe values, for the change history."""
    thresholds = kpi.thresholds
    return {
        "name": kpi.name, "unit": kpi.unit, "target": json_safe(thresholds.target),
        "direction": thresholds.direction.value, "yellow_threshold": json_safe(thresholds.yellow),
        "red_threshold": json_safe(thresholds.red), "frequency": kpi.frequency.value,
        "reporter_email": kpi.reporter_email,
        "reporter_party": kpi.reporter_party.value if kpi.reporter_party else None,
        "min_value": json_safe(kpi.min_value), "max_value": json_safe(kpi.max_value), "source": kpi.source,
    }
