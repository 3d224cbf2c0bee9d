"""Conversation references, kept for proactive messages. Stored as the Bot Framework JSON, so nothing
botbuilder-specific is needed to read them back."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t
from storage.types import utcnow


@dataclass(frozen=True)
class StoredReference:
    channel_id: str
    conversation_id: str
    user_id: str
    user_aad_object_id: str | None
    contact_id: int | None
    conversation_type: str | None
    tenant_id: str | None
    service_url: str
    reference: Mapping[str, Any]


_REWRITE_AFTER_SECONDS = 600.0


class ConversationReferenceStore:
    """Upserts one row per (channel, conversation, user). Skips the write when nothing changed since this
    process last wrote it in the last ten minutes, so a busy conversation costs one write, not one per turn.

    A write also clears the contact's `teams_unreachable_since`: someone who talks to the bot can be reached
    again (so at the latest ten minutes after the last write, when it was left out as unchanged)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._written: dict[tuple[str, str, str], tuple[str, float]] = {}

    async def save(self, ref: StoredReference) -> bool:
        key = (ref.channel_id, ref.conversation_id, ref.user_id)
        fingerprint = hashlib.sha256(
            json.dumps([ref.reference, ref.contact_id, ref.user_aad_object_id], sort_keys=True, default=str)
            .encode()
        ).hexdigest()
        written = self._written.get(key)
        if written and written[0] == fingerprint and time.monotonic() - written[1] < _REWRITE_AFTER_SECONDS:
            return False
        values = {
            "channel_id": ref.channel_id,
            "conversation_id": ref.conversation_id,
            "user_id": ref.user_id,
            "user_aad_object_id": ref.user_aad_object_id,
            "contact_id": ref.contact_id,
            "conversation_type": ref.conversation_type,
            "tenant_id": ref.tenant_id,
            "service_url": ref.service_url,
            "reference": dict(ref.reference),
            "updated_at": utcnow(),
        }
        statement = self._insert(t.conversation_references).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["channel_id", "conversation_id", "user_id"],
            set_={name: statement.excluded[name] for name in values if name not in {"channel_id", "conversation_id", "user_id"}},
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)
            if ref.contact_id is not None:
                await connection.execute(
                    update(t.contacts)
                    .where(t.contacts.c.id == ref.contact_id, t.contacts.c.teams_unreachable_since.is_not(None))
                    .values(teams_unreachable_since=None)
                )
        if len(self._written) > 50_000:
            self._written.clear()
        self._written[key] = (fingerprint, time.monotonic())
        return True

    async def of_contact(self, contact_id: int) -> list[StoredReference]:
        """The contact's conversations with the bot, newest first."""
        r = t.conversation_references.c
        async with self._engine.connect() as connection:
            rows = (await connection.execute(
                select(t.conversation_references).where(r.contact_id == contact_id)
                .order_by(r.updated_at.desc(), r.id.desc())
            )).mappings().all()
        return [
            StoredReference(
                channel_id=row["channel_id"], conversation_id=row["conversation_id"], user_id=row["user_id"],
                user_aad_object_id=row["user_aad_object_id"], contact_id=row["contact_id"],
                conversation_type=row["conversation_type"], tenant_id=row["tenant_id"],
                service_url=row["service_url"], reference=row["reference"],
            )
            for row in rows
        ]
