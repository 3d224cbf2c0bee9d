"""KPI definitions and their values on SQL. A period has one current value (unique per KPI and period); a
correction replaces it, and the use case keeps the old one in the change history."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import exists, false, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.errors import InvalidInput
from bot.domain.kpis import (
    Direction,
    Frequency,
    KpiContract,
    KpiDefinition,
    KpiValue,
    Period,
    PeriodAlreadyReported,
    Thresholds,
)
from bot.domain.new_kpi import KpiNameTaken, NewKpi
from storage import tables as t
from storage.register_revision import bump_register_revision
from storage.types import utcnow

KPI_CONTRACT_COLUMNS = (
    t.contracts.c.id, t.contracts.c.reference, t.contracts.c.title, t.contracts.c.supplier_id,
    t.suppliers.c.name.label("supplier_name"), t.contracts.c.start_date, t.contracts.c.end_date,
)
CONTRACTS_WITH_SUPPLIERS = t.contracts.join(t.suppliers, t.suppliers.c.id == t.contracts.c.supplier_id)


class SqlKpiRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def contracts_with_kpis(
        self, *, everyone: bool, contract_ids: Collection[int], supplier_id: int | None,
        reporter_contact_id: int | None, limit: int,
    ) -> list[KpiContract]:
        k = t.kpi_definitions.c
        has_kpis = exists().where(k.contract_id == t.contracts.c.id)
        statement = select(*KPI_CONTRACT_COLUMNS).select_from(CONTRACTS_WITH_SUPPLIERS).where(has_kpis)
        if not everyone:
            reported = exists().where(k.contract_id == t.contracts.c.id, k.reporter_contact_id == reporter_contact_id)
            statement = statement.where(or_(
                t.contracts.c.id.in_(list(contract_ids)) if contract_ids else false(),
                t.contracts.c.supplier_id == supplier_id if supplier_id is not None else false(),
                reported if reporter_contact_id is not None else false(),
            ))
        rows = (await self._connection.execute(statement.order_by(t.contracts.c.reference).limit(limit))).mappings()
        return [_contract(row) for row in rows]

    async def kpis_of(self, contract_id: int) -> list[KpiDefinition]:
        return await self._definitions(t.kpi_definitions.c.contract_id == contract_id)

    async def kpis_of_contracts(self, contract_ids: Collection[int]) -> list[KpiDefinition]:
        if not contract_ids:
            return []
        return await self._definitions(t.kpi_definitions.c.contract_id.in_(list(contract_ids)))

    async def kpi(self, kpi_id: int) -> KpiDefinition | None:
        found = await self._definitions(t.kpi_definitions.c.id == kpi_id)
        return found[0] if found else None

    async def reported_by(self, contact_id: int, party: str | None, contract_ids: Collection[int]) -> list[KpiDefinition]:
        """KPIs the contact reports: named as their reporter, or reported by their party on a contract whose
        team they are on (when the KPI names no reporter)."""
        k = t.kpi_definitions.c
        by_party = (k.reporter_contact_id.is_(None) & (k.reporter_party == party) & k.contract_id.in_(list(contract_ids))
                    if party is not None and contract_ids else false())
        return await self._definitions(or_(k.reporter_contact_id == contact_id, by_party))

    async def values(self, kpi_id: int, frequency: Frequency, *, newest: int) -> list[KpiValue]:
        v = t.kpi_values.c
        rows = (
            await self._connection.execute(
                select(v.period, v.value, v.comment).where(v.kpi_id == kpi_id).order_by(v.period.desc()).limit(newest)
            )
        ).mappings().all()
        return [_value(row, frequency) for row in reversed(rows)]

    async def values_of(self, kpis: Collection[KpiDefinition]) -> dict[int, list[KpiValue]]:
        """Every value of these KPIs, oldest first, by KPI id: one query for a contract's whole overview."""
        frequency = {kpi.id: kpi.frequency for kpi in kpis}
        if not frequency:
            return {}
        v = t.kpi_values.c
        rows = (
            await self._connection.execute(
                select(v.kpi_id, v.period, v.value, v.comment).where(v.kpi_id.in_(list(frequency))).order_by(v.period)
            )
        ).mappings().all()
        found: dict[int, list[KpiValue]] = {kpi_id: [] for kpi_id in frequency}
        for row in rows:
            found[row["kpi_id"]].append(_value(row, frequency[row["kpi_id"]]))
        return found

    async def grace_days(self, contract_ids: Collection[int]) -> dict[int, int]:
        """The follow-up plan's grace days of those contracts that have a plan."""
        p = t.follow_up_plans.c
        rows = await self._connection.execute(
            select(p.contract_id, p.grace_days).where(p.contract_id.in_(list(contract_ids)))
        )
        return {contract_id: grace for contract_id, grace in rows}

    async def value_for(self, kpi_id: int, period: Period) -> KpiValue | None:
        v = t.kpi_values.c
        row = (
            await self._connection.execute(
                select(v.period, v.value, v.comment).where(v.kpi_id == kpi_id, v.period == period.label)
            )
        ).mappings().first()
        return _value(row, period.frequency) if row else None

    async def add_value(self, kpi_id: int, value: KpiValue, reported_by_id: int | None) -> int:
        try:
            result = await self._connection.execute(
                insert(t.kpi_values).values(
                    kpi_id=kpi_id, period=value.period.label, value=value.value, comment=value.comment,
                    reported_by_id=reported_by_id, reported_at=utcnow(),
                ).returning(t.kpi_values.c.id)
            )
        except IntegrityError as error:  # reported by someone else in the same moment
            raise PeriodAlreadyReported(period=value.period.label, value=value.value) from error
        return result.scalar_one()

    async def replace_value(self, kpi_id: int, value: KpiValue, reported_by_id: int | None) -> int:
        v = t.kpi_values.c
        result = await self._connection.execute(
            update(t.kpi_values)
            .where(v.kpi_id == kpi_id, v.period == value.period.label)
            .values(value=value.value, comment=value.comment, reported_by_id=reported_by_id, reported_at=utcnow())
            .returning(v.id)
        )
        return result.scalar_one()

    async def add_definition(self, contract_id: int, kpi: NewKpi, reporter_contact_id: int | None) -> int:
        thresholds = kpi.thresholds
        try:
            result = await self._connection.execute(
                insert(t.kpi_definitions).values(
                    contract_id=contract_id, name=kpi.name, unit=kpi.unit, target=thresholds.target,
                    direction=thresholds.direction.value, yellow_threshold=thresholds.yellow,
                    red_threshold=thresholds.red, min_value=kpi.min_value, max_value=kpi.max_value,
                    frequency=kpi.frequency.value, reporter_contact_id=reporter_contact_id,
                    reporter_party=kpi.reporter_party.value if kpi.reporter_party else None, source=kpi.source,
                ).returning(t.kpi_definitions.c.id)
            )
        except IntegrityError as error:  # the same name added at the same moment by someone else
            raise KpiNameTaken(name=kpi.name) from error
        await bump_register_revision(self._connection)
        return result.scalar_one()

    async def _definitions(self, condition) -> list[KpiDefinition]:
        k = t.kpi_definitions.c
        rows = (
            await self._connection.execute(
                select(t.kpi_definitions, *[column.label(f"c_{column.key}") for column in KPI_CONTRACT_COLUMNS])
                .select_from(t.kpi_definitions.join(CONTRACTS_WITH_SUPPLIERS, t.contracts.c.id == k.contract_id))
                .where(condition)
                .order_by(k.id)
            )
        ).mappings().all()
        return [kpi_definition_from_row(row) for row in rows]


