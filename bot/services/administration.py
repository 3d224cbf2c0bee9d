"""Use cases of the administrator: global roles."""

from __future__ import annotations

from bot.domain.errors import InvalidInput
from bot.domain.people import Person, normalise_email
from bot.domain.roles import GlobalRole, Party
from bot.services.ports import UnitOfWorkFactory


async def grant_global_role(
    unit_of_work: UnitOfWorkFactory, email: str, role: GlobalRole, *, actor_label: str
) -> Person:
    """Give the person with `email` a global role, adding them to the register if they are not in it."""
    address = normalise_email(email)
    if "@" not in address or address.startswith("@") or address.endswith("@") or " " in address:
        raise InvalidInput(field="email", value=email[:80])
    async with unit_of_work() as uow:
        person = await uow.people.by_email(address)
        if person is None:
            name = address.split("@", 1)[0].replace(".", " ").title()
            person = await uow.people.add(name, address, Party.PROCUREMENT, role)
            before = None
        else:
            before = {"global_role": person.global_role.value}
            await uow.people.set_global_role(person.id, role)
        await uow.history.record(
            actor=None, actor_label=actor_label, entity="contacts", entity_id=person.id,
            action="update" if before else "create", before=before, after={"global_role": role.value},
        )
        await uow.commit()
        return await uow.people.by_email(address)
