"""Use cases of editing the contract register from chat: add a contract, change one of its facts, add a contact
to a contract's follow-up team. Each write is one unit of work that records its change history."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import Enum

from bot.domain.access import Permission, require
from bot.domain.contracts import Contact, Contract
from bot.domain.errors import (
    ContractExists,
    ContractNotFound,
    InvalidInput,
    SupplierAmbiguous,
    SupplierNotFound,
)
from bot.domain.people import Person
from bot.domain.roles import GlobalRole, Party
from bot.domain.suppliers import Supplier, normalise_org_number
from bot.domain.typed_input import NOTICE_MONTHS_MAX, check_period, clean_text, parse_reference
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

CHANGEABLE_FIELDS = (
    "title", "supplier_id", "category", "owning_unit", "start_date", "end_date", "notice_period_months",
    "estimated_yearly_value_sek", "status",
)
TITLE_MAX_LENGTH = 300
UNIT_MAX_LENGTH = 200  # category and owning unit
_LOOKS_LIKE_ORG_NUMBER = re.compile(r"^[\d\s-]{8,}$")


@dataclass(frozen=True)
class ContractChange:
    before: Contract
    after: Contract


@dataclass(frozen=True)
class TeamMembership:
    contact: Contact
    contact_created: bool
    role: str
    is_key_contact: bool


# --- reading what a dialog needs to validate an answer ---


async def find_contract(unit_of_work: UnitOfWorkFactory, reference: str) -> Contract | None:
    async with unit_of_work() as uow:
        return await uow.contracts.by_reference(reference)


async def find_supplier_by_id(unit_of_work: UnitOfWorkFactory, supplier_id: int) -> Supplier | None:
    async with unit_of_work() as uow:
        return await uow.suppliers.by_id(supplier_id)


async def find_supplier_for(unit_of_work: UnitOfWorkFactory, typed: str) -> Supplier:
    """The one supplier meant by an organisation number or by its whole name (å/ä/ö and case aside)."""
    text = " ".join(typed.split())
    async with unit_of_work() as uow:
        if _LOOKS_LIKE_ORG_NUMBER.match(text):
            found = await uow.suppliers.by_org_number(normalise_org_number(text))
            if found is None:
                raise SupplierNotFound(value=text[:60])
            return found
        matches = await uow.suppliers.by_name(text)
    if not matches:
        raise SupplierNotFound(value=text[:60])
    if len(matches) > 1:
        raise SupplierAmbiguous(value=text[:60], count=len(matches))
    return matches[0]


async def find_contact(unit_of_work: UnitOfWorkFactory, email: str) -> Contact | None:
    async with unit_of_work() as uow:
        return await uow.contacts.by_email(email)


# --- writing ---


async def create_contract(unit_of_work: UnitOfWorkFactory, actor: Person, contract: Contract) -> Contract:
    """Add a contract to the register. Only those who may edit the register can."""
    require(actor, Permission.EDIT_REGISTER)
    contract = _checked(replace(contract, reference=parse_reference(contract.reference)))
    async with unit_of_work() as uow:
        existing = await uow.contracts.by_reference(contract.reference)
        if existing is not None:
            raise ContractExists(reference=existing.reference, title=existing.title)
        if await uow.suppliers.by_id(contract.supplier_id) is None:
            raise SupplierNotFound(value=str(contract.supplier_id))
        saved = await uow.contracts.add(contract)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="contracts", entity_id=saved.id,
            action="create", after=contract_facts(saved),
        )
        await uow.commit()
        return saved


async def change_contract(
    unit_of_work: UnitOfWorkFactory, actor: Person, reference: str, field: str, value: object
) -> ContractChange:
    """Change one fact of a contract; the history keeps that fact before and after."""
    require(actor, Permission.EDIT_REGISTER)
    if field not in CHANGEABLE_FIELDS:
        raise InvalidInput(field=field)
    async with unit_of_work() as uow:
        before = await uow.contracts.by_reference(reference)
        if before is None:
            raise ContractNotFound(reference=reference[:60])
        after = _checked(replace(before, **{field: value}))
        if field == "supplier_id" and await uow.suppliers.by_id(after.supplier_id) is None:
            raise SupplierNotFound(value=str(value))
        await uow.contracts.update(after)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="contracts", entity_id=before.id, action="update",
            before={field: json_safe(getattr(before, field))}, after={field: json_safe(getattr(after, field))},
        )
        await uow.commit()
        return ContractChange(before=before, after=after)


async def add_team_member(
    unit_of_work: UnitOfWorkFactory,
    actor: Person,
    *,
    reference: str,
    contact: Contact,
    role: str,
    is_key_contact: bool,
) -> TeamMembership:
    """Put a contact in a contract's follow-up team with a role. A contact whose e-mail address the register
    already knows is reused as it is; otherwise the contact is added first."""
    require(actor, Permission.EDIT_REGISTER)
    async with unit_of_work() as uow:
        contract = await uow.contracts.by_reference(reference)
        if contract is None:
            raise ContractNotFound(reference=reference[:60])
        existing = await uow.contacts.by_email(contact.email) if contact.email else None
        created = existing is None
        if existing is None:
            existing = await _new_contact(uow, actor, contact, contract)
        role_id = await uow.contacts.add_team_member(contract.id, existing.id, role, is_key_contact)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="contract_roles", entity_id=role_id, action="create",
            after={"contract_id": contract.id, "contract_reference": contract.reference,
                   "contact_id": existing.id, "role": role, "is_key_contact": is_key_contact},
        )
        await uow.commit()
        return TeamMembership(contact=existing, contact_created=created, role=role, is_key_contact=is_key_contact)


async def _new_contact(uow: UnitOfWork, actor: Person, contact: Contact, contract: Contract) -> Contact:
    """A supplier's contact belongs to the contract's supplier, which is what lets them see its contracts."""
    is_supplier = contact.party is Party.SUPPLIER
    saved = await uow.contacts.add(
        contact,
        supplier_id=contract.supplier_id if is_supplier else None,
        global_role=GlobalRole.SUPPLIER if is_supplier else GlobalRole.EMPLOYEE,
    )
    await uow.history.record(
        actor=actor, actor_label=actor.email, entity="contacts", entity_id=saved.id, action="create",
        after={"name": saved.name, "email": saved.email, "phone": saved.phone, "party": saved.party.value},
    )
    return saved


def _checked(contract: Contract) -> Contract:
    """The rules every stored contract keeps, whichever dialog, card or import produced it."""
    check_period(contract.start_date, contract.end_date)
    months = contract.notice_period_months
    if months is not None and not 0 <= months <= NOTICE_MONTHS_MAX:
        raise InvalidInput(field="notice_period_months", value=months)
    if contract.estimated_yearly_value_sek is not None and contract.estimated_yearly_value_sek < 0:
        raise InvalidInput(field="estimated_yearly_value_sek")
    return replace(
        contract,
        title=clean_text(contract.title, max_length=TITLE_MAX_LENGTH),
        category=clean_text(contract.category, max_length=UNIT_MAX_LENGTH) if contract.category else None,
        owning_unit=clean_text(contract.owning_unit, max_length=UNIT_MAX_LENGTH) if contract.owning_unit else None,
    )


def contract_facts(contract: Contract) -> dict[str, object]:
    """The contract's facts as JSON-safe values, for the change history."""
    return {"reference": contract.reference, **{name: json_safe(getattr(contract, name)) for name in CHANGEABLE_FIELDS}}


def json_safe(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    return value
