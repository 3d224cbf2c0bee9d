"""A meeting booked without Microsoft Graph: a Teams scheduling link that opens the new-meeting form filled
in, and an iCalendar invitation (RFC 5545, METHOD:REQUEST) sent in the chat as a file."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, urlencode

from icalendar import Calendar, Event, vCalAddress, vText

TEAMS_NEW_MEETING = "https://teams.microsoft.com/l/meeting/new"
ICS_CONTENT_TYPE = "text/calendar"
_PRODUCT = "-//Uppfoljningsboten//meetings//SV"


@dataclass(frozen=True)
class Invitation:
    meeting_id: int
    subject: str
    start: datetime  # aware
    duration_minutes: int
    organizer: tuple[str, str]  # (name, e-mail)
    attendees: tuple[tuple[str, str], ...]
    agenda: str  # plain text, one line per item

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.duration_minutes)


def teams_scheduling_link(invitation: Invitation) -> str:
    """Opens Teams' new-meeting form with subject, times (UTC), attendees and the agenda filled in."""
    query = {
        "subject": invitation.subject,
        "startTime": _utc(invitation.start),
        "endTime": _utc(invitation.end),
        "attendees": ",".join(email for _name, email in invitation.attendees),
        "content": invitation.agenda,
    }
    return f"{TEAMS_NEW_MEETING}?{urlencode(query, quote_via=quote)}"


def ics_invitation(invitation: Invitation, stamp: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", _PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{invitation.meeting_id}@uppfoljningsboten")
    event.add("dtstamp", stamp.astimezone(timezone.utc))
    event.add("dtstart", invitation.start.astimezone(timezone.utc))
    event.add("dtend", invitation.end.astimezone(timezone.utc))
    event.add("summary", invitation.subject)
    event.add("description", invitation.agenda)
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event["organizer"] = _address(*invitation.organizer)
    for name, email in invitation.attendees:
        attendee = _address(name, email)
        attendee.params["ROLE"] = vText("REQ-PARTICIPANT")
        attendee.params["PARTSTAT"] = vText("NEEDS-ACTION")
        attendee.params["RSVP"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def ics_attachment(invitation: Invitation, stamp: datetime, file_name: str) -> dict[str, str]:
    """The invitation as a file in the chat (the Bot Framework attachment, as the cards are sent): a data URL,
    so no endpoint of the bot needs to serve it and nothing about the meeting is reachable from outside."""
    encoded = base64.b64encode(ics_invitation(invitation, stamp)).decode("ascii")
    return {"contentType": ICS_CONTENT_TYPE, "contentUrl": f"data:{ICS_CONTENT_TYPE};base64,{encoded}",
            "name": file_name}


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    return address


def _utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
