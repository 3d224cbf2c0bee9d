"""Reminders over real HTTP as Teams uses them, on the demo register and both databases: a KPI reminder's card
answered in place through `Action.Execute` (the value stored, the reminder answered), snoozing from the card,
someone else's reminder refused, "vad är på gång för mig?" in both languages, pauses and the coordinators'
overview, also asked by someone without the rights."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.kpis import Frequency, due_period
from bot.domain.reminder_answers import snooze_until
from bot.domain.reminders import NO_CONVERSATION_REASON, SnoozeChoice
from bot.holiday_source import working_calendar
from bot.i18n import Texts
from bot.reminder_messages import ReminderMessages
from cards.dates_in_words import day_and_time
from storage import tables as t
from storage.engine import open_engine
from storage.reminder_rows import reminder_from_row
from storage.unit_of_work import unit_of_work_factory
from tests.support.adaptive_cards import problems
from tests.support.database import rows
from tests.support.reminder_rows import add, add_reminder
from tests.support.demo_people import COORDINATOR, SUPPLIER_GUEST
from tests.support.teams import invoke, message, post
from tests.support.stockholm import today as stockholm_today

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR = working_calendar(STOCKHOLM)
FAKTUROR = "Fakturor med korrekt pris"




@pytest.fixture
async def demo_engine(database_url, demo_bot):
    engine = open_engine(database_url)
    yield engine
    await engine.dispose()


async def _id(engine, statement) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(statement)


async def _contact(engine, email: str) -> int:
    return await _id(engine, select(t.contacts.c.id).where(t.contacts.c.email == email))


async def _kpi_reminder(engine, period: str) -> int:
    """A reminder to Maria about reporting "Fakturor med korrekt pris" of 2022-041, as the planner writes it."""
    kpi = await _id(engine, select(t.kpi_definitions.c.id).where(t.kpi_definitions.c.name == FAKTUROR))
    contract = await _id(engine, select(t.contracts.c.id).where(t.contracts.c.reference == "2022-041"))
    return await add_reminder(
        engine, kind="kpi", recipient_id=await _contact(engine, "maria.sjoberg@stadbolaget.example"),
        contract_id=contract, subject_key=f"kpi:{kpi}:{period}", status="claimed",
        payload={"kpi_id": kpi, "period": period, "deadline": (stockholm_today() + timedelta(days=10)).isoformat()})


async def _reminder(engine, reminder_id: int):
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.reminders).where(t.reminders.c.id == reminder_id))).mappings().one()
    return reminder_from_row(row)


async def _composed_card(engine, reminder_id: int, locale: str = "sv-SE") -> dict:
    messages = ReminderMessages(unit_of_work_factory(engine), stockholm_today, STOCKHOLM)
    activity = await messages.compose(await _reminder(engine, reminder_id), locale)
    return activity.attachments[0]["content"]


async def _execute(session, url, stub, user, action: dict, inputs: dict | None = None, locale: str = "sv-SE") -> dict:
    """Press an `Action.Execute` the way Teams does: its verb, and its data with the card's inputs merged in."""
    value = {"action": {"type": "Action.Execute", "verb": action["verb"], "data": {**action["data"], **(inputs or {})}},
             "trigger": "manual"}
    status, body = await post(session, url, invoke("adaptiveCard/action", value, service_url=stub.url, user=user,
                                                   locale=locale))
    assert (status, body["statusCode"], body["type"]) == (200, 200, "application/vnd.microsoft.card.adaptive")
    return body["value"]


async def _say(session, url, stub, user, text: str, locale: str = "sv-SE") -> list[dict]:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
    assert status == 201
    return stub.activities


def _lines(card: dict) -> list[str]:
    found = []
    for element in card["body"]:
        for item in element.get("items", [element]):
            if item["type"] == "TextBlock":
                found.append(item["text"])
    return found


async def _sent(engine, reminder_id: int) -> None:
    """What the sender does once the message is out."""
    async with engine.begin() as connection:
        await connection.execute(t.reminders.update().where(t.reminders.c.id == reminder_id).values(
            status="sent", sent_at=datetime.now(STOCKHOLM)))


