"""A supplier's SWOT and lessons on both databases over the demo register: the bot's suggestions are stored
once and never again once declined or removed, answering a suggestion twice or through another supplier's card
is refused, every change is in the change history, and recorded lessons are what the database holds."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from bot.domain.errors import NotAllowed
from bot.domain.swot import Quadrant, SwotItemNotFound, SwotItemNotPending, SwotStatus
from bot.services.follow_up_access import FollowUpContractNotFound
from bot.services.lessons import LessonsNotVisible, record_lessons, search_lessons
from bot.services.lookups import CatalogueCache
from bot.services.swot import (
    SwotNotAllowed,
    SwotNotVisible,
    add_swot_item,
    answer_suggestion,
    remove_swot_item,
    supplier_swot,
)
from storage import tables as t
from tests.support.database import rows
from tests.support.demo_people import DEMO_DAY, person_by_email

ANNA, ASA = "anna.lindqvist@exempelkommun.se", "asa.oberg@exempelkommun.se"
MARIA = "maria.sjoberg@stadbolaget.example"
SANCTION = "Sanktion beslutad 2026-11-11: skriftligt påpekande (2022-041)"


async def _supplier_id(database_url: str, name: str) -> int:
    return (await rows(database_url, select(t.suppliers.c.id).where(t.suppliers.c.name == name)))[0]["id"]


async def _swot_rows(database_url: str, supplier_id: int) -> list[dict]:
    return await rows(database_url, select(t.swot_items).where(t.swot_items.c.supplier_id == supplier_id)
                      .order_by(t.swot_items.c.id))


async def _history(database_url: str, entity: str) -> list[dict]:
    return await rows(database_url, select(t.change_history).where(t.change_history.c.entity == entity)
                      .order_by(t.change_history.c.id))


async def test_suggestions_are_stored_once_and_not_again_once_declined(demo, database_url):
    catalogue, anna = CatalogueCache(demo), await person_by_email(demo, ANNA)
    supplier_id = await _supplier_id(database_url, "Städbolaget Exempel AB")
    first = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert SANCTION in [item.text for item in first.pending] and first.items == ()
    again = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert [item.id for item in again.pending] == [item.id for item in first.pending]
    assert len(await _swot_rows(database_url, supplier_id)) == len(first.pending)

    sanction = next(item for item in first.pending if item.text == SANCTION)
    declined = await answer_suggestion(demo, catalogue, anna, sanction.id, SwotStatus.DECLINED)
    assert declined.status is SwotStatus.DECLINED
    shown = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert SANCTION not in [item.text for item in shown.pending + shown.items]
    stored = await _swot_rows(database_url, supplier_id)
    assert [(row["text"], row["status"]) for row in stored if row["text"] == SANCTION] == [(SANCTION, "avböjd")]
    history = await _history(database_url, "swot_item")
    assert [row["action"] for row in history].count("suggest") == len(first.pending)
    assert history[-1]["action"] == "update" and history[-1]["after"]["status"] == "avböjd"
    assert history[-1]["actor_id"] == anna.id


async def test_an_accepted_suggestion_joins_its_list_and_cannot_be_answered_again(demo, database_url):
    catalogue, anna = CatalogueCache(demo), await person_by_email(demo, ANNA)
    supplier_id = await _supplier_id(database_url, "Städbolaget Exempel AB")
    other_id = await _supplier_id(database_url, "Snöröjarna Exempel AB")
    pending = (await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)).pending[0]
    with pytest.raises(SwotItemNotFound):  # a card of another supplier naming this item: tampered
        await answer_suggestion(demo, catalogue, anna, pending.id, SwotStatus.ACCEPTED, supplier_id=other_id)
    await answer_suggestion(demo, catalogue, anna, pending.id, SwotStatus.ACCEPTED, supplier_id=supplier_id)
    with pytest.raises(SwotItemNotPending):  # the same card pressed again: stale
        await answer_suggestion(demo, catalogue, anna, pending.id, SwotStatus.DECLINED, supplier_id=supplier_id)
    shown = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert [item.id for item in shown.in_quadrant(pending.quadrant)] == [pending.id]
    assert pending.id not in [item.id for item in shown.pending]


async def test_a_person_s_item_is_deleted_but_a_removed_suggestion_stays_declined(demo, database_url):
    catalogue, anna = CatalogueCache(demo), await person_by_email(demo, ANNA)
    supplier_id = await _supplier_id(database_url, "Städbolaget Exempel AB")
    text = "Snabba leveranser 🚚 – å/ä/ö'; DROP TABLE swot_items;--"
    added = await add_swot_item(demo, catalogue, anna, supplier_id, Quadrant.STRENGTH, f"  {text} ")
    assert [(r["text"], r["status"], r["created_by_id"]) for r in await _swot_rows(database_url, supplier_id)] == [
        (text, "accepterad", anna.id)]
    suggestion = next(item for item in (await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)).pending
                      if item.text == SANCTION)
    await remove_swot_item(demo, catalogue, anna, added.id)
    await remove_swot_item(demo, catalogue, anna, suggestion.id)
    stored = {row["id"]: row["status"] for row in await _swot_rows(database_url, supplier_id)}
    assert added.id not in stored and stored[suggestion.id] == "avböjd"
    shown = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert SANCTION not in [item.text for item in shown.pending]
    with pytest.raises(SwotItemNotFound):
        await remove_swot_item(demo, catalogue, anna, suggestion.id)
    deletes = [row for row in await _history(database_url, "swot_item") if row["action"] == "delete"]
    assert (deletes[0]["before"]["text"], deletes[0]["after"]) == (text, None)


async def test_a_colleague_reads_a_swot_a_supplier_does_not_and_only_the_team_changes_it(demo, database_url):
    catalogue = CatalogueCache(demo)
    asa, maria = await person_by_email(demo, ASA), await person_by_email(demo, MARIA)
    stad = await _supplier_id(database_url, "Städbolaget Exempel AB")
    skolmat = await _supplier_id(database_url, "Skolmat i Exempel AB")
    assert not (await supplier_swot(demo, catalogue, asa, stad, DEMO_DAY)).may_edit
    with pytest.raises(SwotNotAllowed):
        await add_swot_item(demo, catalogue, asa, stad, Quadrant.THREAT, "Personalbrist")
    assert (await add_swot_item(demo, catalogue, asa, skolmat, Quadrant.THREAT, "Personalbrist")).id
    for attempt in (supplier_swot(demo, catalogue, maria, stad, DEMO_DAY),
                    add_swot_item(demo, catalogue, maria, stad, Quadrant.STRENGTH, "Vi är bäst")):
        with pytest.raises(SwotNotVisible):
            await attempt
    assert [row["text"] for row in await _swot_rows(database_url, stad) if row["created_by_id"]] == []


async def test_recorded_lessons_are_what_the_database_holds_and_only_the_team_records(demo, database_url):
    catalogue = CatalogueCache(demo)
    anna, asa, maria = [await person_by_email(demo, email) for email in (ANNA, ASA, MARIA)]
    contract_id = (await rows(database_url, select(t.contracts.c.id).where(t.contracts.c.reference == "2022-041"))
                   )[0]["id"]
    saved = await record_lessons(demo, catalogue, anna, contract_id, ["Tydliga krav på städkvalitet ✨"],
                                 ["Kortare avtalstid", "Vite'; DROP TABLE lessons;--"])
    stored = await rows(database_url, select(t.lessons).order_by(t.lessons.c.id))
    assert [(r["id"], r["contract_id"], r["kind"], r["text"], r["recorded_by_id"]) for r in stored] == [
        (lesson.id, contract_id, lesson.kind.value, lesson.text, anna.id) for lesson in saved]
    assert [r["kind"] for r in stored] == ["fungerade", "ändra", "ändra"]
    assert len(await _history(database_url, "lesson")) == 3
    for reader in (asa, maria):  # a colleague off the team, and the supplier's own contact: they only read it
        with pytest.raises(NotAllowed):
            await record_lessons(demo, catalogue, reader, contract_id, ["x"], [])
    with pytest.raises(FollowUpContractNotFound):
        await record_lessons(demo, catalogue, anna, contract_id + 10_000, ["x"], [])
    assert len(await rows(database_url, select(t.lessons))) == 3
    found = await search_lessons(demo, catalogue, asa, "städ")
    assert [lesson.id for lesson in found.lessons] == [lesson.id for lesson in reversed(saved)]
    with pytest.raises(LessonsNotVisible):
        await search_lessons(demo, catalogue, maria, None)


async def test_a_pending_suggestion_the_data_no_longer_gives_is_not_offered(demo, database_url, engine):
    catalogue, anna = CatalogueCache(demo), await person_by_email(demo, ANNA)
    supplier_id = await _supplier_id(database_url, "Städbolaget Exempel AB")
    outdated = "Städkvalitet enligt INSTA 800 (2022-041) grön fyra perioder i rad"
    async with engine.begin() as connection:
        await connection.execute(insert(t.swot_items).values(supplier_id=supplier_id, quadrant="styrka",
                                                             text=outdated, status="föreslagen"))
    shown = await supplier_swot(demo, catalogue, anna, supplier_id, DEMO_DAY)
    assert outdated not in [item.text for item in shown.pending] and SANCTION in [i.text for i in shown.pending]
    assert [row["status"] for row in await _swot_rows(database_url, supplier_id) if row["text"] == outdated] == [
        "föreslagen"]
