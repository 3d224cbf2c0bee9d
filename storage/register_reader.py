"""Reading the register for lookups: the whole catalogue in a few queries, and a contract's amendments and
spend when its card is shown."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.catalogue import RegisterSnapshot
from bot.domain.contracts import Amendment, Contact, Contract, ContractStatus, Segment, SpendEntry
from bot.domain.roles import Party
from bot.domain.suppliers import Supplier
from storage import tables as t
from storage.register_revision import register_revision


class SqlRegisterReader:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def revision(self) -> str:
        return await register_revision(self._connection)

    async def snapshot(self) -> RegisterSnapshot:
        execute = self._connection.execute
        suppliers = {
            row.id: Supplier(row.id, row.org_number, row.name)
            for row in await execute(select(t.suppliers.c.id, t.suppliers.c.org_number, t.suppliers.c.name))
        }
        newest = (
            select(t.segmentations.c.supplier_id, func.max(t.segmentations.c.id).label("id"))
            .group_by(t.segmentations.c.supplier_id)
            .subquery()
        )
        segments = {
            row.supplier_id: Segment(row.segment)
            for row in await execute(
                select(t.segmentations.c.supplier_id, t.segmentations.c.segment).join(
                    newest, newest.c.id == t.segmentations.c.id
                )
            )
            if row.segment in Segment._value2member_map_
        }
        contracts = {row.id: _contract(row) for row in await execute(select(t.contracts))}
        contacts = {
            row.id: Contact(
                id=row.id, name=row.name, email=row.email, phone=row.phone,
                party=Party(row.party) if row.party in Party._value2member_map_ else Party.BUSINESS_UNIT,
                organisation=row.organisation,
            )
            for row in await execute(
                select(
                    t.contacts.c.id, t.contacts.c.name, t.contacts.c.email, t.contacts.c.phone,
                    t.contacts.c.party, t.contacts.c.organisation,
                ).where(t.contacts.c.erased_at.is_(None))
            )
        }
        c = t.contract_roles.c
        team_rows = tuple(
            (row.contract_id, row.contact_id, row.role, bool(row.is_key_contact))
            for row in await execute(select(c.contract_id, c.contact_id, c.role, c.is_key_contact))
        )
        return RegisterSnapshot(suppliers, segments, contracts, contacts, team_rows)

    async def amendments(self, contract_id: int) -> tuple[Amendment, ...]:
        rows = await self._connection.execute(
            select(t.amendments.c.signed_on, t.amendments.c.description)
            .where(t.amendments.c.contract_id == contract_id)
            .order_by(t.amendments.c.signed_on)
        )
        return tuple(Amendment(row.signed_on, row.description) for row in rows)

    async def spend(self, contract_id: int, year: int) -> tuple[SpendEntry, ...]:
        rows = await self._connection.execute(
            select(t.spend.c.area, t.spend.c.period, t.spend.c.amount_sek)
            .where(t.spend.c.contract_id == contract_id, t.spend.c.period.like(f"{year:04d}-%"))
            .order_by(t.spend.c.period, t.spend.c.area)
        )
        return tuple(SpendEntry(row.area, row.period, row.amount_sek) for row in rows)


def _contract(row) -> Contract:
    status = row.status if row.status in ContractStatus._value2member_map_ else ContractStatus.ACTIVE.value
    return Contract(
        id=row.id, reference=row.reference, title=row.title, supplier_id=row.supplier_id,
        category=row.category, owning_unit=row.owning_unit, start_date=row.start_date, end_date=row.end_date,
        notice_period_months=row.notice_period_months, extension_options=row.extension_options,
        estimated_yearly_value_sek=row.estimated_yearly_value_sek, payment_terms=row.payment_terms,
        price_adjustment_clause=row.price_adjustment_clause, status=ContractStatus(status),
    )

