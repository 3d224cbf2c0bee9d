"""Editing the contract register by chat, over real HTTP as Teams does, on both databases: what the user reads
and what the database holds afterwards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.domain.contracts import Contract
from bot.domain.roles import GlobalRole
from bot.services.administration import grant_global_role
from bot.services.register_edits import create_contract
from bot.services.suppliers import register_supplier
from storage import tables as t
from storage.engine import open_engine
from storage.unit_of_work import unit_of_work_factory
from tests.support.database import rows as _rows, revision as _revision
from tests.e2e.conftest import COORDINATOR_EMAIL
from tests.support.teams import message, post

NOT_ALLOWED = "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


def _facts(activity: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for fact in _card(activity)["body"][1]["facts"]}


@pytest.fixture
async def register(database_url, coordinator) -> dict:
    """A supplier and one contract of it, written through the use cases by a coordinator."""
    engine = open_engine(database_url)
    try:
        unit_of_work = unit_of_work_factory(engine)
        actor = await grant_global_role(unit_of_work, "admin@exempelkommun.se", GlobalRole.ADMINISTRATOR,
                                        actor_label="test")
        supplier = await register_supplier(unit_of_work, actor, name="Städ & Fönster Åkesson AB",
                                           org_number="5561234567")
        contract = await create_contract(unit_of_work, actor, Contract(
            id=None, reference="2024-017", title="Städtjänster förskolor", supplier_id=supplier.id,
            start_date=date(2024, 1, 1), end_date=date(2025, 12, 31), notice_period_months=6,
            estimated_yearly_value_sek=Decimal("1200000")))
    finally:
        await engine.dispose()
    return {"supplier": supplier, "contract": contract}


async def _say(session, bot_url, stub, user, *texts: str, locale: str = "sv-SE") -> None:
    for text in texts:
        await post(session, bot_url, message(text, service_url=stub.url, user=user, locale=locale))


async def test_a_coordinator_adds_a_contract_in_swedish_and_a_wrong_answer_is_re_asked_with_its_reason(
    bot_url, session, stub, database_url, coordinator, register
):
    revision = await _revision(database_url)
    await _say(session, bot_url, stub, coordinator,
               "nytt avtal", "2024-017", "ks 2025/88", "Vinterväghållning 🚜 Åre–Östersund",
               "Okänd Leverantör AB", "stad & fonster akesson ab", "Gata och park", "-",
               "2025-01-01", "2024-12-31", "31/12/2027", "6", "1 200 000,50", "-", "ja")
    texts = stub.texts()
    assert texts[0] == "Vilket avtalsnummer (diarienummer) har avtalet? Till exempel 2024-017. (Skriv **avbryt** för att avbryta.)"
    assert texts[1].startswith("Avtal 2024-017 (Städtjänster förskolor) finns redan i registret.")
    assert texts[2] == "Vad heter avtalet? Skriv en kort titel, till exempel Städtjänster förskolor."
    assert texts[4] == ("Jag hittar ingen leverantör ”Okänd Leverantör AB” i registret. Skriv organisationsnumret "
                        "eller hela namnet, eller **avbryt** och lägg först till leverantören med **ny leverantör**.")
    assert texts[9] == ("Slutdatumet 2024-12-31 ligger före startdatumet 2025-01-01, och ett avtal kan inte sluta "
                        "innan det börjar. Skriv ett annat datum.")
    assert _facts(stub.activities[13]) == {
        "Avtalsnummer": "ks 2025/88",
        "Titel": "Vinterväghållning 🚜 Åre–Östersund",
        "Leverantör": "Städ & Fönster Åkesson AB (556123-4567)",
        "Kategori": "Gata och park",
        "Ansvarig enhet": "–",
        "Startdatum": "2025-01-01",
        "Slutdatum": "2027-12-31",
        "Uppsägningstid": "6 mån",
        "Årligt värde": "1 200 000,50 kr",
        "Status": "aktivt",
    }
    assert texts[-1] == "Klart! Avtal ks 2025/88 – Vinterväghållning 🚜 Åre–Östersund finns nu i avtalsregistret."
    rows = await _rows(database_url, select(t.contracts).where(t.contracts.c.reference == "ks 2025/88"))
    assert len(rows) == 1
    row = rows[0]
    assert (row["title"], row["title_folded"], row["category"], row["owning_unit"]) == (
        "Vinterväghållning 🚜 Åre–Östersund", "vintervaghallning 🚜 are–ostersund", "Gata och park", None)
    assert (row["supplier_id"], row["start_date"], row["end_date"], row["notice_period_months"]) == (
        register["supplier"].id, date(2025, 1, 1), date(2027, 12, 31), 6)
    assert (Decimal(row["estimated_yearly_value_sek"]), row["status"]) == (Decimal("1200000.50"), "aktivt")
    history = await _rows(database_url, select(t.change_history).where(
        t.change_history.c.entity == "contracts", t.change_history.c.entity_id == str(row["id"])))
    assert [(h["action"], h["actor_label"], h["before"]) for h in history] == [("create", COORDINATOR_EMAIL, None)]
    assert history[0]["after"]["end_date"] == "2027-12-31"
    assert history[0]["after"]["estimated_yearly_value_sek"] == "1200000.50"
    assert await _revision(database_url) != revision


async def test_a_coordinator_adds_a_contract_in_english_with_the_english_texts(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator,
               "new contract", "2025-101", "Office supplies", "556123-4567", "-", "Central purchasing",
               "2025-02-30", "2025-03-01", "2027-02-28", "61", "3", "1,200", "1,200,000.50", "ended", "yes",
               locale="en-US")
    texts = stub.texts()
    assert texts[0] == "What is the contract's reference (diarienummer)? For example 2024-017. (Type **cancel** to stop.)"
    assert texts[6] == "“2025-02-30” is not a date I can read. Write YYYY-MM-DD, for example 2026-03-31 (or 31/3/2026)."
    assert texts[9] == "The notice period is in whole months from 0 to 60, so “61” won't do. Type - to skip."
    assert texts[11] == ("I can't read “1,200” as an amount in kronor. Write for example 1 200 000 or 1200000.50, "
                         "or - to skip.")
    facts = _facts(stub.activities[13])
    assert (facts["Supplier"], facts["Category"], facts["Notice period"], facts["Yearly value"], facts["Status"]) == (
        "Städ & Fönster Åkesson AB (556123-4567)", "–", "3 months", "SEK 1,200,000.50", "ended")
    assert _card(stub.activities[13])["actions"][0]["title"] == "Yes"
    assert texts[-1] == "Done! Contract 2025-101 – Office supplies is now in the contract register."
    rows = await _rows(database_url, select(t.contracts.c.status, t.contracts.c.owning_unit, t.contracts.c.category)
                       .where(t.contracts.c.reference == "2025-101"))
    assert rows == [{"status": "avslutat", "owning_unit": "Central purchasing", "category": None}]


async def test_changing_a_contracts_end_date_keeps_it_before_and_after_in_the_history(
    bot_url, session, stub, database_url, coordinator, register
):
    revision = await _revision(database_url)
    await _say(session, bot_url, stub, coordinator, "Ändra avtal 2024-017", "elva", "6", "2023-12-31",
               "2026-06-30", "ja")
    card = _card(stub.activities[0])
    assert card["body"][0]["text"] == "Ändra avtal 2024-017 – Städtjänster förskolor"
    assert card["body"][1]["facts"][5] == {"title": "6. Slutdatum", "value": "2025-12-31"}
    assert card["actions"][5]["data"] == {"msteams": {"type": "imBack", "value": "Slutdatum"}}
    texts = stub.texts()
    assert texts[1] == "Välj ett av fälten på kortet: skriv numret (1–9) eller namnet."
    assert texts[2] == "Vilket datum slutar avtalet? Skriv ÅÅÅÅ-MM-DD.\n\nNu: 2025-12-31"
    assert texts[3].startswith("Slutdatumet 2023-12-31 ligger före startdatumet 2024-01-01")
    assert _facts(stub.activities[4]) == {"Avtalsnummer": "2024-017 – Städtjänster förskolor", "Uppgift": "Slutdatum",
                                          "Före": "2025-12-31", "Efter": "2026-06-30"}
    assert texts[-1] == "Klart! Slutdatum för avtal 2024-017 är ändrat från 2025-12-31 till 2026-06-30."
    contract = register["contract"]
    rows = await _rows(database_url, select(t.contracts.c.end_date, t.contracts.c.start_date)
                       .where(t.contracts.c.id == contract.id))
    assert rows == [{"end_date": date(2026, 6, 30), "start_date": date(2024, 1, 1)}]
    history = await _rows(database_url, select(t.change_history).where(
        t.change_history.c.entity == "contracts", t.change_history.c.action == "update"))
    assert [(h["entity_id"], h["actor_label"], h["before"], h["after"]) for h in history] == [
        (str(contract.id), COORDINATOR_EMAIL, {"end_date": "2025-12-31"}, {"end_date": "2026-06-30"})]
    assert await _revision(database_url) != revision


async def test_changing_a_field_chosen_by_name_in_english_and_an_unknown_contract(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator, "change contract 2099-1", locale="en-US")
    assert stub.texts()[0] == ("I can't find a contract with the reference 2099-1. Check it and try again, "
                               "or type **cancel**.")
    await _say(session, bot_url, stub, coordinator, "change contract", "2024-017", "yearly value", "950 000",
               "yes", locale="en-US")
    texts = stub.texts()
    assert texts[1] == "Which contract do you want to change? Type its reference, for example 2024-017. (Type **cancel** to stop.)"
    assert texts[-1] == "Done! Yearly value of contract 2024-017 changed from SEK 1,200,000 to SEK 950,000."
    rows = await _rows(database_url, select(t.contracts.c.estimated_yearly_value_sek))
    assert [Decimal(row["estimated_yearly_value_sek"]) for row in rows] == [Decimal("950000")]


async def test_a_new_contact_joins_the_team_with_a_role_and_as_key_contact(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator, "ny kontakt", "2024-999", "2024-017", "sara.ek@",
               "Sara.Ek@Stadfonster.SE", "Sara Ek", "070-123 45 67", "konsult", "leverantor", "Leverantörskontakt",
               "kanske", "ja", "ja")
    texts = stub.texts()
    assert texts[1].startswith("Jag hittar inget avtal med numret 2024-999.")
    assert texts[2] == "Vilken e-postadress har kontakten i uppföljningsteamet för 2024-017 – Städtjänster förskolor?"
    assert texts[3] == "”sara.ek@” är ingen e-postadress. Skriv till exempel sara.ek@exempelkommun.se."
    assert texts[7] == "”konsult” är ingen part. Välj verksamhet, inköp eller leverantör."
    assert texts[10] == "Svara **ja** eller **nej**."
    assert _facts(stub.activities[11]) == {
        "Avtal": "2024-017 – Städtjänster förskolor", "Namn": "Sara Ek", "E-post": "sara.ek@stadfonster.se",
        "Telefon": "070-123 45 67", "Part": "leverantör", "Roll": "leverantörskontakt", "Nyckelkontakt": "Ja",
    }
    assert texts[-1] == ("Klart! Sara Ek är nu leverantörskontakt och nyckelkontakt i uppföljningsteamet "
                         "för avtal 2024-017.")
    contacts = await _rows(database_url, select(t.contacts).where(t.contacts.c.email == "sara.ek@stadfonster.se"))
    assert [(c["name"], c["name_folded"], c["phone"], c["party"], c["supplier_id"], c["global_role"])
            for c in contacts] == [("Sara Ek", "sara ek", "070-123 45 67", "leverantör", register["supplier"].id,
                                    "leverantör")]
    roles = await _rows(database_url, select(t.contract_roles))
    assert [(r["contract_id"], r["contact_id"], r["role"], r["is_key_contact"]) for r in roles] == [
        (register["contract"].id, contacts[0]["id"], "leverantörskontakt", True)]
    history = await _rows(database_url, select(t.change_history.c.entity, t.change_history.c.action,
                                               t.change_history.c.actor_label)
                          .where(t.change_history.c.entity.in_(["contacts", "contract_roles"]),
                                 t.change_history.c.actor_label == COORDINATOR_EMAIL))
    assert [(h["entity"], h["action"]) for h in history] == [("contacts", "create"), ("contract_roles", "create")]


async def test_a_known_email_reuses_the_contact_and_asks_only_for_the_role(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator, "new contact", "2024-017", COORDINATOR_EMAIL.upper(),
               "process coordinator", "no", "yes", locale="en-US")
    texts = stub.texts()
    assert texts[2] == f"Karin Kvist ({COORDINATOR_EMAIL}) is already in the contact register, so I will use that contact."
    assert texts[3].startswith("What is Karin Kvist's role in the follow-up team?")
    facts = _facts(stub.activities[5])
    assert (facts["Role"], facts["Key contact"], facts["Contact register"]) == (
        "process coordinator", "No", "existing contact is used")
    assert texts[-1] == "Done! Karin Kvist is now process coordinator in the follow-up team of contract 2024-017."
    contacts = await _rows(database_url, select(t.contacts.c.id).where(t.contacts.c.email == COORDINATOR_EMAIL))
    assert len(contacts) == 1
    roles = await _rows(database_url, select(t.contract_roles.c.contact_id, t.contract_roles.c.role,
                                             t.contract_roles.c.is_key_contact))
    assert roles == [{"contact_id": contacts[0]["id"], "role": "processkoordinator", "is_key_contact": False}]
    await _say(session, bot_url, stub, coordinator, "new contact", "2024-017", COORDINATOR_EMAIL,
               "Process Coordinator", "no", "yes", locale="en-US")
    assert stub.texts()[-1] == ("The contact already has the role processkoordinator in the contract's follow-up "
                                "team, so I saved nothing.")
    assert len(await _rows(database_url, select(t.contract_roles))) == 1


@pytest.mark.parametrize("command", ["nytt avtal", "ändra avtal 2024-017", "ny kontakt"])
async def test_a_colleague_without_the_role_is_refused_at_once_and_nothing_is_written(
    bot_url, session, stub, database_url, register, command
):
    before = await _rows(database_url, select(t.change_history.c.id))
    await _say(session, bot_url, stub, None, command, "2025-555")
    assert stub.texts() == [NOT_ALLOWED, "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."]
    assert await _rows(database_url, select(t.change_history.c.id)) == before
    assert len(await _rows(database_url, select(t.contracts))) == 1


@pytest.mark.parametrize(
    ("answers", "table"),
    [
        (("nytt avtal", "2025-200", "Titel", "556123-4567", "-", "-", "2025-01-01", "avbryt"), t.contracts),
        (("ändra avtal 2024-017", "titel", "Ny titel", "avbryt"), t.contracts),
        (("ny kontakt", "2024-017", "ny@exempel.se", "Ny Person", "-", "inköp", "processägare", "ja", "avbryt"),
         t.contract_roles),
    ],
)
async def test_cancelling_mid_dialog_writes_nothing(bot_url, session, stub, database_url, coordinator, register,
                                                    answers, table):
    before = await _rows(database_url, select(table))
    history = await _rows(database_url, select(t.change_history.c.id))
    revision = await _revision(database_url)
    await _say(session, bot_url, stub, coordinator, *answers, "ja")
    assert stub.texts()[-2:] == ["Avbrutet. Inget sparades.",
                                 "Jag förstod inte riktigt. Skriv **hjälp** för att se vad jag kan."]
    assert await _rows(database_url, select(table)) == before
    assert await _rows(database_url, select(t.change_history.c.id)) == history
    assert await _rows(database_url, select(t.contacts.c.email).where(t.contacts.c.email == "ny@exempel.se")) == []
    assert await _revision(database_url) == revision


async def test_odd_answers_are_stored_verbatim_or_refused_with_the_length_reason(
    bot_url, session, stub, database_url, coordinator, register
):
    sql = "'; DROP TABLE contracts; --"
    await _say(session, bot_url, stub, coordinator, "nytt avtal", "2025-300", "x" * 10_000, sql,
               "Städ & Fönster Åkesson AB", "y" * 10_000, "Robert'); DELETE FROM suppliers; --", "-",
               "2025-01-01", "2025-12-31", "-", "-", "-", "ja")
    texts = stub.texts()
    assert texts[2] == "Texten är för lång (högst 300 tecken). Försök igen."
    assert texts[5] == "Texten är för lång (högst 200 tecken). Försök igen."
    assert texts[-1] == f"Klart! Avtal 2025-300 – {sql} finns nu i avtalsregistret."
    rows = await _rows(database_url, select(t.contracts.c.title, t.contracts.c.category, t.contracts.c.owning_unit,
                                            t.contracts.c.notice_period_months,
                                            t.contracts.c.estimated_yearly_value_sek)
                       .where(t.contracts.c.reference == "2025-300"))
    assert rows == [{"title": sql, "category": "Robert'); DELETE FROM suppliers; --", "owning_unit": None,
                     "notice_period_months": None, "estimated_yearly_value_sek": None}]
    assert len(await _rows(database_url, select(t.suppliers))) == 1


async def test_a_ten_thousand_character_reference_or_email_is_refused_with_the_length_reason(
    bot_url, session, stub, database_url, coordinator, register
):
    await _say(session, bot_url, stub, coordinator, "ny kontakt", "9" * 10_000, "2024-017", "a" * 10_000 + "@x.se",
               "avbryt")
    texts = stub.texts()
    assert texts[1] == "Texten är för lång (högst 60 tecken). Försök igen."
    assert texts[3] == "Texten är för lång (högst 320 tecken). Försök igen."
    assert await _rows(database_url, select(t.contract_roles)) == []


async def test_the_help_card_lists_the_register_commands(bot_url, session, stub):
    await post(session, bot_url, message("hjälp", service_url=stub.url))
    commands = [fact["title"] for fact in _card(stub.activities[0])["body"][2]["facts"]]
    register = commands.index("nytt avtal")  # wherever other topics put them, the register commands go together
    assert commands[register:register + 4] == ["nytt avtal", "ändra avtal 2024-017", "ny kontakt", "ny KPI för 2024-017"]
