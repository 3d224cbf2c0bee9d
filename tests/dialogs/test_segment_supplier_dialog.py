"""The "segmentera" dialog driven through botbuilder's TestAdapter: the real FollowUpBot over a migrated database
of each kind with the demo register, without HTTP. The sender is the demo's process coordinator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from botbuilder.core import Middleware, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import CHANNEL_USER
from bot.runtime import build_bot
from bot.services.identity import ChannelUser
from bot.settings import Settings
from storage import tables as t
from storage.demo_data import load_demo_data
from tests.support.adaptive_cards import problems

ANNA = ChannelUser(user_id="29:anna", name="Anna Lindqvist", aad_object_id="aad-anna",
                   email="anna.lindqvist@exempelkommun.se")


class AsChannelUser(Middleware):
    def __init__(self, user: ChannelUser) -> None:
        self._user = user

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]) -> None:
        context.turn_state[CHANNEL_USER] = self._user
        await logic()


@pytest.fixture
async def adapter(engine: AsyncEngine, database_url: str) -> TestAdapter:
    await load_demo_data(engine)
    bot = build_bot(Settings(DATABASE_URL=database_url, MicrosoftAppId="", ALLOWED_TENANTS=""), engine)
    template = Activity(
        type=ActivityTypes.message, channel_id="test", service_url="https://test.invalid", locale="sv-SE",
        from_property=ChannelAccount(id=ANNA.user_id, name=ANNA.name, aad_object_id=ANNA.aad_object_id),
        recipient=ChannelAccount(id="bot", name="Uppföljningsboten"),
        conversation=ConversationAccount(id="segment-test", conversation_type="personal"),
    )
    adapter = TestAdapter(bot.on_turn, template)
    adapter.use(AsChannelUser(ANNA))
    return adapter


async def _say(adapter: TestAdapter, *texts: str) -> list[Activity]:
    for text in texts:
        await adapter.send(text)
    replies = []
    while (reply := adapter.get_next_activity()) is not None:
        replies.append(reply)
    return replies


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
    replies = await _say(adapter, "segmentera Snöröjarna")
    assert replies[0].text.startswith("Segmentering av Snöröjarna Exempel AB: 6 frågor")
    first = _card(replies[1])
    assert first["body"][0]["text"] == "Fråga 1 av 6: Hur stort är avtalets årliga värde?"
    assert [action["title"] for action in first["actions"]] == [
        "under 500 000 kr", "500 000 kr – 2 Mkr", "2–10 Mkr", "över 10 Mkr"]

    replies = await _say(adapter, "3 mkr", "30 %", "medel", "en eller två", "hög", "kritisk")
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

    replies = await _say(adapter, "ja")
    assert replies[0].text.startswith("Sparat: Snöröjarna Exempel AB är nu strategisk.")
    assert (await _segments(engine))[-1][:2] == ("strategisk", False)


async def test_a_wrong_answer_is_asked_again_with_the_reason_and_nothing_is_lost(adapter, engine):
    await _say(adapter, "segmentera Snöröjarna", "1")
    replies = await _say(adapter, "120 %")
    assert replies[0].text == "”120 %” är mer än hela kategorin. Skriv en andel mellan 0 och 100 %."
    replies = await _say(adapter, "kanske")
    assert replies[0].text == "”kanske” är inget av svaren. Svara med numret (1–4) eller något av orden."
    replies = await _say(adapter, "1")
    assert _card(replies[0])["body"][0]["text"] == "Fråga 3 av 6: Hur mycket påverkas budgeten om priserna stiger?"


async def test_an_override_needs_a_reason_and_is_stored_as_overridden(adapter, engine):
    await _say(adapter, "segmentera Snöröjarna", "1", "1", "1", "1", "1", "1")
    replies = await _say(adapter, "ändra segment", "flaskhals", "  ")
    assert replies[-1].text == ("Skriv varför leverantören ska ha ett annat segment – skälet sparas med "
                                "segmenteringen.")
    replies = await _say(adapter, "Enda entreprenören med jourberedskap")
    assert replies[0].text.startswith("Sparat: Snöröjarna Exempel AB är nu flaskhals.")
    assert (await _segments(engine))[-1] == ("flaskhals", True, "Enda entreprenören med jourberedskap")


async def test_avbryt_ends_the_segmentation_and_stores_nothing(adapter, engine):
    before = await _segments(engine)
    replies = await _say(adapter, "segmentera Snöröjarna", "1", "2", "avbryt")
    assert replies[-1].text == "Avbrutet. Inget sparades."
    assert await _segments(engine) == before