def _contract(row: Mapping[str, Any], prefix: str = "") -> KpiContract:
    return KpiContract(
        id=row[f"{prefix}id"], reference=row[f"{prefix}reference"], title=row[f"{prefix}title"],
        supplier_id=row[f"{prefix}supplier_id"], supplier_name=row[f"{prefix}supplier_name"],
        start_date=row[f"{prefix}start_date"], end_date=row[f"{prefix}end_date"],
    )


def kpi_definition_from_row(row: Mapping[str, Any]) -> KpiDefinition:
    return KpiDefinition(
        id=row["id"],
        contract=_contract(row, "c_"),
        name=row["name"],
        unit=row["unit"],
        frequency=Frequency(row["frequency"]),
        thresholds=Thresholds(
            target=_measure(row["target"]),
            direction=Direction(row["direction"]) if row["direction"] in Direction._value2member_map_
            else Direction.HIGHER,
            yellow=_measure(row["yellow_threshold"]),
            red=_measure(row["red_threshold"]),
        ),
        min_value=_measure(row["min_value"]),
        max_value=_measure(row["max_value"]),
        reporter_contact_id=row["reporter_contact_id"],
        active_from=row["active_from"],
        active_to=row["active_to"],
        registered_on=_day(row.get("created_at")),
    )


def _value(row: Mapping[str, Any], frequency: Frequency) -> KpiValue:
    """A value's period is read by the KPI's frequency, or as labelled when the frequency has changed since."""
    try:
        period = Period.parse(row["period"], frequency)
    except InvalidInput:
        period = Period.parse(row["period"])
    return KpiValue(period=period, value=_measure(row["value"]),
                    comment=row["comment"])


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment is not None else None


def _measure(value: Any) -> Decimal | None:
    """The stored number without the trailing zeros of its four decimals ("91.5000" → 91.5)."""
    if value is None:
        return None
    number = Decimal(value)
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
