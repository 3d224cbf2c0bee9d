"""The register in and out of SQL in bulk: the upsert of an import and the snapshot of an export.

An import loads the keys it needs once into dicts, works out per row whether it is new, changed or the same,
and writes with one executemany per table and kind of change (plus one for the change history), so its cost
grows with the rows, not with round trips. Natural keys: supplier by organisation number, contract by
reference, contact by e-mail (else folded name + party + supplier, see `contact_key`), role by (contract,
contact, role), amendment by (contract, date, description), spend by (contract, area, period).

An empty optional cell leaves the stored value as it is, and nothing the file lacks is deleted.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.contracts import ContractStatus, Segment
from bot.domain.register_rows import (
    AmendmentRow,
    ContactRoleRow,
    ContractRow,
    Counts,
    ImportCounts,
    RegisterKeys,
    RegisterRows,
    SpendRow,
    SupplierRow,
    contact_key,
)
from bot.domain.roles import GlobalRole, Party
from bot.domain.text import fold
from storage import tables as t
from storage.register_revision import bump_register_revision
from storage.types import utcnow

IMPORT_REASON = "Import"
_NOT_IN_HISTORY = frozenset({"id", "name_folded", "title_folded"})


@dataclass
class WantedRow:
    """One row the file wants in a table: its natural key, the values to compare and set, and the values
    only a new row gets."""

    key: Hashable
    values: dict[str, Any]
    on_create: dict[str, Any]
    clears: tuple[str, ...] = ()  # columns of `values` whose None empties the stored value


class SqlRegisterStore:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    # --- import ---

    async def known_keys(self) -> RegisterKeys:
        org_numbers = await self._connection.scalars(select(t.suppliers.c.org_number))
        periods = await self._connection.execute(
            select(t.contracts.c.reference, t.contracts.c.start_date, t.contracts.c.end_date)
        )
        return RegisterKeys(
            org_numbers=frozenset(org_numbers),
            contract_periods={reference: (start, end) for reference, start, end in periods},
        )

    async def apply(self, register: RegisterRows, *, actor_label: str) -> ImportCounts:
        """Create and update what the (validated) rows say, with a change history row for each."""
        writer = BulkWriter(self._connection, actor_label)
        suppliers, supplier_ids = await writer.upsert(t.suppliers, ("org_number",), _suppliers(register.suppliers))
        supplier_ids.update(await self._ids(t.suppliers, "org_number"))
        segments = await writer.segments(register.contracts, supplier_ids)
        contracts, contract_ids = await writer.upsert(
            t.contracts, ("reference",), _contracts(register.contracts, supplier_ids)
        )
        contract_suppliers = {
            reference: supplier_id
            for reference, supplier_id in await self._connection.execute(
                select(t.contracts.c.reference, t.contracts.c.supplier_id)
            )
        }
        contract_ids.update(await self._ids(t.contracts, "reference"))
        supplier_names = {
            supplier_id: name
            for supplier_id, name in await self._connection.execute(select(t.suppliers.c.id, t.suppliers.c.name))
        }
        wanted_contacts, keys_by_row = _contacts(register.contacts, contract_suppliers, supplier_names)
        contacts, contact_ids = await writer.upsert(
            t.contacts, (), wanted_contacts, existing=await self._existing_contacts()
        )
        roles, _ = await writer.upsert(t.contract_roles, ("contract_id", "contact_id", "role"), [
            WantedRow((contract_ids[row.reference], contact_ids[keys_by_row[row.row]], row.role),
                    {"is_key_contact": row.is_key_contact}, {})
            for row in register.contacts
        ])
        amendments, _ = await writer.upsert(t.amendments, ("contract_id", "signed_on", "description"), [
            WantedRow((contract_ids[row.reference], row.signed_on, row.description), {}, {})
            for row in register.amendments
        ])
        spend, _ = await writer.upsert(t.spend, ("contract_id", "area", "period"), [
            WantedRow((contract_ids[row.reference], row.area, row.period), {"amount_sek": row.amount_sek}, {})
            for row in register.spend
        ])
        counts = ImportCounts(suppliers=suppliers, contracts=contracts, contacts=contacts, roles=roles,
                              amendments=amendments, spend=spend, segments=segments)
        await writer.flush_history()
        if counts.changed:
            await bump_register_revision(self._connection)
        return counts

    async def _ids(self, table: Table, key: str) -> dict[Any, int]:
        return {key_value: row_id for key_value, row_id in await self._connection.execute(select(table.c[key], table.c.id))}

    async def _existing_contacts(self) -> dict[Hashable, dict[str, Any]]:
        """Contacts by e-mail, and those without one by (folded name, party, supplier): the supplier they
        work for, or any supplier on whose contract they hold a role."""
        c, r, k = t.contacts, t.contract_roles, t.contracts
        existing: dict[Hashable, dict[str, Any]] = {}
        columns = (c.c.id, c.c.name, c.c.name_folded, c.c.email, c.c.phone, c.c.party, c.c.supplier_id)
        for row in (await self._connection.execute(
            select(*columns).where(c.c.email.is_not(None), c.c.erased_at.is_(None))
        )).mappings():
            existing[("email", row["email"])] = dict(row)
        without_email = select(*columns, k.c.supplier_id.label("role_supplier_id")).select_from(
            c.outerjoin(r, r.c.contact_id == c.c.id).outerjoin(k, k.c.id == r.c.contract_id)
        ).where(c.c.email.is_(None), c.c.erased_at.is_(None)).order_by(c.c.id)
        for row in (await self._connection.execute(without_email)).mappings():
            values = {name: row[name] for name in row.keys() if name != "role_supplier_id"}
            for supplier_id in {row["supplier_id"], row["role_supplier_id"]} - {None}:
                existing.setdefault(("name", row["name_folded"], row["party"], supplier_id), values)
        return existing

    # --- export ---

    async def snapshot(self) -> RegisterRows:
        """The whole register as rows, ordered by their natural keys."""
        s, k, c, r = t.suppliers, t.contracts, t.contacts, t.contract_roles
        suppliers = tuple(
            SupplierRow(0, org, name)
            for org, name in await self._connection.execute(select(s.c.org_number, s.c.name).order_by(s.c.org_number))
        )
        segments = await self._newest_segments()
        contracts = []
        for row in (await self._connection.execute(
            select(k, s.c.org_number).join(s, s.c.id == k.c.supplier_id).order_by(k.c.reference)
        )).mappings():
            segment = segments.get(row["supplier_id"])
            contracts.append(ContractRow(
                row=0, reference=row["reference"], title=row["title"], supplier_org_number=row["org_number"],
                category=row["category"], owning_unit=row["owning_unit"], start_date=row["start_date"],
                end_date=row["end_date"], notice_period_months=row["notice_period_months"],
                estimated_yearly_value_sek=row["estimated_yearly_value_sek"],
                segment=Segment(segment) if segment in Segment._value2member_map_ else None,
                status=ContractStatus(row["status"]) if row["status"] in ContractStatus._value2member_map_
                else None,
                extension_options=row["extension_options"], payment_terms=row["payment_terms"],
                price_adjustment_clause=row["price_adjustment_clause"],
            ))
        roles = await self._connection.execute(
            select(k.c.reference, c.c.name, c.c.email, c.c.phone, c.c.party, r.c.role, r.c.is_key_contact)
            .join(c, c.c.id == r.c.contact_id).join(k, k.c.id == r.c.contract_id)
            .where(c.c.erased_at.is_(None), c.c.party.in_([party.value for party in Party]))
            .order_by(k.c.reference, c.c.name, c.c.email, r.c.role)
        )
        contacts = tuple(
            ContactRoleRow(0, reference, name, email, phone, Party(party), role, bool(key))
            for reference, name, email, phone, party, role, key in roles
        )
        amendments = tuple(
            AmendmentRow(0, reference, signed_on, description)
            for reference, signed_on, description in await self._connection.execute(
                select(k.c.reference, t.amendments.c.signed_on, t.amendments.c.description)
                .join(k, k.c.id == t.amendments.c.contract_id)
                .order_by(k.c.reference, t.amendments.c.signed_on, t.amendments.c.id)
            )
        )
        spend = tuple(
            SpendRow(0, reference, area, period, amount)
            for reference, area, period, amount in await self._connection.execute(
                select(k.c.reference, t.spend.c.area, t.spend.c.period, t.spend.c.amount_sek)
                .join(k, k.c.id == t.spend.c.contract_id)
                .order_by(k.c.reference, t.spend.c.area, t.spend.c.period)
            )
        )
        return RegisterRows(suppliers, tuple(contracts), contacts, amendments, spend)

    async def _newest_segments(self) -> dict[int, str]:
        rows = await self._connection.execute(
            select(t.segmentations.c.supplier_id, t.segmentations.c.segment)
            .order_by(t.segmentations.c.supplier_id, t.segmentations.c.decided_at, t.segmentations.c.id)
        )
        return {supplier_id: segment for supplier_id, segment in rows}  # the last row per supplier wins


class BulkWriter:
    """Bulk writes of one import and the change history they leave."""

    def __init__(self, connection: AsyncConnection, actor_label: str) -> None:
        self._connection = connection
        self._actor_label = actor_label
        self._history: list[dict[str, Any]] = []
        self.updated_ids: dict[str, set[int]] = {}  # by table: the rows an upsert updated

    async def upsert(
        self,
        table: Table,
        key_columns: tuple[str, ...],
        wanted: Iterable[WantedRow],
        *,
        existing: Mapping[Hashable, Mapping[str, Any]] | None = None,
    ) -> tuple[Counts, dict[Hashable, int]]:
        """Insert the new, update the changed; `existing` defaults to the table's rows by `key_columns`."""
        if existing is None:
            existing = await self._existing(table, key_columns, wanted := list(wanted))
        creates: dict[Hashable, dict[str, Any]] = {}
        updates: list[tuple[Mapping[str, Any], dict[str, Any]]] = []
        ids: dict[Hashable, int] = {}
        unchanged = 0
        for item in wanted:
            if item.key in creates:
                continue
            current = existing.get(item.key)
            if current is None:
                key_values = item.key if len(key_columns) > 1 else (item.key,)
                creates[item.key] = {**dict(zip(key_columns, key_values)), **item.values, **item.on_create}
                continue
            ids[item.key] = current["id"]
            changed = {
                column: value for column, value in item.values.items()
                if (value is not None or column in item.clears) and not _same(current[column], value)
            }
            if changed:
                updates.append((current, changed))
            else:
                unchanged += 1
        ids.update(await self._insert(table, creates))
        await self._update(table, updates)
        return Counts(created=len(creates), updated=len(updates), unchanged=unchanged), ids

    async def segments(self, contracts: Iterable[ContractRow], supplier_ids: Mapping[str, int]) -> Counts:
        """A new segmentation row per supplier whose segment in the file is not its newest one."""
        newest = {
            supplier_id: segment
            for supplier_id, segment in await self._connection.execute(
                select(t.segmentations.c.supplier_id, t.segmentations.c.segment)
                .order_by(t.segmentations.c.supplier_id, t.segmentations.c.decided_at, t.segmentations.c.id)
            )
        }
        wanted: dict[int, str] = {}
        for contract in contracts:
            if contract.segment is not None:
                wanted.setdefault(supplier_ids[contract.supplier_org_number], contract.segment.value)
        rows = [
            {"supplier_id": supplier_id, "segment": segment, "reason": IMPORT_REASON, "overridden": False,
             "decided_at": utcnow()}
            for supplier_id, segment in wanted.items() if newest.get(supplier_id) != segment
        ]
        ids = await self._insert(t.segmentations, {row["supplier_id"]: row for row in rows})
        for row in rows:
            previous = newest.get(row["supplier_id"])
            self._record("segmentations", ids[row["supplier_id"]], "create",
                         {"segment": previous} if previous else None,
                         {"supplier_id": row["supplier_id"], "segment": row["segment"], "reason": IMPORT_REASON})
        return Counts(created=len(rows), unchanged=len(wanted) - len(rows))

    async def flush_history(self) -> None:
        if self._history:
            await self._connection.execute(insert(t.change_history), self._history)
            self._history.clear()

    async def _existing(
        self, table: Table, key_columns: tuple[str, ...], wanted: list[WantedRow]
    ) -> dict[Hashable, dict[str, Any]]:
        columns = {"id", *key_columns, *(column for item in wanted[:1] for column in item.values)}
        rows = await self._connection.execute(select(*(table.c[name] for name in columns)))
        return {tuple(row[name] for name in key_columns) if len(key_columns) > 1 else row[key_columns[0]]: dict(row)
                for row in rows.mappings()}

    async def _insert(self, table: Table, creates: Mapping[Hashable, dict[str, Any]]) -> dict[Hashable, int]:
        if not creates:
            return {}
        keys, rows = list(creates), list(creates.values())
        result = await self._connection.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        ids = dict(zip(keys, result.scalars().all(), strict=True))
        if table is not t.segmentations:
            for key, row in creates.items():
                self._record(table.name, ids[key], "create", None, row)
        return ids

    async def _update(self, table: Table, updates: list[tuple[Mapping[str, Any], dict[str, Any]]]) -> None:
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for current, changed in updates:
            columns = tuple(sorted(changed))
            by_columns.setdefault(columns, []).append({"b_id": current["id"], **{f"b_{c}": changed[c] for c in columns}})
            self.updated_ids.setdefault(table.name, set()).add(current["id"])
            self._record(table.name, current["id"], "update",
                         {c: current[c] for c in columns}, {c: changed[c] for c in columns})
        for columns, rows in by_columns.items():
            values = {column: bindparam(f"b_{column}") for column in columns}
            if "updated_at" in table.c:
                values["updated_at"] = utcnow()
            await self._connection.execute(
                update(table).where(table.c.id == bindparam("b_id")).values(values), rows
            )

    def record(self, entity: str, entity_id: int | str, action: str, before: Mapping[str, Any] | None,
               after: Mapping[str, Any] | None) -> None:
        """A change history row for a change written outside `upsert`."""
        self._record(entity, entity_id, action, before, after)

    def _record(self, entity: str, entity_id: int | str, action: str, before: Mapping[str, Any] | None,
                after: Mapping[str, Any] | None) -> None:
        self._history.append({
            "at": utcnow(), "actor_id": None, "actor_label": self._actor_label, "entity": entity,
            "entity_id": str(entity_id), "action": action, "before": _json(before), "after": _json(after),
        })


