"""The checklist dialog driven through botbuilder's TestAdapter: the real FollowUpBot over a migrated database of
each kind with the demo register, without HTTP. The sender is the demo's process coordinator."""

from __future__ import annotations

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.identity import ChannelUser
from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.dialog_adapter import demo_adapter, replies_to

ANNA = ChannelUser(user_id="29:anna", name="Anna Lindqvist", aad_object_id="aad-anna",
                   email="anna.lindqvist@exempelkommun.se")


@pytest.fixture
async def adapter(engine: AsyncEngine, database_url: str) -> TestAdapter:
    return await demo_adapter(engine, database_url, ANNA, "checklist-test")


def _card(reply: Activity) -> dict:
    return reply.attachments[0]["content"]


def _texts(card: dict) -> list[str]:
    """The card's text blocks in order, those inside containers too."""
    def walk(elements: list[dict]) -> list[str]:
        found = []
        for element in elements:
            if element["type"] == "TextBlock":
                found.append(element["text"])
            found.extend(walk(element.get("items", [])))
        return found

    return walk(card["body"])


async def _answers(engine: AsyncEngine, part: str) -> dict[str, tuple[str, str | None]]:
    a = t.checklist_answers.c
    statement = (select(a.item_key, a.answer, a.comment).join(t.contracts, t.contracts.c.id == a.contract_id)
                 .where(t.contracts.c.reference == "2022-041", a.part == part))
    async with engine.connect() as connection:
        return {row.item_key: (row.answer, row.comment) for row in await connection.execute(statement)}


async def test_each_answer_is_stored_as_given_and_the_next_question_follows_with_progress(adapter, engine):
    first = _card((await replies_to(adapter, "checklista samarbetsmodell för 2022-041"))[-1])
    assert problems(first) == []
    assert _texts(first) == ["Samarbetsmodell · 2022-041 Städbolaget Exempel AB", "Fråga 1 av 9 · 0 av 9 besvarade",
                             "Intressentanalys – vilka är nyckelpersoner?"]
    assert [action["title"] for action in first["actions"]] == [
        "Ja", "Delvis", "Nej", "Ej aktuellt", "Hoppa över", "Pausa"]

    second = _card((await replies_to(adapter, "delvis, förskolorna saknas"))[-1])
    assert _texts(second)[1:] == ["Fråga 2 av 9 · 1 av 9 besvarade", "Kommunikationsvägar."]
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("delvis", "förskolorna saknas")}

    await adapter.send(Activity(type="message", text="Ja", value={"checklist_item": "kommunikationsvagar",
                                                                   "comment": "Via Teams-kanalen"}))
    assert (await _answers(engine, "samarbetsmodell"))["kommunikationsvagar"] == ("ja", "Via Teams-kanalen")


async def test_an_answer_that_is_not_one_is_asked_again_and_nothing_is_stored(adapter, engine):
    replies = await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "kanske")
    assert replies[-2].text.startswith('"kanske" förstod jag inte. Svara ja, delvis, nej eller ej aktuellt')
    assert _texts(_card(replies[-1]))[2] == "Intressentanalys – vilka är nyckelpersoner?"
    assert await _answers(engine, "samarbetsmodell") == {}


async def test_a_button_of_an_earlier_question_is_refused_and_the_current_question_stays(adapter, engine):
    await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "ja")
    await adapter.send(Activity(type="message", text="Nej", value={"checklist_item": "intressentanalys"}))
    replies = []
    while (reply := adapter.get_next_activity()) is not None:
        replies.append(reply)
    assert replies[0].text == "Den knappen hör till en tidigare fråga. Svara på frågan här:"
    assert _texts(_card(replies[-1]))[2] == "Kommunikationsvägar."
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("ja", None)}


async def test_skip_pause_and_the_same_command_later_go_on_from_the_first_unanswered_item(adapter, engine):
    replies = await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "hoppa över", "1", "pausa")
    assert replies[-1].text == ('Pausat. Svaren är sparade; skriv "checklista samarbetsmodell för 2022-041" '
                                "när du vill fortsätta där checklistan står.")
    assert await _answers(engine, "samarbetsmodell") == {"kommunikationsvagar": ("ja", None)}
    again = _card((await replies_to(adapter, "checklista samarbetsmodell för 2022-041"))[-1])
    assert _texts(again)[1:] == ["Fråga 1 av 9 · 1 av 9 besvarade", "Intressentanalys – vilka är nyckelpersoner?"]


async def test_the_last_answer_ends_with_the_parts_answers_and_who_gave_them(adapter):
    replies = await replies_to(adapter, "checklista sammanfattning för 2022-041", *["ja"] * 6, "nej, saknas")
    assert replies[-2].text == "Klart! Alla frågor i checklistan är besvarade."
    summary = _card(replies[-1])
    assert problems(summary) == []
    texts = _texts(summary)
    assert texts[1] == "7 av 7 besvarade"
    assert texts[-4:] == ["7. Leverans och prestation: KPI-uppföljning.", "Nej – Anna Lindqvist", "saknas",
                          "Ändra ett svar med **ändra svar 3 i sammanfattning för 2022-041**."]


