"""What is recorded of held meetings on SQL: the meetings of a contract, their notes, and being held."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminder_content import MEETING_HELD, MEETING_PLANNED, Meeting
from storage import tables as t


class SqlMeetingRecords:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def meeting(self, meeting_id: int) -> Meeting | None:
        found = await self._select(t.meetings.c.id == meeting_id)
        return found[0] if found else None

    async def recent_of(self, contract_id: int, *, limit: int) -> list[Meeting]:
        """The contract's meetings, latest start first."""
        return await self._select(t.meetings.c.contract_id == contract_id, limit=limit)

    async def add_notes(self, meeting_id: int, text: str, submitted_by_id: int | None) -> int:
        result = await self._connection.execute(
            insert(t.meeting_notes).values(meeting_id=meeting_id, text=text, submitted_by_id=submitted_by_id)
            .returning(t.meeting_notes.c.id)
        )
        return result.scalar_one()

    async def mark_held(self, meeting_id: int) -> bool:
        """A planned meeting becomes genomfört; False when it was not planned."""
        m = t.meetings.c
        result = await self._connection.execute(
            update(t.meetings).where(m.id == meeting_id, m.status == MEETING_PLANNED).values(status=MEETING_HELD)
        )
        return result.rowcount == 1

    async def _select(self, *conditions, limit: int | None = None) -> list[Meeting]:
        m = t.meetings.c
        query = select(m.id, m.contract_id, m.form, m.starts_at, m.status).where(*conditions)
        rows = (await self._connection.execute(query.order_by(m.starts_at.desc(), m.id.desc()).limit(limit))).mappings()
        return [Meeting(**row) for row in rows]
