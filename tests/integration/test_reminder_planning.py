"""Planning reminders on the database: rows written once, also by planners running at the same time; pending
rows cancelled and sent ones answered when the KPI value arrives; a fixed number of queries for any register."""

from __future__ import annotations

import asyncio
from contextlib import asynccontextmanager
from datetime import date, datetime

import pytest
from sqlalchemy import event, insert, select, update

from bot.domain.working_time import WorkingCalendar
from bot.holiday_source import is_swedish_holiday
from bot.services.reminder_planning import PlanningResult, plan_reminders
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory

CALENDAR = WorkingCalendar(is_holiday=is_swedish_holiday)


def at(year: int, month: int, day: int, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CALENDAR.zone)


async def _contact(connection, name: str, party: str = "verksamhet") -> int:
    return (await connection.execute(insert(t.contacts).values(
        name=name, name_folded=name.lower(), email=f"{name.lower()}@exempelkommun.example", party=party)
        .returning(t.contacts.c.id))).scalar_one()


async def _register(engine, contracts: int = 1, batch: int = 0) -> dict[str, list[int]]:
    """Contracts, each with a process owner and coordinator, a monthly KPI with its reporter, a planned meeting
    and an open action."""
    ids: dict[str, list[int]] = {key: [] for key in ("contract", "kpi", "reporter", "owner", "coordinator",
                                                     "meeting", "supplier")}
    async with engine.begin() as connection:
        supplier = (await connection.execute(insert(t.suppliers).values(
            org_number=f"556677-{8800 + batch}", name="Städbolaget", name_folded="stadbolaget")
            .returning(t.suppliers.c.id))).scalar_one()
        ids["supplier"].append(supplier)
        for n in range(contracts):
            contract = (await connection.execute(insert(t.contracts).values(
                reference=f"2024-{batch}-{n:04d}", title="Städ", title_folded="stad", supplier_id=supplier,
                status="aktivt", start_date=date(2024, 1, 1), end_date=date(2028, 12, 31), notice_period_months=6)
                .returning(t.contracts.c.id))).scalar_one()
            owner, coordinator, reporter = [await _contact(connection, f"{role}{batch}x{n}")
                                            for role in ("agare", "koordinator", "rapportor")]
            await connection.execute(insert(t.contract_roles), [
                {"contract_id": contract, "contact_id": owner, "role": "processägare"},
                {"contract_id": contract, "contact_id": coordinator, "role": "processkoordinator"}])
            kpi = (await connection.execute(insert(t.kpi_definitions).values(
                contract_id=contract, name="Nöjdhet", frequency="månad", reporter_contact_id=reporter)
                .returning(t.kpi_definitions.c.id))).scalar_one()
            meeting = (await connection.execute(insert(t.meetings).values(
                contract_id=contract, form="uppföljningsmöte", starts_at=at(2027, 2, 10, 10))
                .returning(t.meetings.c.id))).scalar_one()
            await connection.execute(insert(t.meeting_attendees), [
                {"meeting_id": meeting, "contact_id": owner}, {"meeting_id": meeting, "contact_id": reporter}])
            await connection.execute(insert(t.actions).values(
                contract_id=contract, title="Ny rutin", owner_id=owner, due_date=date(2027, 1, 29)))
            for key, value in (("contract", contract), ("kpi", kpi), ("reporter", reporter), ("owner", owner),
                               ("coordinator", coordinator), ("meeting", meeting)):
                ids[key].append(value)
    return ids


async def _reminders(engine) -> list[dict]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(t.reminders).order_by(t.reminders.c.kind, t.reminders.c.recipient_id,
                                                                     t.reminders.c.sequence))
        return [dict(row) for row in rows.mappings()]


