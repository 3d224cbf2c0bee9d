"""Pauses of reminders on SQL, and the pending reminders they hold back."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminder_pauses import Pause
from bot.domain.reminders import ReminderStatus
from bot.domain.suppliers import Supplier
from bot.domain.text import fold
from storage import tables as t

_LABELLED = (
    t.reminder_pauses
    .outerjoin(t.contracts, t.contracts.c.id == t.reminder_pauses.c.contract_id)
    .outerjoin(t.suppliers, t.suppliers.c.id == t.reminder_pauses.c.supplier_id)
)


class SqlReminderPauses:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, *, contract_id: int | None, supplier_id: int | None, paused_until: date,
                  reason: str | None, created_by_id: int | None) -> int:
        result = await self._connection.execute(insert(t.reminder_pauses).values(
            contract_id=contract_id, supplier_id=supplier_id, paused_until=paused_until, reason=reason,
            created_by_id=created_by_id,
        ).returning(t.reminder_pauses.c.id))
        return result.scalar_one()

    async def active(self, today: date, *, contract_id: int | None = None,
                     supplier_id: int | None = None) -> list[Pause]:
        """Pauses that hold today or later; only those of the contract or the supplier when one is given."""
        p = t.reminder_pauses.c
        statement = select(p.id, p.contract_id, p.supplier_id, p.paused_until, p.reason,
                           t.contracts.c.reference, t.suppliers.c.name).select_from(_LABELLED)
        statement = statement.where(p.paused_until >= today)
        if contract_id is not None or supplier_id is not None:
            statement = statement.where(p.contract_id == contract_id, p.supplier_id == supplier_id)
        rows = (await self._connection.execute(statement.order_by(p.paused_until, p.id))).mappings()
        return [Pause(id=row["id"], contract_id=row["contract_id"], supplier_id=row["supplier_id"],
                      label=row["reference"] or row["name"] or "", paused_until=row["paused_until"],
                      reason=row["reason"]) for row in rows]

    async def end(self, pause_ids: Collection[int], last_day: date) -> None:
        p = t.reminder_pauses.c
        await self._connection.execute(
            update(t.reminder_pauses).where(p.id.in_(list(pause_ids))).values(paused_until=last_day))

    async def suppliers_named(self, name: str) -> list[Supplier]:
        """Suppliers whose name folds to `name`, else those whose name begins with it as a word
        ("Städbolaget" for "Städbolaget Exempel AB")."""
        s = t.suppliers.c
        folded = fold(name)
        for condition in (s.name_folded == folded, s.name_folded.startswith(f"{folded} ", autoescape=True)):
            rows = (await self._connection.execute(
                select(s.id, s.org_number, s.name).where(condition).order_by(s.id))).all()
            if rows:
                return [Supplier(*row) for row in rows]
        return []

    async def contract_ids_of_supplier(self, supplier_id: int) -> list[int]:
        c = t.contracts.c
        return list((await self._connection.execute(select(c.id).where(c.supplier_id == supplier_id))).scalars())

    async def hold_back(self, contract_ids: Collection[int], until: datetime) -> int:
        """Pending reminders of the contracts due before `until` become due at `until`; how many."""
        r = t.reminders.c
        result = await self._connection.execute(
            update(t.reminders)
            .where(r.contract_id.in_(list(contract_ids)), r.status == ReminderStatus.PENDING.value, r.due_at < until)
            .values(due_at=until)
        )
        return result.rowcount

    async def release(self, contract_ids: Collection[int], held_until: datetime, now: datetime) -> int:
        """Pending reminders a pause held back to `held_until` become due at `now`; how many."""
        r = t.reminders.c
        result = await self._connection.execute(
            update(t.reminders)
            .where(r.contract_id.in_(list(contract_ids)), r.status == ReminderStatus.PENDING.value,
                   r.due_at == held_until)
            .values(due_at=now)
        )
        return result.rowcount
