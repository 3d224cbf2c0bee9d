"""Reading what a test's bot wrote, from outside the bot: a short-lived engine per read."""

from __future__ import annotations

from storage.engine import open_engine
from storage.register_revision import register_revision


async def rows(database_url: str, statement) -> list:
    engine = open_engine(database_url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(statement)).mappings())
    finally:
        await engine.dispose()


async def revision(database_url: str) -> str:
    engine = open_engine(database_url)
    try:
        async with engine.connect() as connection:
            return await register_revision(connection)
    finally:
        await engine.dispose()
