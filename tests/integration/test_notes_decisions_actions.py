"""Meeting notes, the decision log and actions through their use cases on both databases: decisions only ever
added (a correction is a new row pointing at the old), actions closed, notes saved with what they propose in one
unit of work, history recorded, and people without rights refused with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from bot.domain.actions import Action, ActionStatus, DueDateInPast
from bot.domain.decisions import Decision
from bot.domain.errors import NotAllowed
from bot.domain.meeting_notes import ProposedAction, ProposedDecision
from bot.services.actions import ActionNotFound, OwnerNotOnTeam, add_action, close_action, my_actions
from bot.services.decisions import correct_decision, decisions_of, log_decision
from bot.services.follow_up_access import FollowUpContractNotFound, MeetingNotFound
from bot.services.lookups import CatalogueCache
from bot.services.meeting_notes import read_notes, save_meeting_notes
from storage import tables as t
from storage.demo_data import load_demo_data
from storage.unit_of_work import unit_of_work_factory
from tests.support.stockholm import today as stockholm_today

TODAY = stockholm_today()  # the bot's day, as the demo data is loaded
NOW = datetime.now(UTC)


@pytest.fixture
async def demo(engine):
    await load_demo_data(engine)
    unit_of_work = unit_of_work_factory(engine)
    async with unit_of_work() as uow:
        people = {key: await uow.people.by_email(email) for key, email in {
            "anna": "anna.lindqvist@exempelkommun.se",  # processkoordinator
            "asa": "asa.oberg@exempelkommun.se",  # processägare of 2023-008 only
            "maria": "maria.sjoberg@stadbolaget.example",  # Städbolaget's guest
            "lars": "lars-ake.nystrom@exempelkommun.se",  # processägare of 2022-041
        }.items()}
        contracts = {reference: (await uow.contracts.by_reference(reference)).id
                     for reference in ("2022-041", "2023-008", "2024-017")}
    return unit_of_work, CatalogueCache(unit_of_work), people, contracts


async def _count(engine, table, *conditions) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table).where(*conditions))


async def _history(engine, entity: str) -> list[dict]:
    async with engine.connect() as connection:
        return list((await connection.execute(
            select(t.change_history).where(t.change_history.c.entity == entity).order_by(t.change_history.c.id)
        )).mappings())


async def test_correction_is_a_new_row_and_the_old_one_is_left_as_it_was(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    contract_id = contracts["2022-041"]
    first = await log_decision(unit_of_work, catalogue, people["anna"],
                               Decision(None, contract_id, TODAY, "Vite 5 000 kr", "Lars-Åke", "Avtal 9.2"))
    second = await correct_decision(unit_of_work, catalogue, people["anna"], first.id,
                                    Decision(None, contract_id, TODAY, "Vite 8 000 kr", "Lars-Åke", "Avtal 9.2"))
    async with engine.connect() as connection:
        old = (await connection.execute(select(t.decisions).where(t.decisions.c.id == first.id))).mappings().one()
    assert old["what"] == "Vite 5 000 kr" and old["corrects_id"] is None
    assert second.corrects_id == first.id and second.id != first.id
    log = await decisions_of(unit_of_work, catalogue, people["maria"], contract_id)
    by_id = {entry.decision.id: entry for entry in log}
    assert by_id[first.id].replaced_by == second.id and not by_id[second.id].is_replaced
    assert [row["entity_id"] for row in await _history(engine, "decision")] == [str(first.id), str(second.id)]
    assert (await _history(engine, "decision"))[0]["actor_id"] == people["anna"].id


async def test_correcting_a_correction_makes_a_chain(demo):
    unit_of_work, catalogue, people, contracts = demo
    contract_id = contracts["2022-041"]
    first = await log_decision(unit_of_work, catalogue, people["lars"], Decision(None, contract_id, TODAY, "A"))
    second = await correct_decision(unit_of_work, catalogue, people["lars"], first.id,
                                    Decision(None, contract_id, TODAY, "B"))
    third = await correct_decision(unit_of_work, catalogue, people["lars"], second.id,
                                   Decision(None, contract_id, TODAY, "C"))
    log = {entry.decision.id: entry.replaced_by for entry in
           await decisions_of(unit_of_work, catalogue, people["lars"], contract_id)}
    assert (log[first.id], log[second.id], log[third.id]) == (second.id, third.id, None)


async def test_decisions_refused_outside_ones_team_with_nothing_written(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    before = await _count(engine, t.decisions)
    with pytest.raises(NotAllowed):
        await log_decision(unit_of_work, catalogue, people["asa"], Decision(None, contracts["2024-017"], TODAY, "X"))
    with pytest.raises(NotAllowed):  # a guest sees its supplier's contracts but logs nothing
        await log_decision(unit_of_work, catalogue, people["maria"], Decision(None, contracts["2022-041"], TODAY, "X"))
    with pytest.raises(FollowUpContractNotFound):  # and another supplier's contract does not exist for it
        await decisions_of(unit_of_work, catalogue, people["maria"], contracts["2024-017"])
    assert await _count(engine, t.decisions) == before
    assert await _history(engine, "decision") == []
    assert await log_decision(unit_of_work, catalogue, people["asa"], Decision(None, contracts["2023-008"], TODAY, "Y"))


async def test_action_added_and_closed_by_its_owner_with_history(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    action = await add_action(unit_of_work, catalogue, people["anna"], Action(
        None, contracts["2022-041"], "Ta fram städschema", people["maria"].id, TODAY + timedelta(days=14),
        party="leverantör"), TODAY)
    assert action.id in [mine.id for mine in await my_actions(unit_of_work, catalogue, people["maria"])]
    closed = await close_action(unit_of_work, catalogue, people["maria"], action.id, NOW)
    assert closed.status is ActionStatus.CLOSED
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.actions).where(t.actions.c.id == action.id))).mappings().one()
    assert row["status"] == "stängd" and row["closed_at"] is not None
    assert [row["action"] for row in await _history(engine, "action")] == ["create", "update"]
    assert action.id not in [mine.id for mine in await my_actions(unit_of_work, catalogue, people["maria"])]


async def test_action_refused_for_an_owner_off_the_team_a_past_date_or_a_stranger_closing(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    before = await _count(engine, t.actions)
    with pytest.raises(OwnerNotOnTeam):
        await add_action(unit_of_work, catalogue, people["anna"],
                         Action(None, contracts["2022-041"], "X", people["asa"].id, TODAY), TODAY)
    with pytest.raises(DueDateInPast):
        await add_action(unit_of_work, catalogue, people["anna"],
                         Action(None, contracts["2022-041"], "X", None, TODAY - timedelta(days=1)), TODAY)
    assert await _count(engine, t.actions) == before
    action = await add_action(unit_of_work, catalogue, people["anna"],
                              Action(None, contracts["2023-008"], "Y", people["anna"].id, TODAY), TODAY)
    with pytest.raises(ActionNotFound):  # another supplier's action does not exist for a guest
        await close_action(unit_of_work, catalogue, people["maria"], action.id, NOW)
    with pytest.raises(NotAllowed):
        await close_action(unit_of_work, catalogue, people["lars"], action.id, NOW)
    with pytest.raises(ActionNotFound):
        await close_action(unit_of_work, catalogue, people["anna"], 999_999, NOW)
    assert await _count(engine, t.actions, t.actions.c.status == "stängd") == 0


async def _meeting(engine, contract_id: int, starts_at: datetime) -> int:
    async with engine.begin() as connection:
        return (await connection.execute(insert(t.meetings).values(
            contract_id=contract_id, form="uppföljningsmöte", starts_at=starts_at, duration_minutes=60,
            status="planerat",
        ).returning(t.meetings.c.id))).scalar_one()


async def test_notes_saved_with_decisions_and_actions_linked_and_the_past_meeting_held(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    contract_id = contracts["2022-041"]
    meeting_id = await _meeting(engine, contract_id, NOW - timedelta(hours=2))
    notes = await read_notes(catalogue, people["anna"], contract_id,
                             "Genomgång.\nBeslut: Nytt schema\nAktivitet: Städschema – Maria Sjöberg – 2099-01-01")
    assert notes.actions[0].owner_id == people["maria"].id
    saved = await save_meeting_notes(unit_of_work, catalogue, people["anna"], meeting_id, notes.text,
                                     notes.decisions, notes.actions, TODAY, NOW)
    assert saved.marked_held
    assert await _count(engine, t.meeting_notes, t.meeting_notes.c.meeting_id == meeting_id) == 1
    assert await _count(engine, t.decisions, t.decisions.c.meeting_id == meeting_id,
                        t.decisions.c.contract_id == contract_id) == 1
    assert await _count(engine, t.actions, t.actions.c.meeting_id == meeting_id,
                        t.actions.c.owner_id == people["maria"].id) == 1
    assert await _count(engine, t.meetings, t.meetings.c.id == meeting_id, t.meetings.c.status == "genomfört") == 1
    assert [row["entity_id"] for row in await _history(engine, "meeting")] == [str(meeting_id)]
    assert len(await _history(engine, "meeting_notes")) == 1


async def test_notes_of_a_meeting_still_to_come_leave_it_planned(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    meeting_id = await _meeting(engine, contracts["2022-041"], NOW + timedelta(days=1))
    saved = await save_meeting_notes(unit_of_work, catalogue, people["anna"], meeting_id, "Förberedelse", [],
                                     [ProposedAction("Boka lokal")], TODAY, NOW)
    assert not saved.marked_held and len(saved.actions) == 1
    assert await _count(engine, t.meetings, t.meetings.c.id == meeting_id, t.meetings.c.status == "planerat") == 1


async def test_notes_refused_on_a_meeting_not_ones_own_with_nothing_written(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    meeting_id = await _meeting(engine, contracts["2024-017"], NOW - timedelta(hours=1))
    with pytest.raises(MeetingNotFound):
        await save_meeting_notes(unit_of_work, catalogue, people["maria"], meeting_id, "x",
                                 [ProposedDecision("y")], [], TODAY, NOW)
    with pytest.raises(NotAllowed):
        await save_meeting_notes(unit_of_work, catalogue, people["asa"], meeting_id, "x",
                                 [ProposedDecision("y")], [], TODAY, NOW)
    assert await _count(engine, t.meeting_notes, t.meeting_notes.c.meeting_id == meeting_id) == 0
    assert await _count(engine, t.decisions, t.decisions.c.meeting_id == meeting_id) == 0


async def test_a_decision_linked_to_another_contracts_meeting_is_refused(engine, demo):
    unit_of_work, catalogue, people, contracts = demo
    other_meeting = await _meeting(engine, contracts["2024-017"], NOW - timedelta(days=1))
    before = await _count(engine, t.decisions)
    with pytest.raises(MeetingNotFound):
        await log_decision(unit_of_work, catalogue, people["anna"],
                           Decision(None, contracts["2022-041"], TODAY, "X", meeting_id=other_meeting))
    assert await _count(engine, t.decisions) == before
