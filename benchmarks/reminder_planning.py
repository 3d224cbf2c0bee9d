"""The reminder planner on a large register: how long one planning run takes and how many statements it sends.

    python benchmarks/large_register.py big.xlsx --contracts 5000
    python benchmarks/reminder_planning.py big.xlsx
    python benchmarks/reminder_planning.py big.xlsx --database-url postgresql+asyncpg://postgres@127.0.0.1/postgres

The workbook is imported into a fresh database (a temporary SQLite file, or a throwaway PostgreSQL database);
then every running contract gets two KPIs (monthly, reported by a person; quarterly, reported by the supplier's
contact), a planned meeting three weeks ahead with its process owner and coordinator, an action ten days
overdue, and every third one a RACI 'A' for KPI reports. Timed: the first run (writes every due reminder), a
run with nothing new, and a run after all pending reminders were sent (writes the next of each).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from benchmarks.turns import postgres  # noqa: E402
from bot.domain.working_time import WorkingCalendar  # noqa: E402
from bot.holiday_source import is_swedish_holiday  # noqa: E402
from bot.services.reminder_planning import plan_reminders  # noqa: E402
from bot.services.register_transfer import import_register  # noqa: E402
from storage import tables as t  # noqa: E402
from storage.engine import open_engine  # noqa: E402
from storage.migrate import upgrade_database  # noqa: E402
from storage.unit_of_work import unit_of_work_factory  # noqa: E402
from storage.workbook import read_workbook  # noqa: E402

CALENDAR = WorkingCalendar(is_holiday=is_swedish_holiday)


async def add_follow_up(engine, now: datetime) -> int:
    """KPIs, meetings, actions and RACI rows for every running contract; the number of contracts."""
    async with engine.begin() as connection:
        c, r = t.contracts.c, t.contract_roles.c
        contracts = (await connection.execute(select(c.id).where(c.status.in_(["aktivt", "under uppsägning"]))
                                              .order_by(c.id))).scalars().all()
        people: dict[int, dict[str, int]] = {}
        for contract_id, role, contact_id in await connection.execute(select(r.contract_id, r.role, r.contact_id)):
            people.setdefault(contract_id, {})[role] = contact_id
        kpis, meetings, actions, raci = [], [], [], []
        for n, contract_id in enumerate(contracts):
            roles = people.get(contract_id, {})
            owner, coordinator = roles.get("processägare"), roles.get("processkoordinator")
            kpis += [{"contract_id": contract_id, "name": "Leveransprecision", "frequency": "månad",
                      "reporter_contact_id": owner, "reporter_party": None},
                     {"contract_id": contract_id, "name": "Nöjdhet", "frequency": "kvartal",
                      "reporter_contact_id": None, "reporter_party": "leverantör"}]
            meetings.append({"contract_id": contract_id, "form": "uppföljningsmöte",
                             "starts_at": now + timedelta(days=21)})
            actions.append({"contract_id": contract_id, "title": "Ny rutin", "owner_id": owner,
                            "due_date": (now - timedelta(days=10)).date()})
            if n % 3 == 0 and coordinator:
                raci.append({"contract_id": contract_id, "activity": "kpi_rapport", "contact_id": coordinator,
                             "responsibility": "A"})
        await connection.execute(insert(t.kpi_definitions), kpis)
        await connection.execute(insert(t.meetings), meetings)
        await connection.execute(insert(t.actions), actions)
        if raci:
            await connection.execute(insert(t.raci_assignments), raci)
        m = t.meetings.c
        attendees = [{"meeting_id": meeting_id, "contact_id": contact_id}
                     for meeting_id, contract_id in await connection.execute(select(m.id, m.contract_id))
                     for contact_id in {people.get(contract_id, {}).get(role)
                                        for role in ("processägare", "processkoordinator")} - {None}]
        await connection.execute(insert(t.meeting_attendees), attendees)
    return len(contracts)


async def timed_run(engine, now: datetime) -> tuple[float, int, object]:
    statements = []

    def count(*_args) -> None:
        statements.append(1)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        began = time.perf_counter()
        result = await plan_reminders(unit_of_work_factory(engine), CALENDAR, now)
        return time.perf_counter() - began, len(statements), result
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def run(args: argparse.Namespace) -> None:
    temp_dir = None if args.database_url else tempfile.mkdtemp(prefix="followup-bench-")
    pg_name = f"followup_bench_{uuid.uuid4().hex[:10]}" if args.database_url else None
    if pg_name:
        await postgres(args.database_url, f'CREATE DATABASE "{pg_name}"')
        database_url = make_url(args.database_url).set(database=pg_name).render_as_string(hide_password=False)
    else:
        database_url = f"sqlite+aiosqlite:///{temp_dir}/bench.db"
    engine = open_engine(database_url)
    now = datetime.fromisoformat(args.now).replace(tzinfo=CALENDAR.zone)
    try:
        await upgrade_database(engine)
        report = await import_register(unit_of_work_factory(engine), read_workbook(args.register),
                                       actor_label="bench")
        if report.errors:
            raise SystemExit(f"{args.register}: {len(report.errors)} bad rows, first {report.errors[0]}")
        followed = await add_follow_up(engine, now)
        print(f"{'postgresql' if pg_name else 'sqlite'}: {followed} running contracts followed up")
        for label, at in (("first run", now), ("nothing new", now + timedelta(minutes=5))):
            seconds, statements, result = await timed_run(engine, at)
            print(f"{label:>12}: {seconds:6.2f} s, {statements:3d} statements, {result}")
        async with engine.begin() as connection:
            await connection.execute(update(t.reminders).where(t.reminders.c.status == "pending",
                                                               t.reminders.c.due_at <= now)
                                     .values(status="sent", sent_at=now))
        later = CALENDAR.at(CALENDAR.add_working_days(now.date(), 3), CALENDAR.day_starts)
        seconds, statements, result = await timed_run(engine, later)
        print(f"{'after sends':>12}: {seconds:6.2f} s, {statements:3d} statements, {result}")
        async with engine.connect() as connection:
            total = await connection.scalar(select(func.count()).select_from(t.reminders))
        print(f"reminder rows: {total}")
    finally:
        await engine.dispose()
        if pg_name:
            await postgres(args.database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", type=Path, help="a workbook written by benchmarks/large_register.py")
    parser.add_argument("--database-url", help="a PostgreSQL URL to create a throwaway database from "
                        "(default: a temporary SQLite file)")
    parser.add_argument("--now", default="2027-01-05T10:00", help="the planner's clock, Europe/Stockholm")
    asyncio.run(run(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
