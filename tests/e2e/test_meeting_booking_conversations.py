"""Booking a follow-up meeting by chat, over real HTTP as Teams does, against the demo register on both
databases, in Swedish and English: the meeting card with the scheduling link and the .ics invitation, a user
without the right, and a confirm card answered after the booking was cancelled."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from icalendar import Calendar
from pydantic import SecretStr
from sqlalchemy import select

from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, PROFILES, SUPPLIER_GUEST
from tests.support.graph_stub import EVENT_ID, JOIN_URL, StubGraph
from tests.support.teams import message, post, running_bot

STOCKHOLM = ZoneInfo("Europe/Stockholm")


async def _say(session, url, stub, user, *texts: str, locale: str = "sv-SE") -> None:
    for text in texts:
        status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
        assert status == 201


async def _press(session, url, stub, user, typed: str, locale: str = "sv-SE") -> None:
    """An imBack button of a card, as Teams posts it from an Action.Submit."""
    value = {"msteams": {"type": "imBack", "value": typed}}
    status, _ = await post(session, url, message(None, service_url=stub.url, user=user, value=value, locale=locale))
    assert status == 201


async def _meetings(database_url: str) -> list[dict]:
    return await _rows(database_url, select(t.meetings).join(t.contracts, t.contracts.c.id == t.meetings.c.contract_id)
                       .where(t.contracts.c.reference == "2022-041"))


async def test_a_coordinator_books_a_meeting_in_swedish_and_gets_the_scheduling_link_and_an_invitation(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "boka uppföljningsmöte med 2022-041", "ja", "i går 10:00",
               "2027-03-02 10:00", "1 h", "klar")
    texts = stub.texts()
    assert texts[2].startswith("Jag förstår inte tiden ”i går 10:00”.")
    stub.clear()
    await _press(session, demo_bot, stub, COORDINATOR, "Ja")
    [meeting] = await _meetings(database_url)
    assert meeting["starts_at"].astimezone(timezone.utc) == datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
    [reply] = stub.activities
    card, ics = reply["attachments"]
    assert problems(card["content"]) == []
    assert card["content"]["body"][0]["text"] == ("Bokat: uppföljningsmöte för avtal 2022-041 – "
                                                  "Städbolaget Exempel AB")
    buttons = {action["title"]: action for action in card["content"]["actions"]}
    assert buttons["Skapa Teams-mötet"]["url"].startswith("https://teams.microsoft.com/l/meeting/new?")
    assert buttons["Mötesanteckningar"]["data"]["msteams"]["value"] == f"mötesanteckningar för möte {meeting['id']}"
    [event] = Calendar.from_ical(base64.b64decode(ics["contentUrl"].split(",", 1)[1])).walk("VEVENT")
    assert str(event["organizer"]) == "mailto:anna.lindqvist@exempelkommun.se"
    assert "mailto:maria.sjoberg@stadbolaget.example" in {str(a) for a in event["attendee"]}
    assert event.decoded("dtend") == datetime(2027, 3, 2, 10, 0, tzinfo=timezone.utc)


async def test_a_coordinator_books_a_meeting_in_english(demo_bot, session, stub, database_url):
    await _say(session, demo_bot, stub, COORDINATOR, "book a follow-up meeting with 2022-041", "2",
               "2020-05-05 10:00", "tuesday 2pm", "90 min", "remove Birgitta Sjöström", "done", "yes",
               locale="en-US")
    texts = stub.texts()
    assert texts[2] == "“2020-05-05 10:00” has already passed. Give a time ahead."
    assert texts[3].startswith("How long is the meeting?")
    assert "Birgitta" not in texts[5] and texts[5].startswith("I'll invite the follow-up team:")
    booked = stub.activities[-1]["attachments"][0]["content"]
    assert booked["body"][0]["text"] == "Booked: follow-up meeting for contract 2022-041 – Städbolaget Exempel AB"
    facts = {fact["title"]: fact["value"] for fact in booked["body"][1]["facts"]}
    assert facts["Time"].startswith("Tuesday ") and facts["Time"].endswith(", 14:00–15:30")
    assert booked["actions"][1]["data"]["msteams"]["value"].startswith("meeting notes for meeting ")
    [meeting] = await _meetings(database_url)
    assert meeting["starts_at"].astimezone(STOCKHOLM).weekday() == 1
    assert meeting["duration_minutes"] == 90


async def test_people_without_the_right_are_refused_and_nothing_is_booked(demo_bot, session, stub, database_url):
    await _say(session, demo_bot, stub, EMPLOYEE, "boka möte för 2022-041")
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "book a meeting with 2022-041", locale="en-US")
    assert stub.texts() == [
        "Bara processkoordinatorer och avtalets processägare eller processkoordinator kan boka uppföljningsmöten.",
        "Only process coordinators and the contract's process owner or process coordinator can book follow-up "
        "meetings.",
    ]
    assert await _meetings(database_url) == []


async def test_a_confirm_card_pressed_after_the_booking_was_cancelled_books_nothing(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "boka möte för 2022-041", "ja", "2027-03-02 10:00", "60",
               "klar", "avbryt")
    assert stub.texts()[-1] == "Avbrutet. Inget sparades."
    stub.clear()
    await _press(session, demo_bot, stub, COORDINATOR, "Ja")
    assert stub.texts() == ["Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."]
    assert await _meetings(database_url) == []


async def test_with_a_public_address_the_card_links_to_a_signed_invitation_that_the_bot_serves(
    settings, stub, session, database_url
):
    configured = settings.model_copy(update={"public_base_url": "http://localhost",
                                             "link_signing_key": SecretStr("hemlig nyckel")})
    stub.members.update(PROFILES)
    async with running_bot(configured, demo=True) as url:
        await _say(session, url, stub, COORDINATOR, "book a follow-up meeting with 2022-041", "yes",
                   "2027-03-02 10:00", "60", "done", "yes", locale="en-US")
        [meeting] = await _meetings(database_url)
        [card] = stub.activities[-1]["attachments"]  # the invitation is a link now, not a file Teams cannot open
        assert problems(card["content"]) == []
        buttons = {action["title"]: action["url"] for action in card["content"]["actions"] if "url" in action}
        link = urlsplit(buttons["Add to calendar (.ics)"])
        assert (link.scheme, link.netloc, link.path) == ("http", "localhost", f"/meetings/{meeting['id']}.ics")
        base = url
        async with session.get(f"{base}{link.path}?{link.query}") as response:
            assert response.status == 200 and response.content_type == "text/calendar"
            assert response.headers["Content-Disposition"] == (
                f'attachment; filename="follow-up-meeting-{meeting["id"]}.ics"')
            [event] = Calendar.from_ical(await response.read()).walk("VEVENT")
        assert str(event["uid"]) == f"meeting-{meeting['id']}@uppfoljningsboten"
        assert str(event["summary"]) == "follow-up meeting – contract 2022-041, Städbolaget Exempel AB"
        assert str(event["organizer"]) == "mailto:anna.lindqvist@exempelkommun.se"
        assert "mailto:maria.sjoberg@stadbolaget.example" in {str(a) for a in event["attendee"]}
        assert event.decoded("dtstart") == datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
        for edited in (link.query.replace("lang=en", "lang=sv"), link.query[:-1] + "A", ""):
            async with session.get(f"{base}{link.path}?{edited}") as response:
                assert response.status == 404, edited
        async with session.get(f"{base}/meetings/{meeting['id'] + 1}.ics?{link.query}") as response:
            assert response.status == 404  # the signature names one meeting


async def test_with_graph_configured_the_meeting_becomes_a_teams_meeting_and_its_join_link_is_stored(
    settings, stub, session, database_url
):
    graph = StubGraph(throttle_first=1)
    server = await graph.start()
    base = str(server.make_url("")).rstrip("/")
    configured = settings.model_copy(update={
        "graph_tenant_id": "tenant-1", "graph_client_id": "client-1", "graph_client_secret": SecretStr("secret-1"),
        "graph_base_url": base, "graph_login_url": base})
    stub.members.update(PROFILES)
    try:
        async with running_bot(configured, demo=True) as url:
            await _say(session, url, stub, COORDINATOR, "boka uppföljningsmöte med 2022-041", "ja",
                       "2027-03-02 10:00", "90", "klar", "ja")
    finally:
        await server.close()
    organizer, _authorization, body = graph.events[-1]
    assert organizer == "anna.lindqvist@exempelkommun.se" and len(graph.events) == 2  # throttled once
    assert body["start"] == {"dateTime": "2027-03-02T10:00:00", "timeZone": "W. Europe Standard Time"}
    assert body["end"] == {"dateTime": "2027-03-02T11:30:00", "timeZone": "W. Europe Standard Time"}
    assert body["isOnlineMeeting"] is True
    assert {"address": "maria.sjoberg@stadbolaget.example", "name": "Maria Sjöberg"} in [
        attendee["emailAddress"] for attendee in body["attendees"]]
    assert "Norrskolan" in body["body"]["content"]
    [meeting] = await _meetings(database_url)
    assert (meeting["join_url"], meeting["calendar_event_id"]) == (JOIN_URL, EVENT_ID)
    [card] = stub.activities[-1]["attachments"]  # no .ics: the invitation went out from the calendar
    join = card["content"]["actions"][0]
    assert (join["title"], join["url"]) == ("Anslut till mötet", JOIN_URL)
