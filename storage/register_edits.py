"""Repositories for editing the register: contracts, contacts and their roles in follow-up teams.

Each works on the connection of one unit of work. Every write also bumps the register revision on that
connection, so readers that keep the register in memory see the change when (and only when) it commits.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.contracts import Contact, Contract, ContractStatus
from bot.domain.errors import AlreadyExists, AlreadyOnTeam, ContractExists
from bot.domain.roles import GlobalRole, Party
from bot.domain.text import fold
from storage import tables as t
from storage.register_revision import bump_register_revision

_EDITABLE_COLUMNS = (
    "title", "category", "supplier_id", "owning_unit", "start_date", "end_date", "notice_period_months",
    "extension_options", "estimated_yearly_value_sek", "payment_terms", "price_adjustment_clause",
)


class SqlContractRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def by_reference(self, reference: str) -> Contract | None:
        rows = (
            await self._connection.execute(
                select(t.contracts).where(
                    or_(
                        t.contracts.c.reference == reference,
                        func.lower(t.contracts.c.reference) == reference.lower(),
                    )
                )
            )
        ).mappings().all()
        exact = [row for row in rows if row["reference"] == reference]
        chosen = exact or rows
        return _contract(chosen[0]) if len(chosen) == 1 else None

    async def add(self, contract: Contract) -> Contract:
        try:
            result = await self._connection.execute(
                insert(t.contracts)
                .values(reference=contract.reference, **_columns(contract))
                .returning(t.contracts.c.id)
            )
        except IntegrityError as error:
            raise ContractExists(reference=contract.reference, title=contract.title) from error
        await bump_register_revision(self._connection)
        return Contract(**{**contract.__dict__, "id": result.scalar_one()})

    async def update(self, contract: Contract) -> None:
        await self._connection.execute(
            update(t.contracts).where(t.contracts.c.id == contract.id).values(**_columns(contract))
        )
        await bump_register_revision(self._connection)


def _columns(contract: Contract) -> dict[str, Any]:
    values = {name: getattr(contract, name) for name in _EDITABLE_COLUMNS}
    return {**values, "title_folded": fold(contract.title), "status": contract.status.value}


def _contract(row: Mapping[str, Any]) -> Contract:
    value = row["estimated_yearly_value_sek"]
    return Contract(
        id=row["id"],
        reference=row["reference"],
        **{name: row[name] for name in _EDITABLE_COLUMNS if name != "estimated_yearly_value_sek"},
        estimated_yearly_value_sek=Decimal(value).quantize(Decimal("0.01")) if value is not None else None,
        status=ContractStatus(row["status"]) if row["status"] in ContractStatus._value2member_map_
        else ContractStatus.ACTIVE,
    )


class SqlContactRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def by_email(self, email: str) -> Contact | None:
        row = (
            await self._connection.execute(
                select(t.contacts).where(t.contacts.c.email == email.lower(), t.contacts.c.erased_at.is_(None))
            )
        ).mappings().first()
        if row is None:
            return None
        return Contact(
            id=row["id"], name=row["name"], email=row["email"], phone=row["phone"],
            party=Party(row["party"]) if row["party"] in Party._value2member_map_ else Party.BUSINESS_UNIT,
            organisation=row["organisation"],
        )

    async def add(self, contact: Contact, *, supplier_id: int | None, global_role: GlobalRole) -> Contact:
        try:
            result = await self._connection.execute(
                insert(t.contacts).values(
                    name=contact.name, name_folded=fold(contact.name),
                    email=contact.email.lower() if contact.email else None, phone=contact.phone,
                    party=contact.party.value, organisation=contact.organisation, supplier_id=supplier_id,
                    global_role=global_role.value,
                ).returning(t.contacts.c.id)
            )
        except IntegrityError as error:
            raise AlreadyExists(entity="contacts", key=contact.email) from error
        await bump_register_revision(self._connection)
        return Contact(**{**contact.__dict__, "id": result.scalar_one()})

    async def add_team_member(self, contract_id: int, contact_id: int, role: str, is_key_contact: bool) -> int:
        member = (t.contract_roles.c.contract_id == contract_id) & (t.contract_roles.c.contact_id == contact_id)
        if await self._connection.scalar(select(t.contract_roles.c.id).where(member, t.contract_roles.c.role == role)):
            raise AlreadyOnTeam(role=role)
        try:
            result = await self._connection.execute(
                insert(t.contract_roles).values(
                    contract_id=contract_id, contact_id=contact_id, role=role, is_key_contact=is_key_contact
                ).returning(t.contract_roles.c.id)
            )
        except IntegrityError as error:  # the same member added at the same moment by someone else
            raise AlreadyOnTeam(role=role) from error
        await bump_register_revision(self._connection)
        return result.scalar_one()
