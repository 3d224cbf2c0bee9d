"""The rules of a supplier's SWOT: what the bot suggests from the follow-up facts (with their boundaries), that
a text is suggested once, how an item typed in chat is read, and who may read or change a SWOT."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.access import may_edit_swot, may_see_lessons, may_see_swot
from bot.domain.contracts import ContractStatus, Segment
from bot.domain.errors import TextTooLong
from bot.domain.kpis import KpiStatus
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole
from bot.domain.swot import (
    InvalidAddition,
    InvalidQuadrant,
    Quadrant,
    Suggestion,
    SwotItem,
    SwotStatus,
    new_suggestions,
    parse_addition,
    parse_quadrant,
)
from bot.domain.swot_suggestions import (
    ContractFact,
    DeviationFact,
    KpiHistory,
    RatingFact,
    SanctionFact,
    SupplierFacts,
    option_left,
    suggestions,
)

TODAY = date(2026, 11, 23)
G, Y, R = KpiStatus.GREEN, KpiStatus.YELLOW, KpiStatus.RED


def _kpi(*statuses) -> SupplierFacts:
    return SupplierFacts(kpis=(KpiHistory("Leveransprecision", "2023-008", tuple(statuses)),))


@pytest.mark.parametrize(("statuses", "expected"), [
    ((G, G, G), []),
    ((G, G, G, G), [Suggestion(Quadrant.STRENGTH, "Leveransprecision (2023-008) grön fyra perioder i rad")]),
    ((R, G, G, G, G), [Suggestion(Quadrant.STRENGTH, "Leveransprecision (2023-008) grön fyra perioder i rad")]),
    ((G, G, G, G, Y), []),
    ((G, G, None, G), []),
    ((R,), []),
    ((G, Y, R), []),
    ((R, Y, R), []),
    ((Y, R, R), [Suggestion(Quadrant.WEAKNESS, "Leveransprecision (2023-008) röd två perioder i rad eller fler")]),
    ((R, R, R, R), [Suggestion(Quadrant.WEAKNESS, "Leveransprecision (2023-008) röd två perioder i rad eller fler")]),
    ((), []),
])
def test_a_kpi_is_a_strength_after_four_green_periods_and_a_weakness_after_two_red(statuses, expected):
    assert suggestions(_kpi(*statuses), TODAY) == expected


def _deviations(*kinds_and_days) -> SupplierFacts:
    return SupplierFacts(deviations=tuple(DeviationFact(day, kind) for kind, day in kinds_and_days))


def test_two_deviations_of_different_types_are_no_weakness_but_three_are():
    two = _deviations(("kvalitet", date(2026, 10, 1)), ("leverans", date(2026, 9, 1)))
    assert suggestions(two, TODAY) == []
    three = _deviations(("kvalitet", date(2026, 10, 1)), ("leverans", date(2026, 9, 1)), ("miljö", date(2026, 1, 5)))
    assert suggestions(three, TODAY) == [
        Suggestion(Quadrant.WEAKNESS, "3 avvikelser senaste 12 månaderna (kvalitet 1, leverans 1, miljö 1)")]


def test_two_deviations_of_the_same_type_are_a_weakness_naming_the_type():
    facts = _deviations(("leverans", date(2026, 10, 1)), ("leverans", date(2026, 2, 1)))
    assert suggestions(facts, TODAY) == [Suggestion(Quadrant.WEAKNESS, "2 avvikelser senaste 12 månaderna (leverans 2)")]


def test_deviations_older_than_twelve_months_do_not_count():
    facts = _deviations(("leverans", date(2026, 10, 1)), ("leverans", date(2025, 11, 22)),
                        ("kvalitet", date(2025, 1, 1)))
    assert suggestions(facts, TODAY) == []
    on_the_edge = _deviations(("leverans", date(2026, 10, 1)), ("leverans", date(2025, 11, 23)))
    assert len(suggestions(on_the_edge, TODAY)) == 1


def test_a_sanction_decided_in_the_last_twelve_months_is_a_threat():
    facts = SupplierFacts(sanctions=(SanctionFact(date(2026, 11, 11), "skriftligt påpekande", "2022-041"),
                                     SanctionFact(date(2025, 6, 1), "vite", "2022-041")))
    assert suggestions(facts, TODAY) == [
        Suggestion(Quadrant.THREAT, "Sanktion beslutad 2026-11-11: skriftligt påpekande (2022-041)")]


@pytest.mark.parametrize(("segment", "threat"), [
    (Segment.BOTTLENECK, True), (Segment.STRATEGIC, True), (Segment.LEVERAGE, False), (Segment.NON_CRITICAL, False),
    (None, False),
])
def test_a_supplier_of_high_supply_risk_is_a_threat(segment, threat):
    found = suggestions(SupplierFacts(segment=segment), TODAY)
    expected = [Suggestion(Quadrant.THREAT, f"Få alternativ på marknaden (segment {segment})")] if threat else []
    assert found == expected


@pytest.mark.parametrize(("end", "status", "options", "opportunity"), [
    (date(2027, 3, 31), ContractStatus.ACTIVE, "1 + 1 år (första optionen utnyttjad)", True),
    (date(2027, 11, 23), ContractStatus.ACTIVE, "2 × 12 månader", True),
    (date(2027, 11, 24), ContractStatus.ACTIVE, "2 × 12 månader", False),  # more than 12 months away
    (date(2026, 11, 22), ContractStatus.ACTIVE, "2 × 12 månader", False),  # ended
    (date(2027, 3, 31), ContractStatus.TERMINATING, "2 × 12 månader", False),
    (date(2027, 3, 31), ContractStatus.ACTIVE, "1 + 1 år (båda utnyttjade)", False),
    (date(2027, 3, 31), ContractStatus.ACTIVE, "Ingen förlängningsoption", False),
    (date(2027, 3, 31), ContractStatus.ACTIVE, None, False),
])
def test_a_running_contract_ending_within_a_year_with_an_option_left_is_an_opportunity(end, status, options,
                                                                                      opportunity):
    facts = SupplierFacts(contracts=(ContractFact("2024-017", status, end, options),))
    expected = [Suggestion(Quadrant.OPPORTUNITY, f"Förlängningsoption för 2024-017 kan användas före {end}")]
    assert suggestions(facts, TODAY) == (expected if opportunity else [])


@pytest.mark.parametrize(("text", "left"), [
    ("Inga kvarvarande förlängningsoptioner", False), ("1 + 1 säsong", True), ("no extension", False),
    ("both options exercised", False), ("", False),
])
def test_what_counts_as_an_extension_option_left(text, left):
    assert option_left(text) is left


def test_a_rating_of_four_and_a_half_or_more_is_a_strength():
    assert suggestions(SupplierFacts(rating=RatingFact("2026-Q3", Decimal("4.49"))), TODAY) == []
    assert suggestions(SupplierFacts(rating=RatingFact("2026-Q3", Decimal("4.50"))), TODAY) == [
        Suggestion(Quadrant.STRENGTH, "Betyg 4,5 i verksamhetens bedömning 2026-Q3")]


def test_a_text_once_stored_in_any_status_is_not_suggested_again():
    declined = SwotItem(1, 5, Quadrant.THREAT, "Få alternativ på marknaden (segment flaskhals)", SwotStatus.DECLINED)
    accepted = SwotItem(2, 5, Quadrant.STRENGTH, "X grön fyra perioder i rad", SwotStatus.ACCEPTED)
    fresh = Suggestion(Quadrant.OPPORTUNITY, "Förlängningsoption för 2023-022 kan användas före 2027-10-14")
    found = [Suggestion(declined.quadrant, declined.text), Suggestion(accepted.quadrant, accepted.text), fresh, fresh]
    assert new_suggestions(found, [declined, accepted]) == [fresh]


@pytest.mark.parametrize(("typed", "quadrant"), [
    ("styrka", Quadrant.STRENGTH), ("Svagheter", Quadrant.WEAKNESS), ("mojlighet", Quadrant.OPPORTUNITY),
    ("HOT", Quadrant.THREAT), ("strength", Quadrant.STRENGTH), ("weakness", Quadrant.WEAKNESS),
    ("opportunity", Quadrant.OPPORTUNITY), ("threat", Quadrant.THREAT),
])
def test_a_quadrant_is_read_in_swedish_or_english(typed, quadrant):
    assert parse_quadrant(typed) is quadrant


def test_an_item_typed_in_chat_keeps_its_text_as_typed_only_trimmed():
    assert parse_addition("styrka för Städbolaget:  snabba leveranser 🚚 ") == (
        Quadrant.STRENGTH, "Städbolaget", "snabba leveranser 🚚")
    assert parse_addition("threat for Snöröjarna Exempel AB: '; DROP TABLE swot_items; --") == (
        Quadrant.THREAT, "Snöröjarna Exempel AB", "'; DROP TABLE swot_items; --")
    with pytest.raises(InvalidAddition):
        parse_addition("styrka för Städbolaget snabba leveranser")
    with pytest.raises(InvalidQuadrant):
        parse_addition("fördel för Städbolaget: bra")
    with pytest.raises(TextTooLong):
        parse_addition("hot för Städbolaget: " + "å" * 501)
    assert len(parse_addition("hot för Städbolaget: " + "å" * 500)[2]) == 500


def _person(role: GlobalRole, roles: dict | None = None) -> Person:
    return Person(1, "P", "p@x.se", role, supplier_id=3 if role is GlobalRole.SUPPLIER else None,
                  contract_roles=roles or {})


def test_who_may_read_and_change_a_swot():
    team_member = _person(GlobalRole.EMPLOYEE, {7: frozenset({ContractRole.TEAM_MEMBER})})
    colleague = _person(GlobalRole.EMPLOYEE, {8: frozenset({ContractRole.PROCESS_OWNER})})
    guest = _person(GlobalRole.SUPPLIER, {7: frozenset({ContractRole.SUPPLIER_CONTACT})})
    assert may_edit_swot(team_member, [6, 7]) and may_see_swot(team_member)
    assert not may_edit_swot(colleague, [6, 7]) and may_see_swot(colleague)
    assert not may_edit_swot(guest, [6, 7]) and not may_see_swot(guest) and not may_see_lessons(guest)
    for role in (GlobalRole.COORDINATOR, GlobalRole.ADMINISTRATOR):
        assert may_edit_swot(_person(role), [6, 7])
