"""A supplier's SWOT and lessons for the next procurement over real HTTP against the demo register on both
databases, in Swedish and English: the SWOT card with the bot's suggestions, adding and removing items in chat,
accepting a suggestion through the card (Action.Execute and its Action.Submit fallback), tampered and stale
cards refused, the supplier's own contact kept out; recording lessons and finding them again."""

from __future__ import annotations

from sqlalchemy import select

from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, SUPPLIER_GUEST
from tests.support.teams import invoke, message, post

STAD = "Städbolaget Exempel AB"
SANCTION = "Sanktion beslutad"  # the written notice the demo register decided 12 days ago, on 2022-041


async def _say(session, url, stub, user, text: str | None, locale: str = "sv-SE", value: dict | None = None):
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale, value=value))
    assert status == 201
    return stub.activities


async def _execute(session, url, stub, user, data: dict, locale: str = "sv-SE") -> dict:
    value = {"action": {"type": "Action.Execute", "verb": "swot.answer", "data": data}, "trigger": "manual"}
    status, body = await post(session, url, invoke("adaptiveCard/action", value, service_url=stub.url, user=user,
                                                   locale=locale))
    assert (status, body["statusCode"]) == (200, 200)
    assert problems(body["value"]) == []
    return body["value"]


def _card(activities) -> dict:
    card = activities[0]["attachments"][0]["content"]
    assert problems(card) == []
    return card


def _texts(card: dict) -> list[str]:
    """Every text of the card, containers opened, in order."""
    found = []
    for element in card["body"]:
        found += [item["text"] for item in element.get("items", []) if "text" in item] if "items" in element \
            else [element.get("text", "")]
    return found


async def _swot_rows(database_url: str) -> list[dict]:
    return await rows(database_url, select(t.swot_items).order_by(t.swot_items.c.id))


async def _sanction_item(database_url: str) -> dict:
    return next(row for row in await _swot_rows(database_url) if row["text"].startswith(SANCTION))


async def test_the_swot_card_lists_the_four_quadrants_and_the_bots_suggestions_with_buttons(demo_bot, session, stub,
                                                                                          database_url):
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "SWOT för Städbolaget"))
    texts = _texts(card)
    assert texts[0] == f"SWOT för {STAD}"
    assert [text for text in texts if text in ("Styrkor", "Svagheter", "Möjligheter", "Hot")] == [
        "Styrkor", "Svagheter", "Möjligheter", "Hot"]
    item = await _sanction_item(database_url)
    assert item["status"] == "föreslagen" and item["quadrant"] == "hot" and item["created_by_id"] is None
    assert f"{item['id']}. Förslag på hot: {item['text']}" in texts
    execute = [action for element in card["body"] if element["type"] == "Container"
               for part in element["items"] if part["type"] == "ActionSet" for action in part["actions"]]
    mine = [action for action in execute if action["data"]["item_id"] == item["id"]]
    assert [(a["type"], a["title"], a["data"]["answer"]) for a in mine] == [
        ("Action.Execute", "Acceptera", "accept"), ("Action.Execute", "Avböj", "decline")]
    assert mine[0]["fallback"]["type"] == "Action.Submit" and mine[0]["fallback"]["data"]["verb"] == "swot.answer"

    before = len(await _swot_rows(database_url))
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "SWOT for Städbolaget", "en-US"))
    texts = _texts(card)
    assert texts[0] == f"SWOT for {STAD}" and "Strengths" in texts and "Threats" in texts
    assert f"{item['id']}. Suggested threat: {item['text']}" in texts
    assert len(await _swot_rows(database_url)) == before  # shown again: nothing suggested twice


