"""The demo data set loads into an empty database, once, and holds together on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.suppliers import normalise_org_number
from bot.domain.text import fold
from storage import tables as t
from storage.demo_data import STOCKHOLM, load_demo_data

TODAY = date(2026, 11, 23)


async def _count(engine: AsyncEngine, table) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table))


async def _all_counts(engine: AsyncEngine) -> dict[str, int]:
    return {table.name: await _count(engine, table) for table in t.metadata.sorted_tables}


async def _rows(engine: AsyncEngine, statement):
    async with engine.connect() as connection:
        return (await connection.execute(statement)).all()


async def test_loading_into_an_empty_database_inserts_what_the_summary_reports(engine):
    summary = await load_demo_data(engine, today=TODAY)

    assert summary.loaded
    for table_name, reported in summary.counts().items():
        assert await _count(engine, t.metadata.tables[table_name]) == reported, table_name
    assert (summary.suppliers, summary.contracts, summary.contacts) == (5, 7, 16)
    assert summary.kpi_values > 0 and summary.spend > 0 and summary.meeting_notes == 1
    history = await _rows(
        engine, select(t.change_history).where(t.change_history.c.actor_label == "demo-data")
    )
    assert [(row.entity, row.action, row.after) for row in history] == [
        ("demo_data", "create", summary.counts())
    ]


async def test_loading_twice_changes_nothing_the_second_time(engine):
    await load_demo_data(engine, today=TODAY)
    before = await _all_counts(engine)

    again = await load_demo_data(engine, today=TODAY)

    assert not again.loaded
    assert await _all_counts(engine) == before


async def test_nothing_is_loaded_into_a_register_that_has_a_supplier(engine):
    async with engine.begin() as connection:
        await connection.execute(
            t.suppliers.insert().values(org_number="556000-0001", name="X", name_folded="x")
        )

    assert not (await load_demo_data(engine, today=TODAY)).loaded
    assert await _count(engine, t.contacts) == 0


async def test_every_segment_is_used_and_sets_the_follow_up_plan(engine):
    await load_demo_data(engine, today=TODAY)

    segments = {row.segment for row in await _rows(engine, select(t.segmentations.c.segment))}
    assert segments == {"strategisk", "hävstång", "flaskhals", "icke-kritisk"}
    plans = await _rows(
        engine,
        select(t.follow_up_plans.c.kpi_frequency, t.follow_up_plan_defaults.c.kpi_frequency.label("default"))
        .join(t.contracts, t.contracts.c.id == t.follow_up_plans.c.contract_id)
        .join(t.segmentations, t.segmentations.c.supplier_id == t.contracts.c.supplier_id)
        .join(t.follow_up_plan_defaults, t.follow_up_plan_defaults.c.segment == t.segmentations.c.segment),
    )
    assert len(plans) == await _count(engine, t.contracts)
    assert all(row.kpi_frequency == row.default for row in plans)


async def test_every_contract_has_owner_coordinator_and_supplier_contact(engine):
    await load_demo_data(engine, today=TODAY)

    roles: dict[str, set[str]] = {}
    for reference, role in await _rows(
        engine,
        select(t.contracts.c.reference, t.contract_roles.c.role)
        .join(t.contract_roles, t.contract_roles.c.contract_id == t.contracts.c.id, isouter=True),
    ):
        roles.setdefault(reference, set()).add(role)
    assert len(roles) == 7
    for reference, held in roles.items():
        assert {"processägare", "processkoordinator", "leverantörskontakt"} <= held, reference


async def test_organisation_numbers_pass_luhn_and_cannot_be_real(engine):
    await load_demo_data(engine, today=TODAY)

    for (org_number,) in await _rows(engine, select(t.suppliers.c.org_number)):
        assert re.fullmatch(r"\d{6}-\d{4}", org_number)
        digits = org_number.replace("-", "")
        assert digits[0] == "4" and normalise_org_number(org_number) == org_number, org_number


async def test_phone_numbers_are_in_the_range_reserved_for_fiction(engine):
    await load_demo_data(engine, today=TODAY)

    phones = [row.phone for row in await _rows(engine, select(t.contacts.c.phone))]
    assert phones
    for phone in phones:
        assert re.fullmatch(r"070-17406\d\d", phone) and 1740605 <= int(phone[4:]) <= 1740699, phone


async def test_names_are_folded_and_emails_lower_case(engine):
    await load_demo_data(engine, today=TODAY)

    contacts = await _rows(engine, select(t.contacts.c.name, t.contacts.c.name_folded, t.contacts.c.email))
    for name, folded, email in contacts:
        assert folded == fold(name) and email == email.lower()
    assert ("Åsa Öberg", "asa oberg") in {(row.name, row.name_folded) for row in contacts}
    for title, folded in await _rows(engine, select(t.contracts.c.title, t.contracts.c.title_folded)):
        assert folded == fold(title)


@pytest.mark.parametrize(
    ("today", "newest"),
    [
        (date(2026, 11, 23), {"månad": "2026-10", "kvartal": "2026-Q3", "halvår": "2026-H1", "år": "2025"}),
        (date(2027, 1, 5), {"månad": "2026-12", "kvartal": "2026-Q4", "halvår": "2026-H2", "år": "2026"}),
    ],
)
async def test_kpi_history_is_a_year_back_ending_with_the_last_full_period(engine, today, newest):
    await load_demo_data(engine, today=today)

    rows = await _rows(
        engine,
        select(t.kpi_definitions.c.id, t.kpi_definitions.c.frequency, t.kpi_values.c.period)
        .join(t.kpi_values, t.kpi_values.c.kpi_id == t.kpi_definitions.c.id),
    )
    history: dict[tuple[int, str], list[str]] = {}
    for kpi_id, frequency, period in rows:
        history.setdefault((kpi_id, frequency), []).append(period)
    assert {frequency for _, frequency in history} == {"månad", "kvartal", "halvår", "år"}
    expected_count = {"månad": 12, "kvartal": 4, "halvår": 2, "år": 2}  # a year back; two yearly surveys
    for (kpi_id, frequency), periods in history.items():
        assert len(set(periods)) == len(periods) == expected_count[frequency], kpi_id
        assert max(periods) == newest[frequency], kpi_id
    sla = await _rows(
        engine,
        select(t.kpi_values.c.period).join(t.kpi_definitions)
        .where(t.kpi_definitions.c.name == "Lösta ärenden inom SLA").order_by(t.kpi_values.c.period),
    )
    assert len(sla) == 12 and sla[-1].period == newest["månad"]


async def test_meetings_are_booked_in_stockholm_time_relative_to_today(engine):
    await load_demo_data(engine, today=TODAY)

    planned = await _rows(engine, select(t.meetings.c.starts_at).where(t.meetings.c.status == "planerat"))
    assert planned and all(row.starts_at.tzinfo is not None for row in planned)
    in_ten_days = datetime.combine(TODAY + timedelta(days=10), time(10), STOCKHOLM)
    assert in_ten_days in {row.starts_at for row in planned}
    held = await _rows(engine, select(t.meetings.c.id).where(t.meetings.c.status == "genomfört"))
    parties = {row.party for row in await _rows(
        engine,
        select(t.contacts.c.party)
        .join(t.meeting_attendees)
        .where(t.meeting_attendees.c.meeting_id == held[0].id),
    )}
    assert parties == {"verksamhet", "inköp", "leverantör"}
    overdue = await _rows(
        engine, select(t.actions.c.id).where(t.actions.c.due_date < TODAY, t.actions.c.status == "öppen")
    )
    assert len(overdue) == 1


async def test_anna_lindqvist_is_a_process_coordinator_on_several_contracts(engine):
    await load_demo_data(engine, today=TODAY)

    (anna,) = await _rows(
        engine, select(t.contacts).where(t.contacts.c.email == "anna.lindqvist@exempelkommun.se")
    )
    assert (anna.global_role, anna.party) == ("processkoordinator", "inköp")
    roles = await _rows(
        engine,
        select(t.contract_roles.c.role, t.contract_roles.c.is_key_contact)
        .where(t.contract_roles.c.contact_id == anna.id),
    )
    assert len([row for row in roles if row.role == "processkoordinator"]) >= 3
    assert any(row.is_key_contact for row in roles)
    admins = await _rows(engine, select(t.contacts.c.id).where(t.contacts.c.global_role == "administratör"))
    assert admins == []
