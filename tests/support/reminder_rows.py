"""A small register and reminder rows as the reminder planner writes them, for tests of what users do with
reminders. Ids come back by name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.reminders import kpi_subject
from bot.domain.text import fold
from storage import tables as t

SENT_AT = datetime(2026, 11, 2, 8, 0, tzinfo=timezone.utc)


@dataclass(frozen=True)
class SmallRegister:
    supplier: int
    other_supplier: int
    contract: int  # 2024-017 Städtjänster (Städbolaget AB)
    second_contract: int  # 2024-018, also Städbolaget's
    other_contract: int  # 2025-001 of Snöröjarna AB
    kpi: int  # Leveransprecision of 2024-017, reported by Anna
    anna: int  # reporter, medarbetare
    pelle: int  # processägare of 2024-017
    karin: int  # process coordinator (global)
    sven: int  # medarbetare without roles


async def add(engine: AsyncEngine, table, **values: Any) -> int | None:
    """The new row's id (None for a table without one)."""
    async with engine.begin() as connection:
        if "id" not in table.c:
            await connection.execute(insert(table).values(**values))
            return None
        return (await connection.execute(insert(table).values(**values).returning(table.c.id))).scalar_one()


async def small_register(engine: AsyncEngine) -> SmallRegister:
    supplier = await add(engine, t.suppliers, org_number="412345-6784", name="Städbolaget AB",
                         name_folded=fold("Städbolaget AB"))
    other_supplier = await add(engine, t.suppliers, org_number="412345-0000", name="Snöröjarna AB",
                               name_folded=fold("Snöröjarna AB"))

    async def contact(name: str, email: str, role: str = "medarbetare", party: str = "verksamhet") -> int:
        return await add(engine, t.contacts, name=name, name_folded=fold(name), email=email, party=party,
                         global_role=role)

    async def contract(reference: str, title: str, supplier_id: int) -> int:
        return await add(engine, t.contracts, reference=reference, title=title, title_folded=fold(title),
                         supplier_id=supplier_id, start_date=date(2024, 1, 1), end_date=date(2027, 8, 31),
                         notice_period_months=6)

    anna = await contact("Anna Andersson", "anna.andersson@exempelkommun.se")
    pelle = await contact("Pelle Persson", "pelle.persson@exempelkommun.se")
    karin = await contact("Karin Kvist", "karin.kvist@exempelkommun.se", "processkoordinator", "inköp")
    sven = await contact("Sven Svensson", "sven.svensson@exempelkommun.se")
    first = await contract("2024-017", "Städtjänster", supplier)
    second = await contract("2024-018", "Fönsterputs", supplier)
    other = await contract("2025-001", "Snöröjning", other_supplier)
    await add(engine, t.contract_roles, contract_id=first, contact_id=anna, role="medarbetare", is_key_contact=False)
    for contract_id in (first, second):
        await add(engine, t.contract_roles, contract_id=contract_id, contact_id=pelle, role="processägare",
                  is_key_contact=True)
    kpi = await add(engine, t.kpi_definitions, contract_id=first, name="Leveransprecision", unit="%", target=95,
                    direction="högre", frequency="månad", reporter_contact_id=anna, min_value=0, max_value=100)
    return SmallRegister(supplier, other_supplier, first, second, other, kpi, anna, pelle, karin, sven)


async def add_reminder(engine: AsyncEngine, *, kind: str, recipient_id: int, contract_id: int | None,
                       payload: dict[str, Any], subject_key: str, status: str = "sent", step: int = 0,
                       sequence: int = 1, due_at: datetime = SENT_AT, **columns: Any) -> int:
    sent = {"sent_at": due_at} if status in ("sent", "answered") and "sent_at" not in columns else {}
    return await add(engine, t.reminders, kind=kind, subject_key=subject_key, recipient_id=recipient_id,
                     contract_id=contract_id, sequence=sequence, step=step, payload=payload, due_at=due_at,
                     status=status, **sent, **columns)


async def kpi_reminder(engine: AsyncEngine, register: SmallRegister, *, recipient_id: int | None = None,
                       period: str = "2026-10", deadline: str = "2026-11-10", **columns: Any) -> int:
    return await add_reminder(
        engine, kind="kpi", recipient_id=recipient_id or register.anna, contract_id=register.contract,
        payload={"kpi_id": register.kpi, "period": period, "deadline": deadline},
        subject_key=kpi_subject(register.kpi, period), **columns)
