"""Reporting a KPI value with one card, over real HTTP as Teams does, against the demo register on both
databases: the card sent, what a submission (`Action.Submit`, the inputs merged into the card's data) is
answered with, and what the database holds afterwards. A submission is checked again in full: a card's
data can be tampered with."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from bot.domain.kpis import Frequency, due_period
from storage import tables as t
from tests.support.database import rows as _rows
from tests.support.demo_people import COORDINATOR, SUPPLIER_GUEST
from tests.support.teams import invoke, message, post
from tests.support.stockholm import today as stockholm_today


STADKVALITET = "Städkvalitet enligt INSTA 800"
FAKTUROR = "Fakturor med korrekt pris"




async def _say(session, url, stub, user, text: str, locale: str = "sv-SE") -> None:
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
    assert status == 201


async def _submit(session, url, stub, user, value: dict, locale: str = "sv-SE") -> dict:
    """Submit the card's data with the inputs as Teams merges them in; the card the bot answers with."""
    stub.clear()
    status, _ = await post(session, url, message(None, service_url=stub.url, user=user, value=value, locale=locale))
    assert status == 201
    assert len(stub.activities) == 1
    return stub.activities[0]["attachments"][0]["content"]


async def _kpi_id(database_url: str, reference: str, name: str) -> int:
    rows = await _rows(database_url, select(t.kpi_definitions.c.id)
                       .join(t.contracts, t.contracts.c.id == t.kpi_definitions.c.contract_id)
                       .where(t.contracts.c.reference == reference, t.kpi_definitions.c.name == name))
    return rows[0]["id"]


async def _contract_id(database_url: str, reference: str) -> int:
    rows = await _rows(database_url, select(t.contracts.c.id).where(t.contracts.c.reference == reference))
    return rows[0]["id"]


async def _stored(database_url: str, kpi_id: int) -> dict[str, Decimal]:
    rows = await _rows(database_url, select(t.kpi_values.c.period, t.kpi_values.c.value)
                       .where(t.kpi_values.c.kpi_id == kpi_id))
    return {row["period"]: Decimal(row["value"]) for row in rows}


async def _counts(database_url: str) -> tuple[int, int]:
    values = await _rows(database_url, select(func.count().label("n")).select_from(t.kpi_values))
    history = await _rows(database_url, select(func.count().label("n")).select_from(t.change_history)
                          .where(t.change_history.c.entity == "kpi_values"))
    return values[0]["n"], history[0]["n"]


def _inputs(card: dict) -> dict[str, dict]:
    return {element["id"]: element for element in card["body"] if element["type"].startswith("Input.")}


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


def _problem(card: dict) -> str | None:
    found = [element["text"] for element in card["body"] if element.get("color") == "Attention"]
    return found[0] if found else None


def _due() -> str:
    return due_period(Frequency.MONTH, stockholm_today()).label


def _report(contract_id: int, kpi_id: int | str, value: str, period: str = "", comment: str = "",
            correct: bool = False) -> dict:
    return {"verb": "kpi.report", "contract_id": contract_id, "kpi_id": str(kpi_id), "period": period,
            "value": value, "comment": comment, "correct": "true" if correct else "false"}


async def test_the_card_offers_the_kpis_of_the_contract_the_sender_may_report_with_the_period_due(
    demo_bot, session, stub, database_url
):
    due = _due()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "KPI-kort")
    assert stub.texts() == ["Vilket avtal gäller det? Du kan rapportera nyckeltal på 2020-019, 2022-041. "
                            "Skriv till exempel **KPI-kort för 2020-019**."]
    stub.clear()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "KPI-kort för 2022-041")
    card = stub.activities[0]["attachments"][0]["content"]
    assert card["version"] == "1.5"
    assert card["body"][0]["text"] == "Rapportera nyckeltal – avtal 2022-041"
    assert card["body"][1]["text"] == "Lokalvård i kommunens verksamhetslokaler – Städbolaget Exempel AB"
    assert _problem(card) is None
    inputs = _inputs(card)
    assert list(inputs) == ["kpi_id", "period", "value", "comment", "correct"]
    assert [choice["title"] for choice in inputs["kpi_id"]["choices"]] == [
        f"{STADKVALITET} (per månad, på tur: {due})", f"Antal reklamationer (per månad, på tur: {due})",
        f"{FAKTUROR} (per månad, på tur: {due})",
    ]
    assert inputs["kpi_id"]["choices"][0]["value"] == str(await _kpi_id(database_url, "2022-041", STADKVALITET))
    assert inputs["period"]["placeholder"] == due
    assert inputs["correct"]["type"] == "Input.Toggle"
    assert inputs["correct"]["title"] == "Rätta ett redan rapporterat värde"
    contract_id = await _contract_id(database_url, "2022-041")
    assert card["actions"] == [{
        "type": "Action.Execute", "verb": "kpi.report", "title": "Spara", "data": {"contract_id": contract_id},
        "fallback": {"type": "Action.Submit", "title": "Spara", "data": {"verb": "kpi.report",
                                                                       "contract_id": contract_id}}}]


