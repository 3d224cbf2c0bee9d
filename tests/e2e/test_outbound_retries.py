"""Replies to Teams survive throttling: 429 waits for Retry-After, 5xx backs off, 403 is not retried."""

from __future__ import annotations

from tests.support.teams import message, post


def _sends(stub) -> list[str]:
    return [path for method, path in stub.requests if method == "POST"]


async def test_a_throttled_reply_is_sent_again_and_arrives_once(bot_url, session, stub):
    stub.status_script = [(429, {"Retry-After": "0"}), (503, {}), (412, {})]
    status, _ = await post(session, bot_url, message("hjälp", service_url=stub.url))
    assert status == 201
    assert len(_sends(stub)) == 4
    assert len(stub.activities) == 1
    assert stub.activities[0]["attachments"][0]["content"]["body"][0]["text"] == "Det här kan jag"


async def test_a_blocked_conversation_is_not_retried(bot_url, session, stub):
    stub.status_script = [(403, {})]
    status, _ = await post(session, bot_url, message("hjälp", service_url=stub.url))
    assert status == 201
    assert len(_sends(stub)) == 2  # the card (refused once), then the apology
    assert stub.texts() == ["Förlåt, något gick fel hos mig. Det vi höll på med har avbrutits – försök gärna igen."]


async def test_after_the_last_try_the_user_gets_the_apology(bot_url, session, stub):
    stub.status_script = [(503, {"Retry-After": "0"})] * 4
    await post(session, bot_url, message("hjälp", service_url=stub.url))
    assert len(_sends(stub)) == 5
    assert stub.texts() == ["Förlåt, något gick fel hos mig. Det vi höll på med har avbrutits – försök gärna igen."]
