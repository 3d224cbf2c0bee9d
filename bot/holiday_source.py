"""Swedish days off for the working calendar, from the maintained `holidays` library: the public holidays
(allmänna helgdagar) and the de facto ones (midsommarafton, julafton, nyårsafton) when offices are closed."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from bot.domain.working_time import WorkingCalendar


@lru_cache(maxsize=64)
def _swedish_days_off(year: int) -> frozenset[date]:
    days = holidays.country_holidays("SE", years=year, categories=("public", "de_facto"))
    # The library counts every Sunday as a public holiday in Sweden; weekends are handled by the calendar.
    return frozenset(day for day in days if day.weekday() < 5)


def is_swedish_holiday(day: date) -> bool:
    return day in _swedish_days_off(day.year)


def working_calendar(zone: ZoneInfo) -> WorkingCalendar:
    """The municipality's working calendar: Swedish days off, in its time zone."""
    return WorkingCalendar(zone=zone, is_holiday=is_swedish_holiday)
