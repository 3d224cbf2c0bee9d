"""What a summary needs beyond the register, read for one contract or a supplier's many in one statement each:
the KPIs, this year's deviations, the sanctions decided and the held and planned meetings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.deviations import Severity
from bot.domain.kpis import KpiDefinition
from bot.domain.reminder_content import MEETING_HELD, MEETING_PLANNED, Meeting
from bot.domain.sanctions import Sanction
from storage import tables as t
from storage.deviations import sanction_from_row
from storage.kpi_repository import (
    CONTRACTS_WITH_SUPPLIERS,
    KPI_CONTRACT_COLUMNS,
    kpi_definition_from_row,
)


class SqlSummaryFacts:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def kpis_of_contracts(self, contract_ids: Collection[int]) -> dict[int, list[KpiDefinition]]:
        k = t.kpi_definitions.c
        rows = (await self._connection.execute(
            select(t.kpi_definitions, *[column.label(f"c_{column.key}") for column in KPI_CONTRACT_COLUMNS])
            .select_from(t.kpi_definitions.join(CONTRACTS_WITH_SUPPLIERS, t.contracts.c.id == k.contract_id))
            .where(k.contract_id.in_(list(contract_ids))).order_by(k.id)
        )).mappings()
        found: dict[int, list[KpiDefinition]] = defaultdict(list)
        for row in rows:
            found[row["contract_id"]].append(kpi_definition_from_row(row))
        return dict(found)

    async def deviations_since(self, contract_ids: Collection[int], since: date) -> dict[int, list[tuple[date, Severity]]]:
        d = t.deviations.c
        rows = await self._connection.execute(
            select(d.contract_id, d.occurred_on, d.severity)
            .where(d.contract_id.in_(list(contract_ids)), d.occurred_on >= since).order_by(d.occurred_on, d.id)
        )
        found: dict[int, list[tuple[date, Severity]]] = defaultdict(list)
        for contract_id, occurred_on, severity in rows:
            found[contract_id].append((occurred_on, Severity(severity)))
        return dict(found)

    async def sanctions_of_contracts(self, contract_ids: Collection[int]) -> dict[int, list[Sanction]]:
        s = t.sanctions.c
        rows = (await self._connection.execute(
            select(t.sanctions).where(s.contract_id.in_(list(contract_ids))).order_by(s.decided_on, s.id)
        )).mappings()
        found: dict[int, list[Sanction]] = defaultdict(list)
        for row in rows:
            found[row["contract_id"]].append(sanction_from_row(row, ()))
        return dict(found)

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
