"""Booking a follow-up meeting: what is proposed (the meeting form of the follow-up plan, the follow-up team as
attendees, the agenda from red and late KPIs, open actions, deviations since the last meeting and unanswered
checklist items), and the booking itself: stored with its attendees in one unit of work, then made a Teams
meeting through the calendar when there is one."""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.access import may_book_meeting
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.meetings import (
    MAX_DURATION,
    MIN_DURATION,
    AgendaFacts,
    AgendaLine,
    InvalidDuration,
    MeetingForm,
    MeetingContract,
    MeetingInPast,
    MeetingPerson,
    NewDeviation,
    NewMeeting,
    StoredMeeting,
    draft_agenda,
    form_or_default,
)
from bot.domain.people import Person
from bot.services.checklists import unanswered_items
from bot.services.kpi_overview import kpis_of_contracts
from bot.services.ports import (
    Calendar,
    CalendarUnavailable,
    UnitOfWorkFactory,
)

log = logging.getLogger(__name__)


class MeetingContractNotFound(NotFound):
    code = "meeting.error.not_found"


class MayNotBook(NotAllowed):
    code = "meeting.error.not_allowed"


class NoOrganizerEmail(NotAllowed):
    code = "meeting.error.no_email"


@dataclass(frozen=True)
class MeetingProposal:
    contract: MeetingContract
    form: MeetingForm  # the follow-up plan's
    team: tuple[MeetingPerson, ...]  # proposed attendees
    invitable: tuple[MeetingPerson, ...]  # who may be added
    agenda: tuple[AgendaLine, ...]


@dataclass(frozen=True)
class Booking:
    contract_id: int
    form: MeetingForm
    starts_at: datetime  # aware
    duration_minutes: int
    attendee_ids: tuple[int, ...]
    subject: str
    agenda: tuple[str, ...]  # the agenda in words, one line each


@dataclass(frozen=True)
class BookedMeeting:
    meeting_id: int
    contract: MeetingContract
    booking: Booking
    organizer: tuple[str, str]
    attendees: tuple[MeetingPerson, ...]
    join_url: str | None  # set when the calendar made it a Teams meeting

    @property
    def ends_at(self) -> datetime:
        return self.booking.starts_at + timedelta(minutes=self.booking.duration_minutes)


async def propose_meeting(unit_of_work: UnitOfWorkFactory, person: Person, contract_id: int, now: datetime,
                          language: str = "sv") -> MeetingProposal:
    """What a booking of the contract starts from. `MayNotBook` for those who may not book its meetings.
    The agenda names the checklist parts with unanswered items, in `language`, with how many are left."""
    _check(person, contract_id)
    async with unit_of_work() as uow:
        contract = await uow.meetings.contract(contract_id)
        if contract is None:
            raise MeetingContractNotFound()
        plans = await uow.plans.plans_for_contracts([contract_id])
        team = await uow.meetings.team(contract_id)
        invitable = await uow.meetings.contacts_of(contract_id)
        last = await uow.meetings.last_meeting_start(contract_id, now)
        actions = await uow.meetings.open_actions(contract_id)
        deviations = [NewDeviation(d.occurred_on, d.type.value, d.description, d.is_complaint)
                      for d in await uow.deviations.of_contract(contract_id, since=last.date() if last else None)]
        unanswered = await unanswered_items(uow, contract_id)
    kpis = await kpis_of_contracts(unit_of_work, [contract_id], now.date())
    lines = [line for item in kpis for line in item.lines]
    facts = AgendaFacts(
        red_kpis=tuple(line.kpi.name for line in lines if line.needs_attention and not line.late),
        late_kpis=tuple(line.kpi.name for line in lines if line.late),
        open_actions=tuple(actions),
        deviations=tuple(deviations),
        unanswered_checklist=tuple(f"{part.name[language]} ({len(items)})" for part, items in unanswered),
    )
    plan = plans.get(contract_id)
    return MeetingProposal(
        contract=contract,
        form=form_or_default(plan.meeting_form if plan else None),
        team=tuple(team),
        invitable=tuple(invitable),
        agenda=tuple(draft_agenda(facts)),
    )


