"""Which contract a person may read or record follow-up on (meetings' notes, decisions, actions), from the
register's catalogue: one the person may not see is answered as one that does not exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from bot.domain.access import ContractScope, Permission, allowed, require
from bot.domain.catalogue import Hit, Kind
from bot.domain.contracts import ContractFile
from bot.domain.errors import NotFound
from bot.domain.people import Person
from bot.services.follow_up_plans import contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork


class FollowUpContractNotFound(NotFound):
    code = "follow_up.error.contract_not_found"


class MeetingNotFound(NotFound):
    code = "notes.error.meeting_not_found"


async def contract_to_see(catalogue: CatalogueCache, actor: Person, contract_id: int) -> ContractFile:
    current = await catalogue.current()
    if not current.may_see_contract(actor, contract_id):
        raise FollowUpContractNotFound()
    return current.contract_file(contract_id)


async def contract_to_record(catalogue: CatalogueCache, actor: Person, contract_id: int) -> ContractFile:
    """The contract's file when `actor` may record follow-up on it; `NotAllowed` when only seeing it."""
    file = await contract_to_see(catalogue, actor, contract_id)
    require(actor, Permission.RECORD_FOLLOW_UP, ContractScope(contract_id, file.contract.supplier_id))
    return file


async def recordable_contracts(catalogue: CatalogueCache, actor: Person, typed: str | None = None) -> list[Hit]:
    """The contracts `actor` may record follow-up on; with `typed`, those it names (a reference, a title or a
    supplier's name)."""
    current = await catalogue.current()
    if typed:
        hits = await contracts_named(catalogue, actor, typed)
    else:
        hits = [current.label(Kind.CONTRACT, contract_id) for contract_id in sorted(current.contracts)]
    return [hit for hit in hits if allowed(actor, Permission.RECORD_FOLLOW_UP,
                                           ContractScope(hit.id, current.contracts[hit.id].supplier_id))]


def team_contacts(file: ContractFile) -> Mapping[int, str]:
    """The contacts of the contract's follow-up team (all three parties), by id."""
    return {member.contact.id: member.contact.name for member in file.team if member.contact.id is not None}


async def record_change(uow: UnitOfWork, actor: Person, entity: str, entity_id: int, action: str, *,
                        before: object = None, after: object = None) -> None:
    """A change_history row for a dataclass record before and after, dates written as ISO text."""
    await uow.history.record(actor=actor, actor_label=actor.email, entity=entity, entity_id=entity_id,
                             action=action, before=_jsonable(before), after=_jsonable(after))


def _jsonable(record: object) -> dict[str, object] | None:
    if record is None:
        return None
    values = asdict(record) if not isinstance(record, Mapping) else dict(record)
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in values.items()}