async def test_a_valid_submission_writes_the_value_and_answers_with_the_result_card(
    demo_bot, session, stub, database_url
):
    contract_id = await _contract_id(database_url, "2022-041")
    kpi_id = await _kpi_id(database_url, "2022-041", FAKTUROR)
    period = due_period(Frequency.MONTH, stockholm_today()).shifted(-13).label  # before the demo's twelve values
    result = await _submit(session, demo_bot, stub, SUPPLIER_GUEST,
                           _report(contract_id, kpi_id, "93,5", period, "Ny rutin för attest"))
    assert result["body"][0]["text"] == FAKTUROR
    assert result["body"][1]["text"] == f"Sparat för {period}."
    assert result["body"][2]["text"] == "93,5 % mot mål 98 % – gul, under mål"
    assert _facts(result)["Kommentar"] == "Ny rutin för attest"
    assert (await _stored(database_url, kpi_id))[period] == Decimal("93.5")
    history = await _rows(database_url, select(t.change_history).where(t.change_history.c.entity == "kpi_values"))
    assert [(h["action"], h["actor_label"], h["after"]["period"]) for h in history] == [
        ("create", "maria.sjoberg@stadbolaget.example", period)]


async def test_not_a_number_and_a_future_period_are_answered_with_the_reason_and_the_form_as_typed(
    demo_bot, session, stub, database_url
):
    before = await _counts(database_url)
    contract_id = await _contract_id(database_url, "2022-041")
    kpi_id = await _kpi_id(database_url, "2022-041", FAKTUROR)
    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, kpi_id, "abc", "", "Sen"))
    assert _problem(card) == "”abc” kan jag inte läsa som ett tal. Skriv till exempel 91 eller 91,5."
    inputs = _inputs(card)
    assert (inputs["kpi_id"]["value"], inputs["value"]["value"], inputs["comment"]["value"]) == (
        str(kpi_id), "abc", "Sen")
    assert card["actions"][0]["fallback"]["data"] == {"verb": "kpi.report", "contract_id": contract_id}

    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, kpi_id, "90", "2099-01"))
    assert _problem(card) == ("Perioden 2099-01 har inte börjat än och kan inte rapporteras. "
                              "Skriv en period som har börjat.")
    assert (_inputs(card)["period"]["value"], _inputs(card)["value"]["value"]) == ("2099-01", "90")

    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, kpi_id, "101", "2025-Q1"))
    assert _problem(card) == ("”2025-Q1” är ingen period som det här nyckeltalet rapporteras för. "
                              f"Skriv perioden som {_due()}.")
    assert await _counts(database_url) == before


async def test_a_period_already_reported_is_corrected_only_with_the_toggle_ticked(
    demo_bot, session, stub, database_url
):
    due = _due()
    contract_id = await _contract_id(database_url, "2022-041")
    kpi_id = await _kpi_id(database_url, "2022-041", STADKVALITET)
    before = await _counts(database_url)
    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, kpi_id, "91"))
    assert _problem(card) == (f"Perioden {due} har redan värdet 90,6. Kryssa i **Rätta ett redan rapporterat "
                              "värde** och spara igen om du vill rätta det.")
    assert _inputs(card)["correct"]["value"] == "false"
    assert await _counts(database_url) == before

    result = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, kpi_id, "91", correct=True))
    assert result["body"][1]["text"] == f"Rättat för {due}. Det tidigare värdet finns kvar i ändringshistoriken."
    assert _facts(result)["Tidigare värde"] == "90,6 %"
    assert (await _stored(database_url, kpi_id))[due] == Decimal(91)
    history = await _rows(database_url, select(t.change_history).where(t.change_history.c.entity == "kpi_values"))
    assert [(h["action"], h["before"]["value"], h["after"]["value"]) for h in history] == [("update", "90.6", "91")]


