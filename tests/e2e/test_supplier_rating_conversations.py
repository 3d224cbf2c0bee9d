"""The customer-satisfaction survey and the quality rating over real HTTP as Teams uses them, on the demo register
and both databases: "betygsätt Städbolaget" → the survey card → an answer stored and confirmed (replacing an
earlier one), tampered answers and a supplier's guest refused with nothing stored, "betyg för Städbolaget", and a
survey reminder delivered with its card and answered in place."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.domain.supplier_rating import quarter_just_ended, quarter_of
from bot.i18n import Texts
from bot.settings import Settings
from storage import tables as t
from storage.engine import open_engine
from tests.support.database import rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, PROFILES, SUPPLIER_GUEST
from tests.support.reminder_rows import add_reminder
from tests.support.stockholm import today as stockholm_today
from tests.support.teams import invoke, message, post, running_bot

STADBOLAGET = "Städbolaget Exempel AB"
ANNA = "anna.lindqvist@exempelkommun.se"


async def _say(session, url, stub, user, text: str, locale: str = "sv-SE") -> list[dict]:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
    assert status == 201
    return stub.activities


async def _submit(session, url, stub, user, value: dict, locale: str = "sv-SE") -> dict:
    """An `Action.Submit`: the card's data with the inputs merged in; the card the bot answers with."""
    stub.clear()
    status, _ = await post(session, url, message(None, service_url=stub.url, user=user, value=value, locale=locale))
    assert status == 201
    [activity] = stub.activities
    return activity["attachments"][0]["content"]


async def _execute(session, url, stub, user, action: dict, inputs: dict, locale: str = "sv-SE") -> dict:
    value = {"action": {"type": "Action.Execute", "verb": action["verb"], "data": {**action["data"], **inputs}},
             "trigger": "manual"}
    status, body = await post(session, url, invoke("adaptiveCard/action", value, service_url=stub.url, user=user,
                                                   locale=locale))
    assert (status, body["statusCode"]) == (200, 200)
    return body["value"]


def _card(activities: list[dict]) -> dict:
    [activity] = activities
    return activity["attachments"][0]["content"]


def _texts(card: dict) -> list[str]:
    found = []
    for element in card["body"]:
        for item in element.get("items", [element]):
            if item["type"] == "TextBlock":
                found.append(item["text"])
    return found


def _inputs(card: dict) -> dict[str, dict]:
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


async def _id(database_url, statement) -> int:
    return list((await rows(database_url, statement))[0].values())[0]


async def _supplier_id(database_url) -> int:
    return await _id(database_url, select(t.suppliers.c.id).where(t.suppliers.c.name == STADBOLAGET))


async def _stored(database_url) -> list[tuple]:
    r, c = t.supplier_ratings.c, t.contacts.c
    found = await rows(database_url, select(r.supplier_id, r.period, r.score, r.comment, c.email)
                       .join(t.contacts, c.id == r.rated_by_id).order_by(r.id))
    return [(row["supplier_id"], row["period"], row["score"], row["comment"], row["email"]) for row in found]


@pytest.mark.parametrize(("locale", "command", "title", "five", "saved", "replaced"), [
    ("sv-SE", "betygsätt Städbolaget", "Hur nöjd är du med leverantören?", "5 – mycket nöjd",
     "Ditt betyg av {supplier} för {period} är sparat: 4 – ganska nöjd.",
     "Ditt betyg av {supplier} för {period} är sparat: 2 – ganska missnöjd. "
     "Det ersätter ditt tidigare svar för kvartalet."),
    ("en-US", "rate supplier Städbolaget", "How satisfied are you with the supplier?", "5 – very satisfied",
     "Your rating of {supplier} for {period} is saved: 4 – fairly satisfied.",
     "Your rating of {supplier} for {period} is saved: 2 – fairly dissatisfied. "
     "It replaces your earlier answer for the quarter."),
])
async def test_the_survey_card_answered_stores_the_rating_and_a_second_answer_replaces_it(
    demo_bot, session, stub, database_url, locale, command, title, five, saved, replaced
):
    supplier, period = await _supplier_id(database_url), quarter_of(stockholm_today()).label
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, command, locale))
    assert _texts(card)[:2] == [title, f"{STADBOLAGET} – {'kvartal' if locale == 'sv-SE' else 'quarter'} {period}"]
    inputs = _inputs(card)
    assert [choice["value"] for choice in inputs["score"]["choices"]] == ["5", "4", "3", "2", "1"]
    assert inputs["score"]["choices"][0]["title"] == five
    assert inputs["comment"]["type"] == "Input.Text"
    [send] = card["actions"]
    assert (send["type"], send["verb"], send["data"]) == ("Action.Execute", "rate_supplier",
                                                          {"supplier_id": supplier, "period": period})
    assert send["fallback"]["type"] == "Action.Submit"
    answer = {**send["fallback"]["data"], "score": "4", "comment": "Bra städning, ”snabba” svar 👍"}
    confirmed = await _submit(session, demo_bot, stub, COORDINATOR, answer, locale)
    assert _texts(confirmed)[1] == saved.format(supplier=STADBOLAGET, period=period)
    assert await _stored(database_url) == [(supplier, period, 4, "Bra städning, ”snabba” svar 👍", ANNA)]
    again = await _execute(session, demo_bot, stub, COORDINATOR, send, {"score": "2", "comment": ""}, locale)
    assert _texts(again)[1] == replaced.format(supplier=STADBOLAGET, period=period)
    assert await _stored(database_url) == [(supplier, period, 2, None, ANNA)]
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, command, locale))
    assert _inputs(card)["score"]["value"] == "2"  # the answer given, shown again


