"""The bot's configuration: one pydantic-settings class, read from the environment and `.env`.

Build it with `Settings()` where the program starts and pass it on; nothing here is built at import time.
"""

from __future__ import annotations

import os
import secrets
import socket
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from typing_extensions import Annotated

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./followup.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    database_url: str = Field(DEFAULT_DATABASE_URL, validation_alias="DATABASE_URL")
    app_id: str = Field("", validation_alias=AliasChoices("MicrosoftAppId", "MICROSOFT_APP_ID"))
    app_password: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("MicrosoftAppPassword", "MICROSOFT_APP_PASSWORD")
    )
    app_type: Literal["SingleTenant", "UserAssignedMSI", "MultiTenant"] = Field(
        "SingleTenant", validation_alias=AliasChoices("MicrosoftAppType", "MICROSOFT_APP_TYPE")
    )
    app_tenant_id: str = Field(
        "", validation_alias=AliasChoices("MicrosoftAppTenantId", "MICROSOFT_APP_TENANT_ID")
    )
    host: str = Field("127.0.0.1", validation_alias="HOST")
    port: int = Field(3978, ge=1, le=65535, validation_alias="PORT")
    timezone: str = Field("Europe/Stockholm", validation_alias="TIMEZONE")
    allowed_tenants: Annotated[frozenset[str], NoDecode] = Field(
        frozenset(), validation_alias="ALLOWED_TENANTS"
    )
    # Reminders the bot sends by itself (bot/scheduler.py, bot/proactive.py).
    reminders_enabled: bool = Field(True, validation_alias="REMINDERS_ENABLED")
    reminder_poll_seconds: float = Field(5.0, gt=0, le=300, validation_alias="REMINDER_POLL_SECONDS")
    # The Teams limit for all requests of the app in one tenant; shared by the live instances.
    reminder_tenant_rate: float = Field(50.0, gt=0, validation_alias="REMINDER_TENANT_RATE")
    # How long a claimed reminder stays this instance's; after that another instance may take it over.
    reminder_lease_seconds: float = Field(60.0, ge=2, validation_alias="REMINDER_LEASE_SECONDS")
    reminder_sends_in_flight: int = Field(32, ge=1, le=500, validation_alias="REMINDER_SENDS_IN_FLIGHT")
    # Booking Teams meetings through Microsoft Graph (client credentials); without them the bot gives a
    # scheduling link and an .ics invitation instead.
    graph_tenant_id: str = Field("", validation_alias="GRAPH_TENANT_ID")
    graph_client_id: str = Field("", validation_alias="GRAPH_CLIENT_ID")
    graph_client_secret: SecretStr = Field(SecretStr(""), validation_alias="GRAPH_CLIENT_SECRET")
    graph_base_url: str = Field("https://graph.microsoft.com", validation_alias="GRAPH_BASE_URL")
    graph_login_url: str = Field("https://login.microsoftonline.com", validation_alias="GRAPH_LOGIN_URL")
    # The bot's public https address and a key to sign links with: the meeting card then links to the meeting's
    # .ics invitation (GET /meetings/{id}.ics) instead of attaching it, which Teams does not open.
    public_base_url: str = Field("", validation_alias="PUBLIC_BASE_URL")
    link_signing_key: SecretStr = Field(SecretStr(""), validation_alias="LINK_SIGNING_KEY")
    instance_id: str = Field(default_factory=lambda: default_instance_id(), validation_alias="INSTANCE_ID",
                             max_length=100)

    @property
    def graph_configured(self) -> bool:
        return bool(self.graph_tenant_id and self.graph_client_id and self.graph_client_secret.get_secret_value())

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, url: str) -> str:
        url = url.strip()
        # Accept the plain scheme names people copy from elsewhere and pick the async driver for them.
        for plain, async_scheme in (
            ("postgresql://", "postgresql+asyncpg://"),
            ("postgres://", "postgresql+asyncpg://"),
            ("sqlite://", "sqlite+aiosqlite://"),
        ):
            if url.startswith(plain):
                url = async_scheme + url[len(plain) :]
        if not url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("DATABASE_URL must be sqlite+aiosqlite://… or postgresql+asyncpg://…")
        return url

    @field_validator("public_base_url")
    @classmethod
    def _public_https(cls, url: str) -> str:
        url = url.strip().rstrip("/")
        if url and not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
            raise ValueError("PUBLIC_BASE_URL must be an https:// address (or http://localhost for local use)")
        return url

    @field_validator("allowed_tenants", mode="before")
    @classmethod
    def _split_tenants(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip().lower() for part in value.split(",") if part.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {zone!r}") from error
        return zone

    @model_validator(mode="after")
    def _credentials_complete(self) -> "Settings":
        if not self.app_id:
            return self
        missing = []
        if self.app_type == "SingleTenant" and not self.app_password.get_secret_value():
            missing.append("MicrosoftAppPassword")
        if self.app_type in ("SingleTenant", "UserAssignedMSI") and not self.app_tenant_id:
            missing.append("MicrosoftAppTenantId")
        if missing:
            raise ValueError(f"MicrosoftAppType {self.app_type} needs {', '.join(missing)}")
        return self

    @property
    def auth_enabled(self) -> bool:
        return bool(self.app_id)

    def tenant_allowed(self, tenant_id: str | None) -> bool:
        if not self.allowed_tenants:
            return True
        return bool(tenant_id) and tenant_id.lower() in self.allowed_tenants

    def safe_database_url(self) -> str:
        """The database URL with any password masked, for logs and messages."""
        return mask_password(self.database_url)

    def bot_framework_config(self) -> object:
        """The configuration object `ConfigurationBotFrameworkAuthentication` reads."""

        class _Config:
            APP_ID = self.app_id
            APP_PASSWORD = self.app_password.get_secret_value()
            # Without an app id there is no authentication (local use); the SDK allows that only as MultiTenant.
            APP_TYPE = self.app_type if self.app_id else "MultiTenant"
            APP_TENANTID = self.app_tenant_id

        return _Config()


def default_instance_id() -> str:
    """Unique per process, readable in the database: host, process id and a random part."""
    return f"{socket.gethostname()[:60]}-{os.getpid()}-{secrets.token_hex(3)}"


def mask_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
