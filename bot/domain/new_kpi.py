"""A KPI as a coordinator defines it for a contract: what may be typed for its direction and frequency, and the
rules a new definition keeps (a red limit on the worse side of the target, the lowest allowed value not above
the highest)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.domain.contracts import parse_enum
from bot.domain.errors import AlreadyExists, InvalidInput, NotFound
from bot.domain.kpis import Direction, Frequency, Thresholds
from bot.domain.roles import Party

NAME_MAX_LENGTH = 200  # what kpi_definitions.name holds
UNIT_MAX_LENGTH = 40
SOURCE_MAX_LENGTH = 1000

_FREQUENCY_WORDS = {
    "manadsvis": Frequency.MONTH, "month": Frequency.MONTH, "monthly": Frequency.MONTH,
    "kvartalsvis": Frequency.QUARTER, "quarter": Frequency.QUARTER, "quarterly": Frequency.QUARTER,
    "halvarsvis": Frequency.HALF_YEAR, "half-year": Frequency.HALF_YEAR, "half year": Frequency.HALF_YEAR,
    "halfyear": Frequency.HALF_YEAR, "half-yearly": Frequency.HALF_YEAR, "half yearly": Frequency.HALF_YEAR,
    "arsvis": Frequency.YEAR, "year": Frequency.YEAR, "yearly": Frequency.YEAR, "annual": Frequency.YEAR,
}
_DIRECTION_WORDS = {"higher": Direction.HIGHER, "lower": Direction.LOWER}


class InvalidFrequency(InvalidInput):
    code = "kpidef.error.frequency"


class InvalidDirection(InvalidInput):
    code = "kpidef.error.direction"


class RedLimitOnWrongSide(InvalidInput):
    """A red limit better than the target would make a value red that reaches the target."""


class RedLimitNotBelowTarget(RedLimitOnWrongSide):
    code = "kpidef.error.red_not_below"


class RedLimitNotAboveTarget(RedLimitOnWrongSide):
    code = "kpidef.error.red_not_above"


class MinAboveMax(InvalidInput):
    code = "kpidef.error.min_above_max"


class KpiNameTaken(AlreadyExists):
    code = "kpidef.error.name_taken"


def parse_frequency(text: str) -> Frequency:
    """månad, kvartal, halvår or år (å/ä/ö optional), or in English: month, quarter, half-year, year."""
    return parse_enum(Frequency, text, field_name="frequency", synonyms=_FREQUENCY_WORDS, error=InvalidFrequency)


def parse_direction(text: str) -> Direction:
    """Which way is better: högre or lägre (higher or lower)."""
    return parse_enum(Direction, text, field_name="direction", synonyms=_DIRECTION_WORDS, error=InvalidDirection)


def check_red_limit(thresholds: Thresholds) -> None:
    """With both a target and a red limit, the red limit lies on the worse side of the target: below it when
    higher is better, above it when lower is better."""
    target, red = thresholds.target, thresholds.red
    if target is None or red is None:
        return
    if thresholds.direction is Direction.HIGHER and not red < target:
        raise RedLimitNotBelowTarget(red=red, target=target)
    if thresholds.direction is Direction.LOWER and not red > target:
        raise RedLimitNotAboveTarget(red=red, target=target)


def check_range(min_value: Decimal | None, max_value: Decimal | None) -> None:
    if min_value is not None and max_value is not None and min_value > max_value:
        raise MinAboveMax(min=min_value, max=max_value)


@dataclass(frozen=True)
class NewKpi:
    """A KPI to add to the contract with `reference`, reported by a contact (by e-mail) or by a party."""

    reference: str
    name: str
    unit: str | None
    frequency: Frequency
    thresholds: Thresholds
    reporter_email: str | None = None
    reporter_party: Party | None = None
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    source: str | None = None

    def check(self) -> None:
        """The rules every new definition keeps, whichever dialog produced it."""
        check_red_limit(self.thresholds)
        check_range(self.min_value, self.max_value)
        if (self.reporter_email is None) == (self.reporter_party is None):
            raise InvalidInput(field="reporter")


class ReporterNotFound(NotFound):
    """The e-mail address is of no contact in the register."""

    code = "kpidef.error.reporter_unknown"
