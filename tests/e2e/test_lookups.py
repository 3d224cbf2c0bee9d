"""Quick lookups over real HTTP, against the demo register: what a user asking in Teams gets back."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from storage import tables as t
from storage.engine import open_engine
from storage.register_revision import bump_register_revision
from tests.support.adaptive_cards import problems
from tests.support.demo_people import EMPLOYEE, SUPPLIER_GUEST
from tests.support.teams import invoke, message, post





async def _ask(session, url, stub, text: str, *, user: dict = EMPLOYEE, locale: str = "sv-SE") -> dict:
    stub.clear()
    status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
    assert status == 201
    assert len(stub.activities) == 1
    card = stub.activities[0]["attachments"][0]["content"]
    assert problems(card) == []
    return card


def _texts(card: dict) -> list[str]:
    """Every text on the card, in order (text blocks and facts), as Teams would show it."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            if node.get("type") == "FactSet":
                found.extend(f"{fact['title']}: {fact['value']}" for fact in node["facts"])
            for key in ("body", "items"):
                for child in node.get(key, []):
                    walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(card)
    return found


@pytest.mark.parametrize(
    ("question", "locale", "title"),
    [
        ("vem är nyckelkontakt för Städbolaget?", "sv-SE", "Nyckelkontakter – Städbolaget Exempel AB"),
        ("vem ar nyckelkontakt for stadbolaget", "sv-SE", "Nyckelkontakter – Städbolaget Exempel AB"),
        ("Vem är nyckelkontakt för Stadbolagt?", "sv-SE", "Nyckelkontakter – Städbolaget Exempel AB"),
        ("who is the key contact for Städbolaget?", "en-US", "Key contacts – Städbolaget Exempel AB"),
    ],
)
async def test_key_contacts_of_a_supplier_in_both_languages_with_typos_and_without_swedish_letters(
    demo_bot, session, stub, question, locale, title
):
    card = await _ask(session, demo_bot, stub, question, locale=locale)
    texts = _texts(card)
    assert texts[0] == title
    assert "2022-041 Lokalvård i kommunens verksamhetslokaler" in texts
    assert "Maria Sjöberg" in texts and "Lars-Åke Nyström" in texts
    assert "[maria.sjoberg@stadbolaget.example](mailto:maria.sjoberg@stadbolaget.example) · 070-1740615" in texts
    role_line = "leverantörskontakt · leverantör · Städbolaget Exempel AB · nyckelkontakt"
    if locale == "en-US":
        role_line = "supplier contact · supplier · Städbolaget Exempel AB · key contact"
    assert role_line in texts
    assert "Ingrid Sävström" not in texts  # not a key contact, and not on these contracts


async def test_contacts_of_a_contract_by_reference_list_the_whole_team(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "kontakter för avtal 2024-017")
    texts = _texts(card)
    assert texts[0] == "Kontakter – 2024-017 IT-drift och servicedesk"
    for name in ("Göran Håkansson", "Anna Lindqvist", "Per-Olof Ängström", "Ingrid Sävström", "Mikael Högberg"):
        assert name in texts
    assert "beslutsfattare · verksamhet · Kommunledningskontoret" in texts


async def test_which_contracts_and_when_a_contract_ends(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "vilka avtal har vi med Snörojarna?")
    assert _texts(card)[:2] == ["Avtal – Snöröjarna Exempel AB", "2023-022 Vinterväghållning av gator, gång- och cykelvägar"]
    card = await _ask(session, demo_bot, stub, "när löper avtalet för skolmat ut?")
    texts = _texts(card)
    assert texts[0] == "Avtalstid – Skolmat i Exempel AB"
    period = next(text for text in texts if text.startswith("2023-08-01 – "))
    assert "dagar kvar" in period or "sedan" in period
    assert any(text.startswith("Uppsägning: senast ") and "6 mån" in text for text in texts)


async def test_who_is_the_process_owner_of_a_contract_found_by_title(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "vem är processägare för IT-drift?")
    texts = _texts(card)
    assert texts[0] == "Processägare – 2024-017 IT-drift och servicedesk"
    assert "Göran Håkansson" in texts
    assert "Anna Lindqvist" not in texts
    card = await _ask(session, demo_bot, stub, "who is the process owner for it-drift", locale="en-GB")
    assert _texts(card)[0] == "Process owner – 2024-017 IT-drift och servicedesk"


