"""How the contract dialogs read a field's name and show values back, in both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.i18n import Texts
from dialogs.contract_fields import FIELDS, field_named, format_amount, shown


@pytest.mark.parametrize(
    ("typed", "name"),
    [("6", "end_date"), ("6.", "end_date"), ("Slutdatum", "end_date"), ("end date", "end_date"),
     ("arligt varde", "estimated_yearly_value_sek"), ("Yearly value", "estimated_yearly_value_sek"),
     ("1", "title"), ("leverantör", "supplier_id"), ("STATUS", "status")],
)
def test_a_field_is_chosen_by_its_number_or_its_name_in_either_language(typed, name):
    assert field_named(typed).name == name


@pytest.mark.parametrize("typed", ["0", str(len(FIELDS) + 1), "avtalsnummer", "", "x" * 10_000])
def test_a_field_that_is_not_on_the_card_is_not_chosen(typed):
    assert field_named(typed) is None


def test_amounts_and_values_are_shown_the_way_each_language_writes_them():
    assert format_amount(Texts("sv"), Decimal("1200000.50")) == "1 200 000,50 kr"
    assert format_amount(Texts("sv"), Decimal("950000.00")) == "950 000 kr"
    assert format_amount(Texts("en"), Decimal("1200000.50")) == "SEK 1,200,000.50"
    assert shown(Texts("en"), "status", "under uppsägning") == "under notice"
    assert shown(Texts("sv"), "notice_period_months", 3) == "3 mån"
    assert shown(Texts("sv"), "category", None) == "–"
