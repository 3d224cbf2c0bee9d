"""KPIs (nyckeltal): reporting periods, what is due and late, and a value's status and trend against target.

A period is a month ("2026-03"), a quarter ("2026-Q1"), a half-year ("2026-H1") or a year ("2026"), by the KPI's
reporting frequency. The period due for reporting is the last one that has ended; it is late when its value is
still missing the given grace days after its end.

Status: a value is green when it reaches the target ("91 % mot mål 95 %" is not green). It is red when it is
worse than the red limit ("röd gräns"), or, when no red limit is set, worse than the yellow limit ("gul gräns",
the last value still yellow). Everything between is yellow. "Worse" and "reaches" follow the KPI's direction:
for lower-is-better KPIs (complaints) a value reaches the target at or below it. Without a target, the yellow
limit is the green line; without either, a value has no status.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bot.domain.errors import DomainError, InvalidInput


class Frequency(StrEnum):
    MONTH = "månad"
    QUARTER = "kvartal"
    HALF_YEAR = "halvår"
    YEAR = "år"

    @property
    def months(self) -> int:
        return {"månad": 1, "kvartal": 3, "halvår": 6, "år": 12}[self.value]

    @property
    def per_year(self) -> int:
        return 12 // self.months


class Direction(StrEnum):
    HIGHER = "högre"  # higher is better
    LOWER = "lägre"


class KpiStatus(StrEnum):
    GREEN = "grön"
    YELLOW = "gul"
    RED = "röd"


_LABEL = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4])|-H([12]))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: `number` counts months, quarters or halves from 1 within `year` (1 for a year)."""

    year: int
    number: int
    frequency: Frequency

    @classmethod
    def parse(cls, label: str, frequency: Frequency | None = None) -> Period:
        """"2026-03", "2026-Q1", "2026-H1" or "2026"; when `frequency` is given the label must be of it."""
        match = _LABEL.match(label.strip().upper().replace("K", "Q"))
        if not match:
            raise InvalidInput(field="period", value=label.strip()[:20])
        year, month, quarter, half = match.groups()
        if month:
            period = cls(int(year), int(month), Frequency.MONTH)
        elif quarter:
            period = cls(int(year), int(quarter), Frequency.QUARTER)
        elif half:
            period = cls(int(year), int(half), Frequency.HALF_YEAR)
        else:
            period = cls(int(year), 1, Frequency.YEAR)
        if frequency is not None and period.frequency is not frequency:
            raise InvalidInput(field="period", value=label.strip()[:20], frequency=frequency.value)
        return period

    @classmethod
    def containing(cls, day: date, frequency: Frequency) -> Period:
        return cls(day.year, (day.month - 1) // frequency.months + 1, frequency)

    @property
    def label(self) -> str:
        if self.frequency is Frequency.MONTH:
            return f"{self.year}-{self.number:02d}"
        if self.frequency is Frequency.QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.frequency is Frequency.HALF_YEAR:
            return f"{self.year}-H{self.number}"
        return f"{self.year}"

    @property
    def start(self) -> date:
        return date(self.year, (self.number - 1) * self.frequency.months + 1, 1)

    @property
    def end(self) -> date:
        last_month = self.number * self.frequency.months
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def shifted(self, steps: int) -> Period:
        """The period `steps` periods later (earlier when negative)."""
        index = self.year * self.frequency.per_year + self.number - 1 + steps
        year, number = divmod(index, self.frequency.per_year)
        return Period(year, number + 1, self.frequency)

    def __str__(self) -> str:
        return self.label


def due_period(frequency: Frequency, today: date) -> Period:
    """The period to report now: the last one that has ended before `today`."""
    return Period.containing(today, frequency).shifted(-1)


def is_future(period: Period, today: date) -> bool:
    """A period that has not started yet cannot be reported."""
    return period.start > today


def is_late(period: Period, today: date, grace_days: int) -> bool:
    """A period whose value is missing is late once `grace_days` have passed after its end."""
    return today > period.end + timedelta(days=grace_days)


@dataclass(frozen=True)
class Thresholds:
    target: Decimal | None
    direction: Direction = Direction.HIGHER
    yellow: Decimal | None = None  # the last value still yellow (when no red limit is set)
    red: Decimal | None = None  # worse than this is red

    def status(self, value: Decimal) -> KpiStatus | None:
        """The value's colour, or None when the KPI has nothing to measure against."""
        green_line = self.target if self.target is not None else self.yellow
        if green_line is None:
            return None
        better = (lambda a, b: a >= b) if self.direction is Direction.HIGHER else (lambda a, b: a <= b)
        if better(value, green_line):
            return KpiStatus.GREEN
        red_line = self.red if self.red is not None else (self.yellow if self.target is not None else None)
        if red_line is not None and not better(value, red_line):
            return KpiStatus.RED
        return KpiStatus.YELLOW


@dataclass(frozen=True)
class Trend:
    """How the newest value compares: its status, the change from the period before, and how many periods in a
    row (the newest included) have been on target, or off it, as the newest is."""

    status: KpiStatus | None
    change: Decimal | None
    periods_in_a_row: int


def trend(thresholds: Thresholds, values: Sequence[tuple[Period, Decimal]]) -> Trend | None:
    """The trend of `values` (any order); None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    newest = ordered[-1][1]
    status = thresholds.status(newest)
    change = newest - ordered[-2][1] if len(ordered) > 1 else None
    on_target = status is KpiStatus.GREEN
    in_a_row = 0
    for _period, value in reversed(ordered):
        if (thresholds.status(value) is KpiStatus.GREEN) != on_target:
            break
        in_a_row += 1
    return Trend(status, change, in_a_row)


# --- KPIs of a contract and their reported values ---


@dataclass(frozen=True)
class KpiContract:
    """The contract a KPI belongs to, as reporting needs it: who may report, and when it runs."""

    id: int
    reference: str
    title: str
    supplier_id: int
    supplier_name: str
    start_date: date | None = None
    end_date: date | None = None


@dataclass(frozen=True)
class KpiDefinition:
    """A KPI of a contract: what is measured, how often, against which target and in which range."""

    id: int
    contract: KpiContract
    name: str
    unit: str | None
    frequency: Frequency
    thresholds: Thresholds
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    reporter_contact_id: int | None = None
    active_from: date | None = None
    active_to: date | None = None
    registered_on: date | None = None  # the day the KPI was registered in the bot

    def check_value(self, value: Decimal) -> None:
        """A value outside the KPI's range (a percentage above 100, a negative count) is refused."""
        if (self.min_value is not None and value < self.min_value) or (
            self.max_value is not None and value > self.max_value
        ):
            raise ValueOutOfRange(value=value, min=self.min_value, max=self.max_value)

    def period_due(self, today: date) -> Period:
        """The period to report now, or the last one of a contract or KPI that has ended."""
        due = due_period(self.frequency, today)
        ends = [day for day in (self.contract.end_date, self.active_to) if day is not None]
        if ends and due.start > min(ends):
            due = Period.containing(min(ends), self.frequency)
        return due

    def has_started_by(self, period: Period) -> bool:
        """False for a period wholly before the contract or the KPI began: nothing is due for it."""
        starts = [day for day in (self.contract.start_date, self.active_from) if day is not None]
        return not starts or period.end >= max(starts)

    def check_period(self, period: Period, today: date) -> None:
        """A period can be reported once it has started, and only while the contract and the KPI ran."""
        if is_future(period, today):
            raise PeriodInFuture(period=period.label)
        starts = [day for day in (self.contract.start_date, self.active_from) if day is not None]
        ends = [day for day in (self.contract.end_date, self.active_to) if day is not None]
        if (starts and period.end < max(starts)) or (ends and period.start > min(ends)):
            raise PeriodOutsideContract(
                period=period.label,
                start=max(starts).isoformat() if starts else "–",
                end=min(ends).isoformat() if ends else "–",
            )


@dataclass(frozen=True)
class KpiValue:
    period: Period
    value: Decimal
    comment: str | None = None


def reporting_period(label: str, frequency: Frequency, today: date) -> Period:
    """The period typed for a KPI of `frequency`: a label of that frequency, or `WrongPeriod` with an example."""
    try:
        return Period.parse(label, frequency)
    except InvalidInput:
        raise WrongPeriod(value=label.strip()[:20], example=due_period(frequency, today).label) from None


class WrongPeriod(InvalidInput):
    code = "kpi.error.period"


class PeriodInFuture(InvalidInput):
    code = "kpi.error.future"


class PeriodOutsideContract(InvalidInput):
    code = "kpi.error.outside_contract"


class ValueOutOfRange(InvalidInput):
    code = "kpi.error.range"


class PeriodAlreadyReported(DomainError):
    """The period has a value already; the caller may offer to correct it."""

    code = "kpi.error.already_reported"
