"""Meeting notes, logging a decision and adding an action over real HTTP as Teams sends them, against the demo
register on both databases, in Swedish and English: what the user sees, what the database holds, a user without
rights refused with nothing written, and a stale card submitted mid-dialog refused without losing the dialog."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select

from storage import tables as t
from storage.engine import open_engine
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE
from tests.support.stockholm import today as _today
from tests.support.teams import message, post


async def _say(session, url, stub, user, text: str | None, locale: str = "sv-SE", value: dict | None = None):
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale, value=value))
    assert status == 201
    return stub.activities


async def _meeting(database_url: str, reference: str, starts_at: datetime) -> int:
    engine = open_engine(database_url)
    try:
        async with engine.begin() as connection:
            contract_id = await connection.scalar(
                select(t.contracts.c.id).where(t.contracts.c.reference == reference))
            return (await connection.execute(insert(t.meetings).values(
                contract_id=contract_id, form="uppföljningsmöte", starts_at=starts_at, duration_minutes=60,
                status="planerat").returning(t.meetings.c.id))).scalar_one()
    finally:
        await engine.dispose()


async def test_meeting_notes_in_english_saved_with_a_decision_and_the_meeting_held(demo_bot, session, stub,
                                                                                 database_url):
    meeting_id = await _meeting(database_url, "2022-041", datetime.now(UTC) - timedelta(hours=3))
    say = lambda text, value=None: _say(session, demo_bot, stub, COORDINATOR, text, "en-US", value)  # noqa: E731
    assert (await say(f"meeting notes for meeting {meeting_id}"))[0]["text"].startswith(
        f"Write the notes of meeting {meeting_id}")
    card = (await say("We reviewed quality.\nDecision: Extra checks at Norrskolan\nÄction: nothing"))[0][
        "attachments"][0]["content"]
    assert card["body"][0]["text"] == "I found 1 proposals in the notes"
    stale = await say(None, {"verb": "notes.unknown", "meeting_id": meeting_id})
    assert stale[0]["attachments"][0]["content"]["body"][0]["text"].startswith("This card is out of date")
    assert (await say("all"))[0]["text"].startswith("1 decisions and actions so far")
    confirm = (await say("done"))[0]["attachments"][0]["content"]
    assert confirm["body"][0]["text"] == "Save the notes?"
    assert [a["text"] for a in await say("yes")] == [
        f"Saved for meeting {meeting_id}: the notes, 1 decisions and 0 actions.",
        f"Meeting {meeting_id} is now marked as held."]
    (notes,) = await _rows(database_url, select(t.meeting_notes).where(t.meeting_notes.c.meeting_id == meeting_id))
    assert notes["text"].startswith("We reviewed quality.")
    (decision,) = await _rows(database_url, select(t.decisions).where(t.decisions.c.meeting_id == meeting_id))
    assert (decision["what"], decision["decided_on"]) == ("Extra checks at Norrskolan", _today())
    history = await _rows(database_url, select(t.change_history.c.entity, t.change_history.c.actor_label)
                          .where(t.change_history.c.entity.in_(["meeting_notes", "decision", "meeting"])))
    assert sorted(row["entity"] for row in history) == ["decision", "meeting", "meeting_notes"]
    assert {row["actor_label"] for row in history} == {"anna.lindqvist@exempelkommun.se"}


async def test_a_decision_logged_in_swedish_is_listed_first(demo_bot, session, stub, database_url):
    say = lambda text: _say(session, demo_bot, stub, COORDINATOR, text)  # noqa: E731
    await say("logga beslut för 2023-008")
    for answer in ("Ny meny från januari", "idag", "-", "Enkät bland eleverna"):
        await say(answer)
    await say("1")  # "Inget möte"
    assert (await say("ja"))[0]["text"].startswith("Sparat. Beslutet är loggat som nummer")
    card = (await say("beslut för avtal 2023-008"))[0]["attachments"][0]["content"]
    entry = [element for element in card["body"] if element["type"] == "Container"][0]["items"]
    assert entry[0]["text"].endswith(": Ny meny från januari")
    assert entry[1]["text"] == f"Beslutat {_today().isoformat()} av Anna Lindqvist"


async def test_a_user_without_rights_is_refused_and_nothing_is_written(demo_bot, session, stub, database_url):
    meeting_id = await _meeting(database_url, "2022-041", datetime.now(UTC) - timedelta(hours=3))
    before = len(await _rows(database_url, select(t.decisions.c.id)))
    replies = await _say(session, demo_bot, stub, EMPLOYEE, f"mötesanteckningar för möte {meeting_id}")
    assert [a["text"] for a in replies] == [
        "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "log decision for 2022-041", "en-US")
    assert [a["text"] for a in replies] == ["I find no contract you may record on called “2022-041”."]
    assert await _rows(database_url, select(t.meeting_notes.c.id).where(t.meeting_notes.c.meeting_id == meeting_id)) == []
    assert len(await _rows(database_url, select(t.decisions.c.id))) == before
