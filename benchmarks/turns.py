"""Uppföljningsboten's turn (default "hjälp") against a bare botbuilder echo bot, over the same HTTP path.

Each server runs in a child process of its own with its own connector stub; this process only sends the
turns. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.support.connector_stub import ConnectorStub, running_connector_stub  # noqa: E402

WARMUP_TURNS, TURN_TIMEOUT_S, START_TIMEOUT_S = 30, 30, 60
NAMES = {"echo": "echo (bare)", "bot": "uppföljningsboten"}


# ---------------------------------------------------------------- the servers (child processes)

class _ProblemCounter(logging.Handler):
    count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


PROBLEMS = _ProblemCounter(logging.WARNING)


class CountingStub(ConnectorStub):
    def app(self) -> web.Application:
        app = super().app()
        app.router.add_get("/bench/stats", self._stats)
        return app

    async def _stats(self, request: web.Request) -> web.Response:
        lookups = sum(1 for method, path in self.requests if method == "GET" and "/members/" in path)
        return web.json_response({"replies": len(self.activities), "member_lookups": lookups,
                                  "log_warnings": PROBLEMS.count})


def echo_app() -> web.Application:
    from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication

    class Config:
        APP_ID, APP_PASSWORD, APP_TYPE = "", "", "MultiTenant"

    class EchoBot(ActivityHandler):
        async def on_message_activity(self, turn_context: TurnContext) -> None:
            await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))

    adapter, bot = CloudAdapter(ConfigurationBotFrameworkAuthentication(Config())), EchoBot()

    async def messages(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app


def bot_app(database_url: str) -> web.Application:
    from bot.app import create_app
    from bot.settings import Settings

    return create_app(Settings(database_url=database_url, app_id="", allowed_tenants=frozenset(), _env_file=None))


async def serve(kind: str, database_url: str) -> None:
    """Print the server's and the stub's URLs as one JSON line, then serve until stdin closes."""
    logging.basicConfig(level=logging.WARNING, format=f"[{kind} server] %(levelname)s %(name)s: %(message)s")
    logging.getLogger().addHandler(PROBLEMS)
    async with running_connector_stub(CountingStub()) as stub:
        runner = web.AppRunner(bot_app(database_url) if kind == "bot" else echo_app(), access_log=None)
        await runner.setup()  # the app's startup: database migrations for the bot
        try:
            await web.TCPSite(runner, "127.0.0.1", 0).start()
            url = f"http://127.0.0.1:{runner.addresses[0][1]}/api/messages"
            print(json.dumps({"url": url, "stub": stub.url}), flush=True)
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
        finally:
            await runner.cleanup()


# ---------------------------------------------------------------- the load generator (parent process)

async def start_server(kind: str, database_url: str, cpu: int | None) -> tuple[asyncio.subprocess.Process, dict]:
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", kind, "--database-url", database_url]
    process = await asyncio.create_subprocess_exec(*command, *(["--cpu", str(cpu)] if cpu is not None else []),
                                                   stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    try:
        line = await asyncio.wait_for(process.stdout.readline(), START_TIMEOUT_S)
        if not line:
            raise RuntimeError(f"the {kind} server exited before it started (code {await process.wait()})")
        return process, json.loads(line)
    except BaseException:
        await stop_server(process)
        raise


async def stop_server(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.stdin.close()  # the child shuts down cleanly when its stdin closes
        try:
            await asyncio.wait_for(process.wait(), 15)
        except asyncio.TimeoutError:
            process.kill()
            await process.wait()


class Client:
    def __init__(self, session: ClientSession, text: str) -> None:
        self.session, self.text, self.run_id = session, text, uuid.uuid4().hex[:8]
        self.sent, self.failed = {"echo": 0, "bot": 0}, {"echo": 0, "bot": 0}

    async def turn(self, kind: str, server: dict, slot: int) -> float:
        """One Teams-shaped message; the latency in ms. Conversation `slot`: one per concurrent sender."""
        self.sent[kind] += 1
        body = json.dumps({
            "type": "message", "id": f"bench-{self.run_id}-{kind}-{self.sent[kind]}", "channelId": "msteams",
            "serviceUrl": server["stub"], "locale": "sv-SE", "text": self.text,
            "conversation": {"id": f"bench-conv-{slot}", "conversationType": "personal", "tenantId": "bench-tenant"},
            "from": {"id": "29:bench-user", "name": "Bench User",
                     "aadObjectId": BENCH_USER_AAD},
            "recipient": {"id": "28:bot", "name": "bot"}, "channelData": {"tenant": {"id": "bench-tenant"}},
        }).encode()
        start = time.perf_counter()
        try:
            async with self.session.post(server["url"], data=body, headers={"Content-Type": "application/json"}) as r:
                await r.read()
                self.failed[kind] += r.status not in (200, 201)
        except (ClientError, OSError, asyncio.TimeoutError):
            self.failed[kind] += 1
        return (time.perf_counter() - start) * 1000

    async def load(self, kind: str, server: dict, turns: int, concurrency: int) -> tuple[list[float], float]:
        """`turns` turns with `concurrency` in flight: the latencies and the turns per second."""
        remaining, latencies = turns, []

        async def sender(slot: int) -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                latencies.append(await self.turn(kind, server, slot))

        start = time.perf_counter()
        await asyncio.gather(*(sender(slot) for slot in range(concurrency)))
        return latencies, turns / (time.perf_counter() - start)


async def measure(args: argparse.Namespace, servers: dict[str, dict]) -> dict:
    connector = TCPConnector(limit=max(args.concurrency, 10))
    async with ClientSession(timeout=ClientTimeout(total=TURN_TIMEOUT_S), connector=connector) as session:
        client, rounds = Client(session, args.text), {"echo": [], "bot": []}
        for kind, server in servers.items():
            await client.load(kind, server, WARMUP_TURNS, args.concurrency)
        for number in range(args.rounds):  # alternate the order round by round against drift
            for kind in ("bot", "echo") if number % 2 == 0 else ("echo", "bot"):
                latencies, seq = await client.load(kind, servers[kind], args.turns, 1)
                _, conc = await client.load(kind, servers[kind], args.turns, args.concurrency)
                cuts = statistics.quantiles(latencies, n=100, method="inclusive")
                rounds[kind].append({"p50_ms": cuts[49], "p95_ms": cuts[94], "p99_ms": cuts[98],
                                     "seq_turns_per_s": seq, "conc_turns_per_s": conc})
        stats = {}
        for kind, server in servers.items():
            async with session.get(server["stub"] + "bench/stats") as response:
                stats[kind] = await response.json()
    return {kind: {**{key: statistics.median(r[key] for r in rounds[kind]) for key in rounds[kind][0]},
                   "turns_sent": client.sent[kind], "failed": client.failed[kind], **stats[kind]}
            for kind in ("echo", "bot")}


async def postgres(admin_url: str, statement: str) -> None:
    import asyncpg

    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


BENCH_USER_AAD = "00000000-0000-0000-0000-0000000000a1"
BENCH_USER_EMAIL = "bench.user@exempelkommun.se"


async def prepare_database(database_url: str, args: argparse.Namespace) -> str:
    """Migrate, fill the register as asked, and register the sending user as a colleague (medarbetare),
    so the bot answers lookups for them as for any employee. Returns what the register holds."""
    from sqlalchemy import func, select

    from bot.domain.roles import GlobalRole
    from bot.services.administration import grant_global_role
    from storage import tables as t
    from storage.demo_data import load_demo_data
    from storage.engine import open_engine
    from storage.migrate import upgrade_database
    from storage.unit_of_work import unit_of_work_factory

    engine = open_engine(database_url)
    try:
        await upgrade_database(engine)
        if args.demo:
            await load_demo_data(engine)
        unit_of_work = unit_of_work_factory(engine)
        if args.register:
            from bot.services.register_transfer import import_register
            from storage.workbook import read_workbook

            report = await import_register(unit_of_work, read_workbook(args.register), actor_label="bench")
            if report.errors:
                raise SystemExit(f"{args.register}: {len(report.errors)} bad rows, first {report.errors[0]}")
        person = await grant_global_role(unit_of_work, BENCH_USER_EMAIL, GlobalRole.EMPLOYEE, actor_label="bench")
        async with unit_of_work() as uow:
            await uow.people.link_aad_object_id(person.id, BENCH_USER_AAD)
            await uow.commit()
        async with engine.connect() as connection:
            counts = [await connection.scalar(select(func.count()).select_from(table))
                      for table in (t.suppliers, t.contracts, t.contacts)]
    finally:
        await engine.dispose()
    return "{} suppliers, {} contracts, {} contacts".format(*counts)


async def run(args: argparse.Namespace) -> dict:
    temp_dir = None if args.database_url else tempfile.mkdtemp(prefix="followup-bench-")
    pg_name = f"followup_bench_{uuid.uuid4().hex[:10]}" if args.database_url else None
    cpus = os.cpu_count() or 1  # on 2+ cores: the client on CPU 0, the (alternately busy) servers on the last
    server_cpu = cpus - 1 if cpus > 1 and hasattr(os, "sched_setaffinity") else None
    if server_cpu is not None:
        os.sched_setaffinity(0, {0})
    processes = []
    try:
        if pg_name:
            await postgres(args.database_url, f'CREATE DATABASE "{pg_name}"')
            database_url = make_url(args.database_url).set(database=pg_name).render_as_string(hide_password=False)
        else:
            database_url = f"sqlite+aiosqlite:///{temp_dir}/bench.db"
        register = await prepare_database(database_url, args)
        servers = {}
        for kind in ("echo", "bot"):
            process, servers[kind] = await start_server(kind, database_url, server_cpu)
            processes.append(process)
        async with asyncio.timeout(args.timeout):
            bots = await measure(args, servers)
    finally:
        for process in processes:
            await stop_server(process)
        if pg_name:
            await postgres(args.database_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)
    echo, bot = bots["echo"], bots["bot"]
    return {
        "database": f"postgresql (throwaway database {pg_name})" if pg_name else "sqlite (temporary file)",
        "python": platform.python_version(), "botbuilder": version("botbuilder-core"), "cpus": cpus,
        "pinning": f"client cpu 0, servers cpu {server_cpu}" if server_cpu is not None else "none",
        "register": register, "turns": args.turns, "rounds": args.rounds, "concurrency": args.concurrency, "text": args.text,
        "bots": bots,
        "ratio": {"p50": bot["p50_ms"] / echo["p50_ms"], "p95": bot["p95_ms"] / echo["p95_ms"],
                  "throughput": echo["conc_turns_per_s"] / bot["conc_turns_per_s"]},
    }


def report(result: dict) -> None:
    print(f"database: {result['database']}; Python {result['python']}, botbuilder {result['botbuilder']}, "
          f"{result['cpus']} CPUs (pinning: {result['pinning']})")
    print(f"register: {result['register']}; the sender is a registered colleague (medarbetare)")
    print(f"text {result['text']!r}, {result['turns']} turns per phase, concurrency {result['concurrency']}, "
          f"median of {result['rounds']} rounds\n")
    print(f"{'bot':<18}{'turns':>6}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'seq turns/s':>13}{'conc turns/s':>14}")
    for kind, b in result["bots"].items():
        print(f"{NAMES[kind]:<18}{result['turns']:>6}{b['p50_ms']:>8.1f}{b['p95_ms']:>8.1f}{b['p99_ms']:>8.1f}"
              f"{b['seq_turns_per_s']:>13.0f}{b['conc_turns_per_s']:>14.0f}")
    r = result["ratio"]
    print(f"ratio bot/echo: p50 {r['p50']:.1f}, p95 {r['p95']:.1f}, throughput {r['throughput']:.1f} "
          "(echo turns/s ÷ bot turns/s, concurrent)\n")
    for kind, b in result["bots"].items():
        every = " — on every turn" if b["member_lookups"] == b["turns_sent"] else ""
        print(f"{NAMES[kind]}: {b['turns_sent']} turns sent (incl. warm-up), {b['failed']} failed, "
              f"{b['replies']} replies at the stub, {b['member_lookups']} member look-ups (stub: 404){every}, "
              f"{b['log_warnings']} log warnings/errors")


def problems(result: dict) -> list[str]:
    found = []
    for kind, b in result["bots"].items():
        if b["failed"]:
            found.append(f"{NAMES[kind]}: {b['failed']} of {b['turns_sent']} turns failed")
        if b["replies"] != b["turns_sent"]:
            found.append(f"{NAMES[kind]}: {b['replies']} replies at the stub for {b['turns_sent']} turns")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500, help="turns per phase and round (default 500)")
    parser.add_argument("--concurrency", type=int, default=8, help="turns in flight in the concurrent phase")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating the bots (default 3)")
    parser.add_argument("--database-url", help="PostgreSQL server for a throwaway database (default: temp SQLite)")
    parser.add_argument("--demo", action="store_true", help="load the demo register first")
    parser.add_argument("--register", type=Path, help="import this register workbook first "
                        "(e.g. one written by benchmarks/large_register.py)")
    parser.add_argument("--text", default="hjälp", help="the message text (default hjälp)")
    parser.add_argument("--timeout", type=float, default=900, help="limit for the measurements, s (default 900)")
    parser.add_argument("--json", action="store_true", help="print a JSON object instead of the table")
    parser.add_argument("--serve", choices=("bot", "echo"), help=argparse.SUPPRESS)
    parser.add_argument("--cpu", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        if args.cpu is not None:
            os.sched_setaffinity(0, {args.cpu})
        asyncio.run(serve(args.serve, args.database_url))
        return 0
    if args.turns < 2 or args.concurrency < 1 or args.rounds < 1:
        parser.error("--turns must be at least 2, --concurrency and --rounds at least 1")
    if args.database_url and make_url(args.database_url).get_backend_name() != "postgresql":
        parser.error("--database-url must be a PostgreSQL URL (postgresql+asyncpg://…)")
    try:
        result = asyncio.run(run(args))
    except TimeoutError:
        print(f"FAILED: the measurements took longer than --timeout {args.timeout:g} s", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        report(result)
    for problem in problems(result):
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems(result) else 0


if __name__ == "__main__":
    sys.exit(main())
