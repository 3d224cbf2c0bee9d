"""What a summary needs beyond the register and the other repositories, read for one contract or a supplier's
many in one statement: the held and planned meetings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminder_content import MEETING_HELD, MEETING_PLANNED, Meeting
from storage import tables as t


class SqlSummaryFacts:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def meetings_of_contracts(self, contract_ids: Collection[int], now: datetime) -> dict[int, list[Meeting]]:
        """The held meetings and those planned from `now` on."""
        m = t.meetings.c
        rows = (await self._connection.execute(
            select(m.id, m.contract_id, m.form, m.starts_at, m.status)
            .where(m.contract_id.in_(list(contract_ids)),
                   or_(m.status == MEETING_HELD, (m.status == MEETING_PLANNED) & (m.starts_at >= now)))
            .order_by(m.starts_at, m.id)
        )).mappings()
        found: dict[int, list[Meeting]] = defaultdict(list)
        for row in rows:
            found[row["contract_id"]].append(Meeting(**row))
        return dict(found)
