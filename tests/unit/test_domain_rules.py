"""Rules of the domain that need no database: organisation numbers, name folding, access."""

from __future__ import annotations

import pytest

from bot.domain.access import ContractScope, Permission, allowed, require
from bot.domain.errors import InvalidOrgNumber, NotAllowed
from bot.domain.people import Person, unregistered
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.suppliers import clean_name, normalise_org_number
from bot.domain.text import fold


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("5561234567", "556123-4567"), ("556123-4567", "556123-4567"), (" 556123 4567 ", "556123-4567"),
     ("16556123-4567", "556123-4567"), ("2120000142", "212000-0142")],
)
def test_an_organisation_number_is_stored_with_its_hyphen(typed, stored):
    assert normalise_org_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["556123-4568", "55612345", "abcdef-ghij", "", "5501234567'; --", "811218-9876", "556123-45678"],
)
def test_an_organisation_number_with_a_wrong_check_digit_or_shape_is_refused(typed):
    with pytest.raises(InvalidOrgNumber):
        normalise_org_number(typed)


def test_names_fold_swedish_letters_case_and_spaces():
    assert fold("  Städbolaget   ÖSTRA Ån AB ") == "stadbolaget ostra an ab"
    assert fold("Café Müller") == "cafe muller"


def test_a_supplier_name_is_trimmed_and_may_not_be_empty_or_huge():
    assert clean_name("  Acme \n AB ") == "Acme AB"
    with pytest.raises(Exception):
        clean_name("   ")
    with pytest.raises(Exception):
        clean_name("x" * 201)


def _person(role: GlobalRole, **kwargs) -> Person:
    return Person(id=1, name="Test", email="t@example.se", global_role=role, **kwargs)


SCOPE = ContractScope(contract_id=7, supplier_id=3)


def test_only_administrators_administer():
    assert allowed(_person(GlobalRole.ADMINISTRATOR), Permission.ADMINISTER)
    for role in (GlobalRole.COORDINATOR, GlobalRole.EMPLOYEE, GlobalRole.SUPPLIER):
        assert not allowed(_person(role), Permission.ADMINISTER)


def test_coordinators_edit_the_register_and_colleagues_do_not():
    assert allowed(_person(GlobalRole.COORDINATOR), Permission.EDIT_REGISTER)
    assert not allowed(_person(GlobalRole.EMPLOYEE), Permission.EDIT_REGISTER)
    with pytest.raises(NotAllowed):
        require(_person(GlobalRole.EMPLOYEE), Permission.EDIT_REGISTER)


def test_a_colleague_reads_every_contract_but_reports_kpis_only_on_their_team():
    colleague = _person(GlobalRole.EMPLOYEE)
    on_team = _person(GlobalRole.EMPLOYEE, contract_roles={7: frozenset({ContractRole.PROCESS_OWNER})})
    assert allowed(colleague, Permission.VIEW_CONTRACT, SCOPE)
    assert not allowed(colleague, Permission.REPORT_KPI, SCOPE)
    assert allowed(on_team, Permission.REPORT_KPI, SCOPE)
    assert allowed(on_team, Permission.RECORD_FOLLOW_UP, SCOPE)
    assert not allowed(on_team, Permission.RECORD_FOLLOW_UP, ContractScope(contract_id=8, supplier_id=3))


def test_a_supplier_contact_sees_only_its_own_suppliers_contracts():
    supplier = _person(GlobalRole.SUPPLIER, supplier_id=3)
    assert allowed(supplier, Permission.VIEW_CONTRACT, SCOPE)
    assert allowed(supplier, Permission.REPORT_KPI, SCOPE)
    assert not allowed(supplier, Permission.VIEW_CONTRACT, ContractScope(contract_id=9, supplier_id=4))
    assert not allowed(supplier, Permission.VIEW_CONTRACT)
    assert not allowed(supplier, Permission.RECORD_FOLLOW_UP, SCOPE)


def test_an_unknown_guest_gets_the_supplier_role_with_no_supplier_and_sees_nothing():
    guest = unregistered("Gäst", "guest@partner.example", is_guest=True)
    assert guest.global_role is GlobalRole.SUPPLIER
    assert not allowed(guest, Permission.VIEW_CONTRACT, SCOPE)
    assert unregistered("Kollega", None, is_guest=False).global_role is GlobalRole.EMPLOYEE