async def test_show_a_contract_card_with_facts_amendments_and_spend(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "visa avtal 2024-017")
    texts = _texts(card)
    assert texts[0] == "2024-017 IT-drift och servicedesk"
    assert "Leverantör: Driftpartner IT Exempel AB (405671-2096)" in texts
    assert "Avtalsvärde/år: 8\u00a0400\u00a0000 kr" in texts
    assert "Segment: strategisk" in texts
    assert any(text.startswith("Uppsägning: senast ") for text in texts)
    assert any("Tilläggsavtal 1: servicedesken har öppet till 20.00" in text for text in texts)
    assert any(text.startswith("Totalt: ") for text in texts)
    english = _texts(await _ask(session, demo_bot, stub, "show contract 2024-017", locale="en-US"))
    assert "Value/year: SEK 8,400,000" in english and "Segment: strategic" in english


async def test_several_matches_offer_a_choice_and_the_choice_answers(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "vem är nyckelkontakt för Exempel?")
    assert card["body"][0]["text"] == "Flera träffar på ”Exempel”"
    options = [action["title"] for action in card["actions"]]
    assert len(options) == 5 and all(option.startswith("Leverantör: ") for option in options)
    chosen = next(action for action in card["actions"] if action["title"] == "Leverantör: Snöröjarna Exempel AB")
    stub.clear()
    await post(session, demo_bot, message(None, service_url=stub.url, user=EMPLOYEE, value=chosen["data"]))
    answer = stub.activities[0]["attachments"][0]["content"]
    assert _texts(answer)[0] == "Nyckelkontakter – Snöröjarna Exempel AB"
    assert "Tommy Öhman" in _texts(answer)


async def test_no_match_says_so_and_suggests_the_closest_names(demo_bot, session, stub):
    card = await _ask(session, demo_bot, stub, "vem är nyckelkontakt för Acme?")
    assert _texts(card) == ["Jag hittar inget avtal eller någon leverantör som heter ”Acme”. "
                            "Kontrollera stavningen eller skriv avtalsnumret."]
    card = await _ask(session, demo_bot, stub, "who is the key contact for Snöplogarna?", locale="en-US")
    assert card["body"][0]["text"] == "I can't find a contract or supplier called “Snöplogarna”."
    assert card["body"][1]["text"] == "Did you mean one of these?"
    assert "Supplier: Snöröjarna Exempel AB" in [action["title"] for action in card["actions"]]


@pytest.mark.parametrize(
    "value",
    [
        {"verb": "lookup.choose", "intent": "key_contacts", "subject": "x", "kind": "supplier", "id": 99999},
        {"verb": "lookup.choose", "intent": "drop_tables", "subject": "x", "kind": "supplier", "id": 1},
        {"verb": "lookup.choose", "intent": "key_contacts", "subject": "x", "kind": "contact", "id": 1},
    ],
)
async def test_a_stale_or_tampered_choice_is_refused(demo_bot, session, stub, value):
    await post(session, demo_bot, message(None, service_url=stub.url, user=EMPLOYEE, value=value))
    text = stub.activities[0]["attachments"][0]["content"]["body"][0]["text"]
    assert text in (
        "Det du valde finns inte längre, eller så får du inte se det. Fråga gärna igen.",
        "Det här kortet är inaktuellt eller okänt, så jag gjorde ingenting. Skriv **hjälp** för att börja om.",
    )


async def test_a_supplier_guest_sees_only_its_own_contracts(demo_bot, session, stub):
    own = _texts(await _ask(session, demo_bot, stub, "nyckelkontakt för Städbolaget", user=SUPPLIER_GUEST))
    assert own[0] == "Nyckelkontakter – Städbolaget Exempel AB"
    other = await _ask(session, demo_bot, stub, "vem är nyckelkontakt för Snöröjarna?", user=SUPPLIER_GUEST)
    assert _texts(other) == ["Jag hittar inget avtal eller någon leverantör som heter ”Snöröjarna”. "
                             "Kontrollera stavningen eller skriv avtalsnumret."]
    exempel = await _ask(session, demo_bot, stub, "visa Exempel", user=SUPPLIER_GUEST)
    assert _texts(exempel)[0] == "Städbolaget Exempel AB"  # the only supplier it may see
    tampered = {"verb": "lookup.choose", "intent": "contacts", "subject": "x", "kind": "contract", "id": 1}
    stub.clear()
    await post(session, demo_bot, message(None, service_url=stub.url, user=SUPPLIER_GUEST, value=tampered))
    assert "Göran Håkansson" not in str(stub.activities)


async def test_a_change_in_the_database_is_seen_within_a_second(demo_bot, session, stub, database_url):
    await _ask(session, demo_bot, stub, "visa avtal 2023-022")
    engine = open_engine(database_url)
    try:
        async with engine.begin() as connection:  # as another bot instance or the import would
            await connection.execute(
                update(t.contracts).where(t.contracts.c.reference == "2023-022").values(title="Snöröjning 🌨️")
            )
            await bump_register_revision(connection)
    finally:
        await engine.dispose()
    await asyncio.sleep(1.05)  # the bot checks the register's revision at most once a second
    card = await _ask(session, demo_bot, stub, "visa avtal 2023-022")
    assert _texts(card)[0] == "2023-022 Snöröjning 🌨️"


