"""End-to-end fixtures: the real app over real HTTP, replying into a local Bot Connector stub."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.domain.roles import GlobalRole
from bot.services.administration import grant_global_role
from bot.settings import Settings
from storage.engine import open_engine
from storage.migrate import upgrade_database
from storage.unit_of_work import unit_of_work_factory
from tests.support.demo_people import PROFILES
from tests.support.connector_stub import ConnectorStub, running_connector_stub
from tests.support.teams import running_bot

COORDINATOR_EMAIL = "karin.kvist@exempelkommun.se"
COORDINATOR_AAD = "aad-karin"


@pytest.fixture
async def stub() -> AsyncIterator[ConnectorStub]:
    async with running_connector_stub() as stub:
        yield stub


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(DATABASE_URL=database_url, MicrosoftAppId="", ALLOWED_TENANTS="")


@pytest.fixture
async def coordinator(database_url, stub) -> dict:
    """A process coordinator in the register, whom Teams knows by e-mail (the stub's member API)."""
    engine = open_engine(database_url)
    try:
        await upgrade_database(engine)
        await grant_global_role(unit_of_work_factory(engine), COORDINATOR_EMAIL, GlobalRole.COORDINATOR,
                                actor_label="test")
    finally:
        await engine.dispose()
    user = {"id": "29:karin", "aadObjectId": COORDINATOR_AAD, "name": "Karin Kvist"}
    stub.members[user["id"]] = {**user, "email": COORDINATOR_EMAIL, "userPrincipalName": COORDINATOR_EMAIL,
                                "userRole": "user"}
    return user


@pytest.fixture
async def demo_bot(settings, stub) -> AsyncIterator[str]:
    """The bot on the demo register, with the demo people's Teams profiles in the connector stub."""
    stub.members.update(PROFILES)
    async with running_bot(settings, demo=True) as url:
        yield url


@pytest.fixture
async def bot_url(settings) -> AsyncIterator[str]:
    async with running_bot(settings) as url:
        yield url


@pytest.fixture(autouse=True)
def reminders_off(monkeypatch) -> None:
    """The apps of these tests send no reminders of their own; a test that wants them turns them on."""
    monkeypatch.setenv("REMINDERS_ENABLED", "false")
