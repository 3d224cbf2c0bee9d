"""Deviations and the sanctions ladder over real HTTP as Teams sends them, against the demo register on both
databases: the Teams message action "Rapportera avvikelse" (invokes `composeExtension/fetchTask` and
`composeExtension/submitAction`), reporting in chat, the list and the ladder, in Swedish and English; a
supplier's guest refused, and a tampered submission refused with nothing saved."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, NEWCOMER, SUPPLIER_GUEST
from tests.support.stockholm import today
from tests.support.teams import invoke, message, post

MESSAGE = {
    "id": "1732950000000",
    "body": {"contentType": "html",
             "content": "<p>Städningen på <b>Norrskolan</b> uteblev&nbsp;i&nbsp;dag.</p><p>Golven är smutsiga.</p>"},
}



async def _contract_id(database_url: str, reference: str) -> int:
    rows = await _rows(database_url, select(t.contracts.c.id).where(t.contracts.c.reference == reference))
    return rows[0]["id"]


async def _deviation_count(database_url: str) -> int:
    rows = await _rows(database_url, select(func.count().label("n")).select_from(t.deviations))
    return rows[0]["n"]


async def _fetch(session, url, stub, user, locale="sv-SE") -> dict:
    value = {"commandId": "reportDeviation", "commandContext": "message", "messagePayload": MESSAGE}
    status, body = await post(session, url, invoke("composeExtension/fetchTask", value, service_url=stub.url,
                                                   user=user, locale=locale))
    assert status == 200
    return body


async def _submit(session, url, stub, user, data: dict, locale="sv-SE") -> dict:
    value = {"commandId": "reportDeviation", "commandContext": "message", "data": data, "messagePayload": MESSAGE}
    status, body = await post(session, url, invoke("composeExtension/submitAction", value, service_url=stub.url,
                                                   user=user, locale=locale))
    assert status == 200
    return body


def _inputs(card: dict) -> dict[str, dict]:
    return {element["id"]: element for element in card["body"] if "id" in element}


async def test_the_message_action_opens_a_form_with_the_message_text_and_saves_the_deviation(
    session, demo_bot, stub, database_url
):
    body = await _fetch(session, demo_bot, stub, COORDINATOR)
    task = body["task"]
    assert task["type"] == "continue" and task["value"]["title"] == "Rapportera avvikelse"
    card = task["value"]["card"]["content"]
    assert problems(card) == []
    inputs = _inputs(card)
    assert inputs["description"]["value"] == "Städningen på Norrskolan uteblev i dag.\nGolven är smutsiga."
    assert inputs["occurred_on"]["value"] == today().isoformat()
    assert [choice["value"] for choice in inputs["type"]["choices"]] == [
        "kvalitet", "leverans", "pris/faktura", "miljö", "CSR", "annat"]
    submit = card["actions"][0]
    assert submit["data"] == {"verb": "deviation.report", "source_message_id": "1732950000000"}

    contract_id = await _contract_id(database_url, "2022-041")
    data = {**submit["data"], "contract_id": str(contract_id), "occurred_on": today().isoformat(),
            "type": "kvalitet", "severity": "medel", "is_complaint": "true", "description": inputs["description"]["value"]}
    body = await _submit(session, demo_bot, stub, COORDINATOR, data)
    assert body["task"] == {"type": "message",
                            "value": "Reklamationen är sparad på 2022-041 (Städbolaget Exempel AB)."}
    rows = await _rows(database_url, select(t.deviations).order_by(t.deviations.c.id.desc()))
    assert (rows[0]["source_message_id"], rows[0]["is_complaint"], rows[0]["description"]) == (
        "1732950000000", True, "Städningen på Norrskolan uteblev i dag. Golven är smutsiga.")


async def test_a_wrong_date_in_the_form_comes_back_with_the_reason_and_what_was_typed(session, demo_bot, stub, database_url):
    contract_id = await _contract_id(database_url, "2022-041")
    before = await _deviation_count(database_url)
    data = {"verb": "deviation.report", "source_message_id": "1", "contract_id": str(contract_id),
            "occurred_on": "2098-01-01", "type": "quality", "severity": "high", "is_complaint": "false",
            "description": "Late again"}
    body = await _submit(session, demo_bot, stub, COORDINATOR, data, locale="en-US")
    card = body["task"]["value"]["card"]["content"]
    assert card["body"][1]["text"].startswith("2098-01-01 has not happened yet")
    assert _inputs(card)["description"]["value"] == "Late again"
    assert card["body"][0]["text"] == "Report a deviation"
    assert await _deviation_count(database_url) == before


async def test_a_tampered_submission_is_refused_and_nothing_is_saved(session, demo_bot, stub, database_url):
    contract_id = await _contract_id(database_url, "2022-041")
    before = await _deviation_count(database_url)
    good = {"verb": "deviation.report", "contract_id": str(contract_id), "occurred_on": today().isoformat(),
            "type": "kvalitet", "severity": "låg", "is_complaint": "false", "description": "x"}
    stale = "Det här kortet är inaktuellt"
    for tampered, expected in (({**good, "verb": "kpi.report"}, stale), ({**good, "is_complaint": "kanske"}, stale),
                               ({**good, "contract_id": "999999"}, "Det avtalet finns inte längre i registret."),
                               ({**good, "severity": "katastrof"}, "”katastrof” kan jag inte läsa som allvarlighet.")):
        task = (await _submit(session, demo_bot, stub, COORDINATOR, tampered))["task"]
        shown = task["value"] if task["type"] == "message" else task["value"]["card"]["content"]["body"][1]["text"]
        assert shown.startswith(expected)
    assert await _deviation_count(database_url) == before
    # the untampered form, sent by a medarbetare off the contract's team: anyone in the business may report
    await _submit(session, demo_bot, stub, EMPLOYEE, good)
    assert await _deviation_count(database_url) == before + 1


@pytest.mark.parametrize("user", [SUPPLIER_GUEST, NEWCOMER], ids=["supplier guest", "not in the register"])
async def test_who_may_not_report_gets_no_form_and_a_forged_submission_is_refused(
    user, session, demo_bot, stub, database_url
):
    body = await _fetch(session, demo_bot, stub, user)
    assert body["task"]["type"] == "message"
    assert body["task"]["value"].startswith("Du har inga avtal att rapportera avvikelser på.")
    before = await _deviation_count(database_url)
    data = {"verb": "deviation.report", "contract_id": str(await _contract_id(database_url, "2022-041")),
            "occurred_on": today().isoformat(), "type": "kvalitet", "severity": "låg", "description": "x"}
    body = await _submit(session, demo_bot, stub, user, data)
    assert body["task"]["value"].startswith("Du får inte rapportera avvikelser på det avtalet.")
    assert await _deviation_count(database_url) == before


async def _say(session, url, stub, user, text, locale="sv-SE") -> list[dict]:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
    assert status == 201
    return list(stub.activities)


async def test_a_deviation_is_reported_in_chat_in_english_and_listed(session, demo_bot, stub, database_url):
    before = await _deviation_count(database_url)
    answers = ["report a deviation for 2022-041", "yesterday", "delivery", "low", "The van never came", "no", "yes"]
    for text in answers:
        replies = await _say(session, demo_bot, stub, COORDINATOR, text, locale="en-US")
    assert replies[0]["text"] == "The deviation is saved on 2022-041 (Städbolaget Exempel AB)."
    assert await _deviation_count(database_url) == before + 1
    replies = await _say(session, demo_bot, stub, COORDINATOR, "deviations for 2022-041", locale="en-US")
    card = replies[0]["attachments"][0]["content"]
    assert problems(card) == []
    assert card["body"][0]["text"] == f"Deviations for 2022-041 – Städbolaget Exempel AB {today().year}"
    facts = {fact["title"]: fact["value"] for fact in card["body"][2]["facts"]}
    assert facts["delivery"] == "1"
    texts = [line["text"] for c in card["body"] if c["type"] == "Container" for line in c["items"]]
    assert "Antal reklamationer (the KPI) against the complaints recorded" in texts


async def test_the_sanctions_ladder_shows_the_decided_step_in_swedish(session, demo_bot, stub):
    replies = await _say(session, demo_bot, stub, COORDINATOR, "sanktionstrappa för 2022-041")
    card = replies[0]["attachments"][0]["content"]
    assert problems(card) == []
    assert card["body"][0]["text"] == "Sanktionstrappa för 2022-041 – Städbolaget Exempel AB"
    facts = [(fact["title"], fact["value"]) for fact in card["body"][2]["facts"]]
    assert [title for title, _ in facts] == ["skriftligt påpekande", "innehållen betalning", "prisavdrag", "vite",
                                             "uppsägning", "hävning"]
    assert facts[0][1].startswith("beslutat ") and facts[1][1] == "–"
    texts = [line["text"] for c in card["body"] if c["type"] == "Container" for line in c["items"]]
    assert "- Beslutat av: Lars-Åke Nyström, processägare" in texts
    assert any(text.startswith("- Avvikelse: ") and "reklamation" in text for text in texts)


async def test_the_sanctions_ladder_in_english_tells_a_medarbetare_who_decides(session, demo_bot, stub, database_url):
    for _ in range(3):  # three deviations since the written notice: the next step is proposed
        for text in ("report a deviation for 2022-041", "today", "quality", "medium", "Bins not emptied", "no", "yes"):
            await _say(session, demo_bot, stub, COORDINATOR, text, locale="en-US")
    replies = await _say(session, demo_bot, stub, EMPLOYEE, "sanctions for 2022-041", locale="en-US")
    card = replies[0]["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Sanctions ladder for 2022-041 – Städbolaget Exempel AB"
    facts = [(fact["title"], fact["value"]) for fact in card["body"][2]["facts"]]
    assert facts[1] == ("withheld payment", "proposed now")
    texts = [line["text"] for c in card["body"] if c["type"] == "Container" for line in c["items"]]
    assert ("- This is the 3rd deviation in 90 days. The next step of the sanctions ladder is withheld payment."
            in texts)
    assert "- The decision is made by the contract's process owner or decision maker, a process coordinator or an administrator." in texts


async def test_a_decided_step_is_revoked_by_its_number_with_a_reason_and_leaves_the_ladder(
    session, demo_bot, stub, database_url
):
    [sanction] = await _rows(database_url, select(t.sanctions.c.id).join(
        t.contracts, t.contracts.c.id == t.sanctions.c.contract_id).where(t.contracts.c.reference == "2022-041"))
    number = sanction["id"]
    replies = await _say(session, demo_bot, stub, EMPLOYEE, f"återkalla sanktion {number}: fel")
    assert replies[0]["text"].startswith("Det har du inte behörighet till.")
    replies = await _say(session, demo_bot, stub, COORDINATOR, f"revoke sanction {number}", locale="en-US")
    assert replies[0]["text"] == (f"Write why sanction {number} is revoked, for example **revoke sanction {number}: "
                                  "disputed and investigated**.")
    ladder = await _say(session, demo_bot, stub, COORDINATOR, "sanktionstrappa för 2022-041")
    texts = [line["text"] for c in ladder[0]["attachments"][0]["content"]["body"] if c["type"] == "Container"
             for line in c["items"]]
    assert any(text.endswith(f"(sanktion {number})") for text in texts)
    assert f"- Ett steg som ska tas tillbaka återkallas med till exempel **återkalla sanktion {number}: skälet**." in texts

    replies = await _say(session, demo_bot, stub, COORDINATOR, f"Återkalla sanktion {number}: bestridd, ingen grund")
    assert replies[0]["text"].startswith(f"Sanktion {number} (skriftligt påpekande, ")
    assert replies[0]["text"].endswith("på 2022-041 är återkallad och räknas inte längre i sanktionstrappan. "
                                       "Skälet finns i ändringshistoriken.")
    card = replies[1]["attachments"][0]["content"]
    assert problems(card) == []
    facts = [(fact["title"], fact["value"]) for fact in card["body"][2]["facts"]]
    assert facts[0] == ("skriftligt påpekande", "–")  # no step in force any more
    headings = [c["items"][0]["text"] for c in card["body"] if c["type"] == "Container"]
    assert "Återkallade steg (räknas inte)" in headings
    [row] = await _rows(database_url, select(t.sanctions.c.status).where(t.sanctions.c.id == number))
    assert row["status"] == "återkallad"
    again = await _say(session, demo_bot, stub, COORDINATOR, f"återkalla sanktion {number}: igen")
    assert again[0]["text"] == f"Sanktion {number} är redan återkallad."


async def test_a_deviation_recorded_by_mistake_is_voided_by_its_number_and_leaves_the_list(
    session, demo_bot, stub, database_url
):
    for text in ("rapportera avvikelse för 2022-041", "idag", "kvalitet", "låg", "Fel avtal, egentligen 2024-017",
                 "nej", "ja"):
        await _say(session, demo_bot, stub, COORDINATOR, text)
    [row] = await _rows(database_url, select(t.deviations.c.id).where(
        t.deviations.c.description == "Fel avtal, egentligen 2024-017"))
    number = row["id"]
    listed = await _say(session, demo_bot, stub, COORDINATOR, "avvikelser för 2022-041")
    lines = [line["text"] for c in listed[0]["attachments"][0]["content"]["body"] if c["type"] == "Container"
             for line in c["items"]]
    assert any(line.startswith(f"- nr {number} · ") for line in lines)

    replies = await _say(session, demo_bot, stub, EMPLOYEE, f"makulera avvikelse {number}: fel")
    assert replies[0]["text"].startswith("Det har du inte behörighet till.")
    replies = await _say(session, demo_bot, stub, COORDINATOR, f"void deviation {number}", locale="en-US")
    assert replies[0]["text"] == (f"Write why deviation {number} is voided, for example **void deviation {number}: "
                                  "reported twice**.")
    replies = await _say(session, demo_bot, stub, COORDINATOR, f"Makulera avvikelse nr {number}: fel avtal 🙈")
    assert replies[0]["text"] == (f"Avvikelse {number} ({today().isoformat()}) på 2022-041 är makulerad och räknas "
                                  "inte längre. Skälet finns i ändringshistoriken.")
    lines = [line["text"] for c in replies[1]["attachments"][0]["content"]["body"] if c["type"] == "Container"
             for line in c["items"]]
    assert not any(f"nr {number} · " in line for line in lines)
    [row] = await _rows(database_url, select(t.deviations.c.status).where(t.deviations.c.id == number))
    assert row["status"] == "makulerad"
