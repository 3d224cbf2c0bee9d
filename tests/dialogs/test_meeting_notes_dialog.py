"""The "mötesanteckningar" dialog through botbuilder's TestAdapter with the real bot over both databases and the
demo register: the recognised lines offered to keep or drop, more added one by one ("lägg till aktivitet" is an
answer here, not a new command), a past due date re-asked, everything saved linked to the meeting, the meeting
marked held; cancel leaves nothing, and a meeting not the user's is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t
from tests.dialogs.test_log_decision_dialog import ANNA, MARIA
from tests.support.dialog_adapter import demo_adapter, replies_to

NOTES = ("Vi gick igenom städkvaliteten.\n"
         "Beslut: Extra kontroll på Norrskolan\n"
         "Aktivitet: Ta fram städschema – Maria Sjöberg – 2099-12-15\n"
         "Aktivitet: Köp mopp")


def _texts(replies) -> list[str]:
    return [reply.text or "" for reply in replies]


async def _meeting(engine: AsyncEngine, reference: str, starts_at: datetime) -> int:
    async with engine.begin() as connection:
        contract_id = await connection.scalar(select(t.contracts.c.id).where(t.contracts.c.reference == reference))
        return (await connection.execute(insert(t.meetings).values(
            contract_id=contract_id, form="uppföljningsmöte", starts_at=starts_at, duration_minutes=60,
            status="planerat").returning(t.meetings.c.id))).scalar_one()


async def _count(engine: AsyncEngine, table, *conditions) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table).where(*conditions))


async def test_notes_with_kept_lines_and_one_more_action_are_saved_and_the_meeting_held(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "notes-1")
    meeting_id = await _meeting(engine, "2022-041", datetime.now(UTC) - timedelta(hours=1))
    replies = await replies_to(adapter, f"mötesanteckningar för möte {meeting_id}", NOTES)
    assert _texts(replies)[0].startswith(f"Skriv anteckningarna från möte {meeting_id}")
    card = replies[1].attachments[0]["content"]
    assert card["body"][0]["text"] == "Jag hittade 3 förslag i anteckningarna"
    assert [fact["value"] for fact in card["body"][1]["facts"]] == [
        "Beslut: Extra kontroll på Norrskolan",
        "Aktivitet: Ta fram städschema (ansvarig Maria Sjöberg, klar senast 2099-12-15)",
        "Aktivitet: Köp mopp (ansvarig –, klar senast –)",
    ]
    texts = _texts(await replies_to(adapter, "1 2", "lägg till aktivitet", "Boka lokal – Lars-Åke Nyström – 2020-01-01",
                                    "Boka lokal – Lars-Ake Nystrom – 2099-01-10", "klar"))
    assert texts[0].startswith("2 beslut och aktiviteter hittills")
    assert texts[1].startswith("Skriv aktiviteten")
    assert texts[2].startswith("2020-01-01 har redan varit")
    assert texts[3].startswith("3 beslut och aktiviteter hittills")
    assert await _count(engine, t.meeting_notes, t.meeting_notes.c.meeting_id == meeting_id) == 0
    texts = _texts(await replies_to(adapter, "ja"))
    assert texts == [f"Sparat för möte {meeting_id}: anteckningarna, 1 beslut och 2 aktiviteter.",
                     f"Möte {meeting_id} är nu markerat som genomfört."]
    assert await _count(engine, t.meeting_notes, t.meeting_notes.c.meeting_id == meeting_id) == 1
    assert await _count(engine, t.decisions, t.decisions.c.meeting_id == meeting_id) == 1
    async with engine.connect() as connection:
        titles = sorted((await connection.execute(
            select(t.actions.c.title).where(t.actions.c.meeting_id == meeting_id))).scalars())
    assert titles == ["Boka lokal", "Ta fram städschema"]
    assert await _count(engine, t.meetings, t.meetings.c.id == meeting_id, t.meetings.c.status == "genomfört") == 1


async def test_the_contracts_meetings_are_offered_and_cancel_saves_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "notes-2")
    meeting_id = await _meeting(engine, "2022-041", datetime.now(UTC) - timedelta(days=1))
    replies = await replies_to(adapter, "meeting notes for 2022-041")
    card = replies[0].attachments[0]["content"]
    assert card["body"][0]["text"] == "Vilket möte gäller anteckningarna?"
    assert [action["title"] for action in card["actions"]] == [f"Möte {meeting_id}"]
    texts = _texts(await replies_to(adapter, "1", "Beslut: något", "avbryt"))
    assert texts[-1] == "Avbrutet. Inget sparades."
    assert await _count(engine, t.meeting_notes, t.meeting_notes.c.meeting_id == meeting_id) == 0
    assert await _count(engine, t.decisions, t.decisions.c.meeting_id == meeting_id) == 0


async def test_a_meeting_of_another_supplier_is_refused_for_a_guest(engine, database_url):
    adapter = await demo_adapter(engine, database_url, MARIA, "notes-3")
    meeting_id = await _meeting(engine, "2024-017", datetime.now(UTC) - timedelta(days=1))
    assert _texts(await replies_to(adapter, f"mötesanteckningar för möte {meeting_id}")) == [
        f"Jag hittar inget möte nummer {meeting_id} som du kan se."]
