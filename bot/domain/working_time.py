"""When the bot may message people: working days and working hours in the municipality's time zone.

A working day is Monday to Friday and not a holiday. The holidays are handed in (see `bot/holiday_source.py`
for the Swedish public holidays and the de facto ones, midsommarafton, julafton and nyårsafton), so this module
stays plain Python. Times are aware datetimes; anything naive is refused rather than guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

IsHoliday = Callable[[date], bool]


def _no_holidays(day: date) -> bool:
    return False


@dataclass(frozen=True)
class WorkingCalendar:
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Stockholm"))
    day_starts: time = time(8, 0)
    day_ends: time = time(17, 0)
    is_holiday: IsHoliday = _no_holidays
    send_at: time = time(9, 0)  # when a reminder set for "a day" goes out: "påminn mig i morgon" → 09:00

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def is_working_time(self, at: datetime) -> bool:
        local = self._local(at)
        return self.is_working_day(local.date()) and self.day_starts <= local.time() < self.day_ends

    def next_working_moment(self, at: datetime) -> datetime:
        """`at` itself when it is within working hours, else the start of the next working day."""
        local = self._local(at)
        if self.is_working_day(local.date()) and local.time() < self.day_ends:
            if local.time() >= self.day_starts:
                return at
            return self.at(local.date(), self.day_starts)
        return self.at(self.next_working_day(local.date()), self.day_starts)

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_day_on_or_after(self, day: date) -> date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def add_working_days(self, day: date, count: int) -> date:
        """`count` working days after `day` (0: `day` itself moved to a working day)."""
        day = self.working_day_on_or_after(day)
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def subtract_working_days(self, day: date, count: int) -> date:
        """`count` working days before `day`, never landing on a day off."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        for _ in range(count):
            day -= timedelta(days=1)
            while not self.is_working_day(day):
                day -= timedelta(days=1)
        return day

    def at(self, day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, tzinfo=self.zone)

    def tomorrow(self, now: datetime) -> datetime:
        """"Påminn mig i morgon": the next working day at the send time."""
        return self.at(self.next_working_day(self._local(now).date()), self.send_at)

    def next_week(self, now: datetime) -> datetime:
        """"Påminn mig nästa vecka": the first working day of next week at the send time."""
        local = self._local(now).date()
        monday = local + timedelta(days=7 - local.weekday())
        return self.at(self.working_day_on_or_after(monday), self.send_at)

    def local_date(self, at: datetime) -> date:
        return self._local(at).date()

    def _local(self, at: datetime) -> datetime:
        if at.tzinfo is None:
            raise ValueError("a naive datetime has no place in the working calendar")
        return at.astimezone(self.zone)
