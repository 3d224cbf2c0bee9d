"""KPI definitions and values in and out of SQL in bulk, for the register workbook's import and export.

Natural keys: a definition by (contract reference, KPI name), a value by (definition, period). Written with the
register import's bulk writer, so every created or updated row leaves a change history row; a corrected value
keeps its old value there (`before`). An empty optional cell leaves the stored value; nothing is deleted.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.errors import DomainError
from bot.domain.kpi_rows import KpiKeys, KpiRow, KpiRows, KpiValueRow, StoredKpi
from bot.domain.kpis import Direction, Frequency, Period
from bot.domain.register_rows import Counts
from bot.domain.roles import Party
from storage import tables as t
from storage.register_revision import bump_register_revision
from storage.register_store import WantedRow, BulkWriter

_FREQUENCIES = [frequency.value for frequency in Frequency]


class SqlKpiStore:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def known_keys(self) -> KpiKeys:
        d, k = t.kpi_definitions, t.contracts
        with_values = select(t.kpi_values.c.id).where(t.kpi_values.c.kpi_id == d.c.id).exists()
        rows = await self._connection.execute(
            select(k.c.reference, d.c.name, d.c.frequency, d.c.min_value, d.c.max_value, with_values)
            .join(k, k.c.id == d.c.contract_id).where(d.c.frequency.in_(_FREQUENCIES))
        )
        return KpiKeys(
            kpis={(reference, name): StoredKpi(Frequency(frequency), low, high, bool(has_values))
                  for reference, name, frequency, low, high, has_values in rows},
            emails=frozenset((await self._contact_ids()).keys()),
        )

    async def apply(self, kpis: KpiRows, *, actor_label: str) -> tuple[Counts, Counts]:
        """Create and update the (validated) definitions and values; counts of each."""
        writer = BulkWriter(self._connection, actor_label)
        contract_ids = {reference: contract_id for reference, contract_id in await self._connection.execute(
            select(t.contracts.c.reference, t.contracts.c.id))}
        contact_ids = await self._contact_ids()
        definitions, _ = await writer.upsert(t.kpi_definitions, ("contract_id", "name"), [
            _definition(row, contract_ids[row.reference], contact_ids) for row in kpis.kpis
        ])
        kpi_ids = {(reference, name): kpi_id for kpi_id, reference, name in await self._connection.execute(
            select(t.kpi_definitions.c.id, t.contracts.c.reference, t.kpi_definitions.c.name)
            .join(t.contracts, t.contracts.c.id == t.kpi_definitions.c.contract_id))}
        values, _ = await writer.upsert(t.kpi_values, ("kpi_id", "period"), [
            WantedRow((kpi_ids[row.kpi_key], row.period.label), {
                "value": row.value, "comment": row.comment,
                "reported_by_id": contact_ids[row.reported_by_email] if row.reported_by_email else None,
            }, {})
            for row in kpis.values
        ])
        await writer.flush_history()
        if any(counts.created or counts.updated for counts in (definitions, values)):
            await bump_register_revision(self._connection)
        return definitions, values

    async def _contact_ids(self) -> dict[str, int]:
        c = t.contacts
        return {email: contact_id for email, contact_id in await self._connection.execute(
            select(c.c.email, c.c.id).where(c.c.email.is_not(None), c.c.erased_at.is_(None)))}

    async def snapshot(self) -> KpiRows:
        """Every KPI and value, ordered by contract, KPI name and period."""
        d, k, c, v = t.kpi_definitions, t.contracts, t.contacts, t.kpi_values
        definitions = []
        for row in (await self._connection.execute(
            select(d, k.c.reference, c.c.email).join(k, k.c.id == d.c.contract_id)
            .outerjoin(c, c.c.id == d.c.reporter_contact_id)
            .where(d.c.frequency.in_(_FREQUENCIES)).order_by(k.c.reference, d.c.name)
        )).mappings():
            definitions.append(KpiRow(
                row=0, reference=row["reference"], name=row["name"], frequency=Frequency(row["frequency"]),
                unit=row["unit"], target=row["target"], direction=_member(Direction, row["direction"]),
                yellow=row["yellow_threshold"], red=row["red_threshold"], reporter_email=row["email"],
                reporter_party=None if row["email"] else _member(Party, row["reporter_party"]),
                source=row["source"], min_value=row["min_value"], max_value=row["max_value"],
                active_from=row["active_from"], active_to=row["active_to"],
            ))
        values = []
        for reference, name, frequency, period, value, comment, email in await self._connection.execute(
            select(k.c.reference, d.c.name, d.c.frequency, v.c.period, v.c.value, v.c.comment, c.c.email)
            .join(d, d.c.id == v.c.kpi_id).join(k, k.c.id == d.c.contract_id)
            .outerjoin(c, c.c.id == v.c.reported_by_id)
            .where(d.c.frequency.in_(_FREQUENCIES)).order_by(k.c.reference, d.c.name, v.c.period)
        ):
            try:
                label = Period.parse(period, Frequency(frequency))
            except DomainError:  # a stored period that is not of its KPI's frequency cannot be imported again
                continue
            values.append(KpiValueRow(0, reference, name, label, value, comment, email))
        # Sorted here rather than by the database's collation, so every database exports the same order.
        return KpiRows(tuple(sorted(definitions, key=lambda k: k.key)),
                       tuple(sorted(values, key=lambda v: (v.kpi_key, v.period.label))))


def _definition(row: KpiRow, contract_id: int, contact_ids: dict[str, int]) -> WantedRow:
    values: dict[str, Any] = {
        "unit": row.unit, "target": row.target, "direction": row.direction.value if row.direction else None,
        "yellow_threshold": row.yellow, "red_threshold": row.red, "frequency": row.frequency.value,
        "reporter_contact_id": contact_ids[row.reporter_email] if row.reporter_email else None,
        "reporter_party": row.reporter_party.value if row.reporter_party else None,
        "source": row.source, "min_value": row.min_value, "max_value": row.max_value,
        "active_from": row.active_from, "active_to": row.active_to,
    }
    # A reporter is a person or a party: naming one clears the other.
    clears = ("reporter_party",) if row.reporter_email else ("reporter_contact_id",) if row.reporter_party else ()
    on_create = {"direction": Direction.HIGHER.value} if row.direction is None else {}
    return WantedRow((contract_id, row.name), values, on_create, clears)


def _member(enum, value):
    return enum(value) if value in enum._value2member_map_ else None
