"""The bot's day: today in Europe/Stockholm, which is not the machine's date around midnight."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Stockholm")).date()
