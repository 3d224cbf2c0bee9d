"""The "ny aktivitet" dialog through botbuilder's TestAdapter with the real bot over both databases and the demo
register: the owner found by a name typed loosely, a past or wrong date re-asked, cancel leaves nothing, and a
guest is refused."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t
from tests.dialogs.test_log_decision_dialog import ANNA, MARIA
from tests.support.dialog_adapter import demo_adapter, replies_to
from tests.support.stockholm import today as _today


def _texts(replies) -> list[str]:
    return [reply.text or "" for reply in replies]


async def _actions(engine: AsyncEngine) -> list[dict]:
    statement = select(t.actions, t.contacts.c.name.label("owner")).join(
        t.contacts, t.contacts.c.id == t.actions.c.owner_id).order_by(t.actions.c.id)
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).mappings())


async def test_an_action_is_saved_with_its_owner_named_loosely_and_a_past_date_re_asked(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "action-1")
    before = len(await _actions(engine))
    yesterday = (_today() - timedelta(days=1)).isoformat()
    due = (_today() + timedelta(days=14)).isoformat()
    texts = _texts(await replies_to(adapter, "ny aktivitet för 2022-041", "Ta fram städschema", "Nils Ny",
                                    "maria sjoberg", yesterday, "snart", due, "leverantör"))
    assert texts[0] == "Vad ska göras?"
    assert texts[1].startswith("Vem är ansvarig?") and "Maria Sjöberg" in texts[1]
    assert texts[2].startswith("Jag hittar ingen i avtalets team som heter ”Nils Ny”")
    assert texts[3].startswith("Vilket datum")
    assert texts[4].startswith(f"{yesterday} har redan varit")
    assert "snart" in texts[5]
    assert len(await _actions(engine)) == before
    assert _texts(await replies_to(adapter, "ja"))[0].startswith("Sparat. Aktiviteten har nummer")
    stored = (await _actions(engine))[-1]
    assert (stored["title"], stored["owner"], stored["due_date"].isoformat(), stored["party"], stored["status"]) == (
        "Ta fram städschema", "Maria Sjöberg", due, "leverantör", "öppen")


async def test_cancel_leaves_no_action_in_english(engine, database_url):
    adapter = await demo_adapter(engine, database_url, ANNA, "action-2")
    before = len(await _actions(engine))
    texts = _texts(await replies_to(adapter, "new action for 2022-041", "Book a room", "cancel"))
    assert texts[-1] == "Avbrutet. Inget sparades."  # the adapter's activities carry sv-SE
    assert len(await _actions(engine)) == before


async def test_a_guest_may_not_add_an_action(engine, database_url):
    adapter = await demo_adapter(engine, database_url, MARIA, "action-3")
    assert _texts(await replies_to(adapter, "ny aktivitet")) == [
        "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]
