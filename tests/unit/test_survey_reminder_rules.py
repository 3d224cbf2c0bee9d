"""The customer-satisfaction survey as a reminder: planned on the first working morning of a quarter for the
quarter just ended, once per person and supplier, to the processägare and the business unit's people of running
contracts' teams (never the supplier's own), at most twice, without escalation, and answered per person."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.domain.contracts import ContractStatus
from bot.domain.reminder_facts import ContractFacts, PlanningFacts
from bot.domain.reminder_rules import decide
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from tests.unit.test_reminder_rules import CALENDAR, PLAN, at, simulate

OWNER, COORDINATOR, MEMBER, SUPPLIER_CONTACT, OTHER_OWNER = 21, 22, 23, 24, 25
PARTIES = {OWNER: "verksamhet", COORDINATOR: "inköp", MEMBER: "verksamhet", SUPPLIER_CONTACT: "leverantör",
           OTHER_OWNER: "verksamhet"}
SUBJECT = "survey:7:2026-Q4"


def _contract(contract_id: int, roles: dict, status: ContractStatus = ContractStatus.ACTIVE,
              supplier_id: int = 7) -> ContractFacts:
    return ContractFacts(id=contract_id, supplier_id=supplier_id, status=status, plan=PLAN, roles=roles,
                         parties={person: PARTIES[person] for people in roles.values() for person in people})


def _facts(*contracts: ContractFacts, ratings=(), reminders=()) -> PlanningFacts:
    return PlanningFacts(contracts={c.id: c for c in contracts}, ratings=frozenset(ratings), reminders=reminders)


TEAM = _contract(1, {"processägare": (OWNER,), "processkoordinator": (COORDINATOR,), "medarbetare": (MEMBER,),
                     "leverantörskontakt": (SUPPLIER_CONTACT,)})
SECOND = _contract(2, {"processägare": (OWNER,), "leverantörskontakt": (SUPPLIER_CONTACT,)})


def _surveys(decisions) -> list[tuple]:
    return [(p.subject_key, p.recipient_id, p.contract_id, p.step, p.due_at, p.payload)
            for p in decisions.new if p.kind is ReminderKind.SURVEY]


def test_the_survey_of_the_quarter_just_ended_goes_on_the_first_working_morning_once_per_person_and_supplier():
    decisions = decide(_facts(TEAM, SECOND), CALENDAR, at(2027, 1, 2, 12))  # a Saturday after nyårsdagen
    payload = {"supplier_id": 7, "period": "2026-Q4"}
    assert _surveys(decisions) == [(SUBJECT, OWNER, 1, 0, at(2027, 1, 4), payload),
                                   (SUBJECT, MEMBER, 1, 0, at(2027, 1, 4), payload)]


def test_a_processagare_from_procurement_is_asked_but_never_the_suppliers_own_people():
    contract = _contract(1, {"processägare": (COORDINATOR, SUPPLIER_CONTACT), "medarbetare": (SUPPLIER_CONTACT,)})
    assert [s[1] for s in _surveys(decide(_facts(contract), CALENDAR, at(2027, 1, 4, 9)))] == [COORDINATOR]


def test_someone_whose_party_is_not_known_is_not_asked():
    contract = replace(TEAM, parties={})
    assert _surveys(decide(_facts(contract), CALENDAR, at(2027, 1, 4, 9))) == []


def test_an_ended_contract_asks_nobody_and_each_supplier_asks_its_own_teams():
    ended = _contract(1, TEAM.roles, status=ContractStatus.ENDED)
    other = _contract(3, {"processägare": (OTHER_OWNER,)}, supplier_id=8)
    decisions = decide(_facts(ended, other), CALENDAR, at(2027, 1, 4, 9))
    assert [(s[0], s[1]) for s in _surveys(decisions)] == [("survey:8:2026-Q4", OTHER_OWNER)]


def test_an_unanswered_survey_is_reminded_twice_at_most_and_never_escalated():
    sent = simulate(_facts(SECOND), at(2027, 1, 4, 7), at(2027, 3, 31))  # one person asked: as `simulate` sends
    assert [(row.kind, row.recipient_id, row.sequence, row.step, row.due_at) for row in sent] == [
        (ReminderKind.SURVEY, OWNER, 1, 0, at(2027, 1, 4)),
        (ReminderKind.SURVEY, OWNER, 2, 0, at(2027, 1, 8)),  # three working days on: trettondedag jul is a holiday
    ]


def test_rating_the_supplier_answers_that_persons_survey_only():
    sent = [Reminder(id=1, kind=ReminderKind.SURVEY, subject_key=SUBJECT, recipient_id=OWNER, contract_id=1,
                     sequence=1, step=0, payload={"supplier_id": 7, "period": "2026-Q4"}, due_at=at(2027, 1, 4),
                     status=ReminderStatus.SENT, sent_at=at(2027, 1, 4))]
    pending = [replace(sent[0], id=2, recipient_id=MEMBER, status=ReminderStatus.PENDING, sent_at=None,
                       due_at=at(2027, 1, 7)),
               replace(sent[0], id=3, sequence=2, status=ReminderStatus.PENDING, sent_at=None, due_at=at(2027, 1, 7))]
    decisions = decide(_facts(TEAM, ratings={(7, "2026-Q4", OWNER)}, reminders=sent + pending), CALENDAR,
                       at(2027, 1, 5, 10))
    assert decisions.answer == [1]  # the owner's sent survey: answered by rating, by any route
    assert decisions.cancel == [3]  # the owner's next one is not sent; the member's stays
    assert _surveys(decisions) == []


def test_an_answered_survey_reminder_ends_only_that_persons_part():
    answered = Reminder(id=1, kind=ReminderKind.SURVEY, subject_key=SUBJECT, recipient_id=OWNER, contract_id=1,
                        sequence=1, step=0, payload={"supplier_id": 7, "period": "2026-Q4"}, due_at=at(2027, 1, 4),
                        status=ReminderStatus.ANSWERED, sent_at=at(2027, 1, 4), answered_at=at(2027, 1, 4, 9))
    decisions = decide(_facts(TEAM, reminders=[answered]), CALENDAR, at(2027, 1, 4, 10))
    assert [s[1] for s in _surveys(decisions)] == [MEMBER]


def test_a_new_quarter_cancels_the_last_quarters_pending_survey_and_asks_about_the_new_one():
    old = Reminder(id=1, kind=ReminderKind.SURVEY, subject_key="survey:7:2026-Q3", recipient_id=OWNER, contract_id=1,
                   sequence=2, step=0, payload={"supplier_id": 7, "period": "2026-Q3"},
                   due_at=at(2027, 1, 4) - timedelta(days=1), status=ReminderStatus.PENDING)
    decisions = decide(_facts(TEAM, reminders=[old]), CALENDAR, at(2027, 1, 4, 9))
    assert decisions.cancel == [1]
    assert {s[0] for s in _surveys(decisions)} == {SUBJECT}


def test_every_kind_of_reminder_is_named_in_the_overview_in_both_languages():
    from bot.i18n import Texts

    assert Texts("sv")("comingup.kind.survey") == "Nöjd kund-enkät"
    assert Texts("en")("comingup.kind.survey") == "Satisfaction survey"
    for language in ("sv", "en"):
        assert all(Texts(language)(f"comingup.kind.{kind.value}") for kind in ReminderKind)
