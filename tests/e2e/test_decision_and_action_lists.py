"""The decision log and actions in one turn, over real HTTP against the demo register on both databases, in
Swedish and English: corrected decisions marked, overdue actions in the attention colour, closing an action only
by those who may, and stale or tampered card submissions refused."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import insert, select

from storage import tables as t
from storage.engine import open_engine
from tests.support.adaptive_cards import problems
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, SUPPLIER_GUEST
from tests.support.teams import message, post


async def _say(session, url, stub, user, text: str | None, locale: str = "sv-SE", value: dict | None = None):
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale, value=value))
    assert status == 201
    return stub.activities


def _card(activities) -> dict:
    card = activities[0]["attachments"][0]["content"]
    assert problems(card) == []
    return card


def _entries(card: dict) -> list[list[dict]]:
    return [element["items"] for element in card["body"] if element["type"] == "Container"]


async def _id_of(database_url: str, table, **where) -> int:
    found = await _rows(database_url, select(table.c.id).where(*(table.c[k] == v for k, v in where.items())))
    return found[0]["id"]


async def _insert(database_url: str, table, **values) -> int:
    engine = open_engine(database_url)
    try:
        async with engine.begin() as connection:
            return (await connection.execute(insert(table).values(**values).returning(table.c.id))).scalar_one()
    finally:
        await engine.dispose()


async def test_the_log_is_newest_first_and_marks_a_corrected_decision_as_replaced(demo_bot, session, stub,
                                                                                  database_url):
    contract_id = await _id_of(database_url, t.contracts, reference="2022-041")
    (old,) = await _rows(database_url, select(t.decisions).where(t.decisions.c.contract_id == contract_id))
    new_id = await _insert(database_url, t.decisions, contract_id=contract_id, decided_on=date.today(),
                           what="Skriftligt påpekande skickas, med rättad motivering.", decided_by="Lars-Åke",
                           corrects_id=old["id"])
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "Beslut för avtal 2022-041"))
    assert card["body"][0]["text"].startswith("Beslutslogg: 2022-041")
    entries = _entries(card)
    assert entries[0][0]["text"] == f"Beslut {new_id}: Skriftligt påpekande skickas, med rättad motivering."
    assert f"Rättar beslut {old['id']}" in [line["text"] for line in entries[0][1:]]
    assert entries[1][0]["text"].startswith(f"Beslut {old['id']}: ")
    assert entries[1][-1]["text"] == f"Ersatt av beslut {new_id}"

    card = _card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, "decisions for contract 2022-041", "en-US"))
    assert card["body"][0]["text"].startswith("Decision log: 2022-041")
    assert _entries(card)[1][-1]["text"] == f"Replaced by decision {new_id}"


async def test_a_guest_sees_no_decisions_of_another_supplier_not_even_by_a_tampered_card(demo_bot, session, stub,
                                                                                        database_url):
    assert [a["text"] for a in await _say(session, demo_bot, stub, SUPPLIER_GUEST, "beslut för avtal 2024-017")] == [
        "Jag hittar inget avtal eller leverantör som heter ”2024-017”."]
    other = await _id_of(database_url, t.contracts, reference="2024-017")
    card = _card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, None, "en-US",
                            {"verb": "decisions.show", "contract_id": other}))
    assert card["body"][0]["text"] == "I find no such contract that you can see."
    card = _card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, None, value={"verb": "decisions.show",
                                                                                  "contract_id": "x"}))
    assert card["body"][0]["text"].startswith("Det här kortet är inaktuellt eller okänt")


async def test_a_supplier_with_two_contracts_gets_a_choice_answered_with_the_log(demo_bot, session, stub,
                                                                                database_url):
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "beslut för Städbolaget"))
    options = [action["data"] for action in card["actions"]]
    assert {option["verb"] for option in options} == {"decisions.show"} and len(options) == 2
    chosen = _card(await _say(session, demo_bot, stub, COORDINATOR, None, value=options[0]))
    assert chosen["body"][0]["text"].startswith("Beslutslogg: ")


async def test_my_actions_mark_the_overdue_ones_in_the_attention_colour(demo_bot, session, stub, database_url):
    anna = await _id_of(database_url, t.contacts, email="anna.lindqvist@exempelkommun.se")
    contract_id = await _id_of(database_url, t.contracts, reference="2022-041")
    late = await _insert(database_url, t.actions, contract_id=contract_id, title="Boka städkontroll", owner_id=anna,
                         due_date=date.today() - timedelta(days=3), status="pågår")
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "mina aktiviteter"))
    assert card["body"][0]["text"] == "Mina öppna aktiviteter"
    by_heading = {entry[0]["text"]: entry for entry in _entries(card)}
    overdue = by_heading[f"Aktivitet {late}: Boka städkontroll"]
    assert overdue[0]["color"] == "Attention" and overdue[-1]["text"] == "Försenad"
    assert any(entry[0]["color"] == "Default" for entry in _entries(card))
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "my actions", "en-US"))
    assert card["body"][0]["text"] == "My open actions"
    assert f"Action {late}: Boka städkontroll" in [entry[0]["text"] for entry in _entries(card)]


async def test_closing_an_action_is_for_its_owner_and_team_leaders_only(demo_bot, session, stub, database_url):
    action_id = await _id_of(database_url, t.actions, title="Sammanställa KPI-rapport inför uppföljningsmötet")
    assert [a["text"] for a in await _say(session, demo_bot, stub, EMPLOYEE, f"stäng aktivitet {action_id}")] == [
        "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."]
    assert [a["text"] for a in await _say(session, demo_bot, stub, SUPPLIER_GUEST, f"close action {action_id}",
                                          "en-US")] == [f"I find no action number {action_id} that you can see."]
    (row,) = await _rows(database_url, select(t.actions.c.status).where(t.actions.c.id == action_id))
    assert row["status"] == "öppen"
    assert [a["text"] for a in await _say(session, demo_bot, stub, COORDINATOR, f"stäng aktivitet {action_id}")] == [
        f"Aktivitet {action_id} ”Sammanställa KPI-rapport inför uppföljningsmötet” är stängd."]
    (row,) = await _rows(database_url, select(t.actions.c.status).where(t.actions.c.id == action_id))
    assert row["status"] == "stängd"


async def test_open_actions_of_a_contract_in_english(demo_bot, session, stub):
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "open actions for 2024-017", "en-US"))
    assert card["body"][0]["text"] == "Open actions: 2024-017"
    assert "Action" in _entries(card)[0][0]["text"]
    assert "2024-017 · owner" in _entries(card)[0][1]["text"]
