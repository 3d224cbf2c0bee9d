"""The bot's own pacing of proactive sends, so that Teams' throttling (429) stays the exception.

Teams allows an app 50 requests a second per tenant, and a bot 7 sends a second, 8 in two seconds, 60 in
thirty seconds and 1800 an hour per conversation (notes/teams-platform.md). `TenantPacer` spaces this
instance's requests evenly at its share of the tenant rate; `ConversationPacer` keeps each conversation under
its sliding windows. Both only wait; they never drop a send.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# The share of the tenant's 50/s this bot uses for reminders. The rest is room for the replies the bot sends
# to people talking to it meanwhile (not paced here; a reply turn is one or two requests) and for the jitter
# between when a request leaves and when Teams counts it. At 0.95 the 10,000-reminder minimum of 200 s takes
# about 211 s.
TENANT_SAFETY_FACTOR = 0.95

CONVERSATION_LIMITS: tuple[tuple[int, float], ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
# Windows are measured when a request leaves; a little longer than Teams' absorbs the network's jitter.
_WINDOW_MARGIN = 1.05

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TenantPacer:
    """Evenly spaced slots at `tenant_rate × safety / live instances` per second."""

    def __init__(self, tenant_rate: float, *, safety: float = TENANT_SAFETY_FACTOR, clock: Clock = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self._tenant_rate = tenant_rate * safety
        self._clock = clock
        self._sleep = sleep
        self._instances = 1
        self._next = 0.0

    @property
    def rate(self) -> float:
        return self._tenant_rate / self._instances

    def share_with(self, live_instances: int) -> None:
        self._instances = max(live_instances, 1)

    async def wait(self) -> None:
        now = self._clock()
        slot = max(now, self._next)
        self._next = slot + 1.0 / self.rate
        if slot > now:
            await self._sleep(slot - now)


class ConversationPacer:
    """Sliding windows per conversation: a send waits until every window has room for it."""

    def __init__(self, limits: tuple[tuple[int, float], ...] = CONVERSATION_LIMITS, *,
                 clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        self._limits = tuple((count, window * _WINDOW_MARGIN) for count, window in limits)
        self._longest = max(window for _, window in self._limits)
        self._deepest = max(count for count, _ in self._limits)
        self._clock = clock
        self._sleep = sleep
        self._sent: dict[str, deque[float]] = {}

    async def wait(self, conversation_id: str) -> None:
        while True:
            now = self._clock()
            sent = self._sent.get(conversation_id)
            if sent is None:
                self._forget_quiet_conversations(now)
                sent = self._sent[conversation_id] = deque(maxlen=self._deepest)
            free_at = max((sent[-count] + window for count, window in self._limits if len(sent) >= count),
                          default=now)
            if free_at <= now:
                sent.append(now)
                return
            await self._sleep(free_at - now)

    def _forget_quiet_conversations(self, now: float) -> None:
        if len(self._sent) < 10_000:
            return
        for conversation_id in [key for key, sent in self._sent.items() if now - sent[-1] > self._longest]:
            del self._sent[conversation_id]
