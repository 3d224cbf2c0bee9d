"""The "lärdomar för avtal" / "record lessons for" dialog through botbuilder's TestAdapter with the real bot over
both databases and the demo register, in Swedish and English: what worked, what to change, the confirm card
listing them, and what it confirmed is exactly what the database holds; nothing before the yes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.identity import ChannelUser
from storage import tables as t
from tests.support.dialog_adapter import demo_adapter, replies_to

ANNA = ChannelUser(user_id="29:anna", name="Anna Lindqvist", aad_object_id="aad-anna",
                   email="anna.lindqvist@exempelkommun.se", is_guest=False)
ASA = ChannelUser(user_id="29:asa", name="Åsa Öberg", aad_object_id="aad-asa",
                  email="asa.oberg@exempelkommun.se", is_guest=False)
MARIA = ChannelUser(user_id="29:maria", name="Maria Sjöberg", aad_object_id="aad-maria",
                    email="maria.sjoberg@stadbolaget.example", is_guest=True)


def _texts(replies) -> list[str]:
    return [reply.text or "" for reply in replies]


def _confirmed(reply) -> list[tuple[str, str]]:
    card = reply.attachments[0]["content"]
    return [(fact["title"], fact["value"]) for fact in card["body"][1]["facts"]]


async def _lessons(engine: AsyncEngine) -> list[dict]:
    async with engine.connect() as connection:
        return list((await connection.execute(
            select(t.lessons, t.contracts.c.reference).join(t.contracts, t.contracts.c.id == t.lessons.c.contract_id)
            .order_by(t.lessons.c.id))).mappings())


async def test_lessons_are_asked_confirmed_and_saved_exactly_as_confirmed(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "lessons-1")
    replies = await replies_to(adapter, "lärdomar för avtal 2022-041",
                               "Tydliga kvalitetskrav enligt INSTA 800 ✨\n  Månadsvisa avstämningar  ", "klart",
                               "Kortare avtalstid", "Vite'; DROP TABLE lessons;--", "klart")
    texts = _texts(replies)
    assert texts[0].startswith("Vad fungerade bra i avtalet 2022-041?")
    assert texts[1].startswith("Något mer?")
    assert texts[2].startswith("Vad bör vara annorlunda i nästa upphandling?")
    assert texts[3].startswith("Något mer?") and texts[4].startswith("Något mer?")  # one more per message
    confirmed = _confirmed(replies[-1])
    assert confirmed == [
        ("Avtal", "2022-041"), ("Fungerade 1", "Tydliga kvalitetskrav enligt INSTA 800 ✨"),
        ("Fungerade 2", "Månadsvisa avstämningar"), ("Ändra 1", "Kortare avtalstid"),
        ("Ändra 2", "Vite'; DROP TABLE lessons;--"),
    ]
    assert await _lessons(engine) == []  # nothing before the yes
    assert _texts(await replies_to(adapter, "ja")) == ["Sparat. 4 lärdomar är registrerade."]
    stored = await _lessons(engine)
    assert [(row["reference"], {"fungerade": "Fungerade", "ändra": "Ändra"}[row["kind"]], row["text"])
            for row in stored] == [("2022-041", title.split()[0], value) for title, value in confirmed[1:]]
    assert {row["recorded_by_id"] for row in stored} != {None}


async def test_in_english_done_skips_a_question_and_a_no_saves_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "lessons-2")
    adapter.template.locale = "en-US"
    replies = await replies_to(adapter, "record lessons for 2023-022", "done", "Price the standby separately", "done")
    texts = _texts(replies)
    assert texts[0].startswith("What worked well in contract 2023-022?")
    assert texts[1].startswith("What should be different in the next procurement?")
    assert texts[2].startswith("Anything more?")
    assert _confirmed(replies[-1]) == [("Contract", "2023-022"), ("Change 1", "Price the standby separately")]
    assert _texts(await replies_to(adapter, "no")) == ["Okay, I saved nothing."]
    assert await _lessons(engine) == []


async def test_nothing_to_save_ends_the_dialog_and_a_cancel_leaves_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "lessons-3")
    assert _texts(await replies_to(adapter, "registrera lärdomar för 2022-041", "klart", "-"))[-1] == (
        "Inga lärdomar att spara, så jag sparade ingenting.")
    assert _texts(await replies_to(adapter, "lärdomar för avtal 2022-041", "Bra möten", "avbryt"))[-1] == (
        "Avbrutet. Inget sparades.")
    assert await _lessons(engine) == []


async def test_a_blank_answer_is_re_asked_and_too_long_a_line_is_refused_with_its_reason(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "lessons-4")
    texts = _texts(await replies_to(adapter, "lärdomar för avtal 2022-041", "ö" * 501))
    assert texts[-1] == "Texten är för lång (högst 500 tecken). Försök igen."
    texts = _texts(await replies_to(adapter, "Bra start", "klart"))
    assert texts[0].startswith("Något mer?") and texts[1].startswith("Vad bör vara annorlunda")


async def test_only_the_contracts_team_records_lessons(engine, database_url):
    expected = {"lessons-5": "Jag hittar inget avtal du kan logga på som heter ”2022-041”.",  # Åsa: not her team
                "lessons-6": "Det har du inte behörighet till."}  # the supplier's own contact
    for user, conversation in ((ASA, "lessons-5"), (MARIA, "lessons-6")):
        adapter = await demo_adapter(engine, database_url, user, conversation)
        texts = _texts(await replies_to(adapter, "lärdomar för avtal 2022-041"))
        assert texts[0].startswith(expected[conversation])
    assert await _lessons(engine) == []
