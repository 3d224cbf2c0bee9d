"""Sending to Teams without giving up on the first busy signal.

botbuilder 4.17 retries neither 429 nor 412, and with urllib3 2 no POST at all. Every message the bot sends
(replies and proactive messages alike) goes through `RetryingCloudAdapter.send_activities`, one activity
at a time, so a retry never sends an earlier activity twice. 429 honours `Retry-After`; 412, 502, 503 and
504 back off exponentially with jitter; anything else (403 `MessageWritesBlocked` included) is not retried.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ResourceResponse

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({412, 429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0

    def delay(self, attempt: int, retry_after: str | None) -> float:
        """Seconds to wait before try `attempt + 1` (attempt counts from 1)."""
        if retry_after:
            try:
                return min(max(float(retry_after), 0.0), self.max_delay)
            except ValueError:
                pass  # an HTTP date; fall back to backoff
        backoff = self.base_delay * 2 ** (attempt - 1)
        return min(backoff * (0.5 + random.random() / 2), self.max_delay)


def retryable_status(error: Exception) -> tuple[int | None, str | None]:
    """The HTTP status and Retry-After of a failed send, when it is worth trying again."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if status not in RETRIED_STATUSES:
        return None, None
    headers = getattr(response, "headers", None) or {}
    return status, headers.get("Retry-After")


class RetryingCloudAdapter(CloudAdapter):
    def __init__(self, *args, retry_policy: RetryPolicy | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.retry_policy = retry_policy or RetryPolicy()

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        responses: list[ResourceResponse] = []
        for activity in activities:
            responses.extend(await self._send_one(context, activity))
        return responses

    async def _send_one(self, context: TurnContext, activity: Activity) -> list[ResourceResponse]:
        policy = self.retry_policy
        for attempt in range(1, policy.attempts + 1):
            try:
                return await super().send_activities(context, [activity])
            except Exception as error:
                status, retry_after = retryable_status(error)
                if status is None or attempt == policy.attempts:
                    raise
                wait = policy.delay(attempt, retry_after)
                log.warning("send to conversation %s got %s; try %s of %s in %.2f s",
                            activity.conversation.id if activity.conversation else None, status,
                            attempt + 1, policy.attempts, wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")
