"""The "ändra standardplan" dialog through botbuilder's TestAdapter, with the demo register on both databases:
an administrator changes a segment's default, and the segment's contracts without an adjusted plan follow it."""

from __future__ import annotations

import pytest
from botbuilder.core.adapters import TestAdapter
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.roles import GlobalRole
from bot.services.administration import grant_global_role
from bot.services.identity import ChannelUser
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory
from tests.support.dialog_adapter import demo_adapter, replies_to

JORGEN = ChannelUser(user_id="29:jorgen", name="Jörgen Ström", aad_object_id="aad-jorgen",
                     email="jorgen.strom@exempelkommun.se")


@pytest.fixture
async def adapter(engine: AsyncEngine, database_url: str) -> TestAdapter:
    adapter = await demo_adapter(engine, database_url, JORGEN, "default-plan-test")
    await grant_global_role(unit_of_work_factory(engine), JORGEN.email, GlobalRole.ADMINISTRATOR, actor_label="test")
    return adapter


async def _meetings(engine: AsyncEngine) -> tuple[int, dict[str, int]]:
    async with engine.connect() as connection:
        default = await connection.scalar(select(t.follow_up_plan_defaults.c.meeting_interval_months)
                                          .where(t.follow_up_plan_defaults.c.segment == "hävstång"))
        contracts = dict((await connection.execute(
            select(t.contracts.c.reference, t.follow_up_plans.c.meeting_interval_months)
            .join(t.follow_up_plans, t.follow_up_plans.c.contract_id == t.contracts.c.id)
            .where(t.contracts.c.reference.in_(["2020-019", "2022-041"])))).all())
    return default, contracts


async def test_an_administrators_new_default_reaches_the_contracts_that_were_not_adjusted(adapter, engine):
    await replies_to(adapter, "ändra uppföljningsplan för 2022-041", "2", "4", "ja")  # adjusted for one contract
    replies = await replies_to(adapter, "ändra standardplan för hävstång", "2", "30", "6")
    assert replies[0].attachments[0]["content"]["body"][0]["text"] == (
        "Vad vill du ändra i uppföljningsplanen för segmentet hävstång?")
    assert replies[1].text == "Uppföljningsmöten är nu var 3:e månad. Vad ska det vara? Skriv ett heltal mellan 1 och 24."
    assert replies[2].text == "30 går inte för Uppföljningsmöten: det ska vara mellan 1 och 24."
    replies = await replies_to(adapter, "ja")
    assert replies[0].text == (
        "Sparat. Standardplanen för hävstång: Uppföljningsmöten var 6:e månad. Avtal som följer standardplanen har "
        "fått ändringen; 1 avtal med justerad plan behåller sin.")
    assert await _meetings(engine) == (6, {"2020-019": 6, "2022-041": 4})


async def test_a_segment_that_does_not_exist_is_asked_for_again(adapter, engine):
    replies = await replies_to(adapter, "ändra standardplan för viktiga", "viktiga", "3")
    assert [reply.text for reply in replies[:3]] == [
        "”viktiga” är inget segment. Svara strategisk, hävstång, flaskhals eller icke-kritisk (eller numret 1–4).",
        "Vilket segments standardplan? 1. strategisk, 2. hävstång, 3. flaskhals, 4. icke-kritisk.",
        "”viktiga” är inget segment. Svara strategisk, hävstång, flaskhals eller icke-kritisk (eller numret 1–4).",
    ]
    assert replies[3].attachments[0]["content"]["body"][0]["text"] == (
        "Vad vill du ändra i uppföljningsplanen för segmentet flaskhals?")