async def test_planning_writes_the_due_reminders_with_what_their_messages_need(engine):
    ids = await _register(engine)
    result = await plan_reminders(unit_of_work_factory(engine), CALENDAR, at(2027, 1, 5, 10))
    rows = await _reminders(engine)
    assert result == PlanningResult(created=6, cancelled=0, answered=0)
    kpi = [row for row in rows if row["kind"] == "kpi"]
    assert [(r["subject_key"], r["recipient_id"], r["sequence"], r["step"], r["status"]) for r in kpi] == [
        (f"kpi:{ids['kpi'][0]}:2026-12", ids["reporter"][0], 1, 0, "pending")]
    assert kpi[0]["due_at"] == at(2027, 1, 4)
    assert kpi[0]["payload"] == {"kpi_id": ids["kpi"][0], "period": "2026-12", "deadline": "2027-01-10"}
    meetings = [row for row in rows if row["kind"] == "meeting"]
    assert {r["recipient_id"] for r in meetings} == {ids["owner"][0], ids["reporter"][0]}
    assert {r["due_at"] for r in meetings} == {at(2027, 2, 3, 9)}
    [action] = [row for row in rows if row["kind"] == "action"]
    assert action["payload"] == {"action_id": action["payload"]["action_id"], "due": "2027-01-29", "overdue": False}
    assert not [row for row in rows if row["kind"] in ("notice", "end")]  # notice date 2028-06-30: not yet
    surveys = [row for row in rows if row["kind"] == "survey"]  # the quarter just ended, to the team's verksamhet
    assert [(r["subject_key"], r["recipient_id"], r["contract_id"], r["due_at"]) for r in surveys] == [
        (f"survey:{ids['supplier'][0]}:2026-Q4", person, ids["contract"][0], at(2027, 1, 4))
        for person in sorted((ids["owner"][0], ids["coordinator"][0]))]
    assert surveys[0]["payload"] == {"supplier_id": ids["supplier"][0], "period": "2026-Q4"}


async def test_planning_twice_writes_nothing_more(engine):
    await _register(engine)
    unit_of_work = unit_of_work_factory(engine)
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10))
    before = await _reminders(engine)
    again = await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10, 5))
    assert again == PlanningResult(created=0, cancelled=0, answered=0)
    assert await _reminders(engine) == before


async def test_a_sent_reminder_is_followed_by_the_next_after_the_interval(engine):
    ids = await _register(engine)
    unit_of_work = unit_of_work_factory(engine)
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10))
    await _send_kpi_reminders(engine, at(2027, 1, 5, 10, 1))
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10, 5))
    kpi = [row for row in await _reminders(engine) if row["kind"] == "kpi"]
    assert [(r["recipient_id"], r["sequence"], r["status"], r["due_at"]) for r in kpi] == [
        (ids["reporter"][0], 1, "sent", at(2027, 1, 4)), (ids["reporter"][0], 2, "pending", at(2027, 1, 11))]


async def _send_kpi_reminders(engine, sent_at: datetime) -> None:
    async with engine.begin() as connection:
        await connection.execute(update(t.reminders).where(t.reminders.c.kind == "kpi",
                                                           t.reminders.c.status == "pending")
                                 .values(status="sent", sent_at=sent_at))


async def test_the_kpi_value_arriving_cancels_the_pending_reminders_and_answers_the_sent_ones(engine):
    ids = await _register(engine)
    unit_of_work = unit_of_work_factory(engine)
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10))
    await _send_kpi_reminders(engine, at(2027, 1, 5, 10, 1))
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10, 5))
    async with engine.begin() as connection:
        await connection.execute(insert(t.kpi_values).values(kpi_id=ids["kpi"][0], period="2026-12", value=4))
    result = await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 7, 10))
    kpi = [row for row in await _reminders(engine) if row["kind"] == "kpi"]
    assert (result.cancelled, result.answered, result.created) == (1, 1, 0)
    assert [r["status"] for r in kpi] == ["sent", "cancelled"]
    assert kpi[0]["answered_at"] == at(2027, 1, 7, 10)


