"""Answering the process checklists through their use cases on both databases, over the demo register: what
is stored and who gave it, a replaced answer kept in the change history, who is refused, and what is left
unanswered per part for a meeting's agenda."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain.checklists import Answer, part
from bot.domain.errors import NotAllowed
from bot.services.checklists import (
    AlreadyAnswered,
    ChecklistNotFound,
    checklist,
    completion,
    record_answer,
    unanswered_items,
)
from bot.services.lookups import CatalogueCache
from storage import tables as t
from storage.demo_data import load_demo_data
from storage.unit_of_work import unit_of_work_factory

ANNA, ASA, MARIA = "anna.lindqvist@exempelkommun.se", "asa.oberg@exempelkommun.se", "maria.sjoberg@stadbolaget.example"
MODEL = part("samarbetsmodell")


@pytest.fixture
async def demo(engine):
    await load_demo_data(engine)
    unit_of_work = unit_of_work_factory(engine)
    async with unit_of_work() as uow:
        people = {email: await uow.people.by_email(email) for email in (ANNA, ASA, MARIA)}
    async with engine.connect() as connection:
        contracts = dict((await connection.execute(select(t.contracts.c.reference, t.contracts.c.id))).all())
    return unit_of_work, CatalogueCache(unit_of_work), people, contracts


async def _rows(engine, entity: str = "checklist_answers"):
    async with engine.connect() as connection:
        answers = (await connection.execute(select(t.checklist_answers).where(
            t.checklist_answers.c.part == "samarbetsmodell"))).mappings().all()
        history = (await connection.execute(select(t.change_history).where(t.change_history.c.entity == entity)
                                            .order_by(t.change_history.c.id))).mappings().all()
    return answers, history


async def test_an_answer_is_stored_with_who_gave_it_and_shown_with_the_name(demo, engine):
    unit_of_work, catalogue, people, contracts = demo
    await record_answer(unit_of_work, catalogue, people[ANNA], contracts["2022-041"], MODEL, "roller",
                        Answer.PARTLY, "  Oklart vem som kallar  ")
    answers, history = await _rows(engine)
    assert [(row["item_key"], row["answer"], row["comment"], row["answered_by_id"]) for row in answers] == [
        ("roller", "delvis", "Oklart vem som kallar", people[ANNA].id)]
    assert answers[0]["answered_at"] is not None
    assert [(row["action"], row["after"]["answer"]) for row in history] == [("create", "delvis")]
    state = await checklist(unit_of_work, catalogue, people[ANNA], contracts["2022-041"], MODEL)
    assert (state.answer_to("roller").answered_by, state.progress.answered, state.progress.total) == (
        "Anna Lindqvist", 1, 9)


async def test_an_answer_given_again_replaces_the_old_one_which_the_history_keeps(demo, engine):
    unit_of_work, catalogue, people, contracts = demo
    contract = contracts["2022-041"]
    await record_answer(unit_of_work, catalogue, people[ANNA], contract, MODEL, "roller", Answer.NO, "saknas")
    await record_answer(unit_of_work, catalogue, people[MARIA], contract, MODEL, "roller", Answer.YES, None)
    answers, history = await _rows(engine)
    assert [(row["answer"], row["comment"], row["answered_by_id"]) for row in answers] == [
        ("ja", None, people[MARIA].id)]
    assert [row["action"] for row in history] == ["create", "update"]
    assert (history[1]["before"]["answer"], history[1]["before"]["comment"], history[1]["before"]["answered_by"]) == (
        "nej", "saknas", "Anna Lindqvist")


async def test_an_answer_to_a_question_answered_meanwhile_is_not_stored_and_says_who_answered(demo, engine):
    unit_of_work, catalogue, people, contracts = demo
    contract = contracts["2022-041"]
    await record_answer(unit_of_work, catalogue, people[ANNA], contract, MODEL, "roller", Answer.NO, None)
    with pytest.raises(AlreadyAnswered) as refused:
        await record_answer(unit_of_work, catalogue, people[MARIA], contract, MODEL, "roller", Answer.YES, None,
                            only_if_unanswered=True)
    assert refused.value.params == {"by": "Anna Lindqvist", "answer": "nej"}
    answers, _ = await _rows(engine)
    assert [row["answer"] for row in answers] == ["nej"]


async def test_someone_outside_the_follow_up_team_is_refused_and_nothing_is_stored(demo, engine):
    unit_of_work, catalogue, people, contracts = demo
    with pytest.raises(NotAllowed):  # Åsa is on Skolmat's team, not on Städbolaget's
        await record_answer(unit_of_work, catalogue, people[ASA], contracts["2022-041"], MODEL, "roller",
                            Answer.YES, None)
    await record_answer(unit_of_work, catalogue, people[ASA], contracts["2023-008"], MODEL, "roller", Answer.YES, None)
    answers, _ = await _rows(engine)
    assert [row["contract_id"] for row in answers] == [contracts["2023-008"]]


async def test_a_suppliers_guest_answers_its_own_contracts_supplier_parts_and_sees_no_one_elses(demo, engine):
    unit_of_work, catalogue, people, contracts = demo
    guest = people[MARIA]
    with pytest.raises(ChecklistNotFound):  # fakta is the municipality's own: not shown to the supplier at all
        await record_answer(unit_of_work, catalogue, guest, contracts["2022-041"], part("fakta"), "raci_analys",
                            Answer.YES, None)
    with pytest.raises(ChecklistNotFound):
        await record_answer(unit_of_work, catalogue, guest, contracts["2023-008"], MODEL, "roller", Answer.YES, None)
    with pytest.raises(ChecklistNotFound):
        await checklist(unit_of_work, catalogue, guest, contracts["2022-041"], part("fakta"))
    await record_answer(unit_of_work, catalogue, guest, contracts["2022-041"], MODEL, "roller", Answer.YES, None)
    answers, _ = await _rows(engine)
    assert [(row["contract_id"], row["answered_by_id"]) for row in answers] == [(contracts["2022-041"], guest.id)]


async def test_unanswered_items_per_part_and_completion_read_the_contracts_answers(demo):
    unit_of_work, catalogue, people, contracts = demo
    contract = contracts["2022-041"]  # the demo has three fakta answers for it
    for item in part("sammanfattning").items:
        await record_answer(unit_of_work, catalogue, people[ANNA], contract, part("sammanfattning"), item.key,
                            Answer.YES, None)
    async with unit_of_work() as uow:
        left = await unanswered_items(uow, contract)
        done = await completion(uow, contract)
    assert [(found.key, len(items)) for found, items in left] == [("fakta", 9), ("samarbetsmodell", 9), ("leverans", 8)]
    assert [item.key for item in left[0][1]][:2] == ["raci_analys", "kontaktuppgifter"]
    assert [(found.key, progress.answered, progress.total, progress.complete) for found, progress in done] == [
        ("fakta", 3, 12, False), ("samarbetsmodell", 0, 9, False), ("leverans", 0, 8, False),
        ("sammanfattning", 7, 7, True)]
