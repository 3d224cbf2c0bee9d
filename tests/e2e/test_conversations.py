"""Talking to the bot over real HTTP as Teams does; the replies are read where Teams would get them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage import tables as t
from storage.engine import open_engine
from tests.support.database import rows as _rows
from tests.e2e.conftest import COORDINATOR_AAD, COORDINATOR_EMAIL
from tests.support.teams import members_added, message, post, running_bot


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


async def test_installing_the_bot_greets_in_swedish(bot_url, session, stub):
    status, _ = await post(session, bot_url, members_added(service_url=stub.url))
    assert status == 201
    card = _card(stub.activities[0])
    assert card["body"][0]["text"] == "Hej Test! Jag är Uppföljningsboten."
    assert "Be en processkoordinator att lägga till dig" in card["body"][2]["text"]


async def test_installing_the_bot_greets_in_english_for_an_english_locale(bot_url, session, stub):
    await post(session, bot_url, members_added(service_url=stub.url, locale="en-US"))
    card = _card(stub.activities[0])
    assert card["body"][0]["text"] == "Hello Test! I am Uppföljningsboten, the supplier follow-up bot."


async def test_a_registered_coordinator_is_greeted_by_role(bot_url, session, stub, coordinator):
    await post(session, bot_url, members_added(service_url=stub.url, user=coordinator))
    assert _card(stub.activities[0])["body"][2]["text"] == "Jag känner igen dig som processkoordinator."


@pytest.mark.parametrize(
    ("text", "locale", "title", "first_command"),
    [
        ("hjälp", "sv-SE", "Det här kan jag", "hjälp"),
        ("Hjalp!", None, "Det här kan jag", "hjälp"),
        ("help", "en-US", "What I can do", "help"),
        ("<at>Uppföljningsboten</at> hjälp", "sv-SE", "Det här kan jag", "hjälp"),
    ],
)
async def test_help_lists_the_commands_in_the_users_language(bot_url, session, stub, text, locale, title,
                                                             first_command):
    activity = message(text, service_url=stub.url, locale=locale, conversation_type="groupChat")
    if text.startswith("<at>"):
        activity["entities"] = [{"type": "mention", "text": "<at>Uppföljningsboten</at>",
                                 "mentioned": {"id": "28:uppfoljningsboten", "name": "Uppföljningsboten"}}]
    await post(session, bot_url, activity)
    card = _card(stub.activities[0])
    assert card["body"][0]["text"] == title
    assert card["body"][2]["facts"][0]["title"] == first_command
    assert [action["title"] for action in card["actions"]] == (
        ["Vem är jag?", "Ny leverantör"] if title == "Det här kan jag" else ["Who am I?", "New supplier"]
    )


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE suppliers; --", "🤖🤖🤖 åäö ÅÄÖ", "x" * 20_000, "   ", "SELECT * FROM contacts"],
)
async def test_odd_text_gets_help_and_changes_nothing(bot_url, session, stub, database_url, text):
    status, _ = await post(session, bot_url, message(text, service_url=stub.url))
    assert status == 201
    assert stub.texts()[0] in (
        "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan.",
        "Jag fick ett tomt meddelande. Skriv **hjälp** för att se vad jag kan.",
    )
    assert await _rows(database_url, select(t.suppliers)) == []


async def test_a_teams_user_is_recognised_by_email_and_their_object_id_remembered(
    bot_url, session, stub, database_url, coordinator
):
    await post(session, bot_url, message("vem är jag", service_url=stub.url, user=coordinator))
    assert stub.texts()[0].startswith(f"Du är **Karin Kvist** ({COORDINATOR_EMAIL}) med rollen **processkoordinator**")
    rows = await _rows(database_url, select(t.contacts.c.aad_object_id).where(t.contacts.c.email == COORDINATOR_EMAIL))
    assert rows == [{"aad_object_id": COORDINATOR_AAD}]
    asked = [path for method, path in stub.requests if method == "GET"]
    await post(session, bot_url, message("who am I", service_url=stub.url, user=coordinator, locale="en-US"))
    assert stub.texts()[1].startswith("You are **Karin Kvist**")
    assert [path for method, path in stub.requests if method == "GET"] == asked  # no second profile lookup


async def test_the_conversation_reference_is_stored_for_proactive_messages(
    bot_url, session, stub, database_url, coordinator
):
    await post(session, bot_url, message("hjälp", service_url=stub.url, user=coordinator))
    rows = await _rows(database_url, select(t.conversation_references))
    assert len(rows) == 1
    row = rows[0]
    assert (row["conversation_type"], row["user_aad_object_id"], row["service_url"]) == (
        "personal", COORDINATOR_AAD, stub.url
    )
    assert row["contact_id"] is not None
    assert row["reference"]["conversation"]["id"] == "a:conversation-1"
    assert row["reference"]["bot"]["id"] == "28:uppfoljningsboten"
    assert row["reference"].get("activityId") is None  # proactive messages start anew, not as a reply


async def test_a_busy_conversation_writes_its_reference_once(bot_url, session, stub, database_url, coordinator):
    for text in ("hjälp", "vem är jag", "hjälp"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator))
    rows = await _rows(database_url, select(t.conversation_references.c.updated_at))
    first_write = rows[0]["updated_at"]
    await post(session, bot_url, message("hjälp", service_url=stub.url, user=coordinator))
    assert await _rows(database_url, select(t.conversation_references.c.updated_at)) == [{"updated_at": first_write}]


async def test_registering_a_supplier_re_asks_with_the_reason_and_saves_after_yes(
    bot_url, session, stub, database_url, coordinator
):
    for text in ("ny leverantör", "   ", "Städ & Fönster Åkesson AB", "556123-4568", "5561234567", "kanske", "ja"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator))
    texts = stub.texts()
    assert texts[0] == "Vad heter leverantören? (Skriv **avbryt** för att avbryta.)"
    assert texts[1] == "Jag behöver ett svar här. Försök igen, eller skriv **avbryt**."
    assert texts[2] == "Vilket organisationsnummer har Städ & Fönster Åkesson AB? Till exempel 556123-4567."
    assert texts[3].startswith("”556123-4568” är inte ett giltigt organisationsnummer")
    confirm = _card(stub.activities[4])
    assert confirm["body"][1]["facts"] == [
        {"title": "Namn", "value": "Städ & Fönster Åkesson AB"},
        {"title": "Organisationsnummer", "value": "556123-4567"},
    ]
    assert texts[5] == "Svara **ja** för att spara eller **nej** för att avbryta."
    assert texts[6] == "Klart! Städ & Fönster Åkesson AB (556123-4567) finns nu i leverantörsregistret."
    suppliers = await _rows(database_url, select(t.suppliers.c.org_number, t.suppliers.c.name, t.suppliers.c.name_folded))
    assert suppliers == [{"org_number": "556123-4567", "name": "Städ & Fönster Åkesson AB",
                          "name_folded": "stad & fonster akesson ab"}]
    history = await _rows(database_url, select(t.change_history).where(t.change_history.c.entity == "suppliers"))
    assert history[0]["actor_label"] == COORDINATOR_EMAIL and history[0]["action"] == "create"


async def test_cancelling_a_dialog_saves_nothing(bot_url, session, stub, database_url, coordinator):
    for text in ("new supplier", "Acme Sverige AB", "cancel", "5561234567"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator, locale="en-US"))
    assert stub.texts()[2] == "Cancelled. Nothing was saved."
    assert stub.texts()[3] == "I didn't quite understand that. Type **help** to see what I can do."
    assert await _rows(database_url, select(t.suppliers)) == []


@pytest.mark.parametrize(("locale", "texts", "left", "whoami", "not_understood"), [
    ("sv-SE", ("ny leverantör", "Acme Sverige AB", "vem är jag?", "5561234567"),
     "Jag avslutade det vi höll på med; inget av det sparades.", "Du är **Karin Kvist**",
     "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."),
    ("en-US", ("new supplier", "Acme Sverige AB", "who am I", "5561234567"),
     "I ended what we were doing; none of it was saved.", "You are **Karin Kvist**",
     "I didn't quite understand that. Type **help** to see what I can do."),
])
async def test_another_command_in_the_middle_of_a_dialog_ends_it_unsaved_and_is_carried_out(
        bot_url, session, stub, database_url, coordinator, locale, texts, left, whoami, not_understood):
    for text in texts:
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator, locale=locale))
    said = stub.texts()
    assert said[2] == left
    assert said[3].startswith(whoami)
    assert said[4:] == [not_understood]  # the organisation number is no longer an answer to the dialog
    assert await _rows(database_url, select(t.suppliers)) == []


async def test_saying_no_saves_nothing(bot_url, session, stub, database_url, coordinator):
    for text in ("ny leverantör", "Acme Sverige AB", "5561234567", "nej"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator))
    assert stub.texts()[-1] == "Okej, jag sparade ingenting."
    assert await _rows(database_url, select(t.suppliers)) == []


async def test_a_colleague_without_the_role_may_not_register_suppliers(bot_url, session, stub, database_url):
    await post(session, bot_url, message("ny leverantör", service_url=stub.url))
    assert stub.texts() == ["Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]
    await post(session, bot_url, message("Acme", service_url=stub.url))
    assert stub.texts()[1] == "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."


async def test_a_dialog_begun_before_a_restart_continues_after_it(session, stub, settings, database_url, coordinator):
    async with running_bot(settings) as url:
        for text in ("ny leverantör", "Snöröjarna i Norr AB"):
            await post(session, url, message(text, service_url=stub.url, user=coordinator))
    async with running_bot(settings) as url:  # a new process' worth of objects on the same database
        for text in ("5561234567", "ja"):
            await post(session, url, message(text, service_url=stub.url, user=coordinator))
    assert stub.texts()[-1] == "Klart! Snöröjarna i Norr AB (556123-4567) finns nu i leverantörsregistret."
    assert [row["name"] for row in await _rows(database_url, select(t.suppliers.c.name))] == ["Snöröjarna i Norr AB"]


async def test_the_confirm_buttons_answer_the_dialog_as_imback_values(bot_url, session, stub, database_url,
                                                                       coordinator):
    for text in ("ny leverantör", "Kontorsvaror Syd AB", "5561234567"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator))
    yes_button = _card(stub.activities[-1])["actions"][0]
    assert yes_button["title"] == "Ja"
    await post(session, bot_url, message(None, service_url=stub.url, user=coordinator, value=yes_button["data"]))
    assert stub.texts()[-1].startswith("Klart! Kontorsvaror Syd AB")


async def test_a_submission_with_an_unknown_verb_is_refused_with_a_message(bot_url, session, stub, database_url):
    await post(session, bot_url, message(None, service_url=stub.url, value={"verb": "supplier.delete", "id": 1}))
    assert _card(stub.activities[0])["body"][0]["text"].startswith("Det här kortet är inaktuellt eller okänt")


async def test_a_failing_turn_apologises_and_starts_the_conversation_afresh(
    bot_url, session, stub, database_url, coordinator
):
    for text in ("ny leverantör", "Acme Sverige AB"):
        await post(session, bot_url, message(text, service_url=stub.url, user=coordinator))
    engine = open_engine(database_url)
    try:
        async with engine.begin() as connection:  # the stored dialog state is damaged
            await connection.execute(
                t.bot_state.update()
                .where(t.bot_state.c.key.like("msteams/conversations/%"))
                .values(data='{"DialogState": {"py/object": "no.such.Module"}}')
            )
    finally:
        await engine.dispose()
    await post(session, bot_url, message("5561234567", service_url=stub.url, user=coordinator))
    assert stub.texts()[-1] == (
        "Förlåt, något gick fel hos mig. Det vi höll på med har avbrutits – försök gärna igen."
    )
    assert await _rows(database_url, select(t.bot_state).where(t.bot_state.c.key.like("msteams/conversations/%"))) == []
    await post(session, bot_url, message("hjälp", service_url=stub.url, user=coordinator))
    assert _card(stub.activities[-1])["body"][0]["text"] == "Det här kan jag"
    assert await _rows(database_url, select(t.suppliers)) == []


async def test_teams_is_asked_once_for_a_sender_it_does_not_know(bot_url, session, stub):
    for text in ("hjälp", "vem är jag", "hjälp"):
        await post(session, bot_url, message(text, service_url=stub.url))
    lookups = [path for method, path in stub.requests if method == "GET" and "/members/" in path]
    assert lookups == ["/v3/conversations/a:conversation-1/members/29:user-1"]
    assert stub.texts()[1] == "Jag hittar dig inte i kontaktregistret. Be en processkoordinator att lägga till dig."


async def test_a_guest_unknown_to_the_register_is_told_so_and_gets_no_rights(bot_url, session, stub):
    guest = {"id": "29:guest", "aadObjectId": "aad-guest", "name": "Gäst Leverantör"}
    stub.members[guest["id"]] = {**guest, "email": "g@partner.example", "userRole": "guest"}
    await post(session, bot_url, message("ny leverantör", service_url=stub.url, user=guest))
    assert stub.texts() == ["Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]


async def test_two_instances_on_one_database_share_the_conversation(session, stub, settings, database_url,
                                                                    coordinator):
    async with running_bot(settings) as first, running_bot(settings) as second:
        for url, text in ((first, "ny leverantör"), (second, "Fönsterputs Öst AB"), (first, "5561234567"),
                          (second, "ja")):
            await post(session, url, message(text, service_url=stub.url, user=coordinator))
    assert stub.texts()[-1] == "Klart! Fönsterputs Öst AB (556123-4567) finns nu i leverantörsregistret."
    assert [row["name"] for row in await _rows(database_url, select(t.suppliers.c.name))] == ["Fönsterputs Öst AB"]
