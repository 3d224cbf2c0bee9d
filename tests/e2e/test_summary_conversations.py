"""The summary over real HTTP as Teams sends it, against the demo register on both databases: a contract's card in
Swedish and English whose figures are the database's, a supplier's contracts rolled up, a clear answer for an
unknown contract or none named, and a supplier's guest who cannot see another supplier's summary, not even with
a tampered card submission."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.i18n import texts_for
from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, SUPPLIER_GUEST
from tests.support.stockholm import today
from tests.support.teams import message, post


async def _say(session, url, stub, user, text=None, locale="sv-SE", value=None) -> list[dict]:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale, value=value))
    assert status == 201
    return list(stub.activities)


def _card(replies: list[dict]) -> dict:
    assert len(replies) == 1 and replies[0]["attachments"], replies
    card = replies[0]["attachments"][0]["content"]
    assert problems(card) == []
    return card


def _section(card: dict, heading: str) -> dict:
    return next(c for c in card["body"] if c["type"] == "Container" and c["items"][0]["text"] == heading)


def _facts(node: dict) -> dict[str, str]:
    found = {}
    for element in node.get("body", node.get("items", [])):
        if element["type"] == "FactSet":
            found.update({fact["title"]: fact["value"] for fact in element["facts"]})
    return found


async def _contract(database_url: str, reference: str) -> dict:
    return (await _rows(database_url, select(t.contracts).where(t.contracts.c.reference == reference)))[0]


async def test_a_contracts_summary_answers_in_swedish_with_the_databases_figures(session, demo_bot, stub, database_url):
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "sammanfattning för avtal 2024-017"))
    contract = await _contract(database_url, "2024-017")
    assert card["body"][0]["text"] == f"Sammanfattning – 2024-017 {contract['title']}"
    facts = _facts(card)
    assert facts["Avtal"] == "2024-017" and facts["Leverantör"] == "Driftpartner IT Exempel AB"
    assert facts["Avtalsslut"].startswith(f"{contract['end_date'].isoformat()} ({(contract['end_date'] - today()).days} dagar")

    kpis = await _rows(database_url, select(t.kpi_definitions.c.name).where(t.kpi_definitions.c.contract_id == contract["id"]))
    section = _section(card, "Nyckeltal")["items"][1:]
    lines = [item["text"] for item in section if item["type"] == "TextBlock"]
    assert sorted(line.split(":")[0] for line in lines) == sorted(row["name"] for row in kpis)
    v = t.kpi_values.c
    for chart in (item for item in section if item["type"] == "Chart.Line"):  # drawn by Teams, dropped elsewhere
        name = chart["title"].removesuffix(", senaste perioderna")
        stored = await _rows(database_url, select(v.period, v.value).join(
            t.kpi_definitions, t.kpi_definitions.c.id == v.kpi_id).where(
            t.kpi_definitions.c.contract_id == contract["id"], t.kpi_definitions.c.name == name).order_by(v.period))
        points = chart["data"][0]["values"]
        assert [p["y"] for p in points] == [float(row["value"]) for row in stored[-12:]]
        year, month = stored[-12]["period"].split("-")  # the axis names the month, and the year where it starts
        assert points[0]["x"] == f"{texts_for('sv')('meeting.months').split('|')[int(month) - 1][:3]} {year[2:]}"
        assert chart["fallback"] == "drop"

    a = t.actions.c
    open_actions = await _rows(database_url, select(a.due_date).where(a.contract_id == contract["id"],
                                                                      a.status.in_(["öppen", "pågår"])))
    overdue = sum(1 for row in open_actions if row["due_date"] is not None and row["due_date"] < today())
    assert _section(card, "Aktiviteter")["items"][1]["text"] == f"öppna {len(open_actions)} · försenade {overdue}"

    d = t.deviations.c
    count = (await _rows(database_url, select(func.count().label("n")).where(
        d.contract_id == contract["id"], d.occurred_on >= today().replace(month=1, day=1), d.occurred_on <= today())))[0]["n"]
    deviations = _section(card, "Avvikelser och sanktioner")["items"][1]["text"]
    assert deviations.startswith(f"Avvikelser {today().year}: {count} (")
    assert "Checklistor" in [c["items"][0]["text"] for c in card["body"] if c["type"] == "Container"]


async def test_an_english_user_gets_the_summary_in_english(session, demo_bot, stub):
    card = _card(await _say(session, demo_bot, stub, EMPLOYEE, "summary of contract 2024-017", locale="en-US"))
    assert card["body"][0]["text"].startswith("Summary – 2024-017 ")
    headings = [c["items"][0]["text"] for c in card["body"] if c["type"] == "Container"]
    assert headings[:4] == ["Key contacts", "Segment and follow-up plan", "KPIs", "Actions"]
    assert "Contract end" in _facts(card)


async def test_a_suppliers_summary_rolls_up_its_contracts(session, demo_bot, stub, database_url):
    card = _card(await _say(session, demo_bot, stub, COORDINATOR, "sammanfatta Städbolaget"))
    assert card["body"][0]["text"] == "Sammanfattning – Städbolaget Exempel AB"
    supplier = (await _rows(database_url, select(t.suppliers.c.id).where(t.suppliers.c.org_number == "402118-7341")))[0]
    references = await _rows(database_url, select(t.contracts.c.reference, t.contracts.c.status)
                             .where(t.contracts.c.supplier_id == supplier["id"]))
    headings = [c["items"][0]["text"].split()[0] for c in card["body"] if c["type"] == "Container"]
    assert sorted(headings) == sorted(row["reference"] for row in references)
    running = sum(1 for row in references if row["status"] in ("aktivt", "under uppsägning"))
    assert _facts(card)["Pågående avtal"] == f"{running} av {len(references)}"


async def test_an_unknown_contract_or_none_named_gets_a_clear_answer(session, demo_bot, stub):
    replies = await _say(session, demo_bot, stub, COORDINATOR, "sammanfattning för avtal 1999-999")
    assert replies[0]["text"].startswith("Jag hittar inget avtal eller någon leverantör som heter ”1999-999”")
    replies = await _say(session, demo_bot, stub, COORDINATOR, "sammanfattning")
    assert replies[0]["text"].startswith("Vilket avtal eller vilken leverantör vill du ha en sammanfattning av?")
    replies = await _say(session, demo_bot, stub, COORDINATOR, "summary of '; DROP TABLE contracts; --", locale="en-US")
    assert replies[0]["text"].startswith("I can't find a contract or supplier called")


async def test_a_supplier_guest_sees_its_own_supplier_and_not_another(session, demo_bot, stub, database_url):
    own = _card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, "sammanfattning för Städbolaget"))
    assert own["body"][0]["text"] == "Sammanfattning – Städbolaget Exempel AB"
    for text in ("sammanfattning för Driftpartner", "sammanfattning för avtal 2024-017", "sammanfatta 405671-2096"):
        replies = await _say(session, demo_bot, stub, SUPPLIER_GUEST, text)
        assert replies[0]["text"].startswith("Jag hittar inget avtal eller någon leverantör"), text
        assert "Driftpartner IT" not in str(replies) and "2024-017 " not in str(replies)
    other = await _contract(database_url, "2024-017")
    tampered = {"verb": "summary.show", "kind": "contract", "id": other["id"]}
    card = _card(await _say(session, demo_bot, stub, SUPPLIER_GUEST, value=tampered))
    assert card["body"][0]["text"] == "Jag hittar inte det avtalet eller den leverantören."
    assert "Driftpartner" not in str(card)
