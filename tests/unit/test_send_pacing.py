"""The bot's own pacing keeps proactive sends under the Teams limits, per tenant and per conversation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.reminder_dispatch import retry_at
from bot.send_pacing import TENANT_SAFETY_FACTOR, ConversationPacer, TenantPacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def _send_times(pacer_wait, count: int, fake: FakeTime) -> list[float]:
    times = []
    for _ in range(count):
        await pacer_wait()
        times.append(fake.now)
    return times


def _most_in_any_window(times: list[float], window: float) -> int:
    return max(sum(1 for other in times if start <= other < start + window) for start in times)


async def test_the_tenant_rate_is_shared_by_the_live_instances_with_a_safety_margin():
    fake = FakeTime()
    pacer = TenantPacer(50, clock=fake.clock, sleep=fake.sleep)
    times = await _send_times(pacer.wait, 200, fake)
    assert _most_in_any_window(times, 1.0) <= 50
    assert abs(times[-1] - 199 / (50 * TENANT_SAFETY_FACTOR)) < 1e-6
    pacer.share_with(3)
    assert abs(pacer.rate - 50 * TENANT_SAFETY_FACTOR / 3) < 1e-9


async def test_one_conversation_gets_at_most_seven_a_second_eight_in_two_and_sixty_in_thirty():
    fake = FakeTime()
    pacer = ConversationPacer(clock=fake.clock, sleep=fake.sleep)
    times = await _send_times(lambda: pacer.wait("a:chat"), 130, fake)
    assert _most_in_any_window(times, 1.0) <= 7
    assert _most_in_any_window(times, 2.0) <= 8
    assert _most_in_any_window(times, 30.0) <= 60
    assert times[60] >= 30.0


async def test_conversations_are_paced_independently():
    fake = FakeTime()
    pacer = ConversationPacer(clock=fake.clock, sleep=fake.sleep)
    for index in range(100):
        await pacer.wait(f"a:chat-{index}")
    assert fake.now == 0.0


def test_a_failed_send_is_tried_again_later_and_later_but_within_the_hour():
    now = datetime(2026, 11, 30, 8, tzinfo=timezone.utc)
    assert [retry_at(now, attempts) - now for attempts in (1, 2, 3)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    assert retry_at(now, 30) - now == timedelta(hours=1)
