"""Shared fixtures: real databases (a SQLite file and a PostgreSQL database of its own per test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import open_engine
from storage.migrate import upgrade_database

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
)


async def create_postgres_database() -> str:
    """Create an empty PostgreSQL database for one test and return its SQLAlchemy URL."""
    name = f"followup_test_{uuid.uuid4().hex[:12]}"
    await _as_admin(f'CREATE DATABASE "{name}"')
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


async def drop_postgres_database(url: str) -> None:
    await _as_admin(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


async def _as_admin(statement: str) -> None:
    admin = make_url(POSTGRES_ADMIN_URL)
    connection = await asyncpg.connect(
        host=admin.host, port=admin.port or 5432, user=admin.username, password=admin.password,
        database=admin.database or "postgres",
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request, tmp_path) -> AsyncIterator[str]:
    """An empty database of each kind the product runs on."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'followup.db'}"
        return
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


@pytest.fixture
async def sqlite_url(tmp_path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'followup.db'}"


@pytest.fixture
async def engine(database_url) -> AsyncIterator[AsyncEngine]:
    """A migrated database of each kind."""
    engine = open_engine(database_url)
    await upgrade_database(engine)
    try:
        yield engine
    finally:
        await engine.dispose()
