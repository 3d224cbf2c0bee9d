"""The register's revision: a token that changes on every write to suppliers, contracts, contacts or roles.

Readers that keep the register in memory (the lookup index) compare it with one cheap query per turn and
reload when it changed, also when another bot instance on the same database made the change. Every writer
of the register calls `bump_register_revision` inside its own transaction.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import tables as t
from storage.types import utcnow

REVISION_KEY = "register.revision"


async def bump_register_revision(connection: AsyncConnection) -> str:
    token = uuid.uuid4().hex
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(t.app_settings).values(key=REVISION_KEY, value=token, updated_at=utcnow())
    await connection.execute(
        statement.on_conflict_do_update(
            index_elements=[t.app_settings.c.key],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
    )
    return token


async def register_revision(connection: AsyncConnection) -> str:
    """The current token; "" when the register was never written through a writer that bumps it."""
    value = await connection.scalar(select(t.app_settings.c.value).where(t.app_settings.c.key == REVISION_KEY))
    return str(value) if value is not None else ""
