"""Bot instances as separate processes (`tests.support.reminder_instance`), all on one database."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BotProcess:
    instance_id: str
    url: str
    process: subprocess.Popen
    log: Path

    def signal(self, number: signal.Signals) -> None:
        self.process.send_signal(number)

    async def exited(self, timeout: float) -> int:
        async with asyncio.timeout(timeout):
            while (code := self.process.poll()) is None:
                await asyncio.sleep(0.05)
        return code


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_bot_process(instance_id: str, database_url: str, log_dir: Path, **settings: object) -> BotProcess:
    """`settings` are environment variables of bot/settings.py, e.g. REMINDER_POLL_SECONDS=0.5."""
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PORT": str(port), "HOST": "127.0.0.1",
           "INSTANCE_ID": instance_id, "REMINDERS_ENABLED": "true", "MicrosoftAppId": "",
           **{name: str(value) for name, value in settings.items()}}
    log = log_dir / f"{instance_id}.log"
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "tests.support.reminder_instance"], cwd=ROOT, env=env,
                                   stdout=output, stderr=subprocess.STDOUT)
    return BotProcess(instance_id, f"http://127.0.0.1:{port}", process, log)


async def wait_until_healthy(bots: list[BotProcess], timeout: float = 60.0) -> None:
    async with aiohttp.ClientSession() as session, asyncio.timeout(timeout):
        for bot in bots:
            while True:
                if bot.process.poll() is not None:
                    raise RuntimeError(f"{bot.instance_id} exited: {bot.log.read_text()[-2000:]}")
                try:
                    async with session.get(f"{bot.url}/healthz") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)


async def stop_all(bots: list[BotProcess], timeout: float = 30.0) -> None:
    for bot in bots:
        if bot.process.poll() is None:
            bot.signal(signal.SIGTERM)
    for bot in bots:
        try:
            await bot.exited(timeout)
        except TimeoutError:
            bot.process.kill()
            bot.process.wait()
