"""Claiming due reminders: each goes to one instance at a time, a dead instance's claims are taken over, and
only the current claimer may record what became of a reminder."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.domain.reminders import ReminderStatus
from storage import tables as t
from storage.conversation_references import ConversationReferenceStore, StoredReference
from storage.reminder_claims import ReminderClaims
from storage.scheduler_instances import SchedulerInstances
from storage.types import utcnow
from tests.support.reminders import add_due_reminders, add_recipients

LEASE = timedelta(seconds=30)


async def _reminders(engine) -> dict[int, dict]:
    async with engine.connect() as connection:
        return {row["id"]: dict(row) for row in (await connection.execute(select(t.reminders))).mappings()}


async def _setup(engine, count: int = 1) -> list[int]:
    recipients = await add_recipients(engine, count, "http://connector.invalid/")
    await add_due_reminders(engine, recipients)
    return recipients


async def test_two_claimers_never_claim_the_same_reminder(engine):
    await _setup(engine, 40)
    first, second = ReminderClaims(engine, "a", LEASE), ReminderClaims(engine, "b", LEASE)
    now = utcnow()
    claimed = await asyncio.gather(*(claimer.claim(now, 7) for claimer in (first, second) * 4))
    ids = [reminder.id for batch in claimed for reminder in batch]
    assert len(ids) == len(set(ids)) == 40
    rows = await _reminders(engine)
    by_claimer = {name: {reminder.id for batch in claimed[start::2] for reminder in batch}
                  for start, name in enumerate("ab")}
    for claimer, claimed_ids in by_claimer.items():
        assert all(rows[i]["claimed_by"] == claimer and rows[i]["status"] == "claimed" for i in claimed_ids)
    assert all(row["attempts"] == 1 for row in rows.values())


async def test_only_due_reminders_are_claimed_oldest_first(engine):
    recipients = await add_recipients(engine, 3, "http://connector.invalid/")
    now = utcnow()
    await add_due_reminders(engine, recipients[:1], due_at=now - timedelta(hours=2))
    await add_due_reminders(engine, recipients[1:2], due_at=now - timedelta(hours=1))
    await add_due_reminders(engine, recipients[2:], due_at=now + timedelta(hours=1))
    claimed = await ReminderClaims(engine, "a", LEASE).claim(now, 10)
    assert [reminder.recipient_id for reminder in claimed] == recipients[:2]
    assert all(reminder.status is ReminderStatus.CLAIMED and reminder.attempts == 1 for reminder in claimed)


async def test_a_claim_whose_lease_ran_out_is_taken_over(engine):
    await _setup(engine)
    now = utcnow()
    [taken] = await ReminderClaims(engine, "dead", LEASE).claim(now, 10)
    survivor = ReminderClaims(engine, "alive", LEASE)
    assert await survivor.claim(now + LEASE - timedelta(seconds=1), 10) == []
    [retaken] = await survivor.claim(now + LEASE + timedelta(seconds=1), 10)
    assert retaken.id == taken.id and retaken.attempts == 2
    assert (await _reminders(engine))[taken.id]["claimed_by"] == "alive"


async def test_an_instance_that_lost_its_lease_cannot_mark_the_reminder_sent(engine):
    await _setup(engine)
    now = utcnow()
    stale = ReminderClaims(engine, "stale", LEASE)
    [reminder] = await stale.claim(now, 10)
    current = ReminderClaims(engine, "current", LEASE)
    await current.claim(now + LEASE * 2, 10)
    assert await stale.mark_sent(reminder.id, now) is False
    row = (await _reminders(engine))[reminder.id]
    assert (row["status"], row["claimed_by"], row["sent_at"]) == ("claimed", "current", None)
    assert await current.mark_sent(reminder.id, now) is True
    row = (await _reminders(engine))[reminder.id]
    assert (row["status"], row["claimed_by"], row["sent_at"]) == ("sent", None, now)


async def test_a_blocked_recipient_is_undeliverable_and_marked_unreachable(engine):
    [recipient] = await _setup(engine)
    now = utcnow()
    claims = ReminderClaims(engine, "a", LEASE)
    [reminder] = await claims.claim(now, 10)
    assert await claims.mark_undeliverable(reminder.id, recipient, now, "403: blocked") is True
    row = (await _reminders(engine))[reminder.id]
    assert (row["status"], row["last_error"]) == ("undeliverable", "403: blocked")
    assert await claims.claim(now + LEASE * 2, 10) == []  # never retried
    async with engine.connect() as connection:
        since = await connection.scalar(
            select(t.contacts.c.teams_unreachable_since).where(t.contacts.c.id == recipient))
    assert since == now


async def test_a_failed_send_stays_pending_and_is_claimed_again_when_due(engine):
    await _setup(engine)
    now = utcnow()
    claims = ReminderClaims(engine, "a", LEASE)
    [reminder] = await claims.claim(now, 10)
    later = now + timedelta(minutes=5)
    assert await claims.mark_retry(reminder.id, later, "HttpOperationError: 500") is True
    row = (await _reminders(engine))[reminder.id]
    assert (row["status"], row["due_at"], row["last_error"], row["claimed_by"]) == (
        "pending", later, "HttpOperationError: 500", None)
    assert await claims.claim(now + timedelta(minutes=4), 10) == []
    [again] = await claims.claim(later, 10)
    assert again.id == reminder.id and again.attempts == 2


async def test_a_stopping_instance_gives_back_only_its_own_unsent_claims(engine):
    await _setup(engine, 3)
    now = utcnow()
    mine, other = ReminderClaims(engine, "mine", LEASE), ReminderClaims(engine, "other", LEASE)
    sent, unsent = await mine.claim(now, 2)
    [others] = await other.claim(now, 10)
    await mine.mark_sent(sent.id, now)
    assert await mine.release(now) == 1
    rows = await _reminders(engine)
    assert (rows[unsent.id]["status"], rows[unsent.id]["claimed_by"]) == ("pending", None)
    assert rows[sent.id]["status"] == "sent" and rows[others.id]["claimed_by"] == "other"


async def test_a_reminder_no_longer_relevant_is_cancelled(engine):
    await _setup(engine)
    claims = ReminderClaims(engine, "a", LEASE)
    [reminder] = await claims.claim(utcnow(), 10)
    assert await claims.mark_cancelled(reminder.id) is True
    assert (await _reminders(engine))[reminder.id]["status"] == "cancelled"


async def test_instances_that_stopped_beating_are_not_counted_as_live(engine):
    beat = timedelta(seconds=10)
    now = utcnow()
    await SchedulerInstances(engine, "old", beat).heartbeat(now - beat * 4)
    await SchedulerInstances(engine, "a", beat).heartbeat(now - beat)
    b = SchedulerInstances(engine, "b", beat)
    await b.heartbeat(now)
    assert await b.live_instances(now) == 2
    await b.leave()
    assert await b.live_instances(now) == 1
    async with engine.connect() as connection:
        left = set(await connection.scalars(select(t.scheduler_instances.c.instance_id)))
    assert left == {"a"}  # the dead one was cleared by the beat


async def test_talking_to_the_bot_again_clears_unreachable(engine):
    [recipient] = await _setup(engine)
    claims = ReminderClaims(engine, "a", LEASE)
    [reminder] = await claims.claim(utcnow(), 10)
    await claims.mark_undeliverable(reminder.id, recipient, utcnow(), "403")
    store = ConversationReferenceStore(engine)
    [known] = await store.of_contact(recipient)
    await store.save(StoredReference(**{**known.__dict__, "reference": {**known.reference, "locale": "en-US"}}))
    async with engine.connect() as connection:
        since = await connection.scalar(
            select(t.contacts.c.teams_unreachable_since).where(t.contacts.c.id == recipient))
    assert since is None


async def test_a_live_instance_keeps_its_claims_by_renewing_them(engine):
    await _setup(engine, 2)
    now = utcnow()
    mine = ReminderClaims(engine, "mine", LEASE)
    await mine.claim(now, 1)
    later = now + LEASE - timedelta(seconds=1)
    assert await mine.renew(later) == 1
    [other] = await ReminderClaims(engine, "other", LEASE).claim(now + LEASE + timedelta(seconds=1), 10)
    rows = await _reminders(engine)
    assert [row["claimed_by"] for row in rows.values()] == ["mine", "other"]
    assert rows[other.id]["claimed_by"] == "other"