async def test_a_tampered_submission_is_refused_and_nothing_is_written(demo_bot, session, stub, database_url):
    before = await _counts(database_url)
    own_contract = await _contract_id(database_url, "2022-041")
    other_contract = await _contract_id(database_url, "2024-017")
    other_kpi = await _kpi_id(database_url, "2024-017", "Lösta ärenden inom SLA")
    refused = ("Det nyckeltalet hör inte till avtalet på kortet, eller så får du inte rapportera det. Inget sparades. "
               "Skriv **KPI-kort för** och avtalsnumret för ett nytt kort.")
    for tampered in (
        _report(own_contract, other_kpi, "50", "2025-06"),  # another contract's KPI on the guest's own card
        _report(other_contract, other_kpi, "50", "2025-06"),  # a contract of another supplier
        _report(999_999, other_kpi, "50", "2025-06"),  # no such contract
    ):
        card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, tampered)
        assert card["body"] == [{"type": "TextBlock", "text": refused, "wrap": True}]
    stale = "Det här kortet är inaktuellt eller okänt, så jag gjorde ingenting. Skriv **hjälp** för att börja om."
    for broken in (
        {**_report(own_contract, "Leveransprecision", "50")},  # not an id
        {"verb": "kpi.report", "kpi_id": str(other_kpi), "value": "50"},  # no contract
        {**_report(own_contract, other_kpi, "50"), "verb": "kpi.delete"},
    ):
        card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, broken)
        assert card["body"][0]["text"] == stale
    assert await _counts(database_url) == before
    assert other_kpi not in {row["kpi_id"] for row in await _rows(
        database_url, select(t.kpi_values.c.kpi_id).where(t.kpi_values.c.period == "2025-06"))}


async def test_a_coordinator_reports_with_the_card_in_english(demo_bot, session, stub, database_url):
    due = _due()
    await _say(session, demo_bot, stub, COORDINATOR, "KPI card for 2024-017", locale="en-US")
    card = stub.activities[0]["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Report a KPI value – contract 2024-017"
    inputs = _inputs(card)
    assert inputs["kpi_id"]["choices"][0]["title"] == f"Lösta ärenden inom SLA (monthly, due: {due})"
    assert (inputs["correct"]["title"], card["actions"][0]["title"]) == ("Correct a value already reported", "Save")
    contract_id = card["actions"][0]["data"]["contract_id"]
    kpi_id = inputs["kpi_id"]["choices"][0]["value"]

    answer = await _submit(session, demo_bot, stub, COORDINATOR, _report(contract_id, kpi_id, "101"), locale="en-US")
    assert _problem(answer) == "101 cannot be reported for this KPI, which lies between 0 and 100. Type another value."
    answer = await _submit(session, demo_bot, stub, COORDINATOR, _report(contract_id, kpi_id, "89"), locale="en-US")
    assert _problem(answer) == (f"The period {due} already has the value 95.4. Tick **Correct a value already "
                                "reported** and save again if you want to correct it.")
    result = await _submit(session, demo_bot, stub, COORDINATOR, _report(contract_id, kpi_id, "89", correct=True),
                           locale="en-US")
    assert result["body"][2]["text"] == "89 % against target 95 % – yellow, eighth period in a row below target"
    assert _facts(result)["Previous value"] == "95.4 %"
    assert (await _stored(database_url, int(kpi_id)))[due] == Decimal(89)


async def test_a_submission_without_a_kpi_or_a_value_asks_for_it_on_the_form(demo_bot, session, stub, database_url):
    before = await _counts(database_url)
    contract_id = await _contract_id(database_url, "2022-041")
    kpi_id = await _kpi_id(database_url, "2022-041", FAKTUROR)
    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, _report(contract_id, "", "90"))
    assert _problem(card) == "Välj vilket nyckeltal värdet gäller."
    card = await _submit(session, demo_bot, stub, SUPPLIER_GUEST, {"verb": "kpi.report", "contract_id": contract_id,
                                                                  "kpi_id": str(kpi_id)})
    assert _problem(card) == "Skriv ett värde, till exempel 91 eller 91,5."
    assert _inputs(card)["kpi_id"]["value"] == str(kpi_id)
    assert await _counts(database_url) == before


async def test_the_same_verb_as_an_action_execute_is_answered_with_the_card_that_replaces_the_form(
    demo_bot, session, stub, database_url
):
    before = await _counts(database_url)
    contract_id = await _contract_id(database_url, "2022-041")
    own_kpi = await _kpi_id(database_url, "2022-041", FAKTUROR)
    other_kpi = await _kpi_id(database_url, "2024-017", "Lösta ärenden inom SLA")
    for kpi_id, expected in ((own_kpi, "”abc” kan jag inte läsa som ett tal."), (other_kpi, "Det nyckeltalet hör inte")):
        data = _report(contract_id, kpi_id, "abc")
        value = {"action": {"type": "Action.Execute", "verb": data.pop("verb"), "data": data}, "trigger": "manual"}
        status, body = await post(session, demo_bot, invoke("adaptiveCard/action", value, service_url=stub.url,
                                                            user=SUPPLIER_GUEST))
        assert (status, body["statusCode"]) == (200, 200)
        texts = [element.get("text", "") for element in body["value"]["body"]]
        assert any(text.startswith(expected) for text in texts)
    assert await _counts(database_url) == before