@pytest.mark.parametrize(("value", "problem"), [
    ({"score": "9"}, "Betyget ska vara en siffra från 1 till 5 (inte ”9”). Ingenting sparades."),
    ({"score": "4", "supplier_id": 999999}, "Jag hittar inte den leverantören – kortet kan vara gammalt eller "
                                            "ändrat. Ingenting sparades."),
    ({"score": "4", "period": "2019-Q1"}, "Kvartalet ”2019-Q1” går inte att betygsätta nu: svar tas emot för "
                                          "pågående kvartal och det som just tog slut. Ingenting sparades."),
    ({"score": "4", "comment": "x" * 1001}, "Kommentaren får vara högst 1000 tecken (din har 1001). Korta den och "
                                            "skicka igen."),
    ({"score": "1' OR 1=1"}, "Betyget ska vara en siffra från 1 till 5 (inte ”1' OR 1=1”). Ingenting sparades."),
    ({"score": "'; DROP TABLE supplier_ratings; --"}, Texts("sv")("card.stale")),  # longer than any choice
])
async def test_a_tampered_answer_is_refused_clearly_and_nothing_is_stored(
    demo_bot, session, stub, database_url, value, problem
):
    supplier = await _supplier_id(database_url)
    answer = {"verb": "rate_supplier", "supplier_id": supplier, "period": quarter_of(stockholm_today()).label,
              "comment": "", **value}
    refused = await _submit(session, demo_bot, stub, COORDINATOR, answer)
    assert problem in _texts(refused)
    assert await _stored(database_url) == []


async def test_a_card_whose_data_does_not_parse_is_refused_as_stale(demo_bot, session, stub, database_url):
    refused = await _submit(session, demo_bot, stub, COORDINATOR,
                            {"verb": "rate_supplier", "supplier_id": "Städbolaget", "score": "4"})
    assert _texts(refused) == [Texts("sv")("card.stale")]
    assert await _stored(database_url) == []


@pytest.mark.parametrize(("locale", "refusal"), [
    ("sv-SE", "Leverantörens egna medarbetare kan inte betygsätta sin egen leverantör – betyget är kommunens "
              "bedömning. Ingenting sparades."),
    ("en-US", "A supplier's own people can't rate their own supplier – the rating is the municipality's "
              "assessment. Nothing was saved."),
])
async def test_a_suppliers_guest_may_not_rate_its_own_supplier(demo_bot, session, stub, database_url, locale,
                                                                refusal):
    command = "betygsätt Städbolaget" if locale == "sv-SE" else "rate supplier Städbolaget"
    assert [a["text"] for a in await _say(session, demo_bot, stub, SUPPLIER_GUEST, command, locale)] == [refusal]
    answer = {"verb": "rate_supplier", "supplier_id": await _supplier_id(database_url), "score": "5",
              "period": quarter_of(stockholm_today()).label}
    assert _texts(await _submit(session, demo_bot, stub, SUPPLIER_GUEST, answer, locale)) == [refusal]
    assert await _stored(database_url) == []


