"""What a reminder says, in Swedish and English, for each kind of item: what is due, why it came to this person
(also when it was escalated to them), what is needed before a contract's dates; its snooze buttons; the KPI
recording card it carries; and that each is a sound Adaptive Card well under 28 KB."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.commands import Command, parse_command
from bot.domain.kpis import Frequency, KpiContract, KpiDefinition, Thresholds
from bot.domain.reminder_content import Action, Meeting, ReminderContract, ReminderFacts
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from bot.i18n import Texts
from cards.reminder_card import reminder_card, snoozed_card
from tests.support.adaptive_cards import problems

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TODAY = date(2026, 11, 2)
CONTRACT = ReminderContract(id=2, reference="2024-017", title="Städtjänster", supplier_name="Städbolaget AB",
                            status="aktivt", end_date=date(2027, 8, 31), notice_date=date(2027, 2, 28))
KPI = KpiDefinition(id=9, contract=KpiContract(id=2, reference="2024-017", title="Städtjänster", supplier_id=1,
                                               supplier_name="Städbolaget AB"),
                    name="Leveransprecision", unit="%", frequency=Frequency.MONTH, thresholds=Thresholds(Decimal(95)))
PAYLOADS = {
    ReminderKind.KPI: {"kpi_id": 9, "period": "2026-10", "deadline": "2026-11-10"},
    ReminderKind.MEETING: {"meeting_id": 4, "starts_at": "2026-12-01T09:00:00+01:00"},
    ReminderKind.ACTION: {"action_id": 6, "due": "2026-11-06", "overdue": False},
    ReminderKind.NOTICE: {"date": "2027-02-28", "months_before": 3},
    ReminderKind.END: {"date": "2027-08-31", "months_before": 9},
    ReminderKind.SURVEY: {"supplier_id": 1, "period": "2026-Q3"},
}


def _facts(kind: ReminderKind, *, step: int = 0, role: str | None = None, **payload) -> ReminderFacts:
    reminder = Reminder(id=41, kind=kind, subject_key="x", recipient_id=5, contract_id=2, sequence=1, step=step,
                        payload={**PAYLOADS[kind], **payload}, due_at=datetime(2026, 11, 2, 8, tzinfo=STOCKHOLM),
                        status=ReminderStatus.CLAIMED)
    return ReminderFacts(
        reminder=reminder, contract=CONTRACT, role=role,
        responsible_names=("Anna Andersson",) if step else (),
        kpi=KPI if kind is ReminderKind.KPI else None,
        meeting=Meeting(4, 2, "uppföljningsmöte", datetime(2026, 12, 1, 8, tzinfo=ZoneInfo("UTC")), "planerat")
        if kind is ReminderKind.MEETING else None,
        action=Action(6, 2, "Ta fram ny städplan", date(2026, 11, 6), "öppen") if kind is ReminderKind.ACTION else None,
    )


def _texts(card: dict) -> list[str]:
    return [element["text"] for element in card["body"] if element["type"] == "TextBlock"]


def _card(language: str, facts: ReminderFacts) -> dict:
    return reminder_card(Texts(language), facts, TODAY, STOCKHOLM)


def test_a_kpi_reminder_says_why_it_came_and_by_when_in_swedish_and_english():
    assert _texts(_card("sv", _facts(ReminderKind.KPI)))[:2] == [
        "Dags att rapportera Leveransprecision för 2026-10",
        "Du får påminnelsen eftersom du rapporterar KPI:n Leveransprecision för avtal 2024-017 Städtjänster "
        "(Städbolaget AB). Perioden 2026-10 ska rapporteras senast 2026-11-10.",
    ]
    assert _texts(_card("en", _facts(ReminderKind.KPI)))[:2] == [
        "Time to report Leveransprecision for 2026-10",
        "You get this reminder because you report the KPI Leveransprecision for contract 2024-017 Städtjänster "
        "(Städbolaget AB). The period 2026-10 is to be reported by 2026-11-10.",
    ]


def test_an_escalated_reminder_says_whom_it_went_to_and_in_which_role_it_comes():
    facts = _facts(ReminderKind.KPI, step=1, role="processägare", unanswered=3, responsible_ids=[7])
    assert _texts(_card("sv", facts))[1:3] == [
        "KPI:n Leveransprecision för avtal 2024-017 Städtjänster (Städbolaget AB) har inte rapporterats för perioden "
        "2026-10. Den ska rapporteras senast 2026-11-10.",
        "Påminnelsen har gått till Anna Andersson 3 gånger utan svar; du får den som processägare.",
    ]
    assert _texts(_card("en", facts))[2] == (
        "The reminder has gone to Anna Andersson 3 times without an answer; you get it as the process owner.")


def test_the_kpi_reminder_carries_the_recording_card_for_its_kpi_and_period_answered_in_place():
    card = _card("sv", _facts(ReminderKind.KPI))
    inputs = {element["id"]: element for element in card["body"] if "id" in element}
    assert (inputs["kpi_id"]["value"], inputs["period"]["value"]) == ("9", "2026-10")
    assert [choice["value"] for choice in inputs["kpi_id"]["choices"]] == ["9"]
    save, *snooze = card["actions"]
    assert (save["type"], save["verb"], save["data"]) == ("Action.Execute", "kpi.report", {"contract_id": 2})
    assert save["fallback"]["type"] == "Action.Submit"
    assert [(action["title"], action["data"]) for action in snooze] == [
        ("Påminn mig i morgon", {"reminder_id": 41, "choice": "tomorrow"}),
        ("Påminn mig nästa vecka", {"reminder_id": 41, "choice": "next_week"}),
        ("Rapportera senare", {"reminder_id": 41, "choice": "later"}),
    ]
    for action in snooze:  # snoozing must not require the form's inputs
        assert (action["verb"], action["associatedInputs"], action["fallback"]["associatedInputs"]) == (
            "reminder.snooze", "none", "none")
        assert action["fallback"]["data"] == {"verb": "reminder.snooze", **action["data"]}


@pytest.mark.parametrize(("kind", "language", "expected"), [
    (ReminderKind.MEETING, "sv", ["uppföljningsmöte tisdag 1 december kl. 09:00",
                                  "Du får påminnelsen eftersom du är kallad till uppföljningsmöte för avtal 2024-017 "
                                  "Städtjänster (Städbolaget AB). Mötet börjar tisdag 1 december kl. 09:00."]),
    (ReminderKind.MEETING, "en", ["uppföljningsmöte Tuesday 1 December at 09:00",
                                  "You get this reminder because you are invited to the uppföljningsmöte for contract "
                                  "2024-017 Städtjänster (Städbolaget AB). The meeting starts Tuesday 1 December at "
                                  "09:00."]),
    (ReminderKind.ACTION, "sv", ["Aktivitet att slutföra senast 2026-11-06: Ta fram ny städplan",
                                 "Du får påminnelsen eftersom du är ansvarig för aktiviteten ”Ta fram ny städplan” för "
                                 "avtal 2024-017 Städtjänster (Städbolaget AB). Den ska vara klar senast 2026-11-06."]),
    (ReminderKind.ACTION, "en", ["Action to complete by 2026-11-06: Ta fram ny städplan",
                                 "You get this reminder because you own the action “Ta fram ny städplan” for contract "
                                 "2024-017 Städtjänster (Städbolaget AB). It is due by 2026-11-06."]),
    (ReminderKind.NOTICE, "sv", ["Sista dag för uppsägning av avtal 2024-017 är 2027-02-28",
                                 "Du får påminnelsen eftersom du är processkoordinator för avtal 2024-017 Städtjänster "
                                 "(Städbolaget AB). Sista dag att säga upp avtalet är 2027-02-28, om 3 månader.",
                                 "Före dess behövs ett beslut: ska avtalet förlängas, eller ska en ny upphandling "
                                 "påbörjas?"]),
    (ReminderKind.NOTICE, "en", ["The last day to give notice on contract 2024-017 is 2027-02-28",
                                 "You get this reminder because you are the process coordinator for contract 2024-017 "
                                 "Städtjänster (Städbolaget AB). The last day to give notice is 2027-02-28, in 3 months.",
                                 "Before then a decision is needed: extend the contract, or start a new procurement?"]),
    (ReminderKind.END, "sv", ["Avtal 2024-017 löper ut 2027-08-31",
                              "Du får påminnelsen eftersom du är processkoordinator för avtal 2024-017 Städtjänster "
                              "(Städbolaget AB). Avtalet löper ut 2027-08-31, om 9 månader.",
                              "Före dess behövs en ny upphandling eller ett beslut om förlängning."]),
    (ReminderKind.END, "en", ["Contract 2024-017 ends 2027-08-31",
                              "You get this reminder because you are the process coordinator for contract 2024-017 "
                              "Städtjänster (Städbolaget AB). The contract ends 2027-08-31, in 9 months.",
                              "Before then a new procurement or a decision on an extension is needed."]),
])
def test_each_kind_of_reminder_says_what_is_due_and_why_it_came(kind, language, expected):
    card = _card(language, _facts(kind, role="processkoordinator"))
    assert _texts(card) == expected
    snooze = [action for action in card["actions"] if action.get("verb") == "reminder.snooze"]
    assert [action["data"]["choice"] for action in snooze] == ["tomorrow", "next_week", "later"]


@pytest.mark.parametrize(("language", "title", "command"), [
    ("sv", "Registrera lärdomar", "lärdomar för avtal 2024-017"),
    ("en", "Record lessons", "record lessons for 2024-017"),
])
def test_only_the_end_reminder_offers_to_record_the_lessons_of_the_contract(language, title, command):
    card = _card(language, _facts(ReminderKind.END, role="processkoordinator"))
    typed = [action for action in card["actions"] if action.get("verb") != "reminder.snooze"]
    assert [(action["title"], action["data"]["msteams"]) for action in typed] == [
        (title, {"type": "imBack", "value": command})]
    assert parse_command(command) is Command.RECORD_LESSONS
    for kind in (ReminderKind.NOTICE, ReminderKind.MEETING):
        assert all(action.get("verb") == "reminder.snooze" for action in _card(language, _facts(kind))["actions"])


def test_an_overdue_action_says_when_it_was_due():
    facts = _facts(ReminderKind.ACTION, overdue=True)
    assert _texts(_card("sv", facts)) == [
        "Försenad aktivitet: Ta fram ny städplan",
        "Du får påminnelsen eftersom du är ansvarig för aktiviteten ”Ta fram ny städplan” för avtal 2024-017 "
        "Städtjänster (Städbolaget AB). Den skulle ha varit klar 2026-11-06.",
    ]


def test_a_contract_date_reminder_to_someone_without_a_ladder_role_names_the_team():
    assert _texts(_card("sv", _facts(ReminderKind.END)))[1].startswith(
        "Du får påminnelsen eftersom du är medlem i uppföljningsteamet för avtal 2024-017")


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("kind", list(ReminderKind))
def test_every_reminder_card_is_sound_and_well_under_28_kb(kind, language):
    card = _card(language, _facts(kind, step=2, role="processkoordinator", unanswered=3, responsible_ids=[7, 8]))
    assert problems(card) == []
    assert len(json.dumps(card, ensure_ascii=False).encode()) < 10 * 1024


def test_the_snoozed_card_says_what_and_when_in_words():
    until = datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM)
    swedish = snoozed_card(Texts("sv"), until, STOCKHOLM, "Avtal 2023-008 löper ut 2027-07-31")
    assert [block["text"] for block in swedish["body"]] == [
        "Avtal 2023-008 löper ut 2027-07-31", "Jag påminner dig igen tisdag 1 december kl. 09:00."]
    assert problems(swedish) == []
    english = snoozed_card(Texts("en"), until, STOCKHOLM, "Contract 2023-008 ends 2027-07-31")
    assert english["body"][1]["text"] == "I will remind you again Tuesday 1 December at 09:00."


def test_a_reminder_whose_item_was_dealt_with_is_no_longer_relevant():
    assert all(_facts(kind, role="processägare").still_relevant() for kind in ReminderKind)
    kpi = _facts(ReminderKind.KPI)
    meeting, action = _facts(ReminderKind.MEETING), _facts(ReminderKind.ACTION)
    gone = [
        replace(kpi, kpi_reported=True),
        replace(kpi, kpi=None),
        replace(meeting, meeting=replace(meeting.meeting, status="inställt")),
        replace(action, action=replace(action.action, status="klar")),
        replace(_facts(ReminderKind.NOTICE), contract=replace(CONTRACT, notice_date=date(2027, 5, 31))),  # extended
        replace(_facts(ReminderKind.END), contract=replace(CONTRACT, status="avslutat")),
        replace(kpi, reminder=replace(kpi.reminder, status=ReminderStatus.CANCELLED)),
        replace(_facts(ReminderKind.SURVEY), survey_answered=True),  # rated by any route meanwhile
    ]
    assert [facts.still_relevant() for facts in gone] == [False] * len(gone)


def test_the_survey_reminder_says_why_it_came_and_carries_the_survey_answered_in_place():
    swedish, english = _card("sv", _facts(ReminderKind.SURVEY)), _card("en", _facts(ReminderKind.SURVEY))
    assert _texts(swedish)[:2] == [
        "Hur nöjd är du med Städbolaget AB? Kvartal 2026-Q3",
        "Du får frågan eftersom du följer upp avtal med Städbolaget AB. Kvartalet 2026-Q3 är slut, och ditt svar "
        "blir en del av leverantörens kvalitetsbetyg (Nöjd kund-uppföljning).",
    ]
    assert _texts(english)[0] == "How satisfied are you with Städbolaget AB? Quarter 2026-Q3"
    inputs = {element["id"]: element for element in swedish["body"] if "id" in element}
    assert [choice["title"] for choice in inputs["score"]["choices"]] == [
        "5 – mycket nöjd", "4 – ganska nöjd", "3 – varken nöjd eller missnöjd", "2 – ganska missnöjd",
        "1 – mycket missnöjd"]
    assert inputs["comment"]["type"] == "Input.Text"
    send, *snooze = swedish["actions"]
    assert (send["verb"], send["data"]) == ("rate_supplier", {"supplier_id": 1, "period": "2026-Q3"})
    assert send["fallback"]["data"] == {"verb": "rate_supplier", "supplier_id": 1, "period": "2026-Q3"}
    assert [action["data"]["choice"] for action in snooze] == ["tomorrow", "next_week", "later"]
    assert problems(swedish) == [] and problems(english) == []
