"""Who may do what: the one place that decides.

A person's global role sets the baseline; the roles they hold in a contract's follow-up team widen it for
that contract. A supplier contact (a Teams guest) sees only the contracts of its own supplier.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import NotAllowed
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole, Party


class Permission(StrEnum):
    ADMINISTER = "administer"  # roles, defaults, allowed tenants
    EDIT_REGISTER = "edit_register"  # suppliers, contracts, contacts
    VIEW_CONTRACT = "view_contract"
    REPORT_KPI = "report_kpi"
    RECORD_FOLLOW_UP = "record_follow_up"  # meetings, notes, decisions, actions, checklists
    REPORT_DEVIATION = "report_deviation"


@dataclass(frozen=True)
class ContractScope:
    """The contract a question is about: enough to decide access without loading the contract."""

    contract_id: int
    supplier_id: int


_TEAM = frozenset(
    {ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR, ContractRole.DECISION_MAKER}
)


def allowed(person: Person, permission: Permission, scope: ContractScope | None = None) -> bool:
    role = person.global_role
    if role is GlobalRole.ADMINISTRATOR:
        return True
    if permission is Permission.ADMINISTER:
        return False
    if role is GlobalRole.COORDINATOR:
        return True
    if role is GlobalRole.SUPPLIER:
        return _supplier_allowed(person, permission, scope)
    # medarbetare: reads every contract of the municipality; writes where they are on the team.
    if permission is Permission.EDIT_REGISTER:
        return False
    # Anyone in the business may see a deviation happen, on any contract (PRODUCT.md: medarbetare report them);
    # it is recorded with who reported it, so only someone in the register may.
    if permission is Permission.REPORT_DEVIATION:
        return person.is_registered
    if permission is Permission.VIEW_CONTRACT:
        return True
    if scope is None:
        return False
    roles = person.roles_in(scope.contract_id)
    if permission is Permission.REPORT_KPI:
        return bool(roles)
    return bool(roles & _TEAM)


def _supplier_allowed(person: Person, permission: Permission, scope: ContractScope | None) -> bool:
    """A supplier's guest sees its own contracts (their deviations too) and reports their KPIs, but never
    reports a deviation or complaint against its own supplier: that is the municipality's to do."""
    if scope is None or person.supplier_id is None or scope.supplier_id != person.supplier_id:
        return False
    return permission in (Permission.VIEW_CONTRACT, Permission.REPORT_KPI)


_PLAN_ROLES = frozenset({ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR})
_PLANNERS = frozenset({GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR})


def may_segment(person: Person, supplier_contract_ids: Iterable[int]) -> bool:
    """Administrators and process coordinators; otherwise the process owner or coordinator of one of the
    supplier's contracts. A supplier's guest never segments."""
    if person.global_role in _PLANNERS:
        return True
    if person.global_role is GlobalRole.SUPPLIER:
        return False
    return any(person.roles_in(contract_id) & _PLAN_ROLES for contract_id in supplier_contract_ids)


def may_adjust_plan(person: Person, contract_id: int) -> bool:
    """Administrators and process coordinators, and the contract's own processkoordinator."""
    if person.global_role in _PLANNERS:
        return True
    if person.global_role is GlobalRole.SUPPLIER:
        return False
    return ContractRole.PROCESS_COORDINATOR in person.roles_in(contract_id)


def may_book_meeting(person: Person, contract_id: int) -> bool:
    """Administrators and process coordinators, and the contract's own processägare or processkoordinator."""
    if person.global_role in _PLANNERS:
        return True
    if person.global_role is GlobalRole.SUPPLIER:
        return False
    return bool(person.roles_in(contract_id) & _PLAN_ROLES)


_SANCTION_ROLES = frozenset({ContractRole.PROCESS_OWNER, ContractRole.DECISION_MAKER})


def may_decide_sanction(person: Person, contract_id: int) -> bool:
    """Administrators and process coordinators, and the contract's own processägare or beslutsfattare."""
    if person.global_role in _PLANNERS:
        return True
    if person.global_role is GlobalRole.SUPPLIER:
        return False
    return bool(person.roles_in(contract_id) & _SANCTION_ROLES)


def require(person: Person, permission: Permission, scope: ContractScope | None = None) -> None:
    if not allowed(person, permission, scope):
        raise NotAllowed(permission=permission.value)


def is_municipality(person: Person) -> bool:
    """One of the municipality's people, not a supplier's (whatever role they were given)."""
    return not (person.global_role is GlobalRole.SUPPLIER or person.party is Party.SUPPLIER
                or person.supplier_id is not None)


def may_see_swot(person: Person) -> bool:
    """A SWOT is the municipality's view of a supplier: its own people read it, the supplier's people never."""
    return is_municipality(person)


def may_edit_swot(person: Person, supplier_contract_ids: Iterable[int]) -> bool:
    """Administrators and process coordinators, and the municipality's people on one of the supplier's
    contracts' teams."""
    if not is_municipality(person):
        return False
    if person.global_role in _PLANNERS:
        return True
    return any(person.roles_in(contract_id) for contract_id in supplier_contract_ids)


def may_see_lessons(person: Person) -> bool:
    """Lessons for the next procurement are the municipality's own."""
    return is_municipality(person)


def may_rate_supplier(person: Person, supplier_contract_ids: Iterable[int]) -> bool:
    """The customer-satisfaction survey: the same people as may edit the supplier's SWOT; a supplier's own
    people never rate themselves."""
    return may_edit_swot(person, supplier_contract_ids)


def may_export(person: Person, contract_ids: Iterable[int] | None) -> bool:
    """The follow-up workbook: administrators and process coordinators export anything; a colleague the
    contracts whose follow-up team they are on (all of them, for a supplier's); `None` (everything) only the
    former. A supplier's guest never: the workbook holds the municipality's own ratings, SWOT and lessons."""
    if person.global_role in _PLANNERS:
        return True
    if not is_municipality(person) or contract_ids is None:
        return False
    wanted = list(contract_ids)
    return bool(wanted) and all(person.roles_in(contract_id) for contract_id in wanted)
