"""Use cases of the sanctions ladder: a contract's steps so far with the next one the bot proposes, and a
step decided by a person (the bot never decides), with its basis, amount and change history."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from bot.domain.access import may_decide_sanction
from bot.domain.deviations import DateInFuture, Deviation
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.kpis import KpiContract
from bot.domain.people import Person
from bot.domain.sanctions import (
    Proposal,
    Sanction,
    SanctionStatus,
    SanctionStep,
    check_amount,
    needs_explicit_choice,
    proposal,
    since_last_step,
    skipped_steps,
    takes_amount,
)
from bot.domain.typed_input import clean_text
from bot.services.deviations import find_contract, visible_contract
from bot.services.ports import UnitOfWorkFactory

DECIDED_BY_MAX_LENGTH = 300
BASIS_MAX_LENGTH = 2000


class StepsSkipped(InvalidInput):
    """Uppsägning or hävning before the earlier steps: only when the person says so explicitly."""

    code = "sanction.error.skipped"


class AmountMissing(InvalidInput):
    code = "sanction.error.amount_missing"


class NotTheContractsDeviation(InvalidInput):
    code = "sanction.error.basis"


class SanctionNotFound(NotFound):
    code = "sanction.error.not_found"


class AlreadyRevoked(InvalidInput):
    code = "sanction.error.already_revoked"


class RevocationReasonMissing(InvalidInput):
    code = "sanction.error.reason_missing"


@dataclass(frozen=True)
class Ladder:
    contract: KpiContract
    sanctions: tuple[Sanction, ...]  # in force, oldest first
    deviations: dict[int, Deviation]  # the contract's, by id
    proposal: Proposal | None
    since_last_step: tuple[Deviation, ...]  # the deviations a new step may be based on
    may_decide: bool
    revoked: tuple[Sanction, ...] = ()  # steps decided and later revoked, oldest first


@dataclass(frozen=True)
class RevokedSanction:
    sanction: Sanction
    contract: KpiContract


async def sanction_ladder(unit_of_work: UnitOfWorkFactory, actor: Person, contract_id: int, today: date) -> Ladder:
    async with unit_of_work() as uow:
        contract = await visible_contract(uow, actor, contract_id)
        deviations = await uow.deviations.of_contract(contract.id)
        sanctions = await uow.deviations.sanctions_of(contract.id)
        revoked = await uow.deviations.sanctions_of(contract.id, revoked=True)
    return Ladder(
        contract, tuple(sanctions), {d.id: d for d in deviations if d.id is not None},
        proposal(deviations, sanctions, today), tuple(since_last_step(deviations, sanctions, today)),
        may_decide_sanction(actor, contract.id), tuple(revoked),
    )


async def decide_sanction(
    unit_of_work: UnitOfWorkFactory, actor: Person, decision: Sanction, today: date, *, explicit: bool = False
) -> Sanction:
    """Store a step a person decided, checked in full. Skipping to uppsägning or hävning needs `explicit`."""
    async with unit_of_work() as uow:
        contract = await find_contract(uow, decision.contract_id)
        if not may_decide_sanction(actor, contract.id):
            raise NotAllowed(permission="decide_sanction")
        if decision.decided_on > today:
            raise DateInFuture(value=decision.decided_on.isoformat(), today=today.isoformat())
        amount = _amount(decision.step, decision.amount_sek)
        new = replace(
            decision, amount_sek=amount,
            decided_by=clean_text(decision.decided_by, max_length=DECIDED_BY_MAX_LENGTH),
            basis=clean_text(decision.basis, max_length=BASIS_MAX_LENGTH) if decision.basis else None,
            deviation_ids=tuple(sorted(set(decision.deviation_ids))),
        )
        known = {d.id for d in await uow.deviations.of_contract(contract.id)}
        if not set(new.deviation_ids) <= known:
            raise NotTheContractsDeviation()
        sanctions = await uow.deviations.sanctions_of(contract.id)
        if needs_explicit_choice(new.step, sanctions) and not explicit:
            raise StepsSkipped(step=new.step.value, skipped=", ".join(s.value for s in skipped_steps(new.step, sanctions)))
        new = replace(new, id=await uow.deviations.add_sanction(new))
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="sanctions", entity_id=new.id, action="create",
            after={"contract_reference": contract.reference, "step": new.step.value,
                   "decided_on": new.decided_on.isoformat(), "decided_by": new.decided_by, "basis": new.basis,
                   "amount_sek": str(amount) if amount is not None else None,
                   "deviation_ids": list(new.deviation_ids)},
        )
        await uow.commit()
    return new


async def revoke_sanction(unit_of_work: UnitOfWorkFactory, actor: Person, sanction_id: int,
                          reason: str | None) -> RevokedSanction:
    """A decided step revoked (withdrawn after a dispute, decided by mistake): it stays in the database with
    status återkallad and stops counting on the ladder; the reason and who revoked it go to the change history.
    The same people who may decide a step may revoke one; a reason is required."""
    reason = clean_text(reason or "", max_length=BASIS_MAX_LENGTH) if reason and reason.strip() else None
    async with unit_of_work() as uow:
        found = await uow.deviations.sanction(sanction_id)
        if found is None:
            raise SanctionNotFound(id=sanction_id)
        sanction, status = found
        contract = await visible_contract(uow, actor, sanction.contract_id)
        if not may_decide_sanction(actor, contract.id):
            raise NotAllowed(permission="decide_sanction")
        if status == SanctionStatus.REVOKED:
            raise AlreadyRevoked(id=sanction_id)
        if reason is None:
            raise RevocationReasonMissing(id=sanction_id)
        await uow.deviations.revoke_sanction(sanction_id)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="sanctions", entity_id=sanction_id, action="revoke",
            before={"status": status}, after={"status": SanctionStatus.REVOKED.value, "reason": reason,
                                              "contract_reference": contract.reference, "step": sanction.step.value},
        )
        await uow.commit()
    return RevokedSanction(sanction, contract)


def _amount(step: SanctionStep, amount: Decimal | None) -> Decimal | None:
    if not takes_amount(step):
        return None
    if amount is None:
        raise AmountMissing(step=step.value)
    return check_amount(amount)
