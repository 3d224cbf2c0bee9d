"""Register values as people type them in chat: what is accepted, what it becomes, and what is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.domain.contracts import ContractStatus
from bot.domain.errors import (
    EndBeforeStart,
    InvalidAmount,
    InvalidDate,
    InvalidEmail,
    InvalidMeasure,
    InvalidNoticeMonths,
    InvalidParty,
    InvalidPhone,
    InvalidReference,
    InvalidRole,
    InvalidStatus,
    TextEmpty,
    TextTooLong,
)
from bot.domain.roles import Party
from bot.domain.typed_input import (
    check_period,
    clean_text,
    is_skip,
    parse_amount_sek,
    parse_date,
    parse_email,
    parse_measure,
    parse_notice_months,
    parse_party,
    parse_phone,
    parse_reference,
    parse_status,
    parse_team_role,
)


@pytest.mark.parametrize(
    ("typed", "day"),
    [("2026-03-31", date(2026, 3, 31)), (" 2026-3-1 ", date(2026, 3, 1)), ("31/3/2026", date(2026, 3, 31)),
     ("01/12/2025", date(2025, 12, 1)), ("2024-02-29", date(2024, 2, 29))],
)
def test_a_date_is_read_as_iso_or_day_first(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    "typed",
    ["2025-02-29", "2026-13-01", "31.3.2026", "3/31/2026", "i morgon", "", "20260331", "1066-10-14",
     "2026-03-31'; DROP TABLE contracts; --"],
)
def test_a_date_that_is_not_a_real_day_in_a_known_shape_is_refused(typed):
    with pytest.raises(InvalidDate):
        parse_date(typed)


def test_a_contract_may_end_on_its_first_day_but_not_before_it():
    check_period(date(2026, 1, 1), date(2026, 1, 1))
    check_period(None, date(2026, 1, 1))
    with pytest.raises(EndBeforeStart) as refused:
        check_period(date(2026, 1, 2), date(2026, 1, 1))
    assert refused.value.params == {"start": "2026-01-02", "end": "2026-01-01"}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("1 200 000", "1200000.00"), ("1200000,50", "1200000.50"), ("1\u00a0200\u00a0000 kr", "1200000.00"),
     ("1 200 000 SEK", "1200000.00"), ("850000:-", "850000.00"), ("1.200.000", "1200000.00"),
     ("1,200,000", "1200000.00"), ("1,200,000.50", "1200000.50"), ("1.200.000,5", "1200000.50"),
     ("0", "0.00"), ("99,9", "99.90")],
)
def test_an_amount_in_kronor_is_read_with_swedish_or_english_separators(typed, amount):
    assert parse_amount_sek(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed", ["1,200", "1.200", "-5", "ett tusen", "12,345", "1,200.000,50", "1e6", "", "100000000000000"]
)
def test_an_amount_that_could_mean_two_things_or_nothing_is_refused(typed):
    with pytest.raises(InvalidAmount):
        parse_amount_sek(typed)


@pytest.mark.parametrize(("typed", "months"), [("0", 0), ("3", 3), ("60", 60), ("6 månader", 6), ("6 months", 6)])
def test_a_notice_period_is_whole_months_up_to_sixty(typed, months):
    assert parse_notice_months(typed) == months


@pytest.mark.parametrize("typed", ["61", "-1", "3,5", "tre", ""])
def test_a_notice_period_outside_the_range_is_refused_with_the_limit(typed):
    with pytest.raises(InvalidNoticeMonths) as refused:
        parse_notice_months(typed)
    assert refused.value.params["max"] == 60


@pytest.mark.parametrize(
    ("typed", "status"),
    [("aktivt", ContractStatus.ACTIVE), ("Under uppsagning", ContractStatus.TERMINATING),
     ("planned", ContractStatus.PLANNED), ("ENDED", ContractStatus.ENDED)],
)
def test_a_status_is_read_in_swedish_with_or_without_accents_or_in_english(typed, status):
    assert parse_status(typed) is status


@pytest.mark.parametrize(
    ("typed", "party"),
    [("inköp", Party.PROCUREMENT), ("Inkop", Party.PROCUREMENT), ("leverantor", Party.SUPPLIER),
     ("business unit", Party.BUSINESS_UNIT)],
)
def test_a_party_is_read_in_either_language(typed, party):
    assert parse_party(typed) is party


def test_an_unknown_status_or_party_is_refused():
    with pytest.raises(InvalidStatus):
        parse_status("pausat")
    with pytest.raises(InvalidParty):
        parse_party("konsult")


def test_an_email_address_is_stored_in_lower_case_and_must_look_like_one():
    assert parse_email("  Sara.Ek@Exempel.SE ") == "sara.ek@exempel.se"
    for typed in ("sara", "sara@", "@exempel.se", "sara@exempel", "sa ra@exempel.se", "a@b@c.se"):
        with pytest.raises(InvalidEmail):
            parse_email(typed)


def test_a_phone_number_is_digits_with_ordinary_separators():
    assert parse_phone(" +46 70-123  45 67 ") == "+46 70-123 45 67"
    for typed in ("ring mig", "123", "070-123 45 67; DROP", "+" * 10):
        with pytest.raises(InvalidPhone):
            parse_phone(typed)


def test_free_text_is_trimmed_and_refused_when_empty_or_too_long():
    assert clean_text("  Städ  🧹 ", max_length=10) == "Städ 🧹"
    with pytest.raises(TextEmpty):
        clean_text(" \n ", max_length=10)
    with pytest.raises(TextTooLong) as refused:
        clean_text("x" * 11, max_length=10)
    assert refused.value.params == {"max_length": 10}


def test_a_dash_skips_an_answer():
    assert is_skip("-") and is_skip(" – ") and not is_skip("--") and not is_skip("0")


def test_a_reference_and_a_team_role_give_their_reasons():
    assert parse_reference(" 2024-017 ") == "2024-017"
    with pytest.raises(InvalidReference):
        parse_reference("'; DROP")
    with pytest.raises(TextTooLong):
        parse_reference("x" * 61)
    assert parse_team_role("Process owner") == "processägare"
    assert parse_team_role("Kvalitetsansvarig") == "kvalitetsansvarig"
    with pytest.raises(InvalidRole):
        parse_team_role("x" * 41)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("91", "91"), ("91,5", "91.5"), ("91.5", "91.5"), ("1 234,5", "1234.5"), ("-0,6", "-0.6"),
     ("−2", "-2"), ("91 %", "91"), ("0,1234", "0.1234"), ("-0", "0")],
)
def test_a_kpi_value_takes_a_decimal_comma_spaces_a_percent_sign_and_a_leading_minus(typed, value):
    assert parse_measure(typed) == Decimal(value)


@pytest.mark.parametrize("typed", ["abc", "", "1,2,3", "0,12345", "--1", "91 kr", "1e5"])
def test_what_is_not_a_kpi_value_is_refused(typed):
    with pytest.raises(InvalidMeasure):
        parse_measure(typed)