def _inputs(card: dict) -> dict[str, str]:
    """What Teams merges into the data: each input's value as it stands on the card."""
    return {element["id"]: element.get("value", "") for element in card["body"] if "id" in element}


@pytest.mark.parametrize(("locale", "why", "saved"), [
    ("sv-SE", f"Du får påminnelsen eftersom du rapporterar KPI:n {FAKTUROR} för avtal 2022-041", "Sparat för"),
    ("en-US", f"You get this reminder because you report the KPI {FAKTUROR} for contract 2022-041", "Saved for"),
])
async def test_a_kpi_reminder_is_answered_in_place_and_the_reminder_is_answered(
    demo_bot, demo_engine, database_url, session, stub, locale, why, saved
):
    period = due_period(Frequency.MONTH, stockholm_today()).shifted(-13).label  # before the demo's values
    reminder_id = await _kpi_reminder(demo_engine, period)
    card = await _composed_card(demo_engine, reminder_id, locale)
    await _sent(demo_engine, reminder_id)
    assert problems(card) == []
    assert card["body"][1]["text"].startswith(why)
    assert _inputs(card)["period"] == period
    result = await _execute(session, demo_bot, stub, SUPPLIER_GUEST, card["actions"][0],
                            {**_inputs(card), "value": "99"}, locale=locale)
    assert result["body"][0]["text"] == FAKTUROR
    assert result["body"][1]["text"] == f"{saved} {period}."
    stored = await rows(database_url, select(t.kpi_values.c.value).join(
        t.kpi_definitions, t.kpi_definitions.c.id == t.kpi_values.c.kpi_id).where(
        t.kpi_definitions.c.name == FAKTUROR, t.kpi_values.c.period == period))
    assert [Decimal(row["value"]) for row in stored] == [Decimal(99)]
    answered = await _reminder(demo_engine, reminder_id)
    assert (answered.status.value, answered.answered_at is not None) == ("answered", True)


async def test_snoozing_from_the_card_says_when_and_someone_else_cannot(demo_bot, demo_engine, session, stub):
    period = due_period(Frequency.MONTH, stockholm_today()).shifted(-15).label
    reminder_id = await _kpi_reminder(demo_engine, period)
    card = await _composed_card(demo_engine, reminder_id)
    tomorrow, next_week, _later = card["actions"][1:]
    assert tomorrow["title"] == "Påminn mig i morgon"

    refused = await _execute(session, demo_bot, stub, COORDINATOR, next_week)
    assert refused["body"][0]["text"] == "Den påminnelsen är inte din, så jag ändrade ingenting."
    forged = {**tomorrow, "data": {**tomorrow["data"], "reminder_id": reminder_id + 1000}}
    assert (await _execute(session, demo_bot, stub, SUPPLIER_GUEST, forged))["body"][0]["text"] == (
        "Den påminnelsen är inte din, så jag ändrade ingenting.")
    assert (await _reminder(demo_engine, reminder_id)).snoozed_until is None

    before = datetime.now(STOCKHOLM)
    answer = await _execute(session, demo_bot, stub, SUPPLIER_GUEST, tomorrow)
    stored = (await _reminder(demo_engine, reminder_id)).snoozed_until
    assert stored == snooze_until(SnoozeChoice.TOMORROW, await _reminder(demo_engine, reminder_id), before, CALENDAR)
    assert [block["text"] for block in answer["body"]] == [
        f"Dags att rapportera {FAKTUROR} för {period}",
        f"Jag påminner dig igen {day_and_time(Texts('sv'), stored, STOCKHOLM)}."]

    english = await _execute(session, demo_bot, stub, SUPPLIER_GUEST, next_week, locale="en-US")
    stored = (await _reminder(demo_engine, reminder_id)).snoozed_until
    assert stored == CALENDAR.next_week(before)
    assert [block["text"] for block in english["body"]] == [
        f"Time to report {FAKTUROR} for {period}",
        f"I will remind you again {day_and_time(Texts('en'), stored, STOCKHOLM)}."]


