"""Use cases of a meeting's notes: which meeting, what its notes propose, and saving the notes with the decisions
and actions the user kept, all linked to the meeting and its contract, in one unit of work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.actions import Action
from bot.domain.decisions import Decision
from bot.domain.meeting_notes import ProposedAction, ProposedDecision, RecognisedNotes, recognise
from bot.domain.people import Person
from bot.domain.reminder_content import MEETING_HELD, MEETING_PLANNED, Meeting
from bot.services.actions import check_action, write_action
from bot.services.decisions import add_decision
from bot.services.follow_up_access import MeetingNotFound, contract_to_record, record_change, team_contacts
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory

MEETINGS_OFFERED = 8


@dataclass(frozen=True)
class SavedNotes:
    notes_id: int
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]
    marked_held: bool  # the meeting was planned, its time had passed, and it is now genomfört


async def meeting_to_note(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                          meeting_id: int) -> Meeting:
    """The meeting when `actor` may record follow-up on its contract; one not theirs to see is not found."""
    async with unit_of_work() as uow:
        meeting = await uow.meeting_records.meeting(meeting_id)
    if meeting is None or not (await catalogue.current()).may_see_contract(actor, meeting.contract_id):
        raise MeetingNotFound(meeting_id=meeting_id)
    await contract_to_record(catalogue, actor, meeting.contract_id)
    return meeting


async def recent_meetings(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                          contract_id: int) -> list[Meeting]:
    await contract_to_record(catalogue, actor, contract_id)
    async with unit_of_work() as uow:
        return await uow.meeting_records.recent_of(contract_id, limit=MEETINGS_OFFERED)


async def read_notes(catalogue: CatalogueCache, actor: Person, contract_id: int, text: str) -> RecognisedNotes:
    """The notes and the decisions and actions their lines propose, owners among the contract's team."""
    file = await contract_to_record(catalogue, actor, contract_id)
    return recognise(text, team_contacts(file))


async def save_meeting_notes(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                             meeting_id: int, text: str, decisions: Sequence[ProposedDecision],
                             actions: Sequence[ProposedAction], today: date, now: datetime) -> SavedNotes:
    meeting = await meeting_to_note(unit_of_work, catalogue, actor, meeting_id)
    file = await contract_to_record(catalogue, actor, meeting.contract_id)
    contacts = team_contacts(file)
    planned = [
        Action(None, meeting.contract_id, proposed.title, proposed.owner_id, proposed.due_date, meeting_id=meeting_id)
        for proposed in actions
    ]
    for action in planned:
        check_action(action, contacts, today)
    async with unit_of_work() as uow:
        notes_id = await uow.meeting_records.add_notes(meeting_id, text, actor.id)
        await record_change(uow, actor, "meeting_notes", notes_id, "create",
                            after={"meeting_id": meeting_id, "text": text})
        logged = [
            await add_decision(uow, actor, Decision(None, meeting.contract_id, today, proposed.what,
                                                    decided_by=actor.name, meeting_id=meeting_id))
            for proposed in decisions
        ]
        added = [await write_action(uow, actor, action) for action in planned]
        held = meeting.status == MEETING_PLANNED and meeting.starts_at <= now and (
            await uow.meeting_records.mark_held(meeting_id)
        )
        if held:
            await record_change(uow, actor, "meeting", meeting_id, "update",
                                before={"status": MEETING_PLANNED}, after={"status": MEETING_HELD})
        await uow.commit()
    return SavedNotes(notes_id, tuple(logged), tuple(added), held)
