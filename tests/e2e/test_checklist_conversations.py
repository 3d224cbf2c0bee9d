"""Checklists and the process guide over real HTTP as Teams sends them, against the demo register on both
databases: progress that survives a restart of the bot, two people answering the same checklist, a stale
card, a user without rights, and questions about the process in Swedish and English."""

from __future__ import annotations

from sqlalchemy import select

from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, PROFILES, SUPPLIER_GUEST
from tests.support.teams import message, post, running_bot

START = "checklista samarbetsmodell för 2022-041"


async def _say(session, url, stub, user, text: str | None, locale: str = "sv-SE", value: dict | None = None,
               conversation: str = "a:conversation-1") -> list[dict]:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale, value=value,
                                                 conversation=conversation))
    assert status == 201
    return list(stub.activities)


def _texts(card: dict) -> list[str]:
    found = []
    for element in card["body"]:
        if element["type"] == "TextBlock":
            found.append(element["text"])
        found.extend(item["text"] for item in element.get("items", []) if item["type"] == "TextBlock")
    return found


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


async def _answers(database_url: str) -> dict[str, tuple[str, str | None, str]]:
    a = t.checklist_answers.c
    found = await rows(database_url, select(a.item_key, a.answer, a.comment, t.contacts.c.name)
                       .join(t.contacts, t.contacts.c.id == a.answered_by_id)
                       .where(a.part == "samarbetsmodell"))
    return {row["item_key"]: (row["answer"], row["comment"], row["name"]) for row in found}


async def test_checklist_progress_survives_a_restart_of_the_bot_mid_checklist(settings, stub, session, database_url):
    stub.members.update(PROFILES)
    async with running_bot(settings, demo=True) as url:
        await _say(session, url, stub, COORDINATOR, START)
        await _say(session, url, stub, COORDINATOR, "ja")
        replies = await _say(session, url, stub, COORDINATOR, "Delvis", value={
            "checklist_item": "kommunikationsvagar", "comment": "Kanal saknas för skolorna"})
        assert _texts(_card(replies[-1]))[1] == "Fråga 3 av 9 · 2 av 9 besvarade"
    async with running_bot(settings, demo=True) as url:  # a new app on the same database
        replies = await _say(session, url, stub, COORDINATOR, "nej")
        assert _texts(_card(replies[-1]))[1:] == ["Fråga 4 av 9 · 3 av 9 besvarade", "Eskaleringstrappa vid konflikt."]
        await _say(session, url, stub, COORDINATOR, "pausa")
        again = await _say(session, url, stub, COORDINATOR, START)
        assert _texts(_card(again[-1]))[1] == "Fråga 4 av 9 · 3 av 9 besvarade"
    assert await _answers(database_url) == {
        "intressentanalys": ("ja", None, "Anna Lindqvist"),
        "kommunikationsvagar": ("delvis", "Kanal saknas för skolorna", "Anna Lindqvist"),
        "motesstruktur": ("nej", None, "Anna Lindqvist"),
    }


async def test_two_people_answer_different_items_and_a_stale_card_keeps_the_first_answer(
        demo_bot, stub, session, database_url):
    anna, maria = "a:anna", "a:maria"
    await _say(session, demo_bot, stub, COORDINATOR, START, conversation=anna)
    maria_first = await _say(session, demo_bot, stub, SUPPLIER_GUEST, START, conversation=maria)
    assert problems(_card(maria_first[-1])) == []
    await _say(session, demo_bot, stub, COORDINATOR, "ja", conversation=anna)
    # Maria presses "Nej" on her card of the first question, which Anna has answered since
    replies = await _say(session, demo_bot, stub, SUPPLIER_GUEST, "Nej", conversation=maria,
                         value={"checklist_item": "intressentanalys", "comment": "Vet inte"})
    assert replies[0]["text"] == "Anna Lindqvist hann besvara den frågan under tiden (Ja); ditt svar sparades inte."
    assert _texts(_card(replies[-1]))[1:] == ["Fråga 2 av 9 · 1 av 9 besvarade", "Kommunikationsvägar."]
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "delvis, vi saknar en kontaktlista", conversation=maria)
    # Anna's next answer goes to the item after the one Maria answered
    await _say(session, demo_bot, stub, COORDINATOR, "ja", conversation=anna)  # refused: Maria answered it
    replies = await _say(session, demo_bot, stub, COORDINATOR, "ej aktuellt", conversation=anna)
    assert _texts(_card(replies[-1]))[1] == "Fråga 4 av 9 · 3 av 9 besvarade"
    assert await _answers(database_url) == {
        "intressentanalys": ("ja", None, "Anna Lindqvist"),
        "kommunikationsvagar": ("delvis", "vi saknar en kontaktlista", "Maria Sjöberg"),
        "motesstruktur": ("ej aktuellt", None, "Anna Lindqvist"),
    }
    shown = await _say(session, demo_bot, stub, EMPLOYEE, "show checklist collaboration model for 2022-041",
                       locale="en-US")
    texts = _texts(_card(shown[-1]))
    assert texts[:2] == ["Collaboration model · 2022-041 Städbolaget Exempel AB", "3 of 9 answered"]
    assert "Partly – Maria Sjöberg" in texts and "vi saknar en kontaktlista" in texts
    assert texts[-2:] == ["Not answered yet",
                          "Change an answer with **change answer 3 in collaboration model for 2022-041**."]


async def test_a_user_without_rights_is_refused_in_english_and_swedish_and_nothing_is_stored(
        demo_bot, stub, session, database_url):
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "checklist cooperation model for 2022-041", locale="en-US")
    assert replies[-1]["text"].startswith("You cannot answer this checklist.")
    replies = await _say(session, demo_bot, stub, SUPPLIER_GUEST, "checklista fakta för 2022-041")
    assert replies[-1]["text"].startswith("Du kan inte besvara den här checklistan.")
    assert await _answers(database_url) == {}


async def test_process_questions_are_answered_from_the_process_description_in_the_users_language(
        demo_bot, stub, session):
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "hur ofta följer vi upp en icke-kritisk leverantör?")
    card = _card(replies[-1])
    assert problems(card) == []
    assert _texts(card)[1] == "Ur processbeskrivningen: Samarbetsmodell – segmentering (Kraljics matris)"
    assert "Uppföljning av KPI:er 2 gånger om året och ett kort uppföljningsmöte 1 gång om året".lower() in \
        _texts(card)[2].lower()
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "What is a bottleneck supplier?", locale="en-US")
    assert _texts(_card(replies[-1]))[:2] == [
        "What is a bottleneck supplier?", "From the process description: Collaboration model – segmentation (Kraljic matrix)"]
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "hur bokar vi lokal till uppföljningsmötet?")
    unknown = _card(replies[-1])
    assert _texts(unknown)[-1] == "Jag hittar inget svar på det i processbeskrivningen. Närmast ligger:"
    assert len(unknown["actions"]) == 3
    assert all(action["data"]["msteams"]["type"] == "imBack" for action in unknown["actions"])


async def test_lookups_still_answer_questions_about_contracts(demo_bot, stub, session):
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "när löper avtalet för skolmat ut?")
    assert "Processguiden" not in str(replies[-1])
    assert "Skolm" in str(replies[-1])
