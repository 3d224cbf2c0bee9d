"""The decision log on SQL: rows are only ever added; a correction is a new row with `corrects_id`."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.decisions import Decision
from storage import tables as t

_COLUMNS = (
    t.decisions.c.id, t.decisions.c.contract_id, t.decisions.c.decided_on, t.decisions.c.what,
    t.decisions.c.decided_by, t.decisions.c.basis, t.decisions.c.meeting_id, t.decisions.c.corrects_id,
    t.decisions.c.recorded_by_id,
)


class SqlDecisionLog:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, decision: Decision) -> int:
        result = await self._connection.execute(
            insert(t.decisions).values(
                contract_id=decision.contract_id, meeting_id=decision.meeting_id, decided_on=decision.decided_on,
                what=decision.what, decided_by=decision.decided_by, basis=decision.basis,
                corrects_id=decision.corrects_id, recorded_by_id=decision.recorded_by_id,
            ).returning(t.decisions.c.id)
        )
        return result.scalar_one()

    async def decision(self, decision_id: int) -> Decision | None:
        found = await self._select(t.decisions.c.id == decision_id)
        return found[0] if found else None

    async def of_contract(self, contract_id: int) -> list[Decision]:
        return await self._select(t.decisions.c.contract_id == contract_id)

    async def _select(self, *conditions) -> list[Decision]:
        rows = (await self._connection.execute(
            select(*_COLUMNS).where(*conditions).order_by(t.decisions.c.id)
        )).mappings()
        return [Decision(**row) for row in rows]
