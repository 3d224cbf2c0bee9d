"""Connector clients are built once per app, service URL and audience, and reused across turns."""

from __future__ import annotations

from botframework.connector.auth import ClaimsIdentity, ConnectorFactory

from bot.connector_clients import ReusingAuthentication


class _CountingFactory(ConnectorFactory):
    def __init__(self, made: list) -> None:
        self.made = made

    async def create(self, service_url: str, audience: str = None):
        client = object()
        self.made.append((service_url, audience, client))
        return client


class _CountingAuthentication:
    def __init__(self) -> None:
        self.connectors: list = []
        self.user_token_clients: list = []

    def create_connector_factory(self, claims_identity):
        return _CountingFactory(self.connectors)

    async def create_user_token_client(self, claims_identity):
        client = object()
        self.user_token_clients.append(client)
        return client


def _claims(app_id: str) -> ClaimsIdentity:
    return ClaimsIdentity({"aud": app_id, "appid": app_id, "ver": "1.0"}, True)


async def test_one_connector_client_per_app_service_url_and_audience():
    inner = _CountingAuthentication()
    reusing = ReusingAuthentication(inner)
    first = await reusing.create_connector_factory(_claims("app-1")).create("https://smba.example/emea/", None)
    again = await reusing.create_connector_factory(_claims("app-1")).create("https://smba.example/emea/", None)
    other_url = await reusing.create_connector_factory(_claims("app-1")).create("https://smba.example/amer/", None)
    other_app = await reusing.create_connector_factory(_claims("app-2")).create("https://smba.example/emea/", None)
    assert first is again
    assert len({id(first), id(other_url), id(other_app)}) == 3
    assert len(inner.connectors) == 3


async def test_one_user_token_client_per_app():
    inner = _CountingAuthentication()
    reusing = ReusingAuthentication(inner)
    clients = [await reusing.create_user_token_client(_claims(app)) for app in ("app-1", "app-1", "app-2")]
    assert clients[0] is clients[1] and clients[0] is not clients[2]
    assert len(inner.user_token_clients) == 2
