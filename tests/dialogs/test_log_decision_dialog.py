"""The "logga beslut" and "rätta beslut" dialogs through botbuilder's TestAdapter with the real bot over both
databases and the demo register: what is asked, a wrong or future date re-asked, cancel leaves nothing, and a
correction is a new entry that points at the old."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services.identity import ChannelUser
from storage import tables as t
from tests.support.dialog_adapter import demo_adapter, replies_to
from tests.support.stockholm import today as _today

ANNA = ChannelUser(user_id="29:anna", name="Anna Lindqvist", aad_object_id="aad-anna",
                   email="anna.lindqvist@exempelkommun.se", is_guest=False)
MARIA = ChannelUser(user_id="29:maria", name="Maria Sjöberg", aad_object_id="aad-maria",
                    email="maria.sjoberg@stadbolaget.example", is_guest=True)


def _texts(replies) -> list[str]:
    return [reply.text or "" for reply in replies]


async def _decisions(engine: AsyncEngine) -> list[dict]:
    async with engine.connect() as connection:
        return list((await connection.execute(select(t.decisions).order_by(t.decisions.c.id))).mappings())


async def test_a_decision_is_logged_after_its_questions_and_a_future_date_is_re_asked(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "decision-1")
    before = len(await _decisions(engine))
    tomorrow = (_today() + timedelta(days=1)).isoformat()
    replies = await replies_to(adapter, "logga beslut för 2022-041", "Vite om 5 000 kr", tomorrow, "på fredag",
                               "igår", "-", "Avtalet punkt 9.2")
    texts = _texts(replies)
    assert texts[0] == "Vad beslutades?"
    assert texts[1].startswith("När fattades beslutet?")
    assert texts[2].startswith(f"{tomorrow} har inte varit än")
    assert "på fredag" in texts[3]
    assert texts[4].startswith("Vem fattade beslutet?") and "Anna Lindqvist" in texts[4]
    assert texts[5].startswith("Vad grundar sig beslutet på")
    confirm = replies[-1].attachments[0]["content"]
    facts = {fact["title"]: fact["value"] for fact in confirm["body"][1]["facts"]}
    assert facts["Datum"] == (_today() - timedelta(days=1)).isoformat()
    assert facts["Beslutat av"] == "Anna Lindqvist"
    assert len(await _decisions(engine)) == before  # nothing before the yes
    assert _texts(await replies_to(adapter, "ja"))[0].startswith("Sparat. Beslutet är loggat som nummer")
    stored = (await _decisions(engine))[-1]
    assert (stored["what"], stored["basis"], stored["corrects_id"]) == ("Vite om 5 000 kr", "Avtalet punkt 9.2", None)


async def test_cancel_in_the_middle_leaves_nothing(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "decision-2")
    before = len(await _decisions(engine))
    texts = _texts(await replies_to(adapter, "log decision for 2022-041", "Keep the supplier", "avbryt"))
    assert texts[-1] == "Avbrutet. Inget sparades."
    assert len(await _decisions(engine)) == before


async def test_a_correction_is_a_new_entry_pointing_at_the_old_one(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "decision-3")
    old = [row for row in await _decisions(engine) if row["what"].startswith("Skriftligt påpekande")][0]
    texts = _texts(await replies_to(adapter, f"rätta beslut {old['id']}", "Skriftligt påpekande, rättad text",
                                    "idag", "Lars-Åke Nyström", "-", "1", "ja"))
    assert texts[0].startswith(f"Du rättar beslut {old['id']}")
    stored = await _decisions(engine)
    assert [row["what"] for row in stored if row["id"] == old["id"]] == [old["what"]]
    assert stored[-1]["corrects_id"] == old["id"] and stored[-1]["what"] == "Skriftligt påpekande, rättad text"


async def test_a_guest_may_not_log_a_decision(engine, database_url):
    adapter = await demo_adapter(engine, database_url, MARIA, "decision-4")
    before = len(await _decisions(engine))
    assert _texts(await replies_to(adapter, "logga beslut")) == [
        "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]
    own, foreign = [next(row["id"] for row in await _decisions(engine) if row["what"].startswith(start))
                    for start in ("Skriftligt påpekande", "Leverantören tar fram")]
    assert _texts(await replies_to(adapter, f"rätta beslut {own}"))[0].startswith("Det har du inte behörighet")
    assert _texts(await replies_to(adapter, f"rätta beslut {foreign}")) == [
        f"Jag hittar inget beslut nummer {foreign} som du kan se."]
    assert len(await _decisions(engine)) == before
