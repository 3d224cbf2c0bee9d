"""Actions of the contracts' action plans on SQL, read with their owner's name and the contract's reference."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.actions import STILL_OPEN, Action, ActionStatus
from storage import tables as t

_JOINED = t.actions.join(t.contracts, t.contracts.c.id == t.actions.c.contract_id).outerjoin(
    t.contacts, t.contacts.c.id == t.actions.c.owner_id
)
_COLUMNS = (
    t.actions.c.id, t.actions.c.contract_id, t.actions.c.title, t.actions.c.owner_id, t.actions.c.due_date,
    t.actions.c.status, t.actions.c.party, t.actions.c.meeting_id, t.actions.c.closed_at,
    t.contacts.c.name.label("owner_name"), t.contracts.c.reference.label("contract_reference"),
)
_OPEN = [status.value for status in STILL_OPEN]


class SqlActionPlan:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, action: Action) -> int:
        result = await self._connection.execute(
            insert(t.actions).values(
                contract_id=action.contract_id, meeting_id=action.meeting_id, title=action.title,
                owner_id=action.owner_id, party=action.party, due_date=action.due_date, status=action.status.value,
            ).returning(t.actions.c.id)
        )
        return result.scalar_one()

    async def action(self, action_id: int) -> Action | None:
        found = await self._select(t.actions.c.id == action_id)
        return found[0] if found else None

    async def set_status(self, action_id: int, status: ActionStatus, closed_at: datetime | None) -> None:
        await self._connection.execute(
            update(t.actions).where(t.actions.c.id == action_id).values(status=status.value, closed_at=closed_at)
        )

    async def open_of_owner(self, owner_id: int) -> list[Action]:
        return await self._select(t.actions.c.owner_id == owner_id, t.actions.c.status.in_(_OPEN))

    async def open_of_contracts(self, contract_ids: Collection[int]) -> list[Action]:
        return await self._select(t.actions.c.contract_id.in_(list(contract_ids)), t.actions.c.status.in_(_OPEN))

    async def _select(self, *conditions) -> list[Action]:
        a = t.actions.c
        rows = (await self._connection.execute(
            select(*_COLUMNS).select_from(_JOINED).where(*conditions)
            .order_by(a.due_date.is_(None), a.due_date, a.id)
        )).mappings()
        return [Action(**{**row, "status": ActionStatus(row["status"])}) for row in rows]
