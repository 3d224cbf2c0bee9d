"""Use cases of actions: adding one to a contract's action plan, closing one, and the open ones of a person or
of contracts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date, datetime

from bot.domain.actions import Action, ActionStatus, DueDateInPast, may_close
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.people import Person
from bot.services.follow_up_access import contract_to_record, record_change, team_contacts
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory


class ActionNotFound(NotFound):
    code = "action.error.not_found"


class OwnerNotOnTeam(InvalidInput):
    code = "action.error.owner"


async def add_action(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, action: Action,
                     today: date) -> Action:
    file = await contract_to_record(catalogue, actor, action.contract_id)
    check_action(action, team_contacts(file), today)
    async with unit_of_work() as uow:
        added = await write_action(uow, actor, action)
        await uow.commit()
    return added


def check_action(action: Action, contacts: Collection[int], today: date) -> None:
    """The owner is a contact of the contract's team; the due date is not past."""
    if action.owner_id is not None and action.owner_id not in contacts:
        raise OwnerNotOnTeam()
    if action.due_date is not None and action.due_date < today:
        raise DueDateInPast(value=action.due_date.isoformat())


async def write_action(uow: UnitOfWork, actor: Person, action: Action) -> Action:
    """Writes the action and its change history in `uow` (not committed)."""
    added = replace(action, id=await uow.actions.add(action))
    await record_change(uow, actor, "action", added.id, "create", after=added)
    return added


async def close_action(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, action_id: int,
                       now: datetime) -> Action:
    """Only its owner, the contract's process owner or coordinator, and coordinators close an action. One
    unknown or of a contract `actor` may not see is `ActionNotFound`."""
    current = await catalogue.current()
    async with unit_of_work() as uow:
        action = await uow.actions.action(action_id)
        if action is None or not current.may_see_contract(actor, action.contract_id):
            raise ActionNotFound(action_id=action_id)
        if not may_close(actor, action):
            raise NotAllowed(permission="close_action")
        closed = replace(action, status=ActionStatus.CLOSED, closed_at=now)
        await uow.actions.set_status(action_id, ActionStatus.CLOSED, now)
        await record_change(uow, actor, "action", action_id, "update",
                            before={"status": action.status.value}, after={"status": closed.status.value})
        await uow.commit()
    return closed


async def my_actions(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person) -> list[Action]:
    """The actor's open and in-progress actions on contracts they may see, earliest due first."""
    if actor.id is None:
        return []
    current = await catalogue.current()
    async with unit_of_work() as uow:
        mine = await uow.actions.open_of_owner(actor.id)
    return [action for action in mine if current.may_see_contract(actor, action.contract_id)]


async def open_actions_of(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                          contract_ids: Collection[int]) -> list[Action]:
    """Open and in-progress actions of those of the contracts `actor` may see."""
    current = await catalogue.current()
    visible = [contract_id for contract_id in contract_ids if current.may_see_contract(actor, contract_id)]
    if not visible:
        return []
    async with unit_of_work() as uow:
        return await uow.actions.open_of_contracts(visible)