async def test_items_are_added_and_removed_in_chat_with_their_text_as_typed(demo_bot, session, stub, database_url):
    typed = "snabba leveranser 🚚 – å/ä/ö'; DROP TABLE swot_items;--!"
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, f"lägg till styrka för Städbolaget: {typed}")
    added = [row for row in await _swot_rows(database_url) if row["created_by_id"] is not None]
    assert [(row["quadrant"], row["text"], row["status"]) for row in added] == [("styrka", typed, "accepterad")]
    assert reply["text"] == f"Sparat: styrka nummer {added[0]['id']} för {STAD}: {typed}"
    texts = _texts(_card(await _say(session, demo_bot, stub, COORDINATOR, "swot för städbolaget")))
    assert texts[texts.index("Styrkor") + 1] == f"{added[0]['id']}. {typed}"

    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, "add threat for Städbolaget: staff turnover", "en-US")
    threat = (await _swot_rows(database_url))[-1]
    assert reply["text"] == f"Saved: threat number {threat['id']} for {STAD}: staff turnover"
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, f"remove SWOT {threat['id']}", "en-US")
    assert reply["text"] == f"Removed: SWOT {threat['id']} (staff turnover)."
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, f"ta bort SWOT {threat['id']}")
    assert reply["text"] == f"Jag hittar ingen SWOT-punkt nummer {threat['id']} som du kan se."
    assert threat["id"] not in [row["id"] for row in await _swot_rows(database_url)]
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, "lägg till fördel för Städbolaget: bra")
    assert reply["text"].startswith("”fördel” är ingen del av en SWOT.")
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, "lägg till styrka för Flygbolaget: bra")
    assert reply["text"] == "Jag hittar ingen leverantör eller avtal som heter ”Flygbolaget”."


async def test_a_suggestion_is_accepted_through_the_card_and_a_stale_or_tampered_card_is_refused(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "SWOT för Städbolaget")
    item = await _sanction_item(database_url)
    supplier_id = item["supplier_id"]
    other = next(row["id"] for row in await rows(database_url, select(t.suppliers))
                 if row["name"].startswith("Snöröjarna"))
    card = await _execute(session, demo_bot, stub, COORDINATOR,
                          {"item_id": item["id"], "supplier_id": other, "answer": "accept"})
    assert _texts(card) == [f"Jag hittar ingen SWOT-punkt nummer {item['id']} som du kan se."]
    card = await _execute(session, demo_bot, stub, COORDINATOR,
                          {"item_id": item["id"], "supplier_id": supplier_id, "answer": "maybe"})
    assert _texts(card)[0].startswith("Det här kortet är inaktuellt eller okänt")
    assert (await _sanction_item(database_url))["status"] == "föreslagen"

    card = await _execute(session, demo_bot, stub, COORDINATOR,
                          {"item_id": item["id"], "supplier_id": supplier_id, "answer": "accept"})
    texts = _texts(card)
    assert texts[0] == f"SWOT för {STAD}" and texts[texts.index("Hot") + 1] == f"{item['id']}. {item['text']}"
    assert (await _sanction_item(database_url))["status"] == "accepterad"
    stale = {"verb": "swot.answer", "item_id": item["id"], "supplier_id": supplier_id, "answer": "decline"}
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, None, "en-US", stale))  # the Submit fallback
    assert _texts(card)[0].startswith(f"SWOT {item['id']} has already been answered")
    assert (await _sanction_item(database_url))["status"] == "accepterad"


async def test_declining_in_chat_and_the_suggestion_never_comes_back(demo_bot, session, stub, database_url):
    await _say(session, demo_bot, stub, COORDINATOR, "SWOT för Städbolaget")
    item = await _sanction_item(database_url)
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, f"avböj SWOT {item['id']}")
    assert reply["text"] == f"Avböjt: SWOT {item['id']} ({item['text']}). Jag föreslår det inte igen."
    texts = _texts(_card(await _say(session, demo_bot, stub, COORDINATOR, "SWOT för Städbolaget")))
    assert not any(item["text"] in text for text in texts)
    assert [row["status"] for row in await _swot_rows(database_url) if row["text"] == item["text"]] == ["avböjd"]


async def test_a_colleague_reads_without_buttons_and_the_suppliers_contact_sees_nothing(demo_bot, session, stub,
                                                                                        database_url):
    card = _card(await _say(session, demo_bot, stub, EMPLOYEE, "SWOT för Städbolaget"))
    assert not any(part["type"] == "ActionSet" for element in card["body"] if element["type"] == "Container"
                   for part in element["items"])
    item = await _sanction_item(database_url)
    (reply,) = await _say(session, demo_bot, stub, EMPLOYEE, f"acceptera SWOT {item['id']}")
    assert reply["text"].startswith("Bara kommunens personer i leverantörens avtalsteam")
    before = await _swot_rows(database_url)
    for text, locale, expected in (
        ("SWOT för Städbolaget", "sv-SE", "En SWOT är kommunens egen bedömning av leverantören"),
        ("SWOT for Städbolaget", "en-US", "A SWOT is the municipality's own view of the supplier"),
        ("lägg till styrka för Städbolaget: vi är bäst", "sv-SE", "En SWOT är kommunens egen bedömning"),
        (f"acceptera SWOT {item['id']}", "sv-SE", "En SWOT är kommunens egen bedömning"),
    ):
        (reply,) = await _say(session, demo_bot, stub, SUPPLIER_GUEST, text, locale)
        assert reply["text"].startswith(expected)
    card = await _execute(session, demo_bot, stub, SUPPLIER_GUEST,
                          {"item_id": item["id"], "supplier_id": item["supplier_id"], "answer": "accept"})
    assert _texts(card)[0].startswith("En SWOT är kommunens egen bedömning")
    assert await _swot_rows(database_url) == before