def _suppliers(rows: Iterable[SupplierRow]) -> list[WantedRow]:
    return [WantedRow(row.org_number, {"name": row.name, "name_folded": fold(row.name)}, {}) for row in rows]


def _contracts(rows: Iterable[ContractRow], supplier_ids: Mapping[str, int]) -> list[WantedRow]:
    wanted = []
    for row in rows:
        values = {
            "title": row.title, "title_folded": fold(row.title), "category": row.category,
            "supplier_id": supplier_ids[row.supplier_org_number], "owning_unit": row.owning_unit,
            "start_date": row.start_date, "end_date": row.end_date,
            "notice_period_months": row.notice_period_months, "extension_options": row.extension_options,
            "estimated_yearly_value_sek": row.estimated_yearly_value_sek, "payment_terms": row.payment_terms,
            "price_adjustment_clause": row.price_adjustment_clause,
            "status": row.status.value if row.status else None,
        }
        on_create = {"status": ContractStatus.ACTIVE.value} if row.status is None else {}
        wanted.append(WantedRow(row.reference, values, on_create))
    return wanted


def _contacts(
    rows: Iterable[ContactRoleRow], contract_suppliers: Mapping[str, int], supplier_names: Mapping[int, str]
) -> tuple[list[WantedRow], dict[int, Hashable]]:
    """One wanted contact per key (the first row's name and party, the first phone given) and each row's key."""
    wanted: dict[Hashable, WantedRow] = {}
    keys_by_row: dict[int, Hashable] = {}
    for row in rows:
        supplier_id = contract_suppliers[row.reference]
        key = contact_key(row, supplier_id)
        keys_by_row[row.row] = key
        if key in wanted:
            if wanted[key].values["phone"] is None:
                wanted[key].values["phone"] = row.phone
            continue
        is_supplier_side = row.party is Party.SUPPLIER
        wanted[key] = WantedRow(
            key,
            {"name": row.name, "name_folded": fold(row.name), "email": row.email, "phone": row.phone,
             "party": row.party.value},
            {"supplier_id": supplier_id if is_supplier_side else None,
             "organisation": supplier_names.get(supplier_id) if is_supplier_side else None,
             "global_role": (GlobalRole.SUPPLIER if is_supplier_side else GlobalRole.EMPLOYEE).value},
        )
    return list(wanted.values()), keys_by_row


def _same(stored: Any, wanted: Any) -> bool:
    if isinstance(wanted, Decimal) and stored is not None:
        return Decimal(stored) == wanted
    return stored == wanted


def _json(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {name: _json_value(value) for name, value in values.items() if name not in _NOT_IN_HISTORY}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value

