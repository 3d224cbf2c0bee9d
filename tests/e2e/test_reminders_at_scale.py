"""Exactly once at scale: three bot instances, each its own process, share one PostgreSQL database with 1,000
due reminders and send them into a Bot Connector stub that answers 429 with Retry-After and 503 now and then.

Every reminder arrives once, also when one instance is stopped (SIGTERM) mid-run. When one is killed
(SIGKILL) none is lost: the others take its claims over when their lease runs out. A send that was on the
wire in the killed process when it died may arrive twice, at most as many as it had sends in flight.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter

import pytest
from sqlalchemy import func, select

from storage import tables as t
from storage.engine import open_engine
from storage.migrate import upgrade_database
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.support.bot_processes import start_bot_process, stop_all, wait_until_healthy
from tests.support.limiting_connector import LimitingConnector, running_limiting_connector
from tests.support.reminders import add_due_reminders, add_recipients

pytestmark = pytest.mark.postgres

INSTANCES = 3
REMINDERS = 1000
SENDS_IN_FLIGHT = 8
LEASE_SECONDS = 10
SETTINGS = {"REMINDER_POLL_SECONDS": 0.3, "REMINDER_LEASE_SECONDS": LEASE_SECONDS,
            "REMINDER_TENANT_RATE": 150, "REMINDER_SENDS_IN_FLIGHT": SENDS_IN_FLIGHT, "LOG_LEVEL": "WARNING"}
FAULT_EVERY = 40  # every 40th send is answered 429 (Retry-After 1), the one after it 503
INTERRUPT_AFTER = 300  # arrivals before one instance is stopped or killed


async def _run(tmp_path, interrupt: signal.Signals | None) -> tuple[LimitingConnector, Counter, Counter]:
    """Sends the reminders with three instances; returns the stub, the statuses in the database, and how
    many times each reminder was claimed."""
    connector = LimitingConnector(tenant_limit=None, fault_every=FAULT_EVERY)
    database_url = await create_postgres_database()
    engine = open_engine(database_url)
    try:
        await upgrade_database(engine)
        async with running_limiting_connector(connector):
            recipients = await add_recipients(engine, REMINDERS, connector.url)
            bots = [start_bot_process(f"instance-{n}", database_url, tmp_path, **SETTINGS) for n in range(INSTANCES)]
            try:
                await wait_until_healthy(bots)
                await add_due_reminders(engine, recipients)  # all instances are up: they share the work
                if interrupt is not None:
                    await _until(lambda: _arrived(connector, INTERRUPT_AFTER), timeout=60)
                    bots[0].signal(interrupt)
                    assert await bots[0].exited(timeout=30) in (0, -signal.SIGKILL)
                await _until(lambda: _all_done(engine), timeout=90)
            finally:
                await stop_all(bots)
            async with engine.connect() as connection:
                statuses = Counter(dict((await connection.execute(
                    select(t.reminders.c.status, func.count()).group_by(t.reminders.c.status))).all()))
                claims = Counter(dict((await connection.execute(
                    select(t.reminders.c.id, t.reminders.c.attempts))).all()))
        return connector, statuses, claims
    finally:
        await engine.dispose()
        await drop_postgres_database(database_url)


async def _arrived(connector: LimitingConnector, count: int) -> bool:
    return sum(connector.arrivals.values()) >= count


async def _all_done(engine) -> bool:
    async with engine.connect() as connection:
        sent = await connection.scalar(select(func.count()).where(t.reminders.c.status == "sent"))
    return sent == REMINDERS


async def _until(check, timeout: float) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.2)


async def test_three_instances_send_every_reminder_exactly_once_through_throttling(tmp_path):
    connector, statuses, claims = await _run(tmp_path, interrupt=None)
    assert set(connector.arrivals) == set(claims) and len(claims) == REMINDERS
    assert connector.duplicates() == 0
    assert statuses == {"sent": REMINDERS}
    assert connector.faults > 0  # the stub did answer 429 and 503 along the way


async def test_an_instance_stopped_mid_run_loses_none_and_sends_none_twice(tmp_path):
    connector, statuses, claims = await _run(tmp_path, interrupt=signal.SIGTERM)
    assert set(connector.arrivals) == set(claims)
    assert connector.duplicates() == 0
    assert statuses == {"sent": REMINDERS}


async def test_an_instance_killed_mid_run_loses_none(tmp_path):
    connector, statuses, claims = await _run(tmp_path, interrupt=signal.SIGKILL)
    assert set(connector.arrivals) == set(claims)
    assert statuses == {"sent": REMINDERS}
    assert any(times > 1 for times in claims.values())  # the killed instance's claims were taken over
    # Only what was on the wire in the killed process can have arrived twice.
    print(f"killed instance: {connector.duplicates()} reminder(s) arrived twice")
    assert connector.duplicates() <= SENDS_IN_FLIGHT
