"""A Bot Connector stand-in that holds the bot to Teams' limits and counts what arrives per reminder.

Beyond the limits it answers 429 with Retry-After, as Teams does: 50 requests in any one second for the
tenant (all test data is one tenant), and per conversation 7 in 1 s, 8 in 2 s, 60 in 30 s and 1800 in an
hour. Only requests it serves count toward the windows. `fault_every` adds trouble on top: every n-th send
is answered 429 (Retry-After 1), and every n-th send after it 503.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

from bot.send_pacing import CONVERSATION_LIMITS
from tests.support.reminders import reminder_id_of

TENANT_LIMIT = (50, 1.0)


@dataclass
class LimitingConnector:
    tenant_limit: tuple[int, float] | None = TENANT_LIMIT
    conversation_limits: tuple[tuple[int, float], ...] = CONVERSATION_LIMITS
    fault_every: int = 0
    arrivals: Counter = field(default_factory=Counter)  # reminder id → times it arrived
    requests: int = 0
    throttled: int = 0  # 429 for going beyond the limits
    faults: int = 0  # scripted 429 and 503
    url: str = ""
    arrived_at: list[float] = field(default_factory=list)  # time.monotonic() of every arrival

    def __post_init__(self) -> None:
        deepest = max((count for count, _ in self.conversation_limits), default=1)
        self._served: deque[float] = deque(maxlen=self.tenant_limit[0] if self.tenant_limit else 1)
        self._by_conversation: dict[str, deque[float]] = defaultdict(lambda: deque(maxlen=deepest))
        self._ids = itertools.count(1)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation_id}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", self._send)
        app.router.add_post("/v3/conversations", self._create_conversation)
        return app

    def duplicates(self) -> int:
        return sum(count - 1 for count in self.arrivals.values() if count > 1)

    async def _send(self, request: web.Request) -> web.Response:
        self.requests += 1
        answer = self._fault(self.requests) or self._over_limits(request.match_info["conversation_id"])
        if answer is not None:
            return answer
        body = await request.json()
        reminder_id = reminder_id_of(body)
        if reminder_id is not None:
            self.arrivals[reminder_id] += 1
        self.arrived_at.append(time.monotonic())
        return web.json_response({"id": f"activity-{next(self._ids)}"})

    async def _create_conversation(self, request: web.Request) -> web.Response:
        self.requests += 1
        answer = self._over_limits(None)
        if answer is not None:
            return answer
        return web.json_response({"id": f"conversation-{next(self._ids)}"})

    def _fault(self, number: int) -> web.Response | None:
        if not self.fault_every:
            return None
        if number % self.fault_every == 0:
            self.faults += 1
            return _error(429, {"Retry-After": "1"})
        if number % self.fault_every == 1 and number > 1:
            self.faults += 1
            return _error(503, {})
        return None

    def _over_limits(self, conversation_id: str | None) -> web.Response | None:
        now = time.monotonic()
        windows: list[tuple[deque, int, float]] = []
        if self.tenant_limit is not None:
            windows.append((self._served, *self.tenant_limit))
        if conversation_id is not None:
            sent = self._by_conversation[conversation_id]
            windows += [(sent, count, window) for count, window in self.conversation_limits]
        wait = max((_wait(sent, count, window, now) for sent, count, window in windows), default=0.0)
        if wait > 0:
            self.throttled += 1
            return _error(429, {"Retry-After": str(max(math.ceil(wait), 1))})
        self._served.append(now)
        if conversation_id is not None:
            self._by_conversation[conversation_id].append(now)
        return None


def _wait(sent: deque, count: int, window: float, now: float) -> float:
    """Seconds until `sent` has room for one more within `window`; 0 when it has room now."""
    if len(sent) < count:
        return 0.0
    oldest_in_window = sent[-count]
    return max(oldest_in_window + window - now, 0.0)


def _error(status: int, headers: dict[str, str]) -> web.Response:
    return web.json_response({"error": {"code": str(status), "message": "stub"}}, status=status, headers=headers)


@asynccontextmanager
async def running_limiting_connector(connector: LimitingConnector) -> AsyncIterator[LimitingConnector]:
    runner = web.AppRunner(connector.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    connector.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/"
    try:
        yield connector
    finally:
        await runner.cleanup()
