"""The "rapportera KPI" dialog driven through botbuilder's TestAdapter: the real FollowUpBot (handler,
dialog, services, storage) over a migrated database of each kind with the demo register, without HTTP.
The sender is a person of the register, named to the bot as an in-process channel does (`CHANNEL_USER`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.kpis import Frequency, due_period
from bot.i18n import Texts
from bot.services.identity import ChannelUser
from cards.kpi_result import format_number
from storage import tables as t
from tests.support.dialog_adapter import demo_adapter, replies_to
from tests.support.stockholm import today as stockholm_today

MARIA = ChannelUser(user_id="29:maria", name="Maria Sjöberg", aad_object_id="aad-maria",
                    email="maria.sjoberg@stadbolaget.example", is_guest=True)


@pytest.fixture
async def adapter(engine: AsyncEngine, database_url: str) -> TestAdapter:
    return await demo_adapter(engine, database_url, MARIA, "dialog-test")


def _text(reply: Activity) -> str:
    return reply.text or ""


def _card(reply: Activity) -> dict:
    return reply.attachments[0]["content"]  # the bot sends attachments as plain dicts


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


async def _values(engine: AsyncEngine, kpi_name: str) -> dict[str, Decimal]:
    statement = (
        select(t.kpi_values.c.period, t.kpi_values.c.value)
        .join(t.kpi_definitions, t.kpi_definitions.c.id == t.kpi_values.c.kpi_id)
        .join(t.contracts, t.contracts.c.id == t.kpi_definitions.c.contract_id)
        .where(t.kpi_definitions.c.name == kpi_name, t.contracts.c.reference == "2022-041")
    )
    async with engine.connect() as connection:
        return {row.period: Decimal(row.value) for row in await connection.execute(statement)}


async def _history(engine: AsyncEngine) -> list[tuple[str, str, str]]:
    statement = select(t.change_history).where(t.change_history.c.entity == "kpi_values")
    async with engine.connect() as connection:
        return [(row.action, row.actor_label, row.after["value"]) for row in await connection.execute(statement)]


async def _counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as connection:
        values = await connection.scalar(select(func.count()).select_from(t.kpi_values))
        history = await connection.scalar(select(func.count()).select_from(t.change_history))
    return values, history


def _due() -> str:
    return due_period(Frequency.MONTH, stockholm_today()).label


async def test_a_value_for_another_period_than_the_one_due_is_asked_for_confirmed_and_saved(adapter, engine):
    due = _due()
    free = due_period(Frequency.MONTH, stockholm_today()).shifted(-13).label  # before the demo's twelve values

    replies = await replies_to(adapter, "rapportera KPI 2022-041")
    assert _card(replies[0])["body"][0]["text"] == "Vilket nyckeltal för avtal 2022-041 – Städbolaget Exempel AB?"
    assert list(_facts(_card(replies[0]))) == [
        "1. Städkvalitet enligt INSTA 800", "2. Antal reklamationer", "3. Fakturor med korrekt pris"]

    replies = await replies_to(adapter, "3", "ja", "nej", free, "93,5", "Ny rutin för attest")
    assert [_text(reply) for reply in replies[:5]] == [
        f"{due}? Svara **ja** eller skriv en annan period.",
        f"Perioden {due} har redan värdet 99,3. Vill du rätta det?",
        f"Vilken period vill du rapportera i stället? Skriv till exempel {due}.",
        f"Vilket värde har ”Fakturor med korrekt pris” för {free}? Skriv ett tal, till exempel 91,5.",
        "Vill du lägga till en kommentar? Skriv den, eller **-** för ingen.",
    ]
    assert _facts(_card(replies[5])) == {"Nyckeltal": "Fakturor med korrekt pris", "Period": free,
                                         "Värde": "93,5 %", "Kommentar": "Ny rutin för attest"}
    assert free not in await _values(engine, "Fakturor med korrekt pris")  # nothing before the yes

    replies = await replies_to(adapter, "ja")
    result = _card(replies[0])
    assert result["body"][1]["text"] == f"Sparat för {free}."
    assert result["body"][2]["text"] == "93,5 % mot mål 98 % – gul, under mål"
    assert (await _values(engine, "Fakturor med korrekt pris"))[free] == Decimal("93.5")
    assert await _history(engine) == [("create", "maria.sjoberg@stadbolaget.example", "93.5")]


async def test_a_value_that_is_not_a_number_is_asked_again_with_the_reason(adapter, engine):
    due = _due()
    reported = format_number(Texts("sv"), (await _values(engine, "Antal reklamationer"))[due].normalize())
    replies = await replies_to(adapter, "rapportera KPI 2022-041", "Antal reklamationer", "ja", "ja", "tolv", "12", "-",
                         "ja")
    texts = [_text(reply) for reply in replies]
    assert texts[2] == f"Perioden {due} har redan värdet {reported}. Vill du rätta det?"
    assert texts[3] == f"Vilket värde ska ”Antal reklamationer” ha för {due} i stället för {reported} st?"
    assert texts[4] == "”tolv” kan jag inte läsa som ett tal. Skriv till exempel 91 eller 91,5."
    assert texts[5] == "Vill du lägga till en kommentar? Skriv den, eller **-** för ingen."
    assert _facts(_card(replies[6]))["Värde"] == "12 st"
    result = _card(replies[7])
    assert result["body"][1]["text"] == f"Rättat för {due}. Det tidigare värdet finns kvar i ändringshistoriken."
    assert (await _values(engine, "Antal reklamationer"))[due] == Decimal(12)
    assert await _history(engine) == [("update", "maria.sjoberg@stadbolaget.example", "12")]


async def test_avbryt_before_the_yes_ends_the_dialog_and_writes_nothing(adapter, engine):
    before = await _counts(engine)
    stored = await _values(engine, "Städkvalitet enligt INSTA 800")
    replies = await replies_to(adapter, "rapportera KPI 2022-041", "1", "ja", "ja", "91", "Två sjuka", "avbryt")
    assert _facts(_card(replies[-2]))["Värde"] == "91 %"  # the confirm card was shown
    assert _text(replies[-1]) == "Avbrutet. Inget sparades."
    assert await _counts(engine) == before
    assert await _values(engine, "Städkvalitet enligt INSTA 800") == stored

    replies = await replies_to(adapter, "ja")  # the dialog has ended: "ja" answers nothing
    assert [_text(reply) for reply in replies] == ["Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."]
    assert await _counts(engine) == before