async def test_a_closed_action_and_a_cancelled_meeting_lose_their_pending_reminders(engine):
    ids = await _register(engine)
    unit_of_work = unit_of_work_factory(engine)
    await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 10))
    async with engine.begin() as connection:
        await connection.execute(update(t.actions).values(status="klar"))
        await connection.execute(update(t.meetings).where(t.meetings.c.id == ids["meeting"][0])
                                 .values(status="inställt"))
    result = await plan_reminders(unit_of_work, CALENDAR, at(2027, 1, 5, 11))
    statuses = {(row["kind"], row["status"]) for row in await _reminders(engine)}
    assert result.cancelled == 3
    assert statuses == {("kpi", "pending"), ("meeting", "cancelled"), ("action", "cancelled"), ("survey", "pending")}


async def test_the_planner_reads_a_register_of_any_size_in_the_same_number_of_queries(engine):
    await _register(engine, contracts=2)
    small = await _count_statements(engine)
    await _register(engine, contracts=6, batch=1)
    large = await _count_statements(engine)
    assert small == large


async def _count_statements(engine) -> int:
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await plan_reminders(unit_of_work_factory(engine), CALENDAR, at(2027, 1, 5, 10))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    return len(statements)


def _planning_at_the_same_moment(engine, barrier: asyncio.Barrier):
    """Units of work whose planners all have read the facts before any of them writes."""
    factory = unit_of_work_factory(engine)

    @asynccontextmanager
    async def open_unit():
        async with factory() as uow:
            add = uow.reminder_planning.add

            async def add_after_all_have_read(reminders):
                await barrier.wait()
                return await add(reminders)

            uow.reminder_planning.add = add_after_all_have_read
            yield uow

    return open_unit


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_planners_at_the_same_time_write_each_reminder_once(engine):
    await _register(engine, contracts=30)
    barrier = asyncio.Barrier(2)
    results = await asyncio.gather(*[
        plan_reminders(_planning_at_the_same_moment(engine, barrier), CALENDAR, at(2027, 1, 5, 10))
        for _ in range(2)])
    rows = await _reminders(engine)
    keys = [(r["kind"], r["subject_key"], r["recipient_id"], r["sequence"]) for r in rows]
    assert len(rows) == 30 * 4 + 30 * 2 and len(set(keys)) == len(keys)  # and a survey to each owner, coordinator
    assert sorted(result.created for result in results) == [0, 30 * 4 + 30 * 2]


async def test_an_unreachable_reporter_is_passed_over_for_the_process_owner(engine):
    ids = await _register(engine)
    async with engine.begin() as connection:
        await connection.execute(update(t.contacts).where(t.contacts.c.id == ids["reporter"][0])
                                 .values(teams_unreachable_since=at(2026, 12, 1)))
    await plan_reminders(unit_of_work_factory(engine), CALENDAR, at(2027, 1, 5, 10))
    [kpi] = [row for row in await _reminders(engine) if row["kind"] == "kpi"]
    assert (kpi["recipient_id"], kpi["step"]) == (ids["owner"][0], 1)
    assert kpi["payload"]["responsible_ids"] == [ids["reporter"][0]]


async def test_a_paused_contract_gets_its_reminders_after_the_pause(engine):
    ids = await _register(engine)
    async with engine.begin() as connection:
        await connection.execute(insert(t.reminder_pauses).values(contract_id=ids["contract"][0],
                                                                  paused_until=date(2027, 1, 17)))
    await plan_reminders(unit_of_work_factory(engine), CALENDAR, at(2027, 1, 5, 10))
    due = {row["kind"]: row["due_at"] for row in await _reminders(engine)}
    assert due["kpi"] == at(2027, 1, 18)  # 4 January, held until the Monday after the pause
    assert (due["action"], due["meeting"]) == (at(2027, 1, 22, 9), at(2027, 2, 3, 9))  # after it anyway
