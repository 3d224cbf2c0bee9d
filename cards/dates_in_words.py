"""Days and times the way people say them: "tisdag 1 december kl. 09:00", "Tuesday 1 December at 09:00"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.i18n import Texts


def day_and_time(texts: Texts, at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return texts("date.day_and_time", weekday=texts(f"date.weekday.{local.weekday()}"), day=local.day,
                 month=texts(f"date.month.{local.month}"), time=local.strftime("%H:%M"))
