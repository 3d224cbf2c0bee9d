"""The "boka uppföljningsmöte" dialog driven through botbuilder's TestAdapter: the real FollowUpBot over a
migrated database of each kind with the demo register, without HTTP and without Microsoft Graph."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from botbuilder.schema import Activity
from icalendar import Calendar
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.identity import ChannelUser
from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.dialog_adapter import demo_adapter, replies_to

ANNA = ChannelUser(user_id="29:anna", name="Anna Lindqvist", aad_object_id="aad-anna",
                   email="anna.lindqvist@exempelkommun.se", is_guest=False)
ASA = ChannelUser(user_id="29:asa", name="Åsa Öberg", aad_object_id="aad-asa", email="asa.oberg@exempelkommun.se",
                  is_guest=False)
STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = "2027-03-02 10:00"


def _texts(replies: list[Activity]) -> list[str]:
    return [reply.text for reply in replies if reply.text]


def _cards(replies: list[Activity]) -> list[dict]:
    return [a["content"] for reply in replies for a in reply.attachments or []
            if a["contentType"] == "application/vnd.microsoft.card.adaptive"]


async def _meetings(engine: AsyncEngine) -> list:
    async with engine.connect() as connection:
        return (await connection.execute(
            select(t.meetings).join(t.contracts, t.contracts.c.id == t.meetings.c.contract_id)
            .where(t.contracts.c.reference == "2022-041"))).all()


async def _attendee_names(engine: AsyncEngine, meeting_id: int) -> set[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(t.contacts.c.name).join(t.meeting_attendees, t.meeting_attendees.c.contact_id == t.contacts.c.id)
            .where(t.meeting_attendees.c.meeting_id == meeting_id))
        return set(rows.scalars())


async def test_a_meeting_is_booked_with_the_team_less_one_and_a_wrong_date_is_asked_again(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "book-sv")
    replies = await replies_to(adapter, "boka uppföljningsmöte med Städbolaget")
    assert _cards(replies)[0]["body"][0]["text"] == "Flera avtal passar ”Städbolaget”"
    replies = await replies_to(adapter, "2", "ja")
    assert _texts(replies)[-1].startswith("När ska mötet börja?")

    replies = await replies_to(adapter, "2020-01-01 10:00")
    assert _texts(replies) == ["”2020-01-01 10:00” har redan varit. Ange en tid framåt."]
    replies = await replies_to(adapter, "fredag eftermiddag")
    assert _texts(replies)[0].startswith("Jag förstår inte tiden ”fredag eftermiddag”.")
    replies = await replies_to(adapter, START, "90 min")
    assert "- Birgitta Sjöström" in _texts(replies)[-1] and "- Maria Sjöberg" in _texts(replies)[-1]
    replies = await replies_to(adapter, "ta bort Birgitta", "klar")
    confirm = _cards(replies)[-1]
    facts = {fact["title"]: fact["value"] for fact in confirm["body"][1]["facts"]}
    assert facts["Tid"] == "tisdag 2 mars 2027 kl. 10:00–11:30"
    assert "Birgitta" not in facts["Deltagare"]
    assert "Norrskolan" in facts["Dagordning"]  # the open action and the complaint since the last meeting
    assert await _meetings(engine) == []  # nothing before the yes

    replies = await replies_to(adapter, "ja")
    [meeting] = await _meetings(engine)
    assert meeting.starts_at == datetime(2027, 3, 2, 10, 0, tzinfo=STOCKHOLM)
    assert (meeting.form, meeting.duration_minutes, meeting.status) == ("uppföljningsmöte", 90, "planerat")
    assert "Norrskolan" in meeting.agenda and meeting.join_url is None
    assert await _attendee_names(engine, meeting.id) == {"Anna Lindqvist", "Maria Sjöberg", "Lars-Åke Nyström"}

    [reply] = replies
    card, ics = reply.attachments
    assert problems(card["content"]) == []
    actions = card["content"]["actions"]
    assert actions[0]["url"].startswith("https://teams.microsoft.com/l/meeting/new?subject=")
    assert actions[1]["data"]["msteams"]["value"] == f"mötesanteckningar för möte {meeting.id}"
    assert ics["contentType"] == "text/calendar"
    calendar = Calendar.from_ical(base64.b64decode(ics["contentUrl"].split(",", 1)[1]))
    [event] = calendar.walk("VEVENT")
    assert str(event["organizer"]) == "mailto:anna.lindqvist@exempelkommun.se"
    assert {str(a) for a in event["attendee"]} == {
        "mailto:anna.lindqvist@exempelkommun.se", "mailto:maria.sjoberg@stadbolaget.example",
        "mailto:lars-ake.nystrom@exempelkommun.se"}
    assert event.decoded("dtstart") == datetime(2027, 3, 2, 9, 0, tzinfo=timezone.utc)
    assert event.decoded("dtend") == datetime(2027, 3, 2, 10, 30, tzinfo=timezone.utc)


async def test_cancel_in_the_middle_books_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "book-cancel")
    replies = await replies_to(adapter, "boka möte för 2022-041", "1", START, "avbryt")
    assert _texts(replies)[-1] == "Avbrutet. Inget sparades."
    assert await _meetings(engine) == []
    async with engine.connect() as connection:
        assert await connection.scalar(
            select(func.count()).select_from(t.change_history).where(t.change_history.c.entity == "meeting")) == 0


async def test_a_person_who_is_not_the_contracts_process_owner_may_not_book_it(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ASA, "book-refused")
    replies = await replies_to(adapter, "boka möte för 2022-041")
    assert _texts(replies) == ["Bara processkoordinatorer och avtalets processägare eller processkoordinator kan "
                               "boka uppföljningsmöten."]
    replies = await replies_to(adapter, "boka möte för 2023-008")  # she is its processägare
    assert _cards(replies)[0]["body"][0]["text"].startswith("Möte för avtal 2023-008")


async def test_an_unknown_attendee_and_a_duration_out_of_range_are_asked_again(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "book-attendees")
    replies = await replies_to(adapter, "boka möte för 2022-041", "ja", START, "10 min")
    assert _texts(replies)[-1].startswith("”10 min” går inte som längd.")
    replies = await replies_to(adapter, "1 h", "lägg till Nisse")
    assert _texts(replies)[-1] == "Jag hittar ingen ”Nisse” att ändra bland avtalets kontakter. Skriv hela namnet."
    replies = await replies_to(adapter, "nej")
    assert _texts(replies)[-1] == "Svara ”klar”, ”ta bort” och ett namn eller ”lägg till” och ett namn."
