"""Integration fixtures: the demo register loaded as on a fixed day, so its KPI histories and dates are known."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.demo_data import load_demo_data
from storage.engine import open_engine
from storage.migrate import upgrade_database
from storage.unit_of_work import unit_of_work_factory
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.support.demo_people import DEMO_DAY


@pytest.fixture
async def demo(engine):
    """The demo register on `DEMO_DAY`; the unit-of-work factory over it. A test file may define its own."""
    await load_demo_data(engine, today=DEMO_DAY)
    return unit_of_work_factory(engine)


@pytest.fixture
async def second_engine(database_url, tmp_path) -> AsyncIterator[AsyncEngine]:
    """Another empty database of the same kind, for round trips."""
    if database_url.startswith("sqlite"):
        url = f"sqlite+aiosqlite:///{tmp_path / 'second.db'}"
    else:
        url = await create_postgres_database()
    engine = open_engine(url)
    await upgrade_database(engine)
    try:
        yield engine
    finally:
        await engine.dispose()
        if not url.startswith("sqlite"):
            await drop_postgres_database(url)
