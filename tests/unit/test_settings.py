"""Settings come from the environment; secrets never show."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.settings import DEFAULT_DATABASE_URL, Settings


def test_defaults_need_nothing_installed(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in ("DATABASE_URL", "MicrosoftAppId", "PORT", "TIMEZONE", "ALLOWED_TENANTS"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert (settings.port, settings.timezone, settings.auth_enabled) == (3978, "Europe/Stockholm", False)
    assert settings.tenant_allowed("any-tenant")


def test_values_come_from_the_environment_and_dotenv(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("PORT=4000\nALLOWED_TENANTS=Aaa, bbb\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:hemligt@db.example:5432/followup")
    settings = Settings()
    assert settings.port == 4000
    assert settings.database_url == "postgresql+asyncpg://bot:hemligt@db.example:5432/followup"
    assert settings.tenant_allowed("AAA") and settings.tenant_allowed("bbb")
    assert not settings.tenant_allowed("ccc") and not settings.tenant_allowed(None)


def test_the_database_password_is_masked_and_the_app_password_hidden(monkeypatch):
    settings = Settings(DATABASE_URL="postgresql+asyncpg://bot:hemligt@db:5432/f", MicrosoftAppId="id",
                        MicrosoftAppPassword="topphemligt", MicrosoftAppTenantId="t")
    assert settings.safe_database_url() == "postgresql+asyncpg://bot:***@db:5432/f"
    assert "topphemligt" not in repr(settings) and "hemligt@" not in settings.safe_database_url()


@pytest.mark.parametrize(
    "values",
    [{"DATABASE_URL": "mysql://x"}, {"TIMEZONE": "Europe/Nowhere"}, {"PORT": "0"},
     {"MicrosoftAppId": "id", "MicrosoftAppType": "SingleTenant"}, {"MicrosoftAppType": "Whatever"},
     {"PUBLIC_BASE_URL": "http://bot.exempelkommun.se"}],
)
def test_wrong_settings_are_refused_with_a_reason(values):
    with pytest.raises(ValidationError):
        Settings(**values)


def test_without_an_app_id_the_sdk_is_configured_for_no_authentication():
    config = Settings(MicrosoftAppType="SingleTenant").bot_framework_config()
    assert (config.APP_ID, config.APP_TYPE) == ("", "MultiTenant")


def test_the_public_address_is_https_or_local_and_the_signing_key_stays_hidden():
    settings = Settings(PUBLIC_BASE_URL=" https://bot.exempelkommun.se/ ", LINK_SIGNING_KEY="topphemlig-nyckel")
    assert settings.public_base_url == "https://bot.exempelkommun.se"
    assert "topphemlig" not in repr(settings)
    assert Settings(PUBLIC_BASE_URL="http://localhost:3978").public_base_url == "http://localhost:3978"
