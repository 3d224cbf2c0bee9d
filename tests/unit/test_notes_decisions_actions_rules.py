"""Rules of meeting notes, the decision log and actions, without a database."""

from __future__ import annotations

from datetime import date

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.domain.actions import (
    Action,
    ActionStatus,
    DueDateInPast,
    InvalidActionStatus,
    may_close,
    parse_action_status,
    parse_due_date,
)
from bot.domain.decisions import DateInFuture, Decision, correction_of, decision_log, parse_past_date
from bot.domain.errors import InvalidDate
from bot.domain.meeting_notes import recognise
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole
from dialogs.meeting_notes import meeting_number

CONTACTS = {1: "Anna Lindqvist", 2: "Åsa Öberg", 3: "Anders Lind"}
TODAY = date(2026, 11, 30)


def test_swedish_lines_are_recognised_with_owner_and_due_date():
    notes = recognise(
        "Vi gick igenom nyckeltalen.\n"
        "Beslut: Ny städrutin från 1 januari\n"
        "Aktivitet: Ta fram städschema – Anna Lindqvist – 2026-12-15\n",
        CONTACTS,
    )
    assert [decision.what for decision in notes.decisions] == ["Ny städrutin från 1 januari"]
    (action,) = notes.actions
    assert (action.title, action.owner_id, action.due_date) == ("Ta fram städschema", 1, date(2026, 12, 15))
    assert notes.text.startswith("Vi gick igenom")


def test_english_lines_bullets_and_case_are_recognised():
    notes = recognise("- DECISION: Keep the supplier\n* action: Send invoice - Asa Oberg; 15/12/2026", CONTACTS)
    assert [decision.what for decision in notes.decisions] == ["Keep the supplier"]
    (action,) = notes.actions
    assert (action.title, action.owner_id, action.due_date) == ("Send invoice", 2, date(2026, 12, 15))


def test_owner_typed_without_dots_over_a_and_o_is_found():
    (action,) = recognise("Aktivitet: Boka lokal – asa oberg", CONTACTS).actions
    assert action.owner_id == 2


def test_words_that_only_start_like_a_keyword_are_not_lines():
    notes = recognise("Beslutet togs inte\nAktiviteten: x\nBeslut:\nText med Beslut: mitt i", CONTACTS)
    assert notes.decisions == () and notes.actions == ()


def test_action_part_naming_nobody_stays_in_the_title():
    (action,) = recognise("Aktivitet: Köp mopp – blå – 2026-13-40", CONTACTS).actions
    assert action.title == "Köp mopp – blå – 2026-13-40"
    assert action.owner_id is None and action.due_date is None


def test_correction_is_a_new_entry_pointing_at_the_old():
    original = Decision(id=7, contract_id=3, decided_on=date(2026, 11, 1), what="Vite", meeting_id=4)
    corrected = correction_of(original, Decision(None, 99, date(2026, 11, 2), "Prisavdrag"))
    assert (corrected.id, corrected.contract_id, corrected.corrects_id, corrected.meeting_id) == (None, 3, 7, 4)


def test_log_is_newest_first_and_marks_the_corrected_entry_as_replaced():
    entries = [
        Decision(1, 3, date(2026, 10, 1), "A"),
        Decision(2, 3, date(2026, 11, 1), "B"),
        Decision(3, 3, date(2026, 10, 1), "A rättad", corrects_id=1),
    ]
    log = decision_log(entries)
    assert [entry.decision.id for entry in log] == [2, 3, 1]
    assert [entry.replaced_by for entry in log] == [None, None, 3]


def test_decision_date_words_and_never_the_future():
    assert parse_past_date("idag", TODAY) == TODAY
    assert parse_past_date("igår", TODAY) == date(2026, 11, 29)
    assert parse_past_date("yesterday", TODAY) == date(2026, 11, 29)
    assert parse_past_date("2026-01-02", TODAY) == date(2026, 1, 2)
    with pytest.raises(DateInFuture):
        parse_past_date("2026-12-01", TODAY)
    with pytest.raises(InvalidDate):
        parse_past_date("på fredag", TODAY)


