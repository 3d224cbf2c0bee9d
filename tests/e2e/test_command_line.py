"""The `followup-bot` command as a newcomer runs it: real processes, real files, real signals."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from storage.migrate import alembic_config

BIN = Path(sys.executable).with_name("followup-bot")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("Microsoft", "DATABASE_URL"))}
    env.update({"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'followup.db'}", "LANG": "sv_SE.UTF-8"}, **extra)
    return env


def _run(args: list[str], tmp_path: Path, *, stdin: str = "", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env=_env(tmp_path, **env))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_starts_answers_health_and_stops_cleanly_on_sigterm(tmp_path):
    port = _free_port()
    process = subprocess.Popen([str(BIN), "serve", "--port", str(port)], cwd=tmp_path, env=_env(tmp_path),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline, "the bot did not answer /healthz in 30 s"
                assert process.poll() is None, process.stdout.read()
                time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert f"listening on http://127.0.0.1:{port}/api/messages" in output
    assert f"database sqlite+aiosqlite:///{tmp_path / 'followup.db'}" in output
    assert "Traceback" not in output


def test_an_unreachable_database_is_reported_with_the_password_masked(tmp_path):
    result = _run(["db", "upgrade"], tmp_path,
                  DATABASE_URL=f"postgresql+asyncpg://postgres:hemligt@127.0.0.1:{_free_port()}/followup")
    assert result.returncode == 1
    assert result.stderr.startswith("Kan inte nå databasen postgresql+asyncpg://postgres:***@127.0.0.1:")
    assert "hemligt" not in result.stderr and "Traceback" not in result.stderr


def test_bad_arguments_give_usage_and_status_2(tmp_path):
    assert _run([], tmp_path).returncode == 2
    result = _run(["serve", "--port", "abc"], tmp_path)
    assert result.returncode == 2 and "invalid int value" in result.stderr


def test_a_wrong_setting_is_named_without_a_traceback(tmp_path):
    result = _run(["db", "upgrade"], tmp_path, DATABASE_URL="mysql://nope")
    assert result.returncode == 1
    assert result.stderr.startswith("Felaktig inställning: DATABASE_URL")
    assert "Traceback" not in result.stderr


def test_db_upgrade_then_demo_data_once(tmp_path):
    upgraded = _run(["db", "upgrade"], tmp_path)
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert upgraded.returncode == 0 and f"({head})" in upgraded.stdout
    first, second = _run(["demo-data"], tmp_path), _run(["demo-data"], tmp_path)
    assert first.stdout.strip() == "Demodata inlästa: 5 leverantörer, 7 avtal, 16 kontakter."
    assert second.stdout.strip() == "Databasen har redan data, så inga demodata lästes in."


def test_chat_as_a_demo_contact_greets_in_swedish_and_answers_help(tmp_path):
    assert _run(["demo-data"], tmp_path).returncode == 0
    result = _run(["chat", "--as", "anna.lindqvist@exempelkommun.se"], tmp_path, stdin="hjälp\nvem är jag\n")
    assert result.returncode == 0, result.stderr
    assert "Hej Anna! Jag är Uppföljningsboten." in result.stdout
    assert "Det här kan jag" in result.stdout and "ny leverantör:" in result.stdout
    assert "Du är Anna Lindqvist (anna.lindqvist@exempelkommun.se) med rollen processkoordinator." in result.stdout


def test_chat_in_english_presses_buttons_by_number(tmp_path):
    result = _run(["chat", "--lang", "en"], tmp_path, stdin="help\n/1\n/9\n", LANG="en_GB.UTF-8")
    assert result.returncode == 0, result.stderr
    assert "What I can do" in result.stdout
    assert "I can't find you in the contact register." in result.stdout  # button 1: "Who am I?"
    assert "There is no button 9 on the latest card." in result.stdout


def test_admin_add_makes_the_first_administrator(tmp_path):
    result = _run(["admin", "add", "Maja.Makt@Exempelkommun.se"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == "maja.makt@exempelkommun.se är nu administratör."
    chat = _run(["chat", "--as", "maja.makt@exempelkommun.se"], tmp_path, stdin="vem är jag\n")
    assert "med rollen administratör" in chat.stdout
    refused = _run(["admin", "add", "inte en adress"], tmp_path)
    assert refused.returncode == 1 and refused.stderr.strip() == "”inte en adress” är ingen e-postadress."


def test_manifest_build_writes_the_package_and_refuses_bad_ids(tmp_path):
    app_id, bot_id = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
    result = _run(["manifest", "build", "--app-id", app_id, "--bot-id", bot_id, "--out", "out/app.zip"], tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "out" / "app.zip") as package:
        assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]
    refused = _run(["manifest", "build", "--app-id", "nope", "--bot-id", bot_id], tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.startswith("Apppaketet kunde inte byggas:")


@pytest.mark.parametrize("args", [["-m", "bot", "--help"]])
def test_python_dash_m_bot_is_the_same_command(args, tmp_path):
    result = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=30, cwd=tmp_path)
    assert result.returncode == 0 and "followup-bot" in result.stdout
