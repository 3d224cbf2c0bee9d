"""People of the demo register as Teams knows them: their Teams accounts and the profiles the connector stub
answers with (e-mail, guest or not), so the bot matches them to the register as it would in Teams."""

from __future__ import annotations

from datetime import date

from tests.support.teams import teams_user

COORDINATOR = teams_user("29:anna", "aad-anna", "Anna Lindqvist")  # processkoordinator
EMPLOYEE = teams_user("29:asa", "aad-asa", "Åsa Öberg")  # medarbetare; processägare of 2023-008 (Skolmat)
NEWCOMER = teams_user("29:nils", "aad-nils", "Nils Ny")  # not in the register
SUPPLIER_GUEST = teams_user("29:maria", "aad-maria", "Maria Sjöberg")  # Städbolaget's contact, a guest

PROFILES = {
    COORDINATOR["id"]: {**COORDINATOR, "email": "anna.lindqvist@exempelkommun.se", "userRole": "user"},
    EMPLOYEE["id"]: {**EMPLOYEE, "email": "asa.oberg@exempelkommun.se", "userRole": "user"},
    NEWCOMER["id"]: {**NEWCOMER, "email": "nils.ny@exempelkommun.se", "userRole": "user"},
    SUPPLIER_GUEST["id"]: {**SUPPLIER_GUEST, "email": "maria.sjoberg@stadbolaget.example", "userRole": "guest"},
}

DEMO_DAY = date(2026, 11, 23)  # the day integration tests load the demo register as of


async def person_by_email(unit_of_work, email: str):
    """A person of the register, as the use cases get them."""
    async with unit_of_work() as uow:
        return await uow.people.by_email(email)
