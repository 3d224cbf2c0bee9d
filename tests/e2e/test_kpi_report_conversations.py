"""Reporting a KPI value by chat, over real HTTP as Teams does, against the demo register on both databases:
what the user reads at each step, the answer card, and what the database holds afterwards."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from bot.domain.kpis import Frequency, due_period
from storage import tables as t
from tests.support.database import rows as _rows
from tests.support.adaptive_cards import problems
from tests.support.demo_people import COORDINATOR, EMPLOYEE, NEWCOMER, SUPPLIER_GUEST
from tests.support.teams import message, post
from tests.support.stockholm import today as stockholm_today





async def _say(session, url, stub, user, *texts: str, locale: str = "sv-SE") -> None:
    for text in texts:
        status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale))
        assert status == 201


async def _stored(database_url: str, kpi_name: str, reference: str) -> dict[str, Decimal]:
    rows = await _rows(database_url, select(t.kpi_values.c.period, t.kpi_values.c.value)
                       .join(t.kpi_definitions, t.kpi_definitions.c.id == t.kpi_values.c.kpi_id)
                       .join(t.contracts, t.contracts.c.id == t.kpi_definitions.c.contract_id)
                       .where(t.kpi_definitions.c.name == kpi_name, t.contracts.c.reference == reference))
    return {row["period"]: Decimal(row["value"]) for row in rows}


async def _counts(database_url: str) -> tuple[int, int]:
    values = await _rows(database_url, select(func.count().label("n")).select_from(t.kpi_values))
    history = await _rows(database_url, select(func.count().label("n")).select_from(t.change_history)
                          .where(t.change_history.c.entity == "kpi_values"))
    return values[0]["n"], history[0]["n"]


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


def _due() -> str:
    return due_period(Frequency.MONTH, stockholm_today()).label


async def test_a_supplier_guest_corrects_a_reported_value_and_the_answer_card_shows_status_change_and_trend(
    demo_bot, session, stub, database_url
):
    due = _due()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "registrera nyckeltal för Städbolaget")
    choices = _card(stub.activities[0])
    assert _facts(choices) == {  # only the contracts of the guest's own supplier
        "1. 2020-019": "Fönsterputs och storstädning – Städbolaget Exempel AB",
        "2. 2022-041": "Lokalvård i kommunens verksamhetslokaler – Städbolaget Exempel AB",
    }
    stub.clear()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST,
               "2024-017", "2022-041", "Städkvalitet enligt insta 800", "ja", "ja", "abc", "101", "91",
               "Två städare sjuka", "ja")
    texts = stub.texts()
    assert texts[0] == "”2024-017” är inget av avtalen. Svara med numret (1–2) eller avtalsnumret."
    assert _facts(_card(stub.activities[1]))["1. Städkvalitet enligt INSTA 800"] == "per månad · mål 95 %"
    assert texts[2] == f"{due}? Svara **ja** eller skriv en annan period."
    assert texts[3] == f"Perioden {due} har redan värdet 90,6. Vill du rätta det?"
    assert texts[4] == f"Vilket värde ska ”Städkvalitet enligt INSTA 800” ha för {due} i stället för 90,6 %?"
    assert texts[5] == "”abc” kan jag inte läsa som ett tal. Skriv till exempel 91 eller 91,5."
    assert texts[6] == "101 går inte att rapportera för nyckeltalet, som ligger mellan 0 och 100. Skriv ett annat värde."
    assert _facts(_card(stub.activities[8])) == {
        "Nyckeltal": "Städkvalitet enligt INSTA 800", "Period": due, "Tidigare värde": "90,6 %", "Värde": "91 %",
        "Kommentar": "Två städare sjuka",
    }
    result = _card(stub.activities[9])
    assert problems(result) == []
    assert result["version"] == "1.5"
    assert result["body"][1]["text"] == f"Rättat för {due}. Det tidigare värdet finns kvar i ändringshistoriken."
    # below the target (95) but not past the red limit (85): yellow; below target this period and the three
    # before it (84,0, 92,8, 91,4); the change is from the period before (91,4)
    assert result["body"][2]["text"] == "91 % mot mål 95 % – gul, fjärde perioden i rad under mål"
    assert {key: _facts(result)[key] for key in ("Värde", "Status", "Mål", "Förändring", "Tidigare värde")} == {
        "Värde": "91 %", "Status": "gul", "Mål": "95 %", "Förändring": "−0,4 %", "Tidigare värde": "90,6 %"}
    chart = result["body"][4]
    assert chart["type"] == "Chart.Line"
    assert chart["data"][0]["values"][-1] == {"x": due, "y": 91.0}
    assert len(chart["data"][0]["values"]) == 12
    assert chart["fallback"]["items"][1]["facts"][-1] == {"title": due, "value": "91 %"}
    assert (await _stored(database_url, "Städkvalitet enligt INSTA 800", "2022-041"))[due] == Decimal(91)
    history = await _rows(database_url, select(t.change_history).where(t.change_history.c.entity == "kpi_values"))
    assert [(h["action"], h["actor_label"]) for h in history] == [("update", "maria.sjoberg@stadbolaget.example")]
    assert (history[0]["before"]["value"], history[0]["after"]["value"]) == ("90.6", "91")
    assert history[0]["after"]["comment"] == "Två städare sjuka"


async def test_every_wrong_period_is_re_asked_with_its_reason_and_a_new_period_is_saved(
    demo_bot, session, stub, database_url
):
    due = _due()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST,
               "rapportera KPI 2022-041", "3", "ja", "nej", "2026-13", "2026-Q3", "2099-01", "2021-12", "2025-06",
               "93,5", "-", "ja")
    texts = stub.texts()
    assert texts[1] == f"{due}? Svara **ja** eller skriv en annan period."
    assert texts[2] == f"Perioden {due} har redan värdet 99,3. Vill du rätta det?"
    assert texts[3] == f"Vilken period vill du rapportera i stället? Skriv till exempel {due}."
    assert texts[4] == f"”2026-13” är ingen period som det här nyckeltalet rapporteras för. Skriv perioden som {due}."
    assert texts[5] == f"”2026-Q3” är ingen period som det här nyckeltalet rapporteras för. Skriv perioden som {due}."
    assert texts[6] == "Perioden 2099-01 har inte börjat än och kan inte rapporteras. Skriv en period som har börjat."
    assert texts[7] == ("Perioden 2021-12 ligger utanför tiden då avtalet och nyckeltalet gäller (2022-04-01 – "
                        "2027-03-31). Skriv en period inom den.")
    assert texts[8] == "Vilket värde har ”Fakturor med korrekt pris” för 2025-06? Skriv ett tal, till exempel 91,5."
    assert _facts(_card(stub.activities[10]))["Kommentar"] == "–"
    result = _card(stub.activities[11])
    assert problems(result) == []
    assert result["body"][1]["text"] == "Sparat för 2025-06."
    assert result["body"][2]["text"] == "93,5 % mot mål 98 % – gul, under mål"
    assert _facts(result)["Förändring"] == "–"
    assert (await _stored(database_url, "Fakturor med korrekt pris", "2022-041"))["2025-06"] == Decimal("93.5")
    history = await _rows(database_url, select(t.change_history).where(t.change_history.c.entity == "kpi_values"))
    assert [(h["action"], h["before"], h["after"]["period"]) for h in history] == [("create", None, "2025-06")]


async def test_a_coordinator_reports_in_english_and_the_answer_card_says_it_in_english(
    demo_bot, session, stub, database_url
):
    due = _due()
    await _say(session, demo_bot, stub, COORDINATOR,
               "report KPI for 2024-017", "1", "yes", "yes", "-5", "89", "-", "yes", locale="en-US")
    texts = stub.texts()
    assert texts[1] == f"{due}? Answer **yes** or type another period."
    assert texts[2] == f"The period {due} already has the value 95.4. Do you want to correct it?"
    assert texts[4] == "−5 cannot be reported for this KPI, which lies between 0 and 100. Type another value."
    result = _card(stub.activities[-1])
    assert problems(result) == []
    assert result["body"][0]["text"] == "Lösta ärenden inom SLA"
    # the seven periods before it (84,7 … 94,2 in the demo history) were below the target too
    assert result["body"][2]["text"] == "89 % against target 95 % – yellow, eighth period in a row below target"
    assert {key: _facts(result)[key] for key in ("Status", "Change", "Previous value")} == {
        "Status": "yellow", "Change": "−5.2 %", "Previous value": "95.4 %"}
    assert result["body"][4]["title"] == "The last 12 values"
    assert (await _stored(database_url, "Lösta ärenden inom SLA", "2024-017"))[due] == Decimal(89)


async def test_cancelling_before_the_yes_writes_nothing(demo_bot, session, stub, database_url):
    before = await _counts(database_url)
    await _say(session, demo_bot, stub, COORDINATOR, "rapportera KPI", "2023-008", "Leveransprecision", "ja", "ja",
               "95", "avbryt", "ja")
    texts = stub.texts()
    assert texts[-2] == "Avbrutet. Inget sparades."
    assert await _counts(database_url) == before


async def test_someone_without_a_role_on_any_contract_is_told_at_once(demo_bot, session, stub, database_url):
    before = await _counts(database_url)
    await _say(session, demo_bot, stub, NEWCOMER, "rapportera KPI", "1")
    assert stub.texts()[0] == ("Du har inget avtal med nyckeltal som du får rapportera på. Be avtalets "
                               "processkoordinator om hjälp om du borde ha det.")
    assert len(stub.activities) == 2  # "1" is no answer to anything: the bot does not understand it
    assert await _counts(database_url) == before


async def test_a_medarbetare_on_one_contracts_team_goes_straight_to_its_kpis(demo_bot, session, stub):
    await _say(session, demo_bot, stub, EMPLOYEE, "rapportera KPI")
    card = _card(stub.activities[0])
    assert card["body"][0]["text"] == "Vilket nyckeltal för avtal 2023-008 – Skolmat i Exempel AB?"
    assert list(_facts(card)) == ["1. Leveransprecision", "2. Antal reklamationer", "3. Nöjd kund-index"]
    assert _facts(card)["3. Nöjd kund-index"] == "per år · mål 70 index"
    stub.clear()
    await _say(session, demo_bot, stub, EMPLOYEE, "4", "hjälp", "avbryt")
    assert stub.texts() == [
        "”4” är inget av nyckeltalen. Svara med numret (1–3) eller namnet.",
        "Jag väntar på ditt svar på frågan ovan. Skriv **avbryt** för att avbryta; inget sparas förrän du bekräftar.",
        "Avbrutet. Inget sparades.",
    ]


async def test_no_to_the_proposed_period_asks_which_period_instead(demo_bot, session, stub, database_url):
    due = _due()
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "rapportera KPI 2022-041", "3", "nej", "avbryt")
    texts = stub.texts()
    assert texts[1] == f"{due}? Svara **ja** eller skriv en annan period."
    assert texts[2] == f"Vilken period vill du rapportera i stället? Skriv till exempel {due}."
    assert texts[3] == "Avbrutet. Inget sparades."
