"""A supplier's SWOT items on SQL, and the follow-up facts its suggestions are made from, read per supplier in
a few queries (never one per contract)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.swot import Quadrant, SwotItem, SwotStatus
from bot.domain.swot_suggestions import RatingFact
from storage import tables as t

_S = t.swot_items.c


class SqlSwot:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def items_of(self, supplier_id: int) -> list[SwotItem]:
        """Every item of the supplier in any status, oldest first."""
        rows = (await self._connection.execute(
            select(t.swot_items).where(_S.supplier_id == supplier_id).order_by(_S.id)
        )).mappings()
        return [_item(row) for row in rows]

    async def item(self, item_id: int) -> SwotItem | None:
        row = (await self._connection.execute(select(t.swot_items).where(_S.id == item_id))).mappings().first()
        return _item(row) if row is not None else None

    async def add(self, item: SwotItem) -> int:
        result = await self._connection.execute(insert(t.swot_items).values(
            supplier_id=item.supplier_id, quadrant=item.quadrant.value, text=item.text, status=item.status.value,
            created_by_id=item.created_by_id,
        ).returning(_S.id))
        return result.scalar_one()

    async def set_status(self, item_id: int, status: SwotStatus) -> None:
        await self._connection.execute(update(t.swot_items).where(_S.id == item_id).values(status=status.value))

    async def remove(self, item_id: int) -> None:
        await self._connection.execute(delete(t.swot_items).where(_S.id == item_id))

    # --- facts for the suggestions ---

    async def latest_rating(self, supplier_id: int) -> RatingFact | None:
        """The mean score of the supplier's latest rated period ("2026-Q4"), read only."""
        r = t.supplier_ratings.c
        row = (await self._connection.execute(
            select(r.period, func.avg(r.score).label("mean")).where(r.supplier_id == supplier_id)
            .group_by(r.period).order_by(r.period.desc()).limit(1)
        )).first()
        return RatingFact(row.period, Decimal(str(row.mean)).quantize(Decimal("0.01"))) if row is not None else None


def _item(row: Mapping[str, Any]) -> SwotItem:
    return SwotItem(
        id=row["id"], supplier_id=row["supplier_id"], quadrant=Quadrant(row["quadrant"]), text=row["text"],
        status=SwotStatus(row["status"]), created_by_id=row["created_by_id"], created_at=row["created_at"],
    )
