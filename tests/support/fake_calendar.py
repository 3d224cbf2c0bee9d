"""A calendar in memory: the events asked for, and a join link for each; or a calendar that says no."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.services.ports import CalendarEvent, CalendarUnavailable


@dataclass
class FakeCalendar:
    refuse: bool = False
    events: list[dict] = field(default_factory=list)

    async def create_online_meeting(self, organizer_email: str, subject: str, start: datetime, end: datetime,
                                    attendees: Sequence[tuple[str, str]], body: str) -> CalendarEvent:
        self.events.append({"organizer": organizer_email, "subject": subject, "start": start, "end": end,
                            "attendees": list(attendees), "body": body})
        if self.refuse:
            raise CalendarUnavailable("refused")
        number = len(self.events)
        return CalendarEvent(event_id=f"event-{number}", join_url=f"https://teams.example/join/{number}")
