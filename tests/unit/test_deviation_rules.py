"""Deviations and the sanctions ladder as plain rules: the words for types, severities and steps in Swedish
and English (å/ä/ö also as a/a/o), the day of a deviation, amounts, the order of the ladder and when the bot
proposes its next step."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.domain.access import ContractScope, Permission, allowed, may_decide_sanction
from bot.domain.deviations import (
    DateInFuture,
    Deviation,
    DeviationType,
    InvalidDeviationType,
    InvalidSeverity,
    Severity,
    count_deviations,
    parse_deviation_type,
    parse_past_day,
    parse_severity,
)
from bot.domain.errors import InvalidAmount, InvalidDate
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.sanctions import (
    LADDER,
    InvalidStep,
    Sanction,
    SanctionStep,
    needs_explicit_choice,
    next_step,
    parse_step,
    proposal,
    takes_amount,
)
from bot.domain.typed_input import parse_amount_sek

TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(("typed", "expected"), [
    ("kvalitet", DeviationType.QUALITY), ("Quality", DeviationType.QUALITY), ("leverans", DeviationType.DELIVERY),
    ("delivery", DeviationType.DELIVERY), ("pris/faktura", DeviationType.PRICE_INVOICE),
    ("Invoice", DeviationType.PRICE_INVOICE), ("price/invoice", DeviationType.PRICE_INVOICE),
    ("miljö", DeviationType.ENVIRONMENT), ("MILJO", DeviationType.ENVIRONMENT),
    ("environment", DeviationType.ENVIRONMENT), ("csr", DeviationType.CSR), ("annat", DeviationType.OTHER),
    ("other", DeviationType.OTHER),
])
def test_deviation_types_are_understood_in_swedish_and_english(typed, expected):
    assert parse_deviation_type(typed) is expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("låg", Severity.LOW), ("lag", Severity.LOW), ("low", Severity.LOW), ("Medel", Severity.MEDIUM),
    ("medium", Severity.MEDIUM), ("hög", Severity.HIGH), ("HOG", Severity.HIGH), ("high", Severity.HIGH),
])
def test_severities_are_understood_with_or_without_swedish_letters(typed, expected):
    assert parse_severity(typed) is expected


def test_an_unknown_type_or_severity_is_refused_not_guessed():
    with pytest.raises(InvalidDeviationType):
        parse_deviation_type("kvalite")
    with pytest.raises(InvalidSeverity):
        parse_severity("mycket")


@pytest.mark.parametrize(("typed", "expected"), [
    ("idag", TODAY), ("today", TODAY), ("igår", TODAY - timedelta(days=1)), ("igar", TODAY - timedelta(days=1)),
    ("yesterday", TODAY - timedelta(days=1)), ("2026-11-12", date(2026, 11, 12)), ("12/11", date(2026, 11, 12)),
    ("12/11/2025", date(2025, 11, 12)), ("2026-11-30", TODAY),
])
def test_the_day_of_a_deviation_is_read_from_words_iso_and_day_month(typed, expected):
    assert parse_past_day(typed, TODAY) == expected


def test_a_day_in_the_future_is_refused():
    with pytest.raises(DateInFuture):
        parse_past_day("2026-12-01", TODAY)
    with pytest.raises(DateInFuture):
        parse_past_day("1/12", TODAY)


@pytest.mark.parametrize("typed", ["31/2", "i morgon", "2026-13-01", "tisdag"])
def test_a_day_that_is_no_date_is_refused(typed):
    with pytest.raises(InvalidDate):
        parse_past_day(typed, TODAY)


def test_the_ladder_runs_from_written_notice_to_rescission_in_order():
    assert [step.value for step in LADDER] == [
        "skriftligt påpekande", "innehållen betalning", "prisavdrag", "vite", "uppsägning", "hävning",
    ]
    assert [step for step in LADDER if takes_amount(step)] == [
        SanctionStep.WITHHELD_PAYMENT, SanctionStep.PRICE_REDUCTION, SanctionStep.PENALTY,
    ]


@pytest.mark.parametrize(("typed", "expected"), [
    ("skriftligt påpekande", SanctionStep.WRITTEN_NOTICE), ("written notice", SanctionStep.WRITTEN_NOTICE),
    ("innehallen betalning", SanctionStep.WITHHELD_PAYMENT), ("Price reduction", SanctionStep.PRICE_REDUCTION),
    ("vite", SanctionStep.PENALTY), ("penalty", SanctionStep.PENALTY), ("uppsagning", SanctionStep.TERMINATION),
    ("termination", SanctionStep.TERMINATION), ("Hävning", SanctionStep.RESCISSION),
])
def test_steps_are_understood_in_swedish_and_english(typed, expected):
    assert parse_step(typed) is expected


def test_an_unknown_step_is_refused():
    with pytest.raises(InvalidStep):
        parse_step("böter")


@pytest.mark.parametrize(("typed", "expected"), [
    ("12 500 kr", Decimal("12500.00")), ("12500", Decimal("12500.00")), ("12 500,50", Decimal("12500.50")),
])
def test_amounts_are_read_in_kronor(typed, expected):
    assert parse_amount_sek(typed) == expected


def test_an_amount_that_could_mean_two_things_is_refused():
    with pytest.raises(InvalidAmount):
        parse_amount_sek("12,500")


def _deviation(days_ago: int, severity: Severity = Severity.MEDIUM, number: int = 0) -> Deviation:
    return Deviation(contract_id=1, occurred_on=TODAY - timedelta(days=days_ago), type=DeviationType.QUALITY,
                     severity=severity, is_complaint=False, description="x", id=number or days_ago + 1)


def _sanction(step: SanctionStep, days_ago: int) -> Sanction:
    return Sanction(contract_id=1, step=step, decided_on=TODAY - timedelta(days=days_ago), decided_by="Anna")


def test_two_deviations_propose_nothing_and_the_third_proposes_the_first_step():
    assert proposal([_deviation(1), _deviation(2)], [], TODAY) is None
    found = proposal([_deviation(1), _deviation(2), _deviation(3)], [], TODAY)
    assert found.step is SanctionStep.WRITTEN_NOTICE and found.count == 3


def test_the_window_is_90_days_including_today():
    assert proposal([_deviation(0), _deviation(10), _deviation(89)], [], TODAY) is not None
    assert proposal([_deviation(0), _deviation(10), _deviation(90)], [], TODAY) is None


def test_two_high_severity_deviations_are_enough():
    assert proposal([_deviation(1, Severity.HIGH), _deviation(5, Severity.HIGH)], [], TODAY).high_count == 2
    assert proposal([_deviation(1, Severity.HIGH), _deviation(5, Severity.LOW)], [], TODAY) is None


def test_only_deviations_after_the_last_step_count_and_the_next_step_follows_it():
    sanctions = [_sanction(SanctionStep.WRITTEN_NOTICE, 40), _sanction(SanctionStep.WITHHELD_PAYMENT, 20)]
    deviations = [_deviation(50), _deviation(30), _deviation(20), _deviation(10), _deviation(5)]
    assert proposal(deviations, sanctions, TODAY) is None  # only two after the last step
    found = proposal([*deviations, _deviation(1)], sanctions, TODAY)
    assert found.step is SanctionStep.PRICE_REDUCTION
    assert found.deviation_ids == (11, 6, 2)


def test_nothing_is_proposed_after_rescission():
    assert next_step([_sanction(SanctionStep.RESCISSION, 5)]) is None
    assert proposal([_deviation(1), _deviation(2), _deviation(3)], [_sanction(SanctionStep.RESCISSION, 5)], TODAY) is None


def test_termination_without_the_earlier_steps_needs_an_explicit_choice():
    assert needs_explicit_choice(SanctionStep.TERMINATION, [_sanction(SanctionStep.WRITTEN_NOTICE, 5)])
    assert needs_explicit_choice(SanctionStep.RESCISSION, [])
    assert not needs_explicit_choice(SanctionStep.PENALTY, [])
    climbed = [_sanction(step, 5) for step in LADDER[:4]]
    assert not needs_explicit_choice(SanctionStep.TERMINATION, climbed)


def test_counts_per_month_and_type_and_complaints_per_month():
    deviations = [
        Deviation(1, date(2026, 3, 2), DeviationType.QUALITY, Severity.LOW, True, "a"),
        Deviation(1, date(2026, 3, 9), DeviationType.DELIVERY, Severity.LOW, False, "b"),
        Deviation(1, date(2026, 5, 1), DeviationType.QUALITY, Severity.LOW, True, "c"),
    ]
    counts = count_deviations(deviations)
    assert counts.by_month == {"2026-03": 2, "2026-05": 1}
    assert counts.by_type == {DeviationType.QUALITY: 2, DeviationType.DELIVERY: 1}
    assert counts.complaints_by_month == {"2026-03": 1, "2026-05": 1}


def _person(role: GlobalRole, roles: dict | None = None, supplier_id: int | None = None) -> Person:
    return Person(id=7, name="P", email="p@x.se", global_role=role, supplier_id=supplier_id,
                  contract_roles=roles or {})


def test_deviations_are_reported_by_anyone_in_the_municipality_not_by_the_supplier():
    scope = ContractScope(contract_id=1, supplier_id=9)
    assert allowed(_person(GlobalRole.EMPLOYEE, {1: frozenset({ContractRole.TEAM_MEMBER})}), Permission.REPORT_DEVIATION, scope)
    assert allowed(_person(GlobalRole.EMPLOYEE), Permission.REPORT_DEVIATION, scope)  # off the team, too
    unknown = Person(id=None, name="Nils Ny", email="nils@exempelkommun.se", global_role=GlobalRole.EMPLOYEE)
    assert not allowed(unknown, Permission.REPORT_DEVIATION, scope)  # not in the register: nobody to record
    assert allowed(_person(GlobalRole.COORDINATOR), Permission.REPORT_DEVIATION, scope)
    guest = _person(GlobalRole.SUPPLIER, {1: frozenset({ContractRole.SUPPLIER_CONTACT})}, supplier_id=9)
    assert not allowed(guest, Permission.REPORT_DEVIATION, scope)
    assert allowed(guest, Permission.VIEW_CONTRACT, scope)


def test_sanctions_are_decided_by_administrators_coordinators_process_owners_and_decision_makers():
    assert may_decide_sanction(_person(GlobalRole.ADMINISTRATOR), 1)
    assert may_decide_sanction(_person(GlobalRole.COORDINATOR), 1)
    assert may_decide_sanction(_person(GlobalRole.EMPLOYEE, {1: frozenset({ContractRole.DECISION_MAKER})}), 1)
    assert may_decide_sanction(_person(GlobalRole.EMPLOYEE, {1: frozenset({ContractRole.PROCESS_OWNER})}), 1)
    assert not may_decide_sanction(_person(GlobalRole.EMPLOYEE, {1: frozenset({ContractRole.TEAM_MEMBER})}), 1)
    assert not may_decide_sanction(_person(GlobalRole.SUPPLIER, {1: frozenset({ContractRole.PROCESS_OWNER})}), 1)
