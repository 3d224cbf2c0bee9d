"""The "segmentera" dialog driven through botbuilder's TestAdapter: the real FollowUpBot over a migrated database
of each kind with the demo register, without HTTP. The sender is the demo's process coordinator."""

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
    return await demo_adapter(engine, database_url, ANNA, "segment-test")


def _card(reply: Activity) -> dict:
    return reply.attachments[0]["content"]


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


async def _segments(engine: AsyncEngine) -> list[tuple[str, bool, str | None]]:
    statement = (select(t.segmentations.c.segment, t.segmentations.c.overridden, t.segmentations.c.reason)
                 .join(t.suppliers, t.suppliers.c.id == t.segmentations.c.supplier_id)
                 .where(t.suppliers.c.name == "Snöröjarna Exempel AB").order_by(t.segmentations.c.id))
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(statement)]


async def test_six_answers_place_the_supplier_in_the_matrix_and_yes_saves_the_segment(adapter, engine):
    replies = await replies_to(adapter, "segmentera Snöröjarna")
    assert replies[0].text.startswith("Segmentering av Snöröjarna Exempel AB: 6 frågor")
    first = _card(replies[1])
    assert first["body"][0]["text"] == "Fråga 1 av 6: Hur stort är avtalets årliga värde?"
    assert [action["title"] for action in first["actions"]] == [
        "under 500 000 kr", "500 000 kr – 2 Mkr", "2–10 Mkr", "över 10 Mkr"]

    replies = await replies_to(adapter, "3 mkr", "30 %", "medel", "en eller två", "hög", "kritisk")
    matrix = _card(replies[-1])
    assert problems(matrix) == []
    cells = [column for element in matrix["body"] if element["type"] == "ColumnSet" for column in element["columns"]]
    assert [(cell["items"][0]["text"], cell["style"]) for cell in cells] == [
        ("flaskhals", "emphasis"), ("▶ STRATEGISK ◀", "accent"), ("icke-kritisk", "emphasis"), ("hävstång", "emphasis")]
    facts = _facts(matrix)
    assert (facts["Finansiell risk"], facts["Leveransrisk"]) == ("2,67 av 4", "3,67 av 4")
    assert facts["Skäl"] == ("Hög finansiell risk: årligt värde 2–10 Mkr, andel av kategorin 25–50 %. "
                             "Hög leveransrisk: alternativa leverantörer en eller två, byteskostnad hög, "
                             "kritikalitet kritisk.")
    assert facts["Uppföljningsplan"] == "KPI:er per månad, möten varannan månad"
    assert facts["2023-09-20"].startswith("flaskhals – Måttligt avtalsvärde")  # the segment history

    replies = await replies_to(adapter, "ja")
    assert replies[0].text.startswith("Sparat: Snöröjarna Exempel AB är nu strategisk.")
    assert (await _segments(engine))[-1][:2] == ("strategisk", False)


async def test_a_wrong_answer_is_asked_again_with_the_reason_and_nothing_is_lost(adapter, engine):
    await replies_to(adapter, "segmentera Snöröjarna", "1")
    replies = await replies_to(adapter, "120 %")
    assert replies[0].text == "”120 %” är mer än hela kategorin. Skriv en andel mellan 0 och 100 %."
    replies = await replies_to(adapter, "kanske")
    assert replies[0].text == "”kanske” är inget av svaren. Svara med numret (1–4) eller något av orden."
    replies = await replies_to(adapter, "1")
    assert _card(replies[0])["body"][0]["text"] == "Fråga 3 av 6: Hur mycket påverkas budgeten om priserna stiger?"


async def test_an_override_needs_a_reason_and_is_stored_as_overridden(adapter, engine):
    await replies_to(adapter, "segmentera Snöröjarna", "1", "1", "1", "1", "1", "1")
    replies = await replies_to(adapter, "ändra segment", "flaskhals", "  ")
    assert replies[-1].text == ("Skriv varför leverantören ska ha ett annat segment – skälet sparas med "
                                "segmenteringen.")
    replies = await replies_to(adapter, "Enda entreprenören med jourberedskap")
    assert replies[0].text.startswith("Sparat: Snöröjarna Exempel AB är nu flaskhals.")
    assert (await _segments(engine))[-1] == ("flaskhals", True, "Enda entreprenören med jourberedskap")


async def test_avbryt_ends_the_segmentation_and_stores_nothing(adapter, engine):
    before = await _segments(engine)
    replies = await replies_to(adapter, "segmentera Snöröjarna", "1", "2", "avbryt")
    assert replies[-1].text == "Avbrutet. Inget sparades."
    assert await _segments(engine) == before
