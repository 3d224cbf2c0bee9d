"""The deviation and sanction dialogs driven through botbuilder's TestAdapter: the real FollowUpBot over a
migrated database of each kind with the demo register. Lars-Åke Nyström is processägare of 2022-041
(Städbolaget), which has one complaint and a written notice decided after it; Maria Sjöberg is Städbolaget's
own contact, a guest."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from botbuilder.schema import Activity
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.identity import ChannelUser
from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.dialog_adapter import demo_adapter, replies_to
from tests.support.stockholm import today

LARS = ChannelUser(user_id="29:lars", name="Lars-Åke Nyström", aad_object_id="aad-lars",
                   email="lars-ake.nystrom@exempelkommun.se")
MARIA = ChannelUser(user_id="29:maria", name="Maria Sjöberg", aad_object_id="aad-maria",
                    email="maria.sjoberg@stadbolaget.example", is_guest=True)
REPORT = ("rapportera avvikelse för 2022-041", "igår", "1", "hög", "Golven i matsalen ej städade", "nej", "ja")



def _text(reply: Activity) -> str:
    return reply.text or ""


def _card(reply: Activity) -> dict:
    return reply.attachments[0]["content"]


async def _deviations(engine: AsyncEngine) -> list[dict]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(t.deviations).order_by(t.deviations.c.id))
        return [dict(row._mapping) for row in rows]


async def test_a_deviation_is_reported_step_by_step_and_a_day_in_the_future_is_asked_again(engine, database_url):
    adapter = await demo_adapter(engine, database_url, LARS, "deviation-1")
    before = len(await _deviations(engine))
    replies = await replies_to(adapter, "rapportera avvikelse för 2022-041", "i övermorgon", "2099-01-01")
    assert _text(replies[0]).startswith("Vilken dag hände det?")
    assert "är inget datum jag kan läsa" in _text(replies[1])
    assert _text(replies[2]).startswith("2099-01-01 har inte hänt än")
    replies = await replies_to(adapter, "igår")
    assert _card(replies[0])["body"][0]["text"] == "Vilken typ av avvikelse?"
    assert [a["title"] for a in _card(replies[0])["actions"]] == ["kvalitet", "leverans", "pris/faktura", "miljö", "CSR", "annat"]
    replies = await replies_to(adapter, "1", "hog", "Golven i matsalen  ej städade", "ja")
    confirm = _card(replies[-1])
    assert confirm["body"][0]["text"] == "Spara reklamationen?"
    facts = {fact["title"]: fact["value"] for fact in confirm["body"][1]["facts"]}
    assert facts == {"Avtal": "2022-041", "Datum": (today() - timedelta(days=1)).isoformat(), "Typ": "kvalitet",
                     "Allvarlighet": "hög", "Reklamation": "Ja", "Beskrivning": "Golven i matsalen ej städade"}
    replies = await replies_to(adapter, "ja")
    assert _text(replies[0]) == "Reklamationen är sparad på 2022-041 (Städbolaget Exempel AB)."
    rows = await _deviations(engine)
    assert len(rows) == before + 1
    assert (rows[-1]["type"], rows[-1]["severity"], rows[-1]["is_complaint"]) == ("kvalitet", "hög", True)


async def test_cancel_saves_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, LARS, "deviation-2")
    before = len(await _deviations(engine))
    replies = await replies_to(adapter, "reklamation för 2022-041", "idag", "leverans", "avbryt")
    assert _text(replies[-1]) == "Avbrutet. Inget sparades."
    assert len(await _deviations(engine)) == before


async def test_a_supplier_guest_is_told_it_reports_no_deviations(engine, database_url):
    adapter = await demo_adapter(engine, database_url, MARIA, "deviation-3")
    replies = await replies_to(adapter, "rapportera avvikelse")
    assert _text(replies[0]).startswith("Du har inga avtal att rapportera avvikelser på.")
    replies = await replies_to(adapter, "avvikelser för 2022-041")  # but it sees its own contract's
    assert _card(replies[0])["body"][0]["text"].startswith("Avvikelser för 2022-041 – Städbolaget Exempel AB")


async def test_the_third_deviation_proposes_the_next_step_and_its_button_begins_the_decision(engine, database_url):
    adapter = await demo_adapter(engine, database_url, LARS, "deviation-4")
    await replies_to(adapter, *REPORT)
    await replies_to(adapter, *REPORT)
    replies = await replies_to(adapter, *REPORT)
    proposal = _card(replies[-1])
    assert proposal["body"][0]["text"] == (
        "Det här är den 3:e avvikelsen på 90 dagar. Nästa steg i sanktionstrappan är innehållen betalning.")
    assert proposal["body"][1]["text"] == "Vill du föreslå det för beslut?"
    assert problems(proposal) == []
    button = proposal["actions"][0]
    assert button["data"]["msteams"]["value"] == "besluta sanktion för 2022-041"

    replies = await replies_to(adapter, button["data"]["msteams"]["value"])
    steps = _card(replies[0])
    assert problems(steps) == []
    assert steps["actions"][0]["title"] == "innehållen betalning"
    replies = await replies_to(adapter, "ja", "alla", "Lars-Åke Nyström, processägare", "12,500", "12 500 kr",
                               "idag")
    basis = _card(replies[0])
    assert problems(basis) == [] and basis["actions"][0]["title"] == "alla"
    assert basis["body"][1]["text"].startswith("1. ") and "\n\n3. " in basis["body"][1]["text"]
    assert "kan jag inte läsa som ett belopp" in _text(replies[3])
    facts = {fact["title"]: fact["value"] for fact in _card(replies[-1])["body"][1]["facts"]}
    assert facts["Steg"] == "innehållen betalning" and facts["Underlag"] == "3 avvikelser"
    assert facts["Belopp"] == "12\u00a0500 kr"
    replies = await replies_to(adapter, "ja")
    assert _text(replies[0]) == "Beslutet är sparat: innehållen betalning för 2022-041."
    async with engine.connect() as connection:
        sanction = (await connection.execute(select(t.sanctions).order_by(t.sanctions.c.id.desc()))).mappings().first()
        basis = await connection.scalar(select(func.count()).select_from(t.sanction_deviations)
                                        .where(t.sanction_deviations.c.sanction_id == sanction["id"]))
    assert (sanction["step"], Decimal(sanction["amount_sek"]), basis) == ("innehållen betalning", Decimal("12500"), 3)


async def test_termination_past_undecided_steps_is_saved_only_after_an_explicit_yes(engine, database_url):
    adapter = await demo_adapter(engine, database_url, LARS, "deviation-5")
    replies = await replies_to(adapter, "besluta sanktion för 2022-041", "uppsägning")
    assert _text(replies[-1]).startswith("uppsägning hoppar över steg som aldrig har beslutats: "
                                         "innehållen betalning, prisavdrag, vite.")
    async with engine.connect() as connection:
        before = await connection.scalar(select(func.count()).select_from(t.sanctions))
    replies = await replies_to(adapter, "nej")
    assert _text(replies[0]) == "Okej, jag sparade ingenting."
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(t.sanctions)) == before


@pytest.mark.parametrize("who", [MARIA])
async def test_a_supplier_guest_may_not_decide_a_sanction(engine, database_url, who):
    adapter = await demo_adapter(engine, database_url, who, "deviation-6")
    replies = await replies_to(adapter, "besluta sanktion för 2022-041")
    assert _text(replies[0]).startswith("Sanktioner beslutas av administratörer")
