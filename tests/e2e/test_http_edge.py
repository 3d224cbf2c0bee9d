"""The HTTP edge: health, malformed requests, authentication, tenants, the invoke-response fix."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.settings import Settings
from storage import tables as t
from storage.engine import open_engine
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.support.teams import invoke, message, post, running_bot

pytestmark = pytest.mark.usefixtures("stub")


async def test_health_answers_200_and_names_the_database(bot_url, session, database_url):
    async with session.get(f"{bot_url}/healthz") as response:
        assert response.status == 200
        body = await response.json()
    assert body == {"status": "ok", "database": "sqlite" if database_url.startswith("sqlite") else "postgresql"}


@pytest.mark.postgres
async def test_health_answers_503_when_the_database_is_gone(session):
    database_url = await create_postgres_database()
    try:
        async with running_bot(Settings(DATABASE_URL=database_url)) as url:
            await drop_postgres_database(database_url)  # also ends the bot's open connections
            async with session.get(f"{url}/healthz") as response:
                status, body = response.status, await response.json()
    finally:
        await drop_postgres_database(database_url)
    assert status == 503
    assert body == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.parametrize("body", ["not json", "", "[1, 2]", '"text"', "{\"type\": "])
async def test_a_body_that_is_not_a_json_object_gets_400(bot_url, session, body):
    status, answer = await post(session, bot_url, body)
    assert status == 400
    assert "error" in answer


async def test_an_activity_missing_its_fields_gets_400_naming_them(bot_url, session):
    status, answer = await post(session, bot_url, {"type": "message", "text": "hej", "conversation": {}})
    assert status == 400
    assert answer["error"] == "missing: channelId, serviceUrl, conversation, from"


async def test_without_a_token_the_bot_answers_401_when_an_app_id_is_set(session, database_url, stub):
    settings = Settings(
        DATABASE_URL=database_url, MicrosoftAppId="00000000-0000-0000-0000-00000000abcd",
        MicrosoftAppPassword="secret", MicrosoftAppType="SingleTenant", MicrosoftAppTenantId="tenant",
    )
    async with running_bot(settings) as url:
        status, _ = await post(session, url, message("hjälp", service_url=stub.url))
    assert status == 401
    assert stub.activities == []


async def test_a_tenant_outside_the_allowed_list_is_refused_and_nothing_stored(session, database_url, stub):
    settings = Settings(DATABASE_URL=database_url, ALLOWED_TENANTS="aaaaaaaa-0000-0000-0000-000000000001")
    async with running_bot(settings) as url:
        status, _ = await post(session, url, message("hjälp", service_url=stub.url, tenant="other-tenant"))
    assert status == 201
    assert stub.texts() == ["Uppföljningsboten är inte öppen för din organisation. Kontakta din Teams-administratör."]
    engine = open_engine(database_url)
    try:
        async with engine.connect() as connection:
            stored = await connection.execute(select(func.count()).select_from(t.conversation_references))
            assert stored.scalar_one() == 0
    finally:
        await engine.dispose()


async def test_an_allowed_tenant_is_served(session, database_url, stub):
    settings = Settings(DATABASE_URL=database_url, ALLOWED_TENANTS="Tenant-A, tenant-b")
    async with running_bot(settings) as url:
        status, _ = await post(session, url, message("hjälp", service_url=stub.url, tenant="tenant-a"))
    assert status == 201
    assert stub.activities[0]["attachments"][0]["content"]["body"][0]["text"] == "Det här kan jag"


async def test_an_adaptive_card_invoke_answers_200_with_a_card_not_500(bot_url, session, stub):
    value = {"action": {"type": "Action.Execute", "verb": "no.such.verb", "data": {"x": 1}}, "trigger": "manual"}
    status, body = await post(session, bot_url, invoke("adaptiveCard/action", value, service_url=stub.url))
    assert status == 200
    assert body["statusCode"] == 200
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    assert body["value"]["body"][0]["text"].startswith("Det här kortet är inaktuellt eller okänt")


async def test_an_adaptive_card_invoke_in_english_is_refused_in_english(bot_url, session, stub):
    value = {"action": {"type": "Action.Execute", "verb": "kpi.record", "data": "tampered"}}
    status, body = await post(session, bot_url,
                              invoke("adaptiveCard/action", value, service_url=stub.url, locale="en-GB"))
    assert status == 200
    assert body["value"]["body"][0]["text"].startswith("This card is out of date or unknown")
