"""The Graph calendar against a stub Graph server over real HTTP: the token request, the event posted, the
join URL and event id read back, and a 429 answered by trying again."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.graph_calendar import GraphCalendar
from bot.services.ports import CalendarEvent, CalendarUnavailable
from tests.support.graph_stub import JOIN_URL, StubGraph

START = datetime(2026, 12, 8, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
END = datetime(2026, 12, 8, 11, 30, tzinfo=ZoneInfo("Europe/Stockholm"))


async def _calendar_on(stub: StubGraph):
    server = await stub.start()
    base = str(server.make_url("")).rstrip("/")
    calendar = GraphCalendar(tenant_id="tenant-1", client_id="client-1", client_secret="secret-1",
                             base_url=base, login_url=base)
    return server, calendar


async def _book(calendar: GraphCalendar) -> CalendarEvent:
    return await calendar.create_online_meeting(
        "anna@kommun.se", "Uppföljningsmöte 2024-017", START, END,
        [("Bo Berg", "bo@kommun.se"), ("Karin Öst", "karin@stadbolaget.se")], "<ol><li>Öppning</li></ol>",
    )


async def test_the_event_is_an_online_teams_meeting_in_stockholm_time_with_required_attendees():
    stub = StubGraph()
    server, calendar = await _calendar_on(stub)
    try:
        event = await _book(calendar)
    finally:
        await server.close()
    assert event == CalendarEvent(event_id="AAMkAGI1-event", join_url=JOIN_URL)
    assert stub.tokens == [{"tenant": "tenant-1", "client_id": "client-1", "client_secret": "secret-1",
                            "scope": "https://graph.microsoft.com/.default", "grant_type": "client_credentials"}]
    [(organizer, authorization, body)] = stub.events
    assert organizer == "anna@kommun.se" and authorization == "Bearer token-1"
    assert body["subject"] == "Uppföljningsmöte 2024-017"
    assert body["isOnlineMeeting"] is True and body["onlineMeetingProvider"] == "teamsForBusiness"
    assert body["start"] == {"dateTime": "2026-12-08T10:00:00", "timeZone": "W. Europe Standard Time"}
    assert body["end"] == {"dateTime": "2026-12-08T11:30:00", "timeZone": "W. Europe Standard Time"}
    assert body["attendees"] == [
        {"emailAddress": {"address": "bo@kommun.se", "name": "Bo Berg"}, "type": "required"},
        {"emailAddress": {"address": "karin@stadbolaget.se", "name": "Karin Öst"}, "type": "required"},
    ]
    assert body["body"] == {"contentType": "HTML", "content": "<ol><li>Öppning</li></ol>"}


async def test_a_throttled_request_is_tried_again_after_retry_after_and_the_token_is_reused():
    stub = StubGraph(throttle_first=1)
    server, calendar = await _calendar_on(stub)
    try:
        first = await _book(calendar)
        await _book(calendar)
    finally:
        await server.close()
    assert first.join_url == JOIN_URL
    assert len(stub.events) == 3 and len(stub.tokens) == 1


async def test_a_refused_event_is_calendar_unavailable():
    stub = StubGraph(event_status=403)
    server, calendar = await _calendar_on(stub)
    try:
        with pytest.raises(CalendarUnavailable):
            await _book(calendar)
    finally:
        await server.close()
