"""Booking a meeting on the demo register: who may book, what is proposed, and what is stored, with the
calendar's Teams meeting or without one."""

from __future__ import annotations

import re

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.domain.meetings import MeetingForm, MeetingInPast
from bot.services.meetings import Booking, MayNotBook, book_meeting, propose_meeting
from storage import tables as t
from storage.demo_data import STOCKHOLM, load_demo_data
from storage.unit_of_work import unit_of_work_factory
from tests.support.fake_calendar import FakeCalendar

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=STOCKHOLM)


async def _setup(engine):
    await load_demo_data(engine, today=TODAY)
    unit_of_work = unit_of_work_factory(engine)
    async with unit_of_work() as uow:
        contract = await uow.contracts.by_reference("2022-041")
        it_contract = await uow.contracts.by_reference("2024-017")
        people = {email.split("@")[0]: await uow.people.by_email(email) for email in (
            "anna.lindqvist@exempelkommun.se", "lars-ake.nystrom@exempelkommun.se", "asa.oberg@exempelkommun.se",
            "maria.sjoberg@stadbolaget.example", "birgitta.sjostrom@exempelkommun.se")}
    return unit_of_work, contract.id, it_contract.id, people


async def _rows(engine, statement):
    async with engine.connect() as connection:
        return (await connection.execute(statement)).all()


async def test_the_proposal_is_the_whole_follow_up_team_and_an_agenda_of_what_needs_talking_about(engine):
    unit_of_work, contract_id, _, people = await _setup(engine)
    proposal = await propose_meeting(unit_of_work, people["lars-ake.nystrom"], contract_id, NOW)
    assert {member.name for member in proposal.team} >= {"Lars-Åke Nyström", "Anna Lindqvist", "Maria Sjöberg"}
    assert {member.party for member in proposal.team} == {"verksamhet", "inköp", "leverantör"}
    assert proposal.form is MeetingForm.FOLLOW_UP
    keys = [line.key for line in proposal.agenda]
    params = [line.params for line in proposal.agenda]
    assert {"title": "Genomföra gemensam kvalitetsrond på Norrskolan med leverantören", "owner": "Lars-Åke Nyström",
            "due": (TODAY - timedelta(days=6)).isoformat()} in params
    assert "meeting.agenda.complaint" in keys  # the complaint about Norrskolan, no meeting since
    checklist = [line.params["item"] for line in proposal.agenda if line.key == "meeting.agenda.checklist_item"]
    assert checklist and all(re.fullmatch(r"[A-ZÅÄÖ][\w ,åäö]+ \(\d+\)", item) for item in checklist)
    assert proposal.agenda[keys.index("meeting.agenda.checklist")].params == {"count": len(checklist)}


async def test_deviations_before_the_last_meeting_are_left_out_of_the_agenda(engine):
    unit_of_work, _, it_contract, people = await _setup(engine)
    proposal = await propose_meeting(unit_of_work, people["anna.lindqvist"], it_contract, NOW)
    keys = [line.key for line in proposal.agenda]
    assert "meeting.agenda.deviation" not in keys  # the network outage came before the meeting 52 days ago


@pytest.mark.parametrize("who", ["asa.oberg", "maria.sjoberg", "birgitta.sjostrom"])
async def test_only_coordinators_and_the_contracts_process_owner_or_coordinator_may_book(engine, who):
    unit_of_work, contract_id, _, people = await _setup(engine)
    with pytest.raises(MayNotBook):
        await propose_meeting(unit_of_work, people[who], contract_id, NOW)
    booking = Booking(contract_id, MeetingForm.FOLLOW_UP, NOW + timedelta(days=3), 60, (), "Möte", ("1. Öppning",))
    with pytest.raises(MayNotBook):
        await book_meeting(unit_of_work, None, people[who], booking, NOW)
    assert await _rows(engine, select(t.meetings.c.id).where(t.meetings.c.contract_id == contract_id)) == []


async def test_a_booking_stores_the_meeting_its_attendees_and_the_calendars_join_link(engine):
    unit_of_work, contract_id, _, people = await _setup(engine)
    proposal = await propose_meeting(unit_of_work, people["lars-ake.nystrom"], contract_id, NOW)
    attendees = tuple(member.contact_id for member in proposal.team if member.name != "Birgitta Sjöström")
    starts = datetime(2026, 12, 8, 10, 0, tzinfo=STOCKHOLM)
    calendar = FakeCalendar()
    booked = await book_meeting(unit_of_work, calendar, people["lars-ake.nystrom"], Booking(
        contract_id, MeetingForm.FOLLOW_UP, starts, 90, attendees, "Uppföljningsmöte 2022-041",
        ("1. Öppning", "2. <KPI>")), NOW)
    [event] = calendar.events
    assert event["organizer"] == "lars-ake.nystrom@exempelkommun.se"
    assert event["end"] - event["start"] == timedelta(minutes=90)
    assert ("Maria Sjöberg", "maria.sjoberg@stadbolaget.example") in event["attendees"]
    assert "&lt;KPI&gt;" in event["body"]
    m = t.meetings.c
    [row] = await _rows(engine, select(m.form, m.starts_at, m.duration_minutes, m.agenda, m.join_url,
                                       m.calendar_event_id, m.status).where(m.id == booked.meeting_id))
    assert row.form == "uppföljningsmöte" and row.starts_at == starts
    assert (row.duration_minutes, row.status) == (90, "planerat")
    assert row.agenda == "1. Öppning\n2. <KPI>"
    assert (row.join_url, row.calendar_event_id) == ("https://teams.example/join/1", "event-1")
    stored = await _rows(engine, select(t.meeting_attendees.c.contact_id)
                         .where(t.meeting_attendees.c.meeting_id == booked.meeting_id))
    assert sorted(contact_id for (contact_id,) in stored) == sorted(attendees)
    history = await _rows(engine, select(t.change_history.c.action).where(
        t.change_history.c.entity == "meeting", t.change_history.c.entity_id == str(booked.meeting_id)))
    assert sorted(action for (action,) in history) == ["create", "update"]


async def test_a_calendar_that_says_no_leaves_the_meeting_booked_without_a_join_link(engine):
    unit_of_work, contract_id, _, people = await _setup(engine)
    booked = await book_meeting(unit_of_work, FakeCalendar(refuse=True), people["anna.lindqvist"], Booking(
        contract_id, MeetingForm.START, NOW + timedelta(days=2), 60, (), "Startmöte", ("1. Öppning",)), NOW)
    assert booked.join_url is None
    [(join_url,)] = await _rows(engine, select(t.meetings.c.join_url).where(t.meetings.c.id == booked.meeting_id))
    assert join_url is None


async def test_a_start_in_the_past_is_refused_again_at_booking(engine):
    unit_of_work, contract_id, _, people = await _setup(engine)
    with pytest.raises(MeetingInPast):
        await book_meeting(unit_of_work, None, people["anna.lindqvist"], Booking(
            contract_id, MeetingForm.START, NOW - timedelta(minutes=1), 60, (), "Startmöte", ()), NOW)
