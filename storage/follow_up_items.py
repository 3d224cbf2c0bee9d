"""The follow-up items reminders are about, read as plain facts: contracts with their dates, meetings and their
attendees, actions and their owners, and people's names."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.contracts import months_before
from bot.domain.reminder_content import ACTION_DONE, MEETING_PLANNED, Action, Meeting, ReminderContract
from storage import tables as t

_CONTRACTS = t.contracts.join(t.suppliers, t.suppliers.c.id == t.contracts.c.supplier_id)
_CONTRACT_COLUMNS = (
    t.contracts.c.id, t.contracts.c.reference, t.contracts.c.title, t.suppliers.c.name.label("supplier_name"),
    t.contracts.c.status, t.contracts.c.end_date, t.contracts.c.notice_period_months,
)


class SqlFollowUpItems:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def contracts(self, contract_ids: Collection[int]) -> dict[int, ReminderContract]:
        return {contract.id: contract for contract in await self._contracts(t.contracts.c.id.in_(list(contract_ids)))}

    async def contracts_with_role(self, contact_id: int, roles: Collection[str]) -> list[ReminderContract]:
        """The contracts where the contact holds one of `roles` in the follow-up team."""
        cr = t.contract_roles.c
        mine = select(cr.contract_id).where(cr.contact_id == contact_id, cr.role.in_(list(roles)))
        return await self._contracts(t.contracts.c.id.in_(mine))

    async def roles_in(self, contact_id: int, contract_id: int) -> set[str]:
        cr = t.contract_roles.c
        rows = await self._connection.execute(
            select(cr.role).where(cr.contact_id == contact_id, cr.contract_id == contract_id))
        return set(rows.scalars())

    async def names(self, contact_ids: Collection[int]) -> dict[int, str]:
        c = t.contacts.c
        rows = await self._connection.execute(select(c.id, c.name).where(c.id.in_(list(contact_ids))))
        return dict(rows.all())

    async def meeting(self, meeting_id: int) -> Meeting | None:
        found = await self._meetings(t.meetings.c.id == meeting_id)
        return found[0] if found else None

    async def meetings_attended(self, contact_id: int, start: datetime, end: datetime) -> list[Meeting]:
        """Planned meetings the contact attends that start in [start, end)."""
        m, a = t.meetings.c, t.meeting_attendees.c
        attended = select(a.meeting_id).where(a.contact_id == contact_id)
        return await self._meetings(m.id.in_(attended), m.status == MEETING_PLANNED, m.starts_at >= start,
                                    m.starts_at < end)

    async def action(self, action_id: int) -> Action | None:
        found = await self._actions(t.actions.c.id == action_id)
        return found[0] if found else None

    async def open_actions_of(self, owner_id: int, due_by: date) -> list[Action]:
        """The owner's actions not done whose due date is `due_by` or earlier."""
        a = t.actions.c
        return await self._actions(a.owner_id == owner_id, a.status.not_in(list(ACTION_DONE)), a.due_date <= due_by)

    async def _contracts(self, *conditions) -> list[ReminderContract]:
        rows = (await self._connection.execute(
            select(*_CONTRACT_COLUMNS).select_from(_CONTRACTS).where(*conditions).order_by(t.contracts.c.reference)
        )).mappings()
        return [_contract(row) for row in rows]

    async def _meetings(self, *conditions) -> list[Meeting]:
        m = t.meetings.c
        rows = (await self._connection.execute(
            select(m.id, m.contract_id, m.form, m.starts_at, m.status).where(*conditions)
            .order_by(m.starts_at, m.id)
        )).mappings()
        return [Meeting(**row) for row in rows]

    async def _actions(self, *conditions) -> list[Action]:
        a = t.actions.c
        rows = (await self._connection.execute(
            select(a.id, a.contract_id, a.title, a.due_date, a.status).where(*conditions).order_by(a.due_date, a.id)
        )).mappings()
        return [Action(**row) for row in rows]


def _contract(row: Mapping[str, Any]) -> ReminderContract:
    end, months = row["end_date"], row["notice_period_months"]
    return ReminderContract(
        id=row["id"], reference=row["reference"], title=row["title"], supplier_name=row["supplier_name"],
        status=row["status"], end_date=end,
        notice_date=months_before(end, months) if end is not None and months is not None else None,
    )
