"""Avvikelser och reklamationer: what a deviation is, the words that name its type and severity in Swedish
and English, and the day it happened (never in the future)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.contracts import parse_enum
from bot.domain.errors import InvalidDate, InvalidInput
from bot.domain.text import fold
from bot.domain.typed_input import clean_text, parse_date

DESCRIPTION_MAX_LENGTH = 2000


class DeviationType(StrEnum):
    QUALITY = "kvalitet"
    DELIVERY = "leverans"
    PRICE_INVOICE = "pris/faktura"
    ENVIRONMENT = "miljö"
    CSR = "CSR"
    OTHER = "annat"


class Severity(StrEnum):
    LOW = "låg"
    MEDIUM = "medel"
    HIGH = "hög"


class InvalidDeviationType(InvalidInput):
    code = "deviation.error.type"


class InvalidSeverity(InvalidInput):
    code = "deviation.error.severity"


class DateInFuture(InvalidInput):
    code = "deviation.error.future"


_TYPE_WORDS = {
    "quality": DeviationType.QUALITY,
    "delivery": DeviationType.DELIVERY,
    "pris": DeviationType.PRICE_INVOICE,
    "faktura": DeviationType.PRICE_INVOICE,
    "pris faktura": DeviationType.PRICE_INVOICE,
    "price": DeviationType.PRICE_INVOICE,
    "invoice": DeviationType.PRICE_INVOICE,
    "price/invoice": DeviationType.PRICE_INVOICE,
    "price invoice": DeviationType.PRICE_INVOICE,
    "environment": DeviationType.ENVIRONMENT,
    "environmental": DeviationType.ENVIRONMENT,
    "other": DeviationType.OTHER,
}
_SEVERITY_WORDS = {
    "lag": Severity.LOW,
    "low": Severity.LOW,
    "medium": Severity.MEDIUM,
    "medel": Severity.MEDIUM,
    "hog": Severity.HIGH,
    "high": Severity.HIGH,
}
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_TODAY_WORDS = frozenset({"idag", "i dag", "today"})
_YESTERDAY_WORDS = frozenset({"igar", "i gar", "yesterday"})


def parse_deviation_type(text: str) -> DeviationType:
    """A type by its Swedish name (å/ä/ö optional) or its English one: "miljo", "price/invoice", "CSR"."""
    return parse_enum(DeviationType, text, field_name="type", synonyms=_TYPE_WORDS, error=InvalidDeviationType)


def parse_severity(text: str) -> Severity:
    """låg / medel / hög, also "lag", "hog", "low", "medium", "high"."""
    return parse_enum(Severity, text, field_name="severity", synonyms=_SEVERITY_WORDS, error=InvalidSeverity)


def parse_past_day(text: str, today: date) -> date:
    """A day no later than `today`: "idag"/"today", "igår"/"yesterday", ISO "2026-11-12", "12/11/2026", or
    "12/11" (day and month of this year)."""
    typed = fold(text).rstrip(".")
    if typed in _TODAY_WORDS:
        return today
    if typed in _YESTERDAY_WORDS:
        return today - timedelta(days=1)
    day_month = _DAY_MONTH.match(typed)
    if day_month:
        try:
            day = date(today.year, int(day_month.group(2)), int(day_month.group(1)))
        except ValueError:
            raise InvalidDate(value=text.strip()[:40]) from None
    else:
        day = parse_date(typed)
    if day > today:
        raise DateInFuture(value=day.isoformat(), today=today.isoformat())
    return day


def clean_description(text: str) -> str:
    return clean_text(text, max_length=DESCRIPTION_MAX_LENGTH)


class DeviationStatus(StrEnum):
    REPORTED = "registrerad"
    VOIDED = "makulerad"  # recorded by mistake: kept with its reason in the history, counted nowhere


@dataclass(frozen=True)
class Deviation:
    contract_id: int
    occurred_on: date
    type: DeviationType
    severity: Severity
    is_complaint: bool
    description: str
    reported_by_id: int | None = None
    source_message_id: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class DeviationCounts:
    """A year's deviations of a contract counted per month ("2026-03") and per type; complaints per month."""

    by_month: dict[str, int]
    by_type: dict[DeviationType, int]
    complaints_by_month: dict[str, int]


def count_deviations(deviations: list[Deviation]) -> DeviationCounts:
    return DeviationCounts(
        by_month=dict(sorted(Counter(_month(d.occurred_on) for d in deviations).items())),
        by_type={kind: n for kind in DeviationType if (n := sum(d.type is kind for d in deviations))},
        complaints_by_month=dict(sorted(Counter(_month(d.occurred_on) for d in deviations if d.is_complaint).items())),
    )


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"