async def test_lessons_are_recorded_in_a_dialog_and_found_again_grouped_per_contract(demo_bot, session, stub,
                                                                                    database_url):
    await _say(session, demo_bot, stub, COORDINATOR, "lärdomar för avtal 2022-041")
    await _say(session, demo_bot, stub, COORDINATOR, "Tydliga kvalitetskrav enligt INSTA 800\nMånadsvisa möten")
    await _say(session, demo_bot, stub, COORDINATOR, "klart")
    await _say(session, demo_bot, stub, COORDINATOR, "Kortare avtalstid")
    confirm = _card(await _say(session, demo_bot, stub, COORDINATOR, "klart"))
    assert confirm["body"][1]["facts"][1:] == [
        {"title": "Fungerade 1", "value": "Tydliga kvalitetskrav enligt INSTA 800"},
        {"title": "Fungerade 2", "value": "Månadsvisa möten"}, {"title": "Ändra 1", "value": "Kortare avtalstid"}]
    (reply,) = await _say(session, demo_bot, stub, COORDINATOR, "ja")
    assert reply["text"] == "Sparat. 3 lärdomar är registrerade."
    await _say(session, demo_bot, stub, COORDINATOR, "record lessons for 2024-017", "en-US")
    await _say(session, demo_bot, stub, COORDINATOR, "done", "en-US")
    await _say(session, demo_bot, stub, COORDINATOR, "More staff in the service desk", "en-US")
    await _say(session, demo_bot, stub, COORDINATOR, "done", "en-US")
    await _say(session, demo_bot, stub, COORDINATOR, "yes", "en-US")

    card = _card(await _say(session, demo_bot, stub, EMPLOYEE, "lärdomar städ"))
    texts = _texts(card)
    assert texts[0] == "Lärdomar om ”städ”"
    assert texts[1:] == [
        "2022-041 Lokalvård i kommunens verksamhetslokaler", f"{STAD} · slutar 2027-03-31",
        "Fungerade", "- Månadsvisa möten (Anna Lindqvist)",  # newest first, as the search ranks them
        "- Tydliga kvalitetskrav enligt INSTA 800 (Anna Lindqvist)",
        "Ändra till nästa gång", "- Kortare avtalstid (Anna Lindqvist)",
        "Registrera fler med **lärdomar för avtal** och avtalsnumret.",
    ]
    card = _card(await _say(session, demo_bot, stub, EMPLOYEE, "lessons", "en-US"))
    texts = _texts(card)
    assert texts[0] == "Lessons for the next procurement"
    assert texts.index("2024-017 IT-drift och servicedesk") < texts.index(
        "2022-041 Lokalvård i kommunens verksamhetslokaler")  # newest first
    assert "- More staff in the service desk (Anna Lindqvist)" in texts and "Change next time" in texts
    (reply,) = await _say(session, demo_bot, stub, EMPLOYEE, "lärdomar flygplan")
    assert _texts(_card([reply]))[1] == "Jag hittar inga lärdomar om ”flygplan”."
    (reply,) = await _say(session, demo_bot, stub, SUPPLIER_GUEST, "lärdomar städ")
    assert reply["text"] == "Lärdomarna är kommunens egna och visas inte för leverantörer."
    stored = await rows(database_url, select(t.lessons.c.kind, t.lessons.c.text).order_by(t.lessons.c.id))
    assert [tuple(row.values()) for row in stored] == [
        ("fungerade", "Tydliga kvalitetskrav enligt INSTA 800"), ("fungerade", "Månadsvisa möten"),
        ("ändra", "Kortare avtalstid"), ("ändra", "More staff in the service desk")]
