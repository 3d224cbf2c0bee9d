"""Lessons for the next procurement on SQL: added together in one transaction, read back with who recorded
them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.lessons import Lesson, LessonKind
from storage import tables as t

_L = t.lessons.c


class SqlLessons:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, lessons: Sequence[Lesson]) -> list[int]:
        ids = []
        for lesson in lessons:
            result = await self._connection.execute(insert(t.lessons).values(
                contract_id=lesson.contract_id, kind=lesson.kind.value, text=lesson.text,
                recorded_by_id=lesson.recorded_by_id,
            ).returning(_L.id))
            ids.append(result.scalar_one())
        return ids

    async def all(self, contract_id: int | None = None) -> list[Lesson]:
        """Every lesson (of one contract, when given), oldest first, with the recorder's name."""
        statement = (
            select(t.lessons, t.contacts.c.name.label("recorded_by"))
            .select_from(t.lessons.outerjoin(t.contacts, t.contacts.c.id == _L.recorded_by_id))
            .order_by(_L.id)
        )
        if contract_id is not None:
            statement = statement.where(_L.contract_id == contract_id)
        rows = (await self._connection.execute(statement)).mappings()
        return [Lesson(id=row["id"], contract_id=row["contract_id"], kind=LessonKind(row["kind"]), text=row["text"],
                       recorded_by_id=row["recorded_by_id"], recorded_by=row["recorded_by"],
                       created_at=row["created_at"]) for row in rows]
