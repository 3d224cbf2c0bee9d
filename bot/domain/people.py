"""People the bot knows: contacts of the register who also use the bot."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.domain.roles import ContractRole, GlobalRole, Party


@dataclass(frozen=True)
class Person:
    """A user of the bot as the register knows them. `id` is None for someone not in the register."""

    id: int | None
    name: str
    email: str | None
    global_role: GlobalRole
    party: Party | None = None
    supplier_id: int | None = None
    aad_object_id: str | None = None
    contract_roles: Mapping[int, frozenset[ContractRole]] = field(default_factory=dict)

    @property
    def is_registered(self) -> bool:
        return self.id is not None

    def roles_in(self, contract_id: int) -> frozenset[ContractRole]:
        return self.contract_roles.get(contract_id, frozenset())


def normalise_email(email: str) -> str:
    return email.strip().lower()


def unregistered(name: str, email: str | None, *, is_guest: bool, aad_object_id: str | None = None) -> Person:
    """Someone the register does not know: a colleague in the tenant, or a guest with no rights yet."""
    role = GlobalRole.SUPPLIER if is_guest else GlobalRole.EMPLOYEE
    return Person(
        id=None,
        name=name,
        email=normalise_email(email) if email else None,
        global_role=role,
        aad_object_id=aad_object_id,
    )
