"""How long the bot waits before sending to Teams again."""

from __future__ import annotations

from types import SimpleNamespace

from bot.outbound import RetryPolicy, retryable_status


def test_retry_after_is_honoured_and_capped():
    policy = RetryPolicy(max_delay=8.0)
    assert policy.delay(1, "2") == 2.0
    assert policy.delay(1, "120") == 8.0
    assert policy.delay(1, "-5") == 0.0


def test_without_retry_after_the_wait_doubles_with_jitter():
    policy = RetryPolicy(base_delay=0.5, max_delay=100)
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0)):
        waits = [policy.delay(attempt, None) for _ in range(50)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
    assert 0.25 <= policy.delay(1, "Wed, 21 Oct 2026 07:28:00 GMT") <= 0.5


def test_only_throttling_and_passing_failures_are_retried():
    def error(status, headers=None):
        return SimpleNamespace(response=SimpleNamespace(status_code=status, headers=headers or {}))

    assert retryable_status(error(429, {"Retry-After": "3"})) == (429, "3")
    assert retryable_status(error(502)) == (502, None)
    assert retryable_status(error(403)) == (None, None)
    assert retryable_status(error(400)) == (None, None)
    assert retryable_status(ValueError("no response")) == (None, None)