async def test_what_is_coming_up_in_swedish_and_english(demo_bot, demo_engine, session, stub):
    anna = await _contact(demo_engine, "anna.lindqvist@exempelkommun.se")
    contract = await _id(demo_engine, select(t.contracts.c.id).where(t.contracts.c.reference == "2024-017"))
    await add(demo_engine, t.actions, contract_id=contract, title="Skicka reviderad städplan", owner_id=anna,
              due_date=stockholm_today() - timedelta(days=1))
    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "vad är på gång för mig?")
    card = reply["attachments"][0]["content"]
    assert problems(card) == []
    month = Texts("sv")(f"date.month.{stockholm_today().month}")
    assert card["body"][0]["text"] == f"På gång för dig i {month} {stockholm_today().year}"
    assert (f"- Skicka reviderad städplan – avtal 2024-017, klar senast "
            f"{(stockholm_today() - timedelta(days=1)).isoformat()} – **försenad**") in _lines(card)
    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "what's coming up for me?", locale="en-US")
    card = reply["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("Coming up for you in ")
    assert "Actions" in _lines(card)
    assert any(line.endswith(" – **overdue**") for line in _lines(card))


async def test_pausing_and_resuming_and_someone_without_the_rights(demo_bot, database_url, session, stub):
    until = date(stockholm_today().year + 1, 1, 10)
    [reply] = await _say(session, demo_bot, stub, SUPPLIER_GUEST, f"pausa påminnelser för 2022-041 till {until}")
    assert reply["text"].startswith("Du får inte pausa påminnelser för 2022-041.")
    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "pausa påminnelser för 2024-017 till 2020-01-01")
    assert reply["text"] == "2020-01-01 har redan varit. En paus gäller till i dag eller ett senare datum."
    assert await rows(database_url, select(t.reminder_pauses)) == []

    [reply] = await _say(session, demo_bot, stub, COORDINATOR,
                         f"pause reminders for Städbolaget until 10 January {until.year} because of renegotiation",
                         locale="en-US")
    assert reply["text"].startswith(f"Reminders for Städbolaget Exempel AB are paused up to and including {until}.")
    assert reply["text"].endswith("Reason: of renegotiation")
    [pause] = await rows(database_url, select(t.reminder_pauses))
    assert (pause["paused_until"], pause["reason"]) == (until, "of renegotiation")

    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "påminnelseöversikt")
    card = reply["attachments"][0]["content"]
    assert problems(card) == []
    assert card["body"][0]["text"] == "Påminnelser de senaste 30 dagarna"
    assert f"- Städbolaget Exempel AB till och med {until} – of renegotiation" in _lines(card)

    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "återuppta påminnelser för Städbolaget")
    assert reply["text"].startswith("Påminnelserna för Städbolaget Exempel AB är återupptagna")


async def test_the_overview_counts_and_is_refused_to_a_supplier_contact(demo_bot, demo_engine, session, stub):
    asa = await _contact(demo_engine, "asa.oberg@exempelkommun.se")
    await add_reminder(demo_engine, kind="meeting", recipient_id=asa, contract_id=None, payload={"meeting_id": 1},
                       subject_key="meeting:1", status="undeliverable", due_at=datetime.now(STOCKHOLM),
                       last_error=NO_CONVERSATION_REASON)
    async with demo_engine.begin() as connection:  # as the sender marks her
        await connection.execute(t.contacts.update().where(t.contacts.c.id == asa)
                                 .values(teams_unreachable_since=datetime.now(STOCKHOLM)))
    [reply] = await _say(session, demo_bot, stub, SUPPLIER_GUEST, "påminnelseöversikt")
    assert reply["text"].startswith("Översikten över påminnelser är till för processkoordinatorer och administratörer.")
    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "reminder overview", locale="en-US")
    card = reply["attachments"][0]["content"]
    facts = {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
             for fact in element["facts"]}
    assert (facts["Undeliverable"], facts["Sent"]) == ("1", "0")
    assert "1 person cannot be reached by the bot" in _lines(card)
    assert "- Åsa Öberg – has never talked to the bot" in _lines(card)