def test_overdue_means_still_open_and_due_before_today():
    def action(status: ActionStatus, due: date | None) -> Action:
        return Action(1, 3, "x", 1, due, status)

    assert action(ActionStatus.OPEN, date(2026, 11, 29)).is_overdue(TODAY)
    assert action(ActionStatus.IN_PROGRESS, date(2026, 11, 29)).is_overdue(TODAY)
    assert not action(ActionStatus.OPEN, TODAY).is_overdue(TODAY)
    assert not action(ActionStatus.DONE, date(2026, 11, 1)).is_overdue(TODAY)
    assert not action(ActionStatus.CLOSED, date(2026, 11, 1)).is_overdue(TODAY)
    assert not action(ActionStatus.OPEN, None).is_overdue(TODAY)


def test_status_words_in_both_languages_and_due_date_never_past():
    assert parse_action_status("Pågår") is ActionStatus.IN_PROGRESS
    assert parse_action_status("pagar") is ActionStatus.IN_PROGRESS
    assert parse_action_status("closed") is ActionStatus.CLOSED
    with pytest.raises(InvalidActionStatus):
        parse_action_status("kanske")
    assert parse_due_date("2026-11-30", TODAY) == TODAY
    with pytest.raises(DueDateInPast):
        parse_due_date("2026-11-29", TODAY)


def test_only_owner_team_leaders_and_coordinators_close_an_action():
    action = Action(12, 3, "x", owner_id=5, due_date=None)

    def person(person_id: int, role: GlobalRole, roles=frozenset()) -> Person:
        return Person(person_id, "P", None, role, contract_roles={3: frozenset(roles)})

    assert may_close(person(5, GlobalRole.EMPLOYEE), action)
    assert may_close(person(6, GlobalRole.COORDINATOR), action)
    assert may_close(person(6, GlobalRole.EMPLOYEE, {ContractRole.PROCESS_OWNER}), action)
    assert not may_close(person(6, GlobalRole.EMPLOYEE, {ContractRole.TEAM_MEMBER}), action)
    assert not may_close(person(6, GlobalRole.SUPPLIER, {ContractRole.PROCESS_OWNER}), action)


@pytest.mark.parametrize(("text", "command", "argument"), [
    ("mötesanteckningar", Command.MEETING_NOTES, None),
    ("Motesanteckningar för möte 12", Command.MEETING_NOTES, "möte 12"),
    ("meeting notes for Städbolaget", Command.MEETING_NOTES, "Städbolaget"),
    ("logga beslut för 2024-017", Command.LOG_DECISION, "2024-017"),
    ("log decision", Command.LOG_DECISION, None),
    ("rätta beslut 7", Command.CORRECT_DECISION, "7"),
    ("correct decision 7", Command.CORRECT_DECISION, "7"),
    ("beslut för avtal 2024-017", Command.DECISIONS, "2024-017"),
    ("decisions for contract Städbolaget", Command.DECISIONS, "Städbolaget"),
    ("ny aktivitet för 2024-017", Command.NEW_ACTION, "2024-017"),
    ("mina aktiviteter", Command.MY_ACTIONS, None),
    ("my actions", Command.MY_ACTIONS, None),
    ("stang aktivitet 12", Command.CLOSE_ACTION, "12"),
    ("close action 12", Command.CLOSE_ACTION, "12"),
    ("öppna aktiviteter för Städbolaget", Command.OPEN_ACTIONS, "Städbolaget"),
    ("open actions for 2024-017", Command.OPEN_ACTIONS, "2024-017"),
])
def test_notes_decision_and_action_commands_in_both_languages(text, command, argument):
    assert parse_command_with_argument(text) == (command, argument)


def test_words_of_a_sentence_about_decisions_are_no_command():
    assert parse_command_with_argument("beslutet var bra")[0] is None
    assert parse_command_with_argument("stäng aktivitet tolv")[0] is None
    assert parse_command_with_argument("close action 12345678901234567890")[0] is None  # no id is that large


def test_a_meeting_named_by_number_or_a_contract():
    assert meeting_number("möte 12") == 12 and meeting_number("Meeting 7") == 7 and meeting_number("12") == 12
    assert meeting_number("Städbolaget") is None and meeting_number(None) is None
    assert meeting_number("möte 12345678901234567890") is None
