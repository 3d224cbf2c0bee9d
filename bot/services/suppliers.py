"""Use cases of the supplier register."""

from __future__ import annotations

from bot.domain.access import Permission, require
from bot.domain.errors import SupplierExists
from bot.domain.people import Person
from bot.domain.suppliers import Supplier, clean_name, normalise_org_number
from bot.services.ports import UnitOfWorkFactory


async def find_supplier(unit_of_work: UnitOfWorkFactory, org_number: str) -> Supplier | None:
    async with unit_of_work() as uow:
        return await uow.suppliers.by_org_number(normalise_org_number(org_number))


async def register_supplier(
    unit_of_work: UnitOfWorkFactory, actor: Person, *, name: str, org_number: str
) -> Supplier:
    """Add a supplier to the register. Only those who may edit the register can."""
    require(actor, Permission.EDIT_REGISTER)
    number = normalise_org_number(org_number)
    clean = clean_name(name)
    async with unit_of_work() as uow:
        existing = await uow.suppliers.by_org_number(number)
        if existing is not None:
            raise SupplierExists(org_number=number, name=existing.name)
        supplier = await uow.suppliers.add(number, clean)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="suppliers", entity_id=supplier.id,
            action="create", after={"org_number": number, "name": clean},
        )
        await uow.commit()
        return supplier
