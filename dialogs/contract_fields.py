"""The facts of a contract as a dialog asks for them: which answers each accepts, how it is shown back, and how
the answers become a `Contract`.

Answers are kept in dialog state as primitive, JSON-safe values (dates as ISO text, amounts as text, the
supplier as its id, name and organisation number), because dialog state is stored between turns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bot.domain.contracts import Contract, ContractStatus
from bot.domain.errors import TextTooLong
from bot.domain.suppliers import Supplier
from bot.domain.text import fold
from bot.domain.typed_input import (
    check_period,
    clean_text,
    is_skip,
    parse_amount_sek,
    parse_date,
    parse_notice_months,
    parse_status,
)
from bot.i18n import Texts, texts_for
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_edits import TITLE_MAX_LENGTH, UNIT_MAX_LENGTH, find_supplier_for

ANSWER_MAX_LENGTH = 300  # longer answers to fields that are not free text are refused before parsing


@dataclass(frozen=True)
class ContractField:
    name: str  # the Contract attribute it sets
    skippable: bool = False  # "-" leaves it empty (or, for the status, at its default)
    max_length: int = ANSWER_MAX_LENGTH


# In the order the new-contract dialog asks for them, which is also the order of the change card.
FIELDS = (
    ContractField("title", max_length=TITLE_MAX_LENGTH),
    ContractField("supplier_id"),
    ContractField("category", skippable=True, max_length=UNIT_MAX_LENGTH),
    ContractField("owning_unit", skippable=True, max_length=UNIT_MAX_LENGTH),
    ContractField("start_date"),
    ContractField("end_date"),
    ContractField("notice_period_months", skippable=True),
    ContractField("estimated_yearly_value_sek", skippable=True),
    ContractField("status", skippable=True),
)


async def read_answer(
    unit_of_work: UnitOfWorkFactory, field: ContractField, text: str, known: dict[str, Any]
) -> Any:
    """The typed answer to `field` as a primitive value; `known` holds the other dates of the contract.

    Raises the `DomainError` that says why the answer cannot be taken.
    """
    if len(text) > field.max_length:
        raise TextTooLong(max_length=field.max_length)
    if field.skippable and is_skip(text):
        return ContractStatus.ACTIVE.value if field.name == "status" else None
    match field.name:
        case "title" | "category" | "owning_unit":
            return clean_text(text, max_length=field.max_length)
        case "supplier_id":
            return supplier_value(await find_supplier_for(unit_of_work, text))
        case "start_date":
            start = parse_date(text)
            check_period(start, _date(known.get("end_date")))
            return start.isoformat()
        case "end_date":
            end = parse_date(text)
            check_period(_date(known.get("start_date")), end)
            return end.isoformat()
        case "notice_period_months":
            return parse_notice_months(text)
        case "estimated_yearly_value_sek":
            return str(parse_amount_sek(text))
        case "status":
            return parse_status(text).value
    raise LookupError(field.name)


def supplier_value(supplier: Supplier) -> dict[str, Any]:
    return {"id": supplier.id, "name": supplier.name, "org_number": supplier.org_number}


def shown(texts: Texts, name: str, value: Any) -> str:
    """A primitive value as the user reads it on a card."""
    if value is None or value == "":
        return "–"
    match name:
        case "supplier_id":
            return f"{value['name']} ({value['org_number']})"
        case "notice_period_months":
            return texts("contract.months", count=value)
        case "estimated_yearly_value_sek":
            return format_amount(texts, Decimal(value))
        case "status":
            return texts(f"contract.status.{value}")
    return str(value)


def format_amount(texts: Texts, amount: Decimal) -> str:
    """1200000.50 → "1 200 000,50 kr" in Swedish, "SEK 1,200,000.50" in English; whole kronor without decimals."""
    grouped = f"{amount:,.2f}" if amount != amount.to_integral_value() else f"{amount:,.0f}"
    if texts.language == "sv":
        grouped = grouped.replace(",", " ").replace(".", ",")
    return texts("contract.amount", amount=grouped)


def values_of(contract: Contract, supplier: Supplier) -> dict[str, Any]:
    """A stored contract's facts as the primitive values the dialogs keep."""
    value = contract.estimated_yearly_value_sek
    return {
        "reference": contract.reference,
        "title": contract.title,
        "supplier_id": supplier_value(supplier),
        "category": contract.category,
        "owning_unit": contract.owning_unit,
        "start_date": contract.start_date.isoformat() if contract.start_date else None,
        "end_date": contract.end_date.isoformat() if contract.end_date else None,
        "notice_period_months": contract.notice_period_months,
        "estimated_yearly_value_sek": str(value) if value is not None else None,
        "status": contract.status.value,
    }


def domain_value(name: str, value: Any) -> Any:
    """A primitive value as the `Contract` attribute holds it."""
    if value is None:
        return None
    match name:
        case "supplier_id":
            return value["id"]
        case "start_date" | "end_date":
            return date.fromisoformat(value)
        case "estimated_yearly_value_sek":
            return Decimal(value)
        case "status":
            return ContractStatus(value)
    return value


def contract_from(values: dict[str, Any]) -> Contract:
    return Contract(
        id=None,
        reference=values["reference"],
        **{field.name: domain_value(field.name, values.get(field.name)) for field in FIELDS},
    )


def field_label(texts: Texts, name: str) -> str:
    return texts(f"contract.field.{name}")


def field_named(typed: str) -> ContractField | None:
    """The field a user means by its number on the change card or its name in Swedish or English."""
    wanted = fold(typed).rstrip(".")
    if wanted.isdigit() and 1 <= int(wanted) <= len(FIELDS):
        return FIELDS[int(wanted) - 1]
    for field in FIELDS:
        names = {fold(texts_for(language)(f"contract.field.{field.name}")) for language in ("sv", "en")}
        names |= {fold(word) for language in ("sv", "en")
                  for word in texts_for(language).words(f"contract.field_words.{field.name}")}
        if wanted in names:
            return field
    return None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
