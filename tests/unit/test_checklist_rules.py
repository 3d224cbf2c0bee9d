"""The checklists as data and the rules of answering them: answers in either language, progress, the next
item, and who may answer which part."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.domain.access import ContractScope
from bot.domain.checklists import (
    Answer,
    NotAnAnswer,
    may_answer,
    next_unanswered,
    parse_answer,
    part,
    part_named,
    parts,
    progress,
)
from bot.domain.people import Person
from bot.domain.roles import ContractRole, GlobalRole

SCOPE = ContractScope(contract_id=7, supplier_id=3)


def _person(role: GlobalRole, *, supplier_id: int | None = None, roles: dict | None = None) -> Person:
    return Person(id=1, name="N N", email="n@x.se", global_role=role, supplier_id=supplier_id,
                  contract_roles=roles or {})


def test_the_four_parts_of_the_process_are_there_in_its_order():
    assert [found.key for found in parts()] == ["fakta", "samarbetsmodell", "leverans", "sammanfattning"]
    assert [len(found.items) for found in parts()] == [12, 9, 8, 7]


def test_every_item_has_a_unique_key_and_a_question_in_both_languages():
    data = json.loads((files("bot.domain") / "data" / "checklists.json").read_text(encoding="utf-8"))
    for found in data["parts"]:
        keys = [item["key"] for item in found["items"]]
        assert len(keys) == len(set(keys)), found["key"]
        assert all(item["sv"].strip() and item["en"].strip() for item in found["items"]), found["key"]
        assert set(found["name"]) == {"sv", "en"}


def test_the_demo_datas_answers_name_items_of_the_checklists():
    demo = json.loads((files("storage") / "demo_data.json").read_text(encoding="utf-8"))
    for given in demo["checklist_answers"]:
        assert part(given["part"]).item(given["item_key"]) is not None, given


@pytest.mark.parametrize(("typed", "answer", "comment"), [
    ("ja", Answer.YES, None), ("Yes", Answer.YES, None), ("DELVIS", Answer.PARTLY, None),
    ("partly", Answer.PARTLY, None), ("nej", Answer.NO, None), ("no.", Answer.NO, None),
    ("ej aktuellt", Answer.NOT_RELEVANT, None), ("Not relevant", Answer.NOT_RELEVANT, None),
    ("1", Answer.YES, None), ("2", Answer.PARTLY, None), ("3", Answer.NO, None), ("4", Answer.NOT_RELEVANT, None),
    ("delvis, rutinen saknas", Answer.PARTLY, "rutinen saknas"), ("nej: inte än", Answer.NO, "inte än"),
    ("ej aktuellt - nytt avtal", Answer.NOT_RELEVANT, "nytt avtal"), ("no, not yet", Answer.NO, "not yet"),
])
def test_answers_are_read_in_swedish_english_or_by_number_with_a_comment_after_them(typed, answer, comment):
    assert parse_answer(typed) == (answer, comment)


@pytest.mark.parametrize("typed", ["kanske", "5", "0", "", "jaa men", "12"])
def test_anything_else_is_not_an_answer(typed):
    with pytest.raises(NotAnAnswer):
        parse_answer(typed)


def test_progress_counts_the_parts_own_items_answered():
    model = part("samarbetsmodell")
    assert (progress(model, ["roller", "bemanning", "no_such_item"]).answered, progress(model, []).total) == (2, 9)
    assert progress(model, [item.key for item in model.items]).complete


def test_the_next_item_is_the_first_neither_answered_nor_skipped():
    model = part("samarbetsmodell")
    assert next_unanswered(model, []).key == "intressentanalys"
    assert next_unanswered(model, ["intressentanalys"], ["kommunikationsvagar"]).key == "motesstruktur"
    assert next_unanswered(model, [item.key for item in model.items]) is None


@pytest.mark.parametrize(("typed", "key", "rest"), [
    ("samarbetsmodell för Städbolaget", "samarbetsmodell", "Städbolaget"),
    ("Samarbetsmodellen for Stadbolaget", "samarbetsmodell", "Stadbolaget"),
    ("cooperation model for X", "samarbetsmodell", "X"),
    ("fakta och avtalsinformation 2024-017", "fakta", "2024-017"),
    ("leverans och prestation för Skolmat", "leverans", "Skolmat"),
    ("summary for 2022-041", "sammanfattning", "2022-041"),
])
def test_a_part_is_named_in_either_language_before_the_contract(typed, key, rest):
    found, remainder = part_named(typed)
    assert (found.key, remainder) == (key, rest)


def test_a_contract_alone_names_no_part():
    assert part_named("för Städbolaget") == (None, "för Städbolaget")


@pytest.mark.parametrize(("text", "command", "argument"), [
    ("checklista samarbetsmodell för Städbolaget", Command.CHECKLIST, "samarbetsmodell för Städbolaget"),
    ("checklist cooperation model for X", Command.CHECKLIST, "cooperation model for X"),
    ("visa checklista samarbetsmodell för X", Command.SHOW_CHECKLIST, "samarbetsmodell för X"),
    ("show checklist summary for 2022-041", Command.SHOW_CHECKLIST, "summary for 2022-041"),
    ("fråga om processen: vad är en flaskhalsleverantör?", Command.PROCESS_GUIDE, "vad är en flaskhalsleverantör"),
    ("processguide", Command.PROCESS_GUIDE, None),
    ("Ändra svar 3 i samarbetsmodell för Städbolaget", Command.CHANGE_CHECKLIST_ANSWER,
     "3 i samarbetsmodell för Städbolaget"),
    ("rätta punkt 12 fakta för 2024-017", Command.CHANGE_CHECKLIST_ANSWER, "12 fakta för 2024-017"),
    ("change answer 2 in collaboration model for X", Command.CHANGE_CHECKLIST_ANSWER, "2 in collaboration model for X"),
])
def test_checklist_and_guide_commands_are_recognised_in_both_languages(text, command, argument):
    assert parse_command_with_argument(text) == (command, argument)


def test_the_follow_up_team_coordinators_and_administrators_may_answer():
    model = part("fakta")
    assert may_answer(_person(GlobalRole.COORDINATOR), model, SCOPE)
    assert may_answer(_person(GlobalRole.ADMINISTRATOR), model, SCOPE)
    assert may_answer(_person(GlobalRole.EMPLOYEE, roles={7: frozenset({ContractRole.TEAM_MEMBER})}), model, SCOPE)
    assert not may_answer(_person(GlobalRole.EMPLOYEE, roles={8: frozenset({ContractRole.PROCESS_OWNER})}),
                          model, SCOPE)


def test_a_suppliers_guest_answers_only_the_supplier_parts_of_its_own_suppliers_contracts():
    guest = _person(GlobalRole.SUPPLIER, supplier_id=3)
    assert may_answer(guest, part("samarbetsmodell"), SCOPE)
    assert may_answer(guest, part("leverans"), SCOPE)
    assert not may_answer(guest, part("fakta"), SCOPE)
    assert not may_answer(guest, part("sammanfattning"), SCOPE)
    assert not may_answer(_person(GlobalRole.SUPPLIER, supplier_id=4), part("samarbetsmodell"), SCOPE)
