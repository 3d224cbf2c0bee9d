"""Defining a KPI for a contract by chat, over real HTTP as Teams does, on both databases: what the user reads,
what the database holds afterwards, and that the new KPI can then be reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.domain.contracts import Contact, Contract
from bot.domain.kpis import Frequency, Period, due_period
from bot.domain.roles import GlobalRole, Party
from bot.services.administration import grant_global_role
from bot.services.register_edits import add_team_member, create_contract
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.engine import open_engine
from storage.unit_of_work import unit_of_work_factory
from tests.support.database import rows as _rows, revision as _revision
from tests.e2e.conftest import COORDINATOR_EMAIL
from tests.support.teams import message, post
from tests.support.stockholm import today as stockholm_today

NOT_ALLOWED = "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."
NOT_UNDERSTOOD = "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."


@pytest.fixture
async def register(database_url, coordinator) -> dict:
    """A contract 2024-017 with one KPI already, and a supplier's contact on its team who may report."""
    engine = open_engine(database_url)
    try:
        unit_of_work = unit_of_work_factory(engine)
        actor = await grant_global_role(unit_of_work, "admin@exempelkommun.se", GlobalRole.ADMINISTRATOR,
                                        actor_label="test")
        supplier = await register_supplier(unit_of_work, actor, name="Städ & Fönster Åkesson AB",
                                           org_number="5561234567")
        contract = await create_contract(unit_of_work, actor, Contract(
            id=None, reference="2024-017", title="Städtjänster förskolor", supplier_id=supplier.id,
            start_date=date(2024, 1, 1), end_date=date(2025, 12, 31)))
        await add_team_member(unit_of_work, actor, reference="2024-017", role="leverantörskontakt",
                              is_key_contact=False, contact=Contact(
                                  id=None, name="Maria Sjöberg", email="maria.sjoberg@stadbolaget.example",
                                  phone=None, party=Party.SUPPLIER))
        async with engine.begin() as connection:
            await connection.execute(t.kpi_definitions.insert().values(
                contract_id=contract.id, name="Kundnöjdhet", frequency="år", direction="högre"))
    finally:
        await engine.dispose()
    return {"supplier": supplier, "contract": contract}


async def _say(session, bot_url, stub, user, *texts: str, locale: str = "sv-SE") -> None:
    for text in texts:
        status, _ = await post(session, bot_url, message(text, service_url=stub.url, user=user, locale=locale))
        assert status == 201


def _facts(activity: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for fact in activity["attachments"][0]["content"]["body"][1]["facts"]}


async def _kpis(database_url: str) -> list:
    return await _rows(database_url, select(t.kpi_definitions).order_by(t.kpi_definitions.c.id))


async def test_a_coordinator_defines_a_kpi_in_swedish_and_wrong_answers_are_re_asked_with_their_reason(
    bot_url, session, stub, database_url, coordinator, register
):
    revision = await _revision(database_url)
    await _say(session, bot_url, stub, coordinator,
               "ny KPI för 2024-017", "kundnojdhet", "Andel utförda städningar", "%", "95", "bättre", "högre",
               "90", "96,5", "-", "varannan vecka", "kvartal", "okand@exempel.se", "Maria.Sjoberg@stadbolaget.example",
               "0", "100", "Utvärderingskriterium 3.2 i upphandlingen", "ja")
    texts = stub.texts()
    assert texts[0] == "Vad heter det nya nyckeltalet för avtal 2024-017? Till exempel Andel utförda städningar."
    assert texts[1] == "Avtalet har redan ett nyckeltal som heter ”Kundnöjdhet”. Skriv ett annat namn."
    assert texts[5] == "”bättre” är ingen riktning. Svara **högre** eller **lägre**."
    assert texts[8] == ("Den röda gränsen 96,5 måste vara lägre än målet 95, eftersom ett högre värde är bättre. "
                        "Skriv en annan gräns, eller - för ingen.")
    assert texts[10] == "”varannan vecka” är ingen frekvens. Välj månad, kvartal, halvår eller år."
    assert texts[12].startswith("Jag hittar ingen kontakt med e-postadressen okand@exempel.se i registret.")
    assert _facts(stub.activities[16]) == {
        "Avtal": "2024-017 – Städtjänster förskolor",
        "Namn": "Andel utförda städningar",
        "Enhet": "%",
        "Mål": "95",
        "Bättre är": "högre",
        "Gul gräns": "90",
        "Röd gräns": "–",
        "Rapporteras": "per kvartal",
        "Rapporteras av": "Maria Sjöberg (maria.sjoberg@stadbolaget.example)",
        "Lägsta värde": "0",
        "Högsta värde": "100",
        "Källa": "Utvärderingskriterium 3.2 i upphandlingen",
    }
    assert texts[-1] == ("Klart! Nyckeltalet ”Andel utförda städningar” finns nu för avtal 2024-017. "
                         "Värden rapporteras med **rapportera KPI 2024-017**.")
    kpi = (await _kpis(database_url))[-1]
    maria = (await _rows(database_url, select(t.contacts.c.id).where(
        t.contacts.c.email == "maria.sjoberg@stadbolaget.example")))[0]["id"]
    assert (kpi["contract_id"], kpi["name"], kpi["unit"], kpi["direction"], kpi["frequency"]) == (
        register["contract"].id, "Andel utförda städningar", "%", "högre", "kvartal")
    assert [Decimal(kpi[name]) if kpi[name] is not None else None
            for name in ("target", "yellow_threshold", "red_threshold", "min_value", "max_value")] == [
        Decimal(95), Decimal(90), None, Decimal(0), Decimal(100)]
    assert (kpi["reporter_contact_id"], kpi["reporter_party"], kpi["source"]) == (
        maria, None, "Utvärderingskriterium 3.2 i upphandlingen")
    history = await _rows(database_url, select(t.change_history).where(
        t.change_history.c.entity == "kpi_definitions", t.change_history.c.entity_id == str(kpi["id"])))
    assert [(h["action"], h["actor_label"], h["before"]) for h in history] == [("create", COORDINATOR_EMAIL, None)]
    assert history[0]["after"]["name"] == "Andel utförda städningar"
    assert history[0]["after"]["target"] == "95"
    assert history[0]["after"]["reporter_contact_id"] == maria
    assert await _revision(database_url) != revision


