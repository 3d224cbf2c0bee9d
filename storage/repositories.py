"""Repositories: rows in, domain objects out. Each works on the connection of one unit of work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.errors import AlreadyExists, SupplierExists
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole, Party
from bot.domain.suppliers import Supplier
from bot.domain.text import fold
from storage import tables as t
from storage.register_revision import bump_register_revision


class SqlPeopleRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def by_aad_object_id(self, aad_object_id: str) -> Person | None:
        return await self._one(t.contacts.c.aad_object_id == aad_object_id)

    async def by_email(self, email: str) -> Person | None:
        return await self._one(t.contacts.c.email == email.lower())

    async def link_aad_object_id(self, person_id: int, aad_object_id: str) -> None:
        await self._connection.execute(
            update(t.contacts).where(t.contacts.c.id == person_id).values(aad_object_id=aad_object_id)
        )

    async def add(self, name: str, email: str, party: Party, global_role: GlobalRole) -> Person:
        try:
            result = await self._connection.execute(
                insert(t.contacts).values(
                    name=name, name_folded=fold(name), email=email.lower(), party=party.value,
                    global_role=global_role.value,
                ).returning(t.contacts.c.id)
            )
        except IntegrityError as error:
            raise AlreadyExists(entity="contacts", key=email) from error
        await bump_register_revision(self._connection)
        return Person(id=result.scalar_one(), name=name, email=email.lower(), global_role=global_role,
                      party=party)

    async def set_global_role(self, person_id: int, role: GlobalRole) -> None:
        await self._connection.execute(
            update(t.contacts).where(t.contacts.c.id == person_id).values(global_role=role.value)
        )

    async def _one(self, condition) -> Person | None:
        """The person and their contract roles in one round trip (every turn asks this)."""
        c = t.contacts.c
        rows = (
            await self._connection.execute(
                select(
                    c.id, c.name, c.email, c.global_role, c.party, c.supplier_id, c.aad_object_id,
                    t.contract_roles.c.contract_id.label("role_contract_id"), t.contract_roles.c.role,
                )
                .select_from(t.contacts.outerjoin(t.contract_roles, t.contract_roles.c.contact_id == c.id))
                .where(condition, c.erased_at.is_(None))
                .order_by(c.id)
            )
        ).mappings().all()
        if not rows:
            return None
        person_rows = [row for row in rows if row["id"] == rows[0]["id"]]
        roles: dict[int, set[ContractRole]] = defaultdict(set)
        for row in person_rows:
            if row["role_contract_id"] is not None and row["role"] in ContractRole._value2member_map_:
                roles[row["role_contract_id"]].add(ContractRole(row["role"]))
        return _person(rows[0], {contract_id: frozenset(values) for contract_id, values in roles.items()})


def _person(row: Mapping[str, Any], roles: Mapping[int, frozenset[ContractRole]]) -> Person:
    return Person(
        id=row["id"],
        name=row["name"],
        email=row["email"],
        global_role=GlobalRole(row["global_role"]),
        party=Party(row["party"]) if row["party"] in Party._value2member_map_ else None,
        supplier_id=row["supplier_id"],
        aad_object_id=row["aad_object_id"],
        contract_roles=roles,
    )


class SqlSupplierRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def by_org_number(self, org_number: str) -> Supplier | None:
        row = (
            await self._connection.execute(
                select(t.suppliers.c.id, t.suppliers.c.org_number, t.suppliers.c.name).where(
                    t.suppliers.c.org_number == org_number
                )
            )
        ).first()
        return Supplier(*row) if row else None

    async def add(self, org_number: str, name: str) -> Supplier:
        try:
            result = await self._connection.execute(
                insert(t.suppliers)
                .values(org_number=org_number, name=name, name_folded=fold(name))
                .returning(t.suppliers.c.id)
            )
        except IntegrityError as error:
            raise SupplierExists(org_number=org_number, name=name) from error
        await bump_register_revision(self._connection)
        return Supplier(result.scalar_one(), org_number, name)

    async def by_id(self, supplier_id: int) -> Supplier | None:
        return await self._first(t.suppliers.c.id == supplier_id)

    async def by_name(self, name: str) -> list[Supplier]:
        rows = await self._connection.execute(
            select(t.suppliers.c.id, t.suppliers.c.org_number, t.suppliers.c.name)
            .where(t.suppliers.c.name_folded == fold(name))
            .order_by(t.suppliers.c.id)
        )
        return [Supplier(*row) for row in rows]

    async def _first(self, condition) -> Supplier | None:
        row = (
            await self._connection.execute(
                select(t.suppliers.c.id, t.suppliers.c.org_number, t.suppliers.c.name).where(condition)
            )
        ).first()
        return Supplier(*row) if row else None


class SqlChangeHistory:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def record(
        self,
        *,
        actor: Person | None,
        actor_label: str | None,
        entity: str,
        entity_id: object,
        action: str,
        before: Mapping[str, object] | None = None,
        after: Mapping[str, object] | None = None,
    ) -> None:
        await self._connection.execute(
            insert(t.change_history).values(
                actor_id=actor.id if actor else None,
                actor_label=actor_label,
                entity=entity,
                entity_id=str(entity_id),
                action=action,
                before=dict(before) if before is not None else None,
                after=dict(after) if after is not None else None,
            )
        )
