"""Checklist answers on SQL: one row per contract, part and item; an answer given again replaces the row."""

from __future__ import annotations


from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.checklists import Answer, GivenAnswer
from storage import tables as t
from storage.types import utcnow


class SqlChecklistAnswers:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def answers(self, contract_id: int, part: str) -> list[GivenAnswer]:
        """The answers of one part of the contract's checklists, each with who gave it, oldest first."""
        a = t.checklist_answers.c
        statement = (
            select(a.item_key, a.answer, a.comment, a.answered_at, t.contacts.c.name)
            .outerjoin(t.contacts, t.contacts.c.id == a.answered_by_id)
            .where(a.contract_id == contract_id, a.part == part)
            .order_by(a.id)
        )
        rows = (await self._connection.execute(statement)).mappings()
        return [GivenAnswer(row["item_key"], Answer(row["answer"]), row["comment"], row["name"], row["answered_at"])
                for row in rows]

    async def answered_parts(self, contract_id: int) -> dict[str, set[str]]:
        """Per part, the keys of the items answered."""
        a = t.checklist_answers.c
        rows = await self._connection.execute(select(a.part, a.item_key).where(a.contract_id == contract_id))
        found: dict[str, set[str]] = {}
        for part, key in rows:
            found.setdefault(part, set()).add(key)
        return found

    async def save(self, contract_id: int, part: str, item_key: str, answer: Answer, comment: str | None,
                   answered_by_id: int | None) -> tuple[int, bool]:
        """The row's id and whether it replaced an answer already there."""
        a = t.checklist_answers.c
        values = {"answer": answer.value, "comment": comment, "answered_by_id": answered_by_id,
                  "answered_at": utcnow()}
        existing = (await self._connection.execute(
            select(a.id).where(a.contract_id == contract_id, a.part == part, a.item_key == item_key)
        )).scalar_one_or_none()
        if existing is not None:
            await self._connection.execute(update(t.checklist_answers).where(a.id == existing).values(**values))
            return existing, True
        result = await self._connection.execute(insert(t.checklist_answers).values(
            contract_id=contract_id, part=part, item_key=item_key, **values))
        return result.inserted_primary_key[0], False