async def test_a_colleague_off_the_suppliers_teams_may_not_rate_it(demo_bot, session, stub, database_url):
    [reply] = await _say(session, demo_bot, stub, EMPLOYEE, "betygsätt Städbolaget")
    assert reply["text"].startswith(f"Du kan inte betygsätta {STADBOLAGET}: betyg ges av kommunens personer")
    [reply] = await _say(session, demo_bot, stub, EMPLOYEE, "betygsätt Skolmat 5: god mat")  # on Skolmat's team
    assert _texts(reply["attachments"][0]["content"])[1].endswith("5 – mycket nöjd.")
    assert [row[2:4] for row in await _stored(database_url)] == [(5, "god mat")]


async def test_an_unknown_supplier_gets_a_clear_answer(demo_bot, session, stub):
    [reply] = await _say(session, demo_bot, stub, COORDINATOR, "betygsätt Åäö Nonsens AB")
    assert reply["text"] == ("Jag hittar ingen leverantör ”Åäö Nonsens AB” bland dem du kan se. Kontrollera "
                             "stavningen eller skriv organisationsnumret.")


async def test_the_rating_card_shows_the_quarter_with_its_answers_and_names_only_to_the_municipality(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "betygsätt Städbolaget 4: Bra städning")
    period = quarter_of(stockholm_today()).label
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "betyg för Städbolaget"))
    lines = _texts(card)
    assert lines[0] == f"Kvalitetsbetyg – {STADBOLAGET}"
    heading = next(line for line in lines if line.startswith(period))
    assert heading.startswith(f"{period} (pågår): ")
    assert "- Egen bedömning: 4,0 (1 svar)" in lines
    assert "- ”Bra städning” – Anna Lindqvist (4)" in lines
    guest = _texts(_card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, "rating of Städbolaget", "en-US")))
    assert "- “Bra städning” (4)" in guest and "- Own assessment: 4.0 (1 answers)" in guest
    assert not [line for line in guest if "Anna" in line]


async def test_a_due_survey_reminder_is_delivered_with_the_card_and_answering_it_marks_it_answered(
    database_url, session, stub
):
    settings = Settings(DATABASE_URL=database_url, MicrosoftAppId="", ALLOWED_TENANTS="", REMINDERS_ENABLED=True,
                        REMINDER_POLL_SECONDS=0.1, REMINDER_LEASE_SECONDS=10)
    stub.members.update(PROFILES)

    async def no_planning(now) -> None:
        """The test writes the survey reminder itself, as the planner would."""

    async with running_bot(settings, demo=True, planner=no_planning) as url:
        await _say(session, url, stub, COORDINATOR, "hjälp")  # the bot now knows Anna's chat
        supplier, period = await _supplier_id(database_url), quarter_just_ended(stockholm_today()).label
        anna = await _id(database_url, select(t.contacts.c.id).where(t.contacts.c.email == ANNA))
        contract = await _id(database_url, select(t.contracts.c.id).where(t.contracts.c.reference == "2022-041"))
        stub.clear()
        engine = open_engine(database_url)
        try:
            reminder = await add_reminder(engine, kind="survey", recipient_id=anna, contract_id=contract,
                                          payload={"supplier_id": supplier, "period": period},
                                          subject_key=f"survey:{supplier}:{period}", status="pending")
        finally:
            await engine.dispose()
        await stub.wait_for_activities(1)
        card = _card(stub.activities)
        assert _texts(card)[:2] == [
            f"Hur nöjd är du med {STADBOLAGET}? Kvartal {period}",
            f"Du får frågan eftersom du följer upp avtal med {STADBOLAGET}. Kvartalet {period} är slut, och ditt "
            "svar blir en del av leverantörens kvalitetsbetyg (Nöjd kund-uppföljning)."]
        send = card["actions"][0]
        assert (send["verb"], send["data"]) == ("rate_supplier", {"supplier_id": supplier, "period": period})
        answered = await _execute(session, url, stub, COORDINATOR, send, {"score": "5", "comment": "Toppen"})
        assert _texts(answered)[1] == f"Ditt betyg av {STADBOLAGET} för {period} är sparat: 5 – mycket nöjd."
        for _ in range(50):
            [row] = await rows(database_url, select(t.reminders).where(t.reminders.c.id == reminder))
            if row["status"] == "answered":
                break
            await asyncio.sleep(0.1)
    assert (row["status"], row["answered_at"] is not None) == ("answered", True)
    assert await _stored(database_url) == [(supplier, period, 5, "Toppen", ANNA)]
