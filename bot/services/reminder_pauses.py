"""Pausing and resuming reminders for a contract or a supplier.

Who may: an administrator, a process coordinator, or the contract's processägare or processkoordinator (for a
supplier: of every one of its contracts). A pause moves the pending reminders of its contracts to the first
working moment after it; resuming ends the pause yesterday (so its record stays) and sends what it held back
at the next working moment. Both are kept in the change history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.errors import DomainError, NotAllowed, NotFound
from bot.domain.people import Person
from bot.domain.reminder_answers import resumes_at
from bot.domain.reminder_pauses import PauseRequest
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.suppliers import Supplier, normalise_org_number
from bot.domain.working_time import WorkingCalendar
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

_PAUSERS = frozenset({ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR})


class PauseTargetNotFound(NotFound):
    code = "pause.error.not_found"


class PauseTargetAmbiguous(DomainError):
    code = "pause.error.ambiguous"


class PauseNotAllowed(NotAllowed):
    code = "pause.error.not_allowed"


class NoPause(DomainError):
    code = "pause.error.none"


@dataclass(frozen=True)
class PauseTarget:
    label: str  # the contract's reference, or the supplier's name
    contract_id: int | None
    supplier_id: int | None
    contract_ids: tuple[int, ...]  # whose reminders it holds


@dataclass(frozen=True)
class PauseDone:
    label: str
    paused_until: date
    resumes_at: datetime
    moved: int  # pending reminders held back


@dataclass(frozen=True)
class ResumeDone:
    label: str
    moved: int  # pending reminders released


async def pause_reminders(
    unit_of_work: UnitOfWorkFactory, person: Person, request: PauseRequest, calendar: WorkingCalendar,
) -> PauseDone:
    resume = resumes_at(request.paused_until, calendar)
    async with unit_of_work() as uow:
        target = await _target(uow, person, request.target)
        pause_id = await uow.reminder_pauses.add(
            contract_id=target.contract_id, supplier_id=target.supplier_id, paused_until=request.paused_until,
            reason=request.reason, created_by_id=person.id)
        moved = await uow.reminder_pauses.hold_back(target.contract_ids, resume)
        await uow.history.record(
            actor=person, actor_label=person.email, entity="reminder_pauses", entity_id=pause_id, action="create",
            after={"target": target.label, "contract_id": target.contract_id, "supplier_id": target.supplier_id,
                   "paused_until": request.paused_until.isoformat(), "reason": request.reason,
                   "reminders_moved": moved})
        await uow.commit()
    return PauseDone(target.label, request.paused_until, resume, moved)


async def resume_reminders(
    unit_of_work: UnitOfWorkFactory, person: Person, typed: str, now: datetime, calendar: WorkingCalendar,
) -> ResumeDone:
    today = calendar.local_date(now)
    async with unit_of_work() as uow:
        target = await _target(uow, person, typed)
        pauses = await uow.reminder_pauses.active(today, contract_id=target.contract_id,
                                                  supplier_id=target.supplier_id)
        if not pauses:
            raise NoPause(target=target.label)
        await uow.reminder_pauses.end([pause.id for pause in pauses], today - timedelta(days=1))
        moved = 0
        for held_until in {resumes_at(pause.paused_until, calendar) for pause in pauses}:
            moved += await uow.reminder_pauses.release(target.contract_ids, held_until,
                                                       calendar.next_working_moment(now))
        for pause in pauses:
            await uow.history.record(
                actor=person, actor_label=person.email, entity="reminder_pauses", entity_id=pause.id,
                action="update", before={"paused_until": pause.paused_until.isoformat()},
                after={"paused_until": (today - timedelta(days=1)).isoformat(), "reminders_released": moved})
        await uow.commit()
    return ResumeDone(target.label, moved)


async def _target(uow: UnitOfWork, person: Person, typed: str) -> PauseTarget:
    """The contract the text names by reference, else the supplier by organisation number or name."""
    contract = await uow.contracts.by_reference(typed)
    if contract is not None:
        target = PauseTarget(contract.reference, contract.id, None, (contract.id,))
    else:
        supplier = await _supplier(uow, typed)
        contract_ids = tuple(await uow.reminder_pauses.contract_ids_of_supplier(supplier.id))
        target = PauseTarget(supplier.name, None, supplier.id, contract_ids)
    if not _may_pause(person, target):
        raise PauseNotAllowed(target=target.label)
    return target


async def _supplier(uow: UnitOfWork, typed: str) -> Supplier:
    try:
        by_number = await uow.suppliers.by_org_number(normalise_org_number(typed))
    except DomainError:
        by_number = None
    found = [by_number] if by_number is not None else await uow.reminder_pauses.suppliers_named(typed)
    if not found:
        raise PauseTargetNotFound(value=typed[:60])
    if len(found) > 1:
        raise PauseTargetAmbiguous(value=typed[:60])
    return found[0]


def _may_pause(person: Person, target: PauseTarget) -> bool:
    if person.global_role in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR):
        return True
    return bool(target.contract_ids) and all(person.roles_in(contract_id) & _PAUSERS
                                             for contract_id in target.contract_ids)
