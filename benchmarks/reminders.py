"""How close to the Teams limits the bot sends its reminders: `python benchmarks/reminders.py`.

Sends `--reminders` due reminders (default 10,000), each to a different person, from `--instances` bot
processes (`tests.support.reminder_instance`) into a Bot Connector stub that enforces Teams' limits with
429 + Retry-After (50 requests/s per tenant in a sliding second; 7/1 s, 8/2 s, 60/30 s, 1800/h per
conversation). Prints the time from the reminders falling due until the database says all are sent, the
minimum the limits allow (reminders / 50 per second), their ratio, duplicates, lost reminders and 429s.
`--reminders 500` tries it in about ten seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from storage import tables as t  # noqa: E402
from storage.engine import open_engine  # noqa: E402
from storage.migrate import upgrade_database  # noqa: E402
from tests.conftest import create_postgres_database, drop_postgres_database  # noqa: E402
from tests.support.bot_processes import start_bot_process, stop_all, wait_until_healthy  # noqa: E402
from tests.support.limiting_connector import TENANT_LIMIT, LimitingConnector, running_limiting_connector  # noqa: E402
from tests.support.reminders import add_due_reminders, add_recipients  # noqa: E402


async def benchmark(reminders: int, database: str, instances: int, log_dir: Path) -> dict:
    database_url = (await create_postgres_database() if database == "postgresql"
                    else f"sqlite+aiosqlite:///{log_dir / 'benchmark.db'}")
    engine = open_engine(database_url)
    connector = LimitingConnector()
    try:
        await upgrade_database(engine)
        async with running_limiting_connector(connector):
            recipients = await add_recipients(engine, reminders, connector.url)
            bots = [start_bot_process(f"benchmark-{n}", database_url, log_dir,
                                      REMINDER_TENANT_RATE=TENANT_LIMIT[0] / TENANT_LIMIT[1])
                    for n in range(instances)]
            try:
                await wait_until_healthy(bots)
                await add_due_reminders(engine, recipients)
                started = time.monotonic()
                while await _sent(engine) < reminders:
                    await asyncio.sleep(0.2)
                elapsed = time.monotonic() - started
            finally:
                await stop_all(bots)
        minimum = reminders * TENANT_LIMIT[1] / TENANT_LIMIT[0]
        return {
            "reminders": reminders, "instances": instances, "database": database, "seconds": elapsed,
            "minimum_seconds": minimum, "ratio": elapsed / minimum, "duplicates": connector.duplicates(),
            "lost": reminders - len(connector.arrivals), "throttled_429": connector.throttled,
            "requests": connector.requests,
            "per_second_by_slice": _rates(connector.arrived_at, started),
        }
    finally:
        await engine.dispose()
        if database == "postgresql":
            await drop_postgres_database(database_url)


def _rates(arrived_at: list[float], started: float, slice_seconds: float = 20.0) -> list[float]:
    """Arrivals per second in each `slice_seconds` from the moment the reminders fell due."""
    counts: dict[int, int] = {}
    for moment in arrived_at:
        index = int((moment - started) // slice_seconds)
        counts[index] = counts.get(index, 0) + 1
    return [counts.get(index, 0) / slice_seconds for index in range(max(counts, default=-1) + 1)]


async def _sent(engine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).where(t.reminders.c.status == "sent"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--instances", type=int, default=1, help="bot processes sharing the database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reminder-benchmark-") as directory:
        result = asyncio.run(benchmark(args.reminders, args.database, args.instances, Path(directory)))
    print(f"{result['reminders']} reminders, {result['instances']} instance(s), {result['database']}")
    print(f"time taken:        {result['seconds']:.1f} s")
    print(f"minimum allowed:   {result['minimum_seconds']:.1f} s (50 requests/s per tenant)")
    print(f"ratio:             {result['ratio']:.3f} (target ≤ 1.15)")
    print(f"duplicates:        {result['duplicates']}")
    print(f"lost:              {result['lost']}")
    print(f"429s:              {result['throttled_429']} of {result['requests']} requests")
    print("arrivals/s per 20 s: " + " ".join(f"{rate:.1f}" for rate in result["per_second_by_slice"]))


if __name__ == "__main__":
    main()