async def test_a_coordinator_defines_a_lower_is_better_kpi_in_english_asked_for_the_contract(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator,
               "new KPI", "2099-999", "2024-017", "Complaints", "-", "2", "lower", "-", "1,5", "4", "month",
               "supplier", "10", "5", "10", "-", "yes", locale="en-GB")
    texts = stub.texts()
    assert texts[0] == ("Which contract is the KPI for? Type the contract reference, for example 2024-017. "
                        "(Type **cancel** to stop.)")
    assert texts[1] == "I can't find a contract with the reference 2099-999. Check it and try again, or type **cancel**."
    assert texts[8] == ("The red limit 1.5 must be above the target 2, since a lower value is better. "
                        "Type another limit, or - for none.")
    assert texts[13] == ("The highest value 5 is below the lowest 10. Type a highest value of at least 10, "
                         "or - for no limit.")
    assert _facts(stub.activities[15]) == {
        "Contract": "2024-017 – Städtjänster förskolor", "Name": "Complaints", "Unit": "–", "Target": "2",
        "Better is": "lower", "Yellow limit": "–", "Red limit": "4", "Reported": "monthly",
        "Reported by": "supplier", "Lowest value": "10", "Highest value": "10", "Source": "–",
    }
    assert texts[-1] == ("Done! The KPI “Complaints” now exists for contract 2024-017. Values are reported with "
                         "**report KPI 2024-017**.")
    kpi = (await _kpis(database_url))[-1]
    assert (kpi["name"], kpi["direction"], kpi["frequency"], kpi["reporter_party"], kpi["reporter_contact_id"]) == (
        "Complaints", "lägre", "månad", "leverantör", None)
    assert [Decimal(kpi[name]) for name in ("target", "red_threshold", "min_value", "max_value")] == [
        Decimal(2), Decimal(4), Decimal(10), Decimal(10)]
    assert kpi["yellow_threshold"] is None


@pytest.mark.parametrize("command", ["ny KPI för 2024-017", "ny kpi"])
async def test_a_colleague_without_the_role_is_refused_at_once_and_nothing_is_written(
    bot_url, session, stub, database_url, register, command
):
    before = await _rows(database_url, select(t.change_history.c.id))
    await _say(session, bot_url, stub, None, command, "Svarstid kundtjänst")
    assert stub.texts() == [NOT_ALLOWED, NOT_UNDERSTOOD]  # the name is no answer: no dialog was begun
    assert await _rows(database_url, select(t.change_history.c.id)) == before
    assert [kpi["name"] for kpi in await _kpis(database_url)] == ["Kundnöjdhet"]


async def test_cancelling_mid_dialog_writes_nothing(bot_url, session, stub, database_url, coordinator, register):
    history = await _rows(database_url, select(t.change_history.c.id))
    revision = await _revision(database_url)
    await _say(session, bot_url, stub, coordinator,
               "ny KPI för 2024-017", "Reklamationer", "st", "2", "lägre", "-", "5", "månad", "avbryt", "ja")
    assert stub.texts()[-2:] == ["Avbrutet. Inget sparades.", NOT_UNDERSTOOD]
    assert [kpi["name"] for kpi in await _kpis(database_url)] == ["Kundnöjdhet"]
    assert await _rows(database_url, select(t.change_history.c.id)) == history
    assert await _revision(database_url) == revision


async def test_a_new_kpi_can_be_reported_at_once_with_its_first_period_offered(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator,
               "ny KPI för 2024-017", "Reklamationer", "st", "2", "lägre", "-", "5", "kvartal", "leverantör",
               "0", "-", "-", "ja")
    stub.clear()
    await _say(session, bot_url, stub, coordinator, "rapportera KPI 2024-017")
    choices = stub.activities[0]["attachments"][0]["content"]
    assert "Reklamationer" in str(choices)
    await _say(session, bot_url, stub, coordinator, "Reklamationer")
    due = min(due_period(Frequency.QUARTER, stockholm_today()), Period.containing(date(2025, 12, 31), Frequency.QUARTER))
    assert stub.texts()[-1].startswith(due.label)
