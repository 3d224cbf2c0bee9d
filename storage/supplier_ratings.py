"""The customer-satisfaction survey's answers on SQL (`supplier_ratings`): one per person, supplier and quarter;
answering again replaces the answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.supplier_rating import SurveyAnswer
from storage import tables as t

_R = t.supplier_ratings.c


class SqlSupplierRatings:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def save(self, supplier_id: int, period: str, score: int, comment: str | None,
                   rated_by_id: int) -> tuple[int, SurveyAnswer | None]:
        """The person's answer for the supplier and quarter: its id, and the answer it replaced, if any."""
        mine = (_R.supplier_id == supplier_id, _R.period == period, _R.rated_by_id == rated_by_id)
        before = (await self._connection.execute(
            select(_R.score, _R.comment).where(*mine).order_by(_R.id.desc()))).first()
        await self._connection.execute(delete(t.supplier_ratings).where(*mine))
        rating_id = await self._connection.scalar(insert(t.supplier_ratings).values(
            supplier_id=supplier_id, period=period, score=score, comment=comment, rated_by_id=rated_by_id,
        ).returning(_R.id))
        return rating_id, SurveyAnswer(before.score, before.comment, None, rated_by_id) if before else None

    async def answers(self, supplier_id: int, periods: Collection[str]) -> dict[str, list[SurveyAnswer]]:
        """The answers of those quarters, oldest first, by quarter; the name of whoever gave each."""
        return (await self.answers_of_suppliers((supplier_id,), periods)).get(supplier_id, {})

    async def answers_of_suppliers(self, supplier_ids: Collection[int],
                                   periods: Collection[str]) -> dict[int, dict[str, list[SurveyAnswer]]]:
        """`answers` of each supplier, in one statement: supplier id → quarter → answers."""
        contacts = t.contacts.c
        rows = await self._connection.execute(
            select(_R.supplier_id, _R.period, _R.score, _R.comment, _R.rated_by_id, contacts.name, contacts.erased_at)
            .select_from(t.supplier_ratings.outerjoin(t.contacts, contacts.id == _R.rated_by_id))
            .where(_R.supplier_id.in_(list(supplier_ids)), _R.period.in_(list(periods)))
            .order_by(_R.created_at, _R.id))
        found: dict[tuple[int, str], dict[object, SurveyAnswer]] = defaultdict(dict)
        for number, (supplier_id, period, score, comment, rated_by_id, name, erased_at) in enumerate(rows):
            # one per person: should two answers have been saved at the same moment, the later one counts
            key = rated_by_id if rated_by_id is not None else -number - 1
            found[supplier_id, period].pop(key, None)
            found[supplier_id, period][key] = SurveyAnswer(score, comment, None if erased_at is not None else name,
                                                           rated_by_id)
        by_supplier: dict[int, dict[str, list[SurveyAnswer]]] = defaultdict(dict)
        for (supplier_id, period), answers in found.items():
            by_supplier[supplier_id][period] = list(answers.values())
        return dict(by_supplier)
