"""Deviations and the steps of the sanctions ladder on SQL; a step keeps the deviations it was based on."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import false, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.deviations import Deviation, DeviationStatus, DeviationType, Severity
from bot.domain.kpis import KpiContract
from bot.domain.sanctions import Sanction, SanctionStatus, SanctionStep
from storage import tables as t
from storage.kpi_repository import CONTRACTS_WITH_SUPPLIERS, KPI_CONTRACT_COLUMNS

_D = t.deviations.c


class SqlDeviations:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def contracts(self, *, everyone: bool, contract_ids: Collection[int], supplier_id: int | None,
                        limit: int) -> list[KpiContract]:
        """Contracts by reference: all of them, or those among `contract_ids` or of the supplier."""
        statement = select(*KPI_CONTRACT_COLUMNS).select_from(CONTRACTS_WITH_SUPPLIERS)
        if not everyone:
            condition = t.contracts.c.id.in_(list(contract_ids)) if contract_ids else false()
            if supplier_id is not None:
                condition = condition | (t.contracts.c.supplier_id == supplier_id)
            statement = statement.where(condition)
        rows = (await self._connection.execute(statement.order_by(t.contracts.c.reference).limit(limit))).mappings()
        return [KpiContract(**dict(row)) for row in rows]

    async def contract(self, contract_id: int) -> KpiContract | None:
        row = (await self._connection.execute(
            select(*KPI_CONTRACT_COLUMNS).select_from(CONTRACTS_WITH_SUPPLIERS).where(t.contracts.c.id == contract_id)
        )).mappings().first()
        return KpiContract(**dict(row)) if row is not None else None

    async def add(self, deviation: Deviation) -> int:
        result = await self._connection.execute(insert(t.deviations).values(
            contract_id=deviation.contract_id, occurred_on=deviation.occurred_on, type=deviation.type.value,
            severity=deviation.severity.value, is_complaint=deviation.is_complaint,
            description=deviation.description, reported_by_id=deviation.reported_by_id,
            source_message_id=deviation.source_message_id,
        ))
        return result.inserted_primary_key[0]

    async def of_contract(self, contract_id: int, since: date | None = None) -> list[Deviation]:
        """The contract's deviations (from `since` on), oldest first."""
        return await self.of_contracts((contract_id,), since)

    async def of_contracts(self, contract_ids: Collection[int], since: date | None = None) -> list[Deviation]:
        """The contracts' deviations (from `since` on), oldest first, in one statement; voided ones left out."""
        if not contract_ids:
            return []
        statement = select(t.deviations).where(_D.contract_id.in_(list(contract_ids)),
                                               _D.status != DeviationStatus.VOIDED.value)
        if since is not None:
            statement = statement.where(_D.occurred_on >= since)
        rows = (await self._connection.execute(statement.order_by(_D.occurred_on, _D.id))).mappings()
        return [_deviation(row) for row in rows]

    async def deviation(self, deviation_id: int) -> tuple[Deviation, str] | None:
        """The deviation and its status, voided or not."""
        row = (await self._connection.execute(select(t.deviations).where(_D.id == deviation_id))).mappings().first()
        return (_deviation(row), row["status"]) if row is not None else None

    async def void_deviation(self, deviation_id: int) -> bool:
        """The deviation stops counting; False when it was voided already."""
        result = await self._connection.execute(
            update(t.deviations).where(_D.id == deviation_id, _D.status != DeviationStatus.VOIDED.value)
            .values(status=DeviationStatus.VOIDED.value))
        return result.rowcount == 1

    async def sanctions_of(self, contract_id: int, *, revoked: bool = False) -> list[Sanction]:
        return await self.sanctions_of_contracts((contract_id,), revoked=revoked)

    async def sanction(self, sanction_id: int) -> tuple[Sanction, str] | None:
        """The step and its status, whether in force or revoked."""
        row = (await self._connection.execute(select(t.sanctions).where(t.sanctions.c.id == sanction_id))
               ).mappings().first()
        return (sanction_from_row(row, ()), row["status"]) if row is not None else None

    async def revoke_sanction(self, sanction_id: int) -> bool:
        """The step stops counting; False when it was revoked already."""
        s = t.sanctions.c
        result = await self._connection.execute(
            update(t.sanctions).where(s.id == sanction_id, s.status != SanctionStatus.REVOKED.value)
            .values(status=SanctionStatus.REVOKED.value))
        return result.rowcount == 1

    async def sanctions_of_contracts(self, contract_ids: Collection[int], *, revoked: bool = False) -> list[Sanction]:
        """The steps in force on the contracts (or, with `revoked`, those revoked), oldest first, each with the
        deviations it was based on."""
        if not contract_ids:
            return []
        s, link = t.sanctions.c, t.sanction_deviations.c
        revoked_value = SanctionStatus.REVOKED.value
        status = s.status == revoked_value if revoked else s.status != revoked_value
        rows = (await self._connection.execute(
            select(t.sanctions).where(s.contract_id.in_(list(contract_ids)), status).order_by(s.decided_on, s.id)
        )).mappings().all()
        links = (await self._connection.execute(
            select(link.sanction_id, link.deviation_id).where(link.sanction_id.in_([row["id"] for row in rows]))
        )).all() if rows else []
        basis: dict[int, list[int]] = {}
        for sanction_id, deviation_id in links:
            basis.setdefault(sanction_id, []).append(deviation_id)
        return [sanction_from_row(row, tuple(sorted(basis.get(row["id"], [])))) for row in rows]

    async def add_sanction(self, sanction: Sanction) -> int:
        result = await self._connection.execute(insert(t.sanctions).values(
            contract_id=sanction.contract_id, step=sanction.step.value, decided_on=sanction.decided_on,
            basis=sanction.basis, decided_by=sanction.decided_by, amount_sek=sanction.amount_sek,
            status=SanctionStatus.DECIDED.value,
        ))
        sanction_id = result.inserted_primary_key[0]
        if sanction.deviation_ids:
            await self._connection.execute(insert(t.sanction_deviations), [
                {"sanction_id": sanction_id, "deviation_id": deviation_id} for deviation_id in sanction.deviation_ids
            ])
        return sanction_id


def _deviation(row: Mapping[str, Any]) -> Deviation:
    return Deviation(
        id=row["id"], contract_id=row["contract_id"], occurred_on=row["occurred_on"],
        type=DeviationType(row["type"]), severity=Severity(row["severity"]), is_complaint=bool(row["is_complaint"]),
        description=row["description"], reported_by_id=row["reported_by_id"],
        source_message_id=row["source_message_id"],
    )


def sanction_from_row(row: Mapping[str, Any], deviation_ids: tuple[int, ...]) -> Sanction:
    amount = row["amount_sek"]
    return Sanction(
        id=row["id"], contract_id=row["contract_id"], step=SanctionStep(row["step"]), decided_on=row["decided_on"],
        decided_by=row["decided_by"] or "", basis=row["basis"],
        amount_sek=Decimal(str(amount)).quantize(Decimal("0.01")) if amount is not None else None,
        deviation_ids=deviation_ids,
    )