async def test_cancel_ends_the_checklist_and_keeps_the_answers_given(adapter, engine):
    replies = await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "nej", "avbryt", "ja")
    assert replies[-2].text == "Avbrutet. Svaren du redan gett är sparade; resten kan besvaras senare."
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("nej", None)}


async def test_a_part_left_out_is_asked_for_and_english_works_throughout(adapter, engine):
    adapter.template.locale = "en-US"
    replies = await replies_to(adapter, "checklist for 2022-041")
    assert _texts(_card(replies[-1]))[0] == "Which checklist?"
    question = _card((await replies_to(adapter, "delivery and performance"))[-1])
    assert _texts(question)[1:] == ["Question 1 of 8 · 0 of 8 answered",
                                    "Secure the delivery and measure both the implementation and the delivery phase of the contract."]
    assert [action["title"] for action in question["actions"]][:4] == ["Yes", "Partly", "No", "Not relevant"]
    await replies_to(adapter, "not relevant, new contract")
    assert await _answers(engine, "leverans") == {"sakerstall_leverans": ("ej aktuellt", "new contract")}


async def test_a_button_posted_only_as_the_cards_data_answers_with_the_comment_typed_on_the_card(adapter, engine):
    """Clients other than Teams post a `messageBack` button as the card's data alone, with the inputs in it."""
    card = _card((await replies_to(adapter, "checklista samarbetsmodell för 2022-041"))[-1])
    pressed = next(action for action in card["actions"] if action["title"] == "Delvis")
    await adapter.send(Activity(type="message", value={**pressed["data"], "comment": "Saknar skolornas kontakter"}))
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("delvis", "Saknar skolornas kontakter")}


async def test_another_command_leaves_the_checklist_says_the_answers_are_kept_and_is_carried_out(adapter, engine):
    replies = await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "ja",
                               "visa checklista samarbetsmodell för 2022-041")
    assert "Jag lämnar checklistan; svaren du gett är sparade." in [reply.text for reply in replies]
    assert _texts(_card(replies[-1]))[1] == "1 av 9 besvarade"


async def test_an_answer_is_changed_by_its_number_and_the_old_one_stays_in_the_history(adapter, engine):
    await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "ja", "delvis", "pausa")
    asked = _card((await replies_to(adapter, "ändra svar 1 i samarbetsmodell för 2022-041"))[-1])
    assert _texts(asked)[1:] == ["Fråga 1 av 9 · 2 av 9 besvarade", "Intressentanalys – vilka är nyckelpersoner?"]
    replies = await replies_to(adapter, "nej, förskolorna saknas 🧒")
    assert replies[-2].text == ("Svaret på punkt 1 är ändrat; det gamla svaret finns kvar i ändringshistoriken.")
    assert "Nej – Anna Lindqvist" in _texts(_card(replies[-1]))
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("nej", "förskolorna saknas 🧒"),
                                                         "kommunikationsvagar": ("delvis", None)}
    h = t.change_history.c
    async with engine.connect() as connection:
        changes = (await connection.execute(select(h.action, h.before, h.after).where(
            h.entity == "checklist_answers").order_by(h.id))).all()
    assert changes[-1].before["answer"] == "ja" and changes[-1].after["answer"] == "nej"


async def test_changing_an_item_that_is_not_there_or_skipping_it_changes_nothing(adapter, engine):
    await replies_to(adapter, "checklista samarbetsmodell för 2022-041", "ja", "pausa")
    replies = await replies_to(adapter, "ändra svar 42 i samarbetsmodell för 2022-041")
    assert replies[-1].text == "Checklistan har punkterna 1–9, så det finns ingen punkt 42."
    replies = await replies_to(adapter, "ändra svar 1 i samarbetsmodell för 2022-041", "hoppa över")
    assert replies[-1].text == "Okej, svaret står kvar som det var."
    assert await _answers(engine, "samarbetsmodell") == {"intressentanalys": ("ja", None)}


async def test_in_english_an_unanswered_item_can_be_answered_by_its_number(adapter, engine):
    adapter.template.locale = "en-US"
    asked = _card((await replies_to(adapter, "change answer 3 in the checklist collaboration model for 2022-041"))[-1])
    assert _texts(asked)[1].startswith("Question 3 of 9")
    replies = await replies_to(adapter, "not relevant")
    assert replies[-2].text == "The answer to item 3 is changed; the old answer is kept in the change history."
    assert list((await _answers(engine, "samarbetsmodell")).values()) == [("ej aktuellt", None)]
