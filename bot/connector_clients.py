"""Bot Connector clients built once and reused, as the SDK's older BotFrameworkAdapter did.

botbuilder 4.17's CloudAdapter builds a new `ConnectorClient` and a new user-token client on every turn. Each
one builds an msrest configuration whose retry table alone costs milliseconds, more than the rest of a bare
echo turn. This wrapper around the configured authentication keeps one connector client per
(app id, service URL, audience) and one user-token client per app id; their credentials fetch and renew
their tokens themselves, and their HTTP sessions serve concurrent turns.
"""

from __future__ import annotations

from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    JwtTokenValidation,
    UserTokenClient,
)

MAX_CLIENTS = 200  # Teams has a few service URLs per region; a bound keeps a misbehaving caller harmless


class ReusingAuthentication(BotFrameworkAuthentication):
    def __init__(self, inner: BotFrameworkAuthentication) -> None:
        self._inner = inner
        self._connector_clients: dict[tuple[str | None, str, str | None], ConnectorClient] = {}
        self._user_token_clients: dict[str | None, UserTokenClient] = {}

    async def authenticate_request(self, activity, auth_header: str) -> AuthenticateRequestResult:
        return await self._inner.authenticate_request(activity, auth_header)

    async def authenticate_streaming_request(self, auth_header: str, channel_id_header: str) -> AuthenticateRequestResult:
        return await self._inner.authenticate_streaming_request(auth_header, channel_id_header)

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return _ReusingConnectorFactory(
            self._inner.create_connector_factory(claims_identity), _app_id(claims_identity), self._connector_clients
        )

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = _app_id(claims_identity)
        client = self._user_token_clients.get(key)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            _bounded(self._user_token_clients)[key] = client
        return client

    def create_bot_framework_client(self):
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, app_id: str | None, clients: dict) -> None:
        self._inner = inner
        self._app_id = app_id
        self._clients = clients

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:
        key = (self._app_id, service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = await self._inner.create(service_url, audience)
            _bounded(self._clients)[key] = client
        return client


def _app_id(claims_identity: ClaimsIdentity | None) -> str | None:
    if claims_identity is None or not claims_identity.claims:
        return None
    return JwtTokenValidation.get_app_id_from_claims(claims_identity.claims)


def _bounded(cache: dict) -> dict:
    if len(cache) >= MAX_CLIENTS:
        cache.clear()
    return cache
