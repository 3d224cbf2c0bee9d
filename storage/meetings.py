"""Meetings of contracts as they are booked: the follow-up team proposed as attendees, the facts the agenda is
drafted from, the meeting with its attendees, and the calendar event it became."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.reminder_content import ACTION_DONE
from bot.domain.meetings import (
    MeetingContract,
    MeetingPerson,
    NewMeeting,
    OpenAction,
    StoredMeeting,
)
from storage import tables as t


class SqlMeetingRepository:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def contract(self, contract_id: int) -> MeetingContract | None:
        c, s = t.contracts.c, t.suppliers.c
        row = (await self._connection.execute(
            select(c.id, c.reference, c.title, c.supplier_id, s.name.label("supplier_name"))
            .select_from(t.contracts.join(t.suppliers, s.id == c.supplier_id)).where(c.id == contract_id)
        )).mappings().first()
        return MeetingContract(**row) if row else None

    async def team(self, contract_id: int) -> list[MeetingPerson]:
        """The contract's follow-up team, each person once, by party and name."""
        cr = t.contract_roles.c
        on_team = select(cr.contact_id).where(cr.contract_id == contract_id)
        return await self._people(t.contacts.c.id.in_(on_team))

    async def contacts_of(self, contract_id: int) -> list[MeetingPerson]:
        """Who may be invited: the team and the contacts of the contract's supplier."""
        cr, c = t.contract_roles.c, t.contracts.c
        on_team = select(cr.contact_id).where(cr.contract_id == contract_id)
        supplier = select(c.supplier_id).where(c.id == contract_id).scalar_subquery()
        return await self._people(t.contacts.c.id.in_(on_team) | (t.contacts.c.supplier_id == supplier))

    async def last_meeting_start(self, contract_id: int, before: datetime) -> datetime | None:
        m = t.meetings.c
        return (await self._connection.execute(
            select(func.max(m.starts_at)).where(m.contract_id == contract_id, m.starts_at < before,
                                                m.status != "inställt"))).scalar_one_or_none()

    async def open_actions(self, contract_id: int) -> list[OpenAction]:
        a, p = t.actions.c, t.contacts.c
        rows = await self._connection.execute(
            select(a.title, p.name, a.due_date).select_from(t.actions.outerjoin(t.contacts, p.id == a.owner_id))
            .where(a.contract_id == contract_id, a.status.not_in(list(ACTION_DONE))).order_by(a.due_date, a.id))
        return [OpenAction(title, owner, due) for title, owner, due in rows]

    async def add(self, meeting: NewMeeting) -> int:
        meeting_id = (await self._connection.execute(insert(t.meetings).values(
            contract_id=meeting.contract_id, form=meeting.form, starts_at=meeting.starts_at,
            duration_minutes=meeting.duration_minutes, agenda=meeting.agenda, status="planerat",
            organiser_id=meeting.organiser_id,
        ).returning(t.meetings.c.id))).scalar_one()
        if meeting.attendee_ids:
            await self._connection.execute(insert(t.meeting_attendees), [
                {"meeting_id": meeting_id, "contact_id": contact_id} for contact_id in sorted(set(meeting.attendee_ids))
            ])
        return meeting_id

    async def stored(self, meeting_id: int) -> StoredMeeting | None:
        m = t.meetings.c
        row = (await self._connection.execute(select(t.meetings).where(m.id == meeting_id))).mappings().first()
        if row is None:
            return None
        contract = await self.contract(row["contract_id"])
        a = t.meeting_attendees.c
        attendees = await self._people(t.contacts.c.id.in_(select(a.contact_id).where(a.meeting_id == meeting_id)))
        organiser = await self._people(t.contacts.c.id == row["organiser_id"]) if row["organiser_id"] else []
        return StoredMeeting(
            id=row["id"], contract=contract, form=row["form"], starts_at=row["starts_at"],
            duration_minutes=row["duration_minutes"], agenda=row["agenda"] or "", status=row["status"],
            organiser=organiser[0] if organiser else None, attendees=tuple(attendees),
        )

    async def set_calendar_event(self, meeting_id: int, event_id: str, join_url: str | None) -> None:
        await self._connection.execute(update(t.meetings).where(t.meetings.c.id == meeting_id)
                                       .values(calendar_event_id=event_id, join_url=join_url))

    async def _people(self, condition) -> list[MeetingPerson]:
        p = t.contacts.c
        rows = await self._connection.execute(
            select(p.id, p.name, p.email, p.party).where(condition, p.erased_at.is_(None)).order_by(p.party, p.name))
        return [MeetingPerson(*row) for row in rows]