async def test_the_compose_box_search_answers_with_cards(demo_bot, session, stub):
    query = {"commandId": "searchContracts", "parameters": [{"name": "query", "value": "sjöberg"}]}
    status, body = await post(session, demo_bot, invoke("composeExtension/query", query, service_url=stub.url,
                                                        user=EMPLOYEE))
    assert status == 200
    result = body["composeExtension"]
    assert result["type"] == "result" and result["attachmentLayout"] == "list"
    first = result["attachments"][0]
    assert first["preview"]["content"]["title"] == "Maria Sjöberg"
    assert first["content"]["body"][0]["text"] == "Maria Sjöberg"
    assert "leverantörskontakt · leverantör · Städbolaget Exempel AB · nyckelkontakt" in _texts(first["content"])

    query["parameters"][0]["value"] = "2024-017"
    _, body = await post(session, demo_bot, invoke("composeExtension/query", query, service_url=stub.url,
                                                   user=EMPLOYEE, locale="en-US"))
    assert body["composeExtension"]["attachments"][0]["content"]["body"][0]["text"] == "2024-017 IT-drift och servicedesk"
    contract = _texts(body["composeExtension"]["attachments"][0]["content"])
    assert "Supplier: Driftpartner IT Exempel AB (405671-2096)" in contract
    assert any("Tilläggsavtal 1: servicedesken" in text for text in contract)  # the card's history is loaded

    query["parameters"][0]["value"] = "Snöröjarna"
    _, body = await post(session, demo_bot, invoke("composeExtension/query", query, service_url=stub.url,
                                                   user=EMPLOYEE))
    supplier = _texts(body["composeExtension"]["attachments"][0]["content"])
    assert supplier[:2] == ["Snöröjarna Exempel AB", "Organisationsnummer 407245-8609 · segment: flaskhals"]


@pytest.mark.parametrize(
    ("parameters", "text"),
    [
        ([{"name": "initialRun", "value": "true"}], "Skriv ett namn, ett avtalsnummer eller en leverantör."),
        ([{"name": "query", "value": "zzzqqq"}], "Inga träffar på ”zzzqqq”."),
        ([{"name": "query", "value": "'; DROP TABLE contacts; --"}], "Inga träffar på ”'; DROP TABLE contacts; --”."),
    ],
)
async def test_the_compose_box_search_explains_when_there_is_nothing_to_show(demo_bot, session, stub, parameters,
                                                                             text):
    query = {"commandId": "searchContracts", "parameters": parameters}
    status, body = await post(session, demo_bot, invoke("composeExtension/query", query, service_url=stub.url,
                                                        user=EMPLOYEE))
    assert status == 200
    assert body["composeExtension"] == {"type": "message", "text": text}


async def test_the_kpis_of_a_supplier_with_latest_value_status_and_what_is_late(demo_bot, session, stub):
    texts = _texts(await _ask(session, demo_bot, stub, "hur går det för Städbolaget?"))
    assert texts[0] == "Nyckeltal – Städbolaget Exempel AB"
    assert any(text.startswith("Städkvalitet enligt INSTA 800: 90,6 % (") and text.endswith(") – gul, mål 95 %")
               for text in texts)
    # the window-cleaning contract ended without a single reported value: its last period is missing
    assert "Utförd fönsterputs enligt schema: inget värde rapporterat ännu · 2025-08 saknas (sen)" in texts
    english = _texts(await _ask(session, demo_bot, stub, "KPIs for contract 2024-017", locale="en-US"))
    assert english[0] == "KPIs – 2024-017 IT-drift och servicedesk"
    assert any(text.startswith("Lösta ärenden inom SLA: 95.4 % (") and text.endswith(") – green, target 95 %")
               for text in english)


async def test_red_and_late_kpis_are_those_of_the_askers_own_contracts(demo_bot, session, stub):
    guest = _texts(await _ask(session, demo_bot, stub, "red KPIs", user=SUPPLIER_GUEST, locale="en-US"))
    assert guest[:2] == ["Red and late KPIs", "2 KPIs on your contracts are red or late."]
    assert all("Städbolaget Exempel AB" in text for text in guest if text.startswith("20"))  # headings
    colleague = _texts(await _ask(session, demo_bot, stub, "röda KPI:er"))  # none on Åsa's school-meals contract
    assert colleague == ["Röda och sena nyckeltal", "Inga nyckeltal på dina avtal är röda eller sena just nu."]
