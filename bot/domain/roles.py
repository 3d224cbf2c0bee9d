"""Who is who in the follow-up: parties, global roles and the roles people hold per contract."""

from __future__ import annotations

from enum import StrEnum


class Party(StrEnum):
    """The three parties of the follow-up team."""

    BUSINESS_UNIT = "verksamhet"
    PROCUREMENT = "inköp"
    SUPPLIER = "leverantör"


class GlobalRole(StrEnum):
    """What a person may do across all contracts; per-contract roles add to it."""

    ADMINISTRATOR = "administratör"
    COORDINATOR = "processkoordinator"
    EMPLOYEE = "medarbetare"
    SUPPLIER = "leverantör"


class ContractRole(StrEnum):
    """A person's role in one contract's follow-up team."""

    PROCESS_OWNER = "processägare"
    PROCESS_COORDINATOR = "processkoordinator"
    SUPPLIER_CONTACT = "leverantörskontakt"
    DECISION_MAKER = "beslutsfattare"
    TEAM_MEMBER = "medarbetare"