async def book_meeting(unit_of_work: UnitOfWorkFactory, calendar: Calendar | None, person: Person,
                       booking: Booking, now: datetime) -> BookedMeeting:
    """Stores the meeting and its attendees with the change history, then asks the calendar (when there is
    one) for a Teams meeting and stores its join link. The rights and the time are checked again here, so a
    stale or tampered answer books nothing."""
    _check(person, booking.contract_id)
    if person.email is None:
        raise NoOrganizerEmail()
    if booking.starts_at <= now:
        raise MeetingInPast(value=booking.starts_at.isoformat(timespec="minutes"))
    if not MIN_DURATION <= booking.duration_minutes <= MAX_DURATION:
        raise InvalidDuration(value=str(booking.duration_minutes), low=MIN_DURATION, high=MAX_DURATION)
    async with unit_of_work() as uow:
        contract = await uow.meetings.contract(booking.contract_id)
        if contract is None:
            raise MeetingContractNotFound()
        invitable = {member.contact_id: member for member in await uow.meetings.contacts_of(booking.contract_id)}
        attendees = tuple(invitable[i] for i in dict.fromkeys(booking.attendee_ids) if i in invitable)
        meeting = NewMeeting(
            contract_id=booking.contract_id, form=booking.form.value, starts_at=booking.starts_at,
            duration_minutes=booking.duration_minutes, agenda="\n".join(booking.agenda), organiser_id=person.id,
            attendee_ids=tuple(member.contact_id for member in attendees),
        )
        meeting_id = await uow.meetings.add(meeting)
        await uow.history.record(actor=person, actor_label=person.email, entity="meeting", entity_id=meeting_id,
                                 action="create", after=_facts(meeting))
        await uow.commit()
    booked = BookedMeeting(meeting_id, contract, booking, (person.name, person.email), attendees, None)
    if calendar is None:
        return booked
    return await _in_calendar(unit_of_work, calendar, person, booked)


async def _in_calendar(unit_of_work: UnitOfWorkFactory, calendar: Calendar, person: Person,
                       booked: BookedMeeting) -> BookedMeeting:
    invited = [(member.name, member.email) for member in booked.attendees if member.email]
    body = "<ol>" + "".join(f"<li>{html.escape(line)}</li>" for line in booked.booking.agenda) + "</ol>"
    try:
        event = await calendar.create_online_meeting(
            person.email or "", booked.booking.subject, booked.booking.starts_at, booked.ends_at, invited, body)
    except CalendarUnavailable:
        log.warning("meeting %s is booked without a Teams meeting: the calendar said no", booked.meeting_id)
        return booked
    async with unit_of_work() as uow:
        await uow.meetings.set_calendar_event(booked.meeting_id, event.event_id, event.join_url)
        await uow.history.record(actor=person, actor_label=person.email, entity="meeting",
                                 entity_id=booked.meeting_id, action="update",
                                 after={"calendar_event_id": event.event_id, "join_url": event.join_url})
        await uow.commit()
    return BookedMeeting(booked.meeting_id, booked.contract, booked.booking, booked.organizer, booked.attendees,
                         event.join_url)


def _check(person: Person, contract_id: int) -> None:
    if not may_book_meeting(person, contract_id):
        raise MayNotBook()


def _facts(meeting: NewMeeting) -> dict[str, object]:
    return {
        "contract_id": meeting.contract_id, "form": meeting.form,
        "starts_at": meeting.starts_at.isoformat(timespec="minutes"),
        "duration_minutes": meeting.duration_minutes, "attendee_ids": list(meeting.attendee_ids),
    }


async def stored_meeting(unit_of_work: UnitOfWorkFactory, meeting_id: int) -> StoredMeeting | None:
    """A booked meeting as stored, for its invitation; None when it is gone. Who may fetch it is decided by
    the signed link that names it (`bot.calendar_links`)."""
    async with unit_of_work() as uow:
        return await uow.meetings.stored(meeting_id)
