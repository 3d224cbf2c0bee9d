"""Without Microsoft Graph: the Teams scheduling link and the .ics invitation, read back with icalendar."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.meeting_invitation import Invitation, ics_attachment, ics_invitation, teams_scheduling_link

INVITATION = Invitation(
    meeting_id=7,
    subject="Uppföljningsmöte 2024-017 Städbolaget",
    start=datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
    duration_minutes=90,
    organizer=("Anna Andersson", "anna@kommun.se"),
    attendees=(("Bo Berg", "bo@kommun.se"), ("Karin Öst", "karin@stadbolaget.se")),
    agenda="1. Öppning\n2. KPI: Leveransprecision & kvalitet",
)


def test_the_teams_link_carries_subject_utc_times_attendees_and_agenda_url_encoded():
    link = teams_scheduling_link(INVITATION)
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://teams.microsoft.com/l/meeting/new"
    assert " " not in link and "&kvalitet" not in link
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    assert query == {
        "subject": INVITATION.subject,
        "startTime": "2026-12-08T09:00:00Z",
        "endTime": "2026-12-08T10:30:00Z",
        "attendees": "bo@kommun.se,karin@stadbolaget.se",
        "content": INVITATION.agenda,
    }


def test_the_ics_invitation_is_a_request_with_organizer_attendees_and_times():
    stamp = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    calendar = Calendar.from_ical(ics_invitation(INVITATION, stamp))
    assert str(calendar["method"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc)
    assert event.decoded("dtend") == datetime(2026, 12, 8, 10, 30, tzinfo=timezone.utc)
    assert str(event["organizer"]) == "mailto:anna@kommun.se"
    assert event["organizer"].params["CN"] == "Anna Andersson"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:bo@kommun.se", "mailto:karin@stadbolaget.se"]
    assert [a.params["CN"] for a in attendees] == ["Bo Berg", "Karin Öst"]
    assert str(event["summary"]) == INVITATION.subject
    assert str(event["description"]) == INVITATION.agenda
    assert str(event["uid"]) == "meeting-7@uppfoljningsboten"


def test_the_ics_attachment_is_a_calendar_file_in_a_data_url():
    stamp = datetime(2026, 12, 1, 8, 0, tzinfo=timezone.utc)
    attachment = ics_attachment(INVITATION, stamp, "mote.ics")
    assert attachment["contentType"] == "text/calendar" and attachment["name"] == "mote.ics"
    prefix = "data:text/calendar;base64,"
    assert attachment["contentUrl"].startswith(prefix)
    assert base64.b64decode(attachment["contentUrl"][len(prefix):]) == ics_invitation(INVITATION, stamp)
