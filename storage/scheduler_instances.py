"""The bot instances that are alive, told by their heartbeats, so they can share the tenant's send rate.

Each instance upserts its row every `beat`; a row whose heartbeat is older than three beats belongs to an
instance that died, and is removed by the next beat of any other.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables as t

_i = t.scheduler_instances.c
DEAD_AFTER_BEATS = 3


class SchedulerInstances:
    def __init__(self, engine: AsyncEngine, instance_id: str, beat: timedelta) -> None:
        self._engine = engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self.instance_id = instance_id
        self.beat = beat

    async def heartbeat(self, now: datetime) -> None:
        statement = self._insert(t.scheduler_instances).values(
            instance_id=self.instance_id, started_at=now, heartbeat_at=now
        )
        statement = statement.on_conflict_do_update(index_elements=["instance_id"], set_={"heartbeat_at": now})
        async with self._engine.begin() as connection:
            await connection.execute(statement)
            await connection.execute(delete(t.scheduler_instances).where(_i.heartbeat_at < self._alive_since(now)))

    async def live_instances(self, now: datetime) -> int:
        """How many instances beat recently; at least 1 (this one is alive while it asks)."""
        async with self._engine.connect() as connection:
            count = await connection.scalar(
                select(func.count()).select_from(t.scheduler_instances)
                .where(_i.heartbeat_at >= self._alive_since(now))
            )
        return max(int(count or 0), 1)

    async def leave(self) -> None:
        async with self._engine.begin() as connection:
            await connection.execute(delete(t.scheduler_instances).where(_i.instance_id == self.instance_id))

    def _alive_since(self, now: datetime) -> datetime:
        return now - self.beat * DEAD_AFTER_BEATS
