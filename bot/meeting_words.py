"""Meetings in the user's language: form names, the time in words, the agenda's lines, and the booked
meeting's card with its join link, or without Microsoft Graph the Teams scheduling link and the .ics file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from botbuilder.core import MessageFactory
from botbuilder.schema import Activity

from bot.domain.meetings import MeetingForm, StoredMeeting, UnknownMeetingForm, parse_form
from bot.i18n import Texts
from bot.meeting_invitation import Invitation, ics_attachment, teams_scheduling_link
from bot.services.meetings import BookedMeeting
from cards.render import attachment, render_card


def form_name(texts: Texts, form: MeetingForm) -> str:
    return texts(f"meeting.form.{form.name.lower()}")


def stored_form_name(texts: Texts, stored: str) -> str:
    """A meeting form as the register holds it (Swedish), in the user's language; a form of a plan's own
    wording is shown as written."""
    try:
        return form_name(texts, parse_form(stored))
    except UnknownMeetingForm:
        return stored


def time_in_words(texts: Texts, starts: datetime, duration_minutes: int) -> str:
    """"tisdag 8 december 2026 kl. 10:00–11:30" / "Tuesday 8 December 2026, 10:00–11:30"."""
    ends = starts + timedelta(minutes=duration_minutes)
    return texts(
        "meeting.time_words",
        weekday=texts("meeting.weekdays").split("|")[starts.weekday()],
        day=starts.day, month=texts("meeting.months").split("|")[starts.month - 1], year=starts.year,
        start=starts.strftime("%H:%M"), end=ends.strftime("%H:%M"),
    )


def agenda_lines(texts: Texts, agenda: Sequence[Sequence]) -> list[str]:
    """The drafted agenda's (key, params) in words; headings numbered, their items under them."""
    lines, number = [], 0
    for key, params in agenda:
        words = texts(key, **params)
        if words.startswith("–"):
            lines.append(f"   {words}")
        else:
            number += 1
            lines.append(f"{number}. {words}")
    return lines


def stored_invitation(texts: Texts, meeting: StoredMeeting) -> Invitation:
    """The invitation of a stored meeting, written as when it was booked, in `texts`' language."""
    organiser = meeting.organiser
    return Invitation(
        meeting_id=meeting.id,
        subject=texts("meeting.subject", form=stored_form_name(texts, meeting.form), reference=meeting.contract.reference,
                      supplier=meeting.contract.supplier_name),
        start=meeting.starts_at, duration_minutes=meeting.duration_minutes,
        organizer=(organiser.name, organiser.email or "") if organiser else ("", ""),
        attendees=tuple((person.name, person.email) for person in meeting.attendees if person.email),
        agenda=meeting.agenda,
    )


def booked_meeting_activity(texts: Texts, booked: BookedMeeting, now: datetime,
                            calendar_link: str | None = None) -> Activity:
    """The meeting's card; without a join link also the scheduling link and the .ics invitation: a button to
    the signed `calendar_link` when the bot has one, else the file attached."""
    booking = booked.booking
    invitation = Invitation(
        meeting_id=booked.meeting_id, subject=booking.subject, start=booking.starts_at,
        duration_minutes=booking.duration_minutes, organizer=booked.organizer,
        attendees=tuple((member.name, member.email) for member in booked.attendees if member.email),
        agenda="\n".join(booking.agenda),
    )
    link = booked.join_url or teams_scheduling_link(invitation)
    card = render_card("meeting", {
        "title": texts("meeting.booked_title", form=form_name(texts, booking.form),
                       reference=booked.contract.reference, supplier=booked.contract.supplier_name),
        "facts": [
            {"title": texts("meeting.fact.time"),
             "value": time_in_words(texts, booking.starts_at, booking.duration_minutes)},
            {"title": texts("meeting.fact.attendees"),
             "value": ", ".join(member.name for member in booked.attendees) or "–"},
        ],
        "agenda_title": texts("meeting.fact.agenda"),
        "agenda": "\n\n".join(booking.agenda),
        "how": texts("meeting.booked_online" if booked.join_url else "meeting.booked_offline"),
        "link_title": texts("meeting.button.join" if booked.join_url else "meeting.button.schedule"),
        "link": link,
        "notes_title": texts("meeting.button.notes"),
        "notes_command": texts("meeting.notes_command", id=booked.meeting_id),
        "calendar_title": texts("meeting.button.calendar"),
        "calendar_link": calendar_link if booked.join_url is None else None,
    })
    attachments = [attachment(card)]
    if booked.join_url is None and calendar_link is None:
        attachments.append(ics_attachment(invitation, now, texts("meeting.ics_name", id=booked.meeting_id)))
    return MessageFactory.list(attachments)
