"""Pauses, the coordinators' overview and "vad är på gång för mig?" on both databases: a pause moves the pending
reminders of its contracts (and only those) past it, is refused in the past or without rights, and is kept in
the change history; the overview counts what the rows hold; what is coming up is read from the register."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.people import Person
from bot.domain.reminder_overview import ReminderCounts, Unreachability, Unreachable
from bot.domain.reminder_pauses import PauseInPast, parse_pause_request
from bot.domain.reminders import NO_CONVERSATION_REASON
from bot.domain.reminders import ReminderKind
from bot.domain.roles import ContractRole, GlobalRole, Party
from bot.holiday_source import working_calendar
from bot.services.coming_up import coming_up
from bot.services.reminder_overview import OverviewNotAllowed, reminder_overview
from bot.services.reminder_pauses import NoPause, PauseNotAllowed, pause_reminders, resume_reminders
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory
from tests.support.reminder_rows import add, add_reminder, kpi_reminder, small_register

STOCKHOLM = ZoneInfo("Europe/Stockholm")
CALENDAR = working_calendar(STOCKHOLM)
NOW = datetime(2026, 11, 30, 10, 0, tzinfo=STOCKHOLM)
TODAY = NOW.date()
RESUMES = datetime(2027, 1, 11, 8, 0, tzinfo=STOCKHOLM)  # the Monday after Sunday 2027-01-10


@pytest.fixture
async def register(engine):
    return await small_register(engine)


def _person(contact_id: int, role: GlobalRole = GlobalRole.EMPLOYEE,
            roles: dict[int, frozenset[ContractRole]] | None = None, party: Party | None = None) -> Person:
    return Person(id=contact_id, name="x", email=f"{contact_id}@exempelkommun.se", global_role=role,
                  contract_roles=roles or {}, party=party)


async def _due(engine, reminder_id: int) -> datetime:
    async with engine.connect() as connection:
        return await connection.scalar(select(t.reminders.c.due_at).where(t.reminders.c.id == reminder_id))


async def _pauses(engine) -> list:
    async with engine.connect() as connection:
        return list((await connection.execute(select(t.reminder_pauses))).mappings())


async def test_a_pause_moves_the_pending_reminders_of_the_contract_past_it_and_is_in_the_history(engine, register):
    soon = datetime(2026, 12, 2, 8, tzinfo=timezone.utc)
    pending = await kpi_reminder(engine, register, status="pending", sequence=2, due_at=soon)
    later = await kpi_reminder(engine, register, status="pending", sequence=3,
                               due_at=datetime(2027, 2, 1, 8, tzinfo=timezone.utc))
    sent = await kpi_reminder(engine, register, due_at=soon)
    elsewhere = await add_reminder(engine, kind="notice", recipient_id=register.pelle,
                                   contract_id=register.second_contract, status="pending", due_at=soon,
                                   payload={"date": "2027-02-28", "months_before": 3}, subject_key="notice:x")
    owner = _person(register.pelle, roles={register.contract: frozenset({ContractRole.PROCESS_OWNER})})
    done = await pause_reminders(unit_of_work_factory(engine), owner,
                                 parse_pause_request("2024-017 till 2027-01-10 eftersom omförhandling", TODAY),
                                 CALENDAR)
    assert (done.label, done.paused_until, done.resumes_at, done.moved) == (
        "2024-017", date(2027, 1, 10), RESUMES, 1)
    assert [await _due(engine, i) for i in (pending, later, sent, elsewhere)] == [
        RESUMES, datetime(2027, 2, 1, 8, tzinfo=timezone.utc), soon, soon]
    [pause] = await _pauses(engine)
    assert (pause["contract_id"], pause["supplier_id"], pause["reason"], pause["created_by_id"]) == (
        register.contract, None, "omförhandling", register.pelle)
    async with engine.connect() as connection:
        history = list((await connection.execute(select(t.change_history).where(
            t.change_history.c.entity == "reminder_pauses"))).mappings())
    assert [(h["action"], h["after"]["paused_until"], h["after"]["reminders_moved"]) for h in history] == [
        ("create", "2027-01-10", 1)]


async def test_a_supplier_pause_holds_every_contract_of_the_supplier(engine, register):
    soon = datetime(2026, 12, 2, 8, tzinfo=timezone.utc)
    rows = [await add_reminder(engine, kind="end", recipient_id=register.pelle, contract_id=contract_id,
                               status="pending", due_at=soon, payload={"date": "2027-08-31", "months_before": 9},
                               subject_key=f"end:{contract_id}") for contract_id in
            (register.contract, register.second_contract, register.other_contract)]
    coordinator = _person(register.karin, GlobalRole.COORDINATOR)
    done = await pause_reminders(unit_of_work_factory(engine), coordinator,
                                 parse_pause_request("Städbolaget until 10 January 2027", TODAY), CALENDAR)
    assert (done.label, done.moved) == ("Städbolaget AB", 2)
    assert [await _due(engine, i) for i in rows] == [RESUMES, RESUMES, soon]
    by_number = await pause_reminders(unit_of_work_factory(engine), coordinator,
                                      parse_pause_request("412345-6784 till 2026-12-24", TODAY), CALENDAR)
    assert by_number.label == "Städbolaget AB"


async def test_a_pause_in_the_past_or_without_rights_is_refused_and_nothing_is_written(engine, register):
    soon = datetime(2026, 12, 2, 8, tzinfo=timezone.utc)
    pending = await kpi_reminder(engine, register, status="pending", sequence=2, due_at=soon)
    with pytest.raises(PauseInPast):
        parse_pause_request("2024-017 till 2026-11-29", TODAY)
    reporter = _person(register.anna, roles={register.contract: frozenset({ContractRole.TEAM_MEMBER})})
    owner_of_two = _person(register.pelle, roles={register.contract: frozenset({ContractRole.PROCESS_OWNER})})
    for person, typed in ((reporter, "2024-017 till 2027-01-10"),  # a team member is not a processägare
                          (owner_of_two, "Städbolaget till 2027-01-10")):  # not the owner of all its contracts
        with pytest.raises(PauseNotAllowed):
            await pause_reminders(unit_of_work_factory(engine), person, parse_pause_request(typed, TODAY), CALENDAR)
    assert await _pauses(engine) == []
    assert await _due(engine, pending) == soon


async def test_resuming_ends_the_pause_yesterday_and_sends_what_it_held_back(engine, register):
    soon = datetime(2026, 12, 2, 8, tzinfo=timezone.utc)
    pending = await kpi_reminder(engine, register, status="pending", sequence=2, due_at=soon)
    coordinator = _person(register.karin, GlobalRole.COORDINATOR)
    await pause_reminders(unit_of_work_factory(engine), coordinator,
                          parse_pause_request("2024-017 till 2027-01-10", TODAY), CALENDAR)
    done = await resume_reminders(unit_of_work_factory(engine), coordinator, "2024-017", NOW, CALENDAR)
    assert (done.label, done.moved) == ("2024-017", 1)
    assert await _due(engine, pending) == NOW
    assert [pause["paused_until"] for pause in await _pauses(engine)] == [TODAY - timedelta(days=1)]
    with pytest.raises(NoPause):
        await resume_reminders(unit_of_work_factory(engine), coordinator, "2024-017", NOW, CALENDAR)


async def test_the_overview_counts_what_the_rows_hold(engine, register):
    recent = NOW - timedelta(days=3)
    old = NOW - timedelta(days=45)
    await kpi_reminder(engine, register, due_at=recent)  # sent (like the snoozed, answered and escalated ones)
    await kpi_reminder(engine, register, sequence=2, due_at=recent, snoozed_until=NOW + timedelta(days=1))
    await kpi_reminder(engine, register, sequence=3, due_at=recent, status="answered", answered_at=recent)
    await kpi_reminder(engine, register, recipient_id=register.pelle, step=1, due_at=recent)  # escalated
    await kpi_reminder(engine, register, sequence=4, due_at=NOW + timedelta(days=2), status="pending")
    await kpi_reminder(engine, register, sequence=5, due_at=old)  # sent long ago: outside the window
    await kpi_reminder(engine, register, recipient_id=register.sven, due_at=recent, status="undeliverable",
                       last_error=NO_CONVERSATION_REASON)
    await add_reminder(engine, kind="meeting", recipient_id=register.anna, contract_id=register.contract,
                       payload={"meeting_id": 1}, subject_key="meeting:1", status="cancelled", due_at=recent)
    async with engine.begin() as connection:
        await connection.execute(t.contacts.update().where(t.contacts.c.id.in_([register.pelle, register.sven]))
                                 .values(teams_unreachable_since=recent))  # as the sender marks them
    overview = await reminder_overview(unit_of_work_factory(engine), _person(register.karin, GlobalRole.COORDINATOR),
                                       NOW, TODAY)
    assert overview.by_kind == {
        "kpi": ReminderCounts(sent=4, answered=1, snoozed=1, escalated=1, undeliverable=1, pending=1, cancelled=0),
        "meeting": ReminderCounts(cancelled=1),
    }
    assert overview.total.sent == 4
    assert overview.unreachable == (Unreachable("Pelle Persson", Unreachability.BLOCKED),
                                    Unreachable("Sven Svensson", Unreachability.NEVER_TALKED))


async def test_the_overview_is_refused_to_someone_not_a_coordinator(engine, register):
    with pytest.raises(OverviewNotAllowed):
        await reminder_overview(unit_of_work_factory(engine), _person(register.pelle), NOW, TODAY)


async def test_what_is_coming_up_is_read_from_the_register_with_late_and_overdue_marked(engine, register):
    await add(engine, t.kpi_definitions, contract_id=register.second_contract, name="Putsade fönster",
              frequency="månad", reporter_party="verksamhet")  # reported by Anna's party, not on her team
    await add(engine, t.kpi_definitions, contract_id=register.contract, name="Nöjdhet", frequency="kvartal",
              reporter_party="verksamhet")  # her party on her contract: hers
    meeting = await add(engine, t.meetings, contract_id=register.contract, form="uppföljningsmöte",
                        starts_at=datetime(2026, 11, 30, 13, tzinfo=STOCKHOLM))
    await add(engine, t.meeting_attendees, meeting_id=meeting, contact_id=register.anna)
    await add(engine, t.actions, contract_id=register.contract, title="Ny städplan", owner_id=register.anna,
              due_date=date(2026, 11, 20))
    await add(engine, t.actions, contract_id=register.contract, title="Klar sedan länge", owner_id=register.anna,
              due_date=date(2026, 11, 1), status="klar")
    await add(engine, t.actions, contract_id=register.contract, title="Nästa år", owner_id=register.anna,
              due_date=date(2027, 1, 20))
    await kpi_reminder(engine, register, period="2026-09", snoozed_until=datetime(2026, 12, 1, 9, tzinfo=STOCKHOLM))
    anna = _person(register.anna, roles={register.contract: frozenset({ContractRole.TEAM_MEMBER})},
                   party=Party.BUSINESS_UNIT)
    items = await coming_up(unit_of_work_factory(engine), anna, NOW, CALENDAR)
    assert [(due.kpi.name, due.period.label, due.deadline, due.late) for due in items.kpis] == [
        ("Nöjdhet", "2026-Q3", date(2026, 10, 10), True), ("Leveransprecision", "2026-10", date(2026, 11, 10), True)]
    assert [ahead.meeting.form for ahead in items.meetings] == ["uppföljningsmöte"]
    assert [(due.action.title, due.overdue) for due in items.actions] == [("Ny städplan", True)]
    assert [(item.reminder.kind, item.contract.reference) for item in items.snoozed] == [
        (ReminderKind.KPI, "2024-017")]
    assert items.contract_dates == ()  # not a processägare or processkoordinator

    pelle = _person(register.pelle, roles={register.contract: frozenset({ContractRole.PROCESS_OWNER})})
    dates = (await coming_up(unit_of_work_factory(engine), pelle, NOW, CALENDAR)).contract_dates
    assert [(item.contract.reference, item.kind, item.day) for item in dates] == [
        ("2024-017", ReminderKind.NOTICE, date(2027, 2, 28)), ("2024-018", ReminderKind.NOTICE, date(2027, 2, 28)),
        ("2024-017", ReminderKind.END, date(2027, 8, 31)), ("2024-018", ReminderKind.END, date(2027, 8, 31))]
    sven = await coming_up(unit_of_work_factory(engine), _person(register.sven), NOW, CALENDAR)
    assert sven.is_empty
