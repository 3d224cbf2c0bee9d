"""What users do with reminders, on both databases: snoozing writes when the reminder comes again and nothing
else, only for its recipient and only while it is open; reporting a KPI answers the reminders sent about its
period; a reminder whose item was dealt with composes to nothing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.people import Person
from bot.domain.reminder_answers import ReminderClosed, ReminderNotYours
from bot.domain.reminders import Reminder, ReminderStatus, SnoozeChoice
from bot.domain.roles import ContractRole, GlobalRole
from bot.holiday_source import working_calendar
from bot.reminder_messages import ReminderMessages
from bot.services.kpi_reporting import record_kpi_value
from bot.services.reminder_snooze import snooze_reminder
from storage import tables as t
from storage.reminder_rows import reminder_from_row
from storage.unit_of_work import unit_of_work_factory
from tests.support.reminder_rows import add, add_reminder, kpi_reminder, small_register

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR = working_calendar(STOCKHOLM)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=STOCKHOLM)  # a Monday
TODAY = NOW.date()


@pytest.fixture
async def register(engine):
    return await small_register(engine)


def _person(contact_id: int, roles: dict[int, frozenset[ContractRole]] | None = None) -> Person:
    return Person(id=contact_id, name="x", email="x@exempelkommun.se", global_role=GlobalRole.EMPLOYEE,
                  contract_roles=roles or {})


async def _reminder(engine, reminder_id: int) -> Reminder:
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.reminders).where(t.reminders.c.id == reminder_id))).mappings().one()
    return reminder_from_row(row)


async def test_snoozing_writes_when_the_reminder_comes_again(engine, register):
    reminder_id = await kpi_reminder(engine, register)
    until = await snooze_reminder(unit_of_work_factory(engine), _person(register.anna), reminder_id,
                                  SnoozeChoice.TOMORROW, NOW, CALENDAR)
    assert until == datetime(2026, 12, 1, 9, 0, tzinfo=STOCKHOLM)
    stored = await _reminder(engine, reminder_id)
    assert (stored.snoozed_until, stored.status) == (until, ReminderStatus.SENT)


async def test_report_later_on_a_kpi_waits_for_the_morning_of_its_deadline(engine, register):
    reminder_id = await kpi_reminder(engine, register, period="2026-11", deadline="2026-12-10")
    await snooze_reminder(unit_of_work_factory(engine), _person(register.anna), reminder_id, SnoozeChoice.LATER,
                          NOW, CALENDAR)
    assert (await _reminder(engine, reminder_id)).snoozed_until == datetime(2026, 12, 10, 9, tzinfo=STOCKHOLM)


async def test_someone_elses_or_a_forged_reminder_id_is_refused_and_nothing_is_written(engine, register):
    reminder_id = await kpi_reminder(engine, register)
    for person, forged in ((_person(register.pelle), reminder_id), (_person(register.anna), reminder_id + 999)):
        with pytest.raises(ReminderNotYours):
            await snooze_reminder(unit_of_work_factory(engine), person, forged, SnoozeChoice.NEXT_WEEK, NOW,
                                  CALENDAR)
    assert (await _reminder(engine, reminder_id)).snoozed_until is None


async def test_an_answered_reminder_cannot_be_snoozed(engine, register):
    reminder_id = await kpi_reminder(engine, register, status="answered")
    with pytest.raises(ReminderClosed):
        await snooze_reminder(unit_of_work_factory(engine), _person(register.anna), reminder_id,
                              SnoozeChoice.TOMORROW, NOW, CALENDAR)
    assert (await _reminder(engine, reminder_id)).snoozed_until is None


async def test_reporting_the_period_answers_every_reminder_sent_about_it_and_no_other(engine, register):
    to_anna = await kpi_reminder(engine, register)
    escalated = await kpi_reminder(engine, register, recipient_id=register.pelle, step=1)
    pending = await kpi_reminder(engine, register, sequence=2, status="pending")
    other_period = await kpi_reminder(engine, register, period="2026-09")
    anna = _person(register.anna, {register.contract: frozenset({ContractRole.TEAM_MEMBER})})
    await record_kpi_value(unit_of_work_factory(engine), anna, register.kpi, "2026-10", Decimal("97.5"), None, TODAY)
    statuses = {reminder_id: (await _reminder(engine, reminder_id)) for reminder_id in
                (to_anna, escalated, pending, other_period)}
    assert [statuses[i].status for i in (to_anna, escalated, pending, other_period)] == [
        ReminderStatus.ANSWERED, ReminderStatus.ANSWERED, ReminderStatus.PENDING, ReminderStatus.SENT]
    assert statuses[to_anna].answered_at is not None and statuses[other_period].answered_at is None


async def test_the_message_is_composed_from_the_register_and_not_at_all_once_the_period_is_reported(engine, register):
    messages = ReminderMessages(unit_of_work_factory(engine), lambda: TODAY, STOCKHOLM)
    reminder = await _reminder(engine, await kpi_reminder(engine, register, status="claimed"))
    activity = await messages.compose(reminder, "sv-SE")
    card = activity.attachments[0]["content"]
    assert card["body"][1]["text"] == (
        "Du får påminnelsen eftersom du rapporterar KPI:n Leveransprecision för avtal 2024-017 Städtjänster "
        "(Städbolaget AB). Perioden 2026-10 ska rapporteras senast 2026-11-10.")
    assert activity.summary == "Dags att rapportera Leveransprecision för 2026-10"
    anna = _person(register.anna, {register.contract: frozenset({ContractRole.TEAM_MEMBER})})
    await record_kpi_value(unit_of_work_factory(engine), anna, register.kpi, "2026-10", Decimal(90), None, TODAY)
    assert await messages.compose(reminder, "sv-SE") is None


async def test_an_escalated_message_names_the_responsible_and_the_rung_of_the_plans_ladder(engine, register):
    reminder_id = await add_reminder(
        engine, kind="kpi", recipient_id=register.pelle, contract_id=register.contract, step=1, status="claimed",
        subject_key=f"kpi:{register.kpi}:2026-10",
        payload={"kpi_id": register.kpi, "period": "2026-10", "deadline": "2026-11-10",
                 "responsible_ids": [register.anna], "unanswered": 3})
    messages = ReminderMessages(unit_of_work_factory(engine), lambda: TODAY, STOCKHOLM)
    card = (await messages.compose(await _reminder(engine, reminder_id), "en-US")).attachments[0]["content"]
    assert card["body"][2]["text"] == (
        "The reminder has gone to Anna Andersson 3 times without an answer; you get it as the process owner.")


async def test_a_meeting_or_action_dealt_with_composes_to_nothing(engine, register):
    meeting = await add(engine, t.meetings, contract_id=register.contract, form="uppföljningsmöte",
                        starts_at=datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM), status="inställt")
    action = await add(engine, t.actions, contract_id=register.contract, title="Ny städplan", owner_id=register.anna,
                       due_date=date(2026, 12, 4), status="klar")
    messages = ReminderMessages(unit_of_work_factory(engine), lambda: TODAY, STOCKHOLM)
    for kind, payload in (("meeting", {"meeting_id": meeting, "starts_at": "2026-12-01T09:00"}),
                          ("action", {"action_id": action, "due": "2026-12-04", "overdue": False})):
        reminder_id = await add_reminder(engine, kind=kind, recipient_id=register.anna, contract_id=register.contract,
                                         payload=payload, subject_key=f"{kind}:x", status="claimed")
        assert await messages.compose(await _reminder(engine, reminder_id), None) is None
