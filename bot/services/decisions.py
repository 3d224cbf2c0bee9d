"""Use cases of the decision log: logging a decision, correcting one by a new entry, and the log of a contract."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.decisions import Decision, LoggedDecision, correction_of, decision_log
from bot.domain.errors import NotFound
from bot.domain.people import Person
from bot.services.follow_up_access import MeetingNotFound, contract_to_record, contract_to_see, record_change
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory


class DecisionNotFound(NotFound):
    code = "decision.error.not_found"


async def log_decision(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                       decision: Decision) -> Decision:
    await contract_to_record(catalogue, actor, decision.contract_id)
    async with unit_of_work() as uow:
        await _check_meeting(uow, decision)
        logged = await add_decision(uow, actor, decision)
        await uow.commit()
    return logged


async def decision_to_correct(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                              decision_id: int) -> Decision:
    """The decision `actor` may correct; `DecisionNotFound` for one unknown or of a contract not theirs to see."""
    async with unit_of_work() as uow:
        decision = await uow.decisions.decision(decision_id)
    if decision is None or not (await catalogue.current()).may_see_contract(actor, decision.contract_id):
        raise DecisionNotFound(decision_id=decision_id)
    await contract_to_record(catalogue, actor, decision.contract_id)
    return decision


async def correct_decision(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                           decision_id: int, corrected: Decision) -> Decision:
    """A new entry pointing at `decision_id`; the old entry is left as it was."""
    original = await decision_to_correct(unit_of_work, catalogue, actor, decision_id)
    async with unit_of_work() as uow:
        logged = await add_decision(uow, actor, correction_of(original, corrected))
        await uow.commit()
    return logged


async def decisions_of(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                       contract_id: int) -> list[LoggedDecision]:
    """The contract's log, newest first, corrected entries marked."""
    await contract_to_see(catalogue, actor, contract_id)
    async with unit_of_work() as uow:
        return decision_log(await uow.decisions.of_contract(contract_id))


async def add_decision(uow: UnitOfWork, actor: Person, decision: Decision) -> Decision:
    """Writes the entry and its change history in `uow` (not committed)."""
    stored = replace(decision, recorded_by_id=actor.id)
    logged = replace(stored, id=await uow.decisions.add(stored))
    await record_change(uow, actor, "decision", logged.id, "create", after=logged)
    return logged


async def _check_meeting(uow: UnitOfWork, decision: Decision) -> None:
    if decision.meeting_id is None:
        return
    meeting = await uow.meeting_records.meeting(decision.meeting_id)
    if meeting is None or meeting.contract_id != decision.contract_id:
        raise MeetingNotFound(meeting_id=decision.meeting_id)
