"""A refusal of KPI reporting in words, shared by the dialog and the report card: the error's text in the
user's language, with its numbers written the way the language writes them."""

from __future__ import annotations

from decimal import Decimal

from bot.domain.errors import DomainError
from bot.domain.kpis import ValueOutOfRange
from bot.i18n import Texts
from cards.kpi_result import format_number


def kpi_error_text(texts: Texts, error: DomainError) -> str:
    params = {name: format_number(texts, value) if isinstance(value, Decimal) else value
              for name, value in error.params.items()}
    if isinstance(error, ValueOutOfRange):
        low, high = params["min"], params["max"]
        key = "kpi.range.between" if low is not None and high is not None else (
            "kpi.range.at_least" if low is not None else "kpi.range.at_most")
        params["range"] = texts(key, min=low, max=high)
    return texts(error.code, **params)
