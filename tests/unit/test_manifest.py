"""The Teams app package: built zip, official schema validation, icons, localization, id checks."""

from __future__ import annotations

import json
import struct
import zipfile
import zlib
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator

from manifest.build import (
    ManifestError,
    build_package,
    check_icon,
    load_template,
    render_manifest,
    validate_manifest,
)

APP_ID = "6f1c2d3e-4b5a-4c6d-8e7f-901234567890"
BOT_ID = "a0b1c2d3-e4f5-4a6b-9c8d-7e6f5a4b3c2d"
ZERO = "00000000-0000-0000-0000-000000000000"


def schema(name: str) -> dict[str, Any]:
    return json.loads((files("manifest") / "schema" / name).read_text(encoding="utf-8"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def rgba_png(width: int, height: int, pixel: bytes) -> bytes:
    """A tiny single-colour RGBA PNG, written without Pillow."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + pixel * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@pytest.fixture
def package(tmp_path: Path) -> Iterator[zipfile.ZipFile]:
    out = build_package(APP_ID, BOT_ID, tmp_path / "dist" / "app.zip", version="1.2.3")
    assert out == tmp_path / "dist" / "app.zip"
    with zipfile.ZipFile(out) as archive:
        yield archive


def test_zip_holds_exactly_the_package_files_at_its_root(package: zipfile.ZipFile) -> None:
    assert sorted(package.namelist()) == ["color.png", "en.json", "manifest.json", "outline.png"]


def test_packaged_manifest_passes_the_official_schema_and_carries_the_ids(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    errors = list(Draft4Validator(schema("MicrosoftTeams.schema.json")).iter_errors(manifest))
    assert errors == []
    assert validate_manifest(manifest) == []
    assert manifest["id"] == APP_ID
    assert manifest["version"] == "1.2.3"
    assert [bot["botId"] for bot in manifest["bots"]] == [BOT_ID]
    assert [extension["botId"] for extension in manifest["composeExtensions"]] == [BOT_ID]
    assert ZERO not in package.read("manifest.json").decode()


def test_manifest_shape(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    version = manifest["manifestVersion"]
    assert tuple(int(part) for part in version.split(".")) >= (1, 22)
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/en-us/json-schemas/teams/v{version}/MicrosoftTeams.schema.json"
    )
    assert manifest["localizationInfo"] == {
        "defaultLanguageTag": "sv-SE",
        "additionalLanguages": [{"languageTag": "en", "file": "en.json"}],
    }
    bot = manifest["bots"][0]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    assert sorted(scope for commands in bot["commandLists"] for scope in commands["scopes"]) == sorted(bot["scopes"])
    for commands in bot["commandLists"]:
        titles = [command["title"] for command in commands["commands"]]
        assert "hjälp" in titles and "vem är nyckelkontakt för" in titles
        assert len(titles) <= 10
    command = manifest["composeExtensions"][0]["commands"][0]
    assert (command["id"], command["type"], command["title"]) == ("searchContracts", "query", "Sök i avtalsregistret")
    assert command["parameters"][0]["name"] == "query"
    assert manifest["permissions"] == ["identity", "messageTeamMembers"]


def test_icons_have_the_teams_sizes(package: zipfile.ZipFile) -> None:
    assert png_size(package.read("color.png")) == (192, 192)
    assert png_size(package.read("outline.png")) == (32, 32)
    assert check_icon(package.read("outline.png"), (32, 32), outline=True) == []


def test_outline_icon_check_refuses_coloured_pixels() -> None:
    assert check_icon(rgba_png(32, 32, b"\xff\xff\xff\x80"), (32, 32), outline=True) == []
    assert check_icon(rgba_png(32, 32, b"\x00\x00\x00\x00"), (32, 32), outline=True) == []
    problems = check_icon(rgba_png(16, 16, b"\x1f\x5c\x99\xff"), (32, 32), outline=True)
    assert any("16x16" in problem for problem in problems)
    assert any("white" in problem for problem in problems)
    assert check_icon(b"GIF89a", (32, 32)) != []


def test_english_localization_validates(package: zipfile.ZipFile) -> None:
    english = json.loads(package.read("en.json"))
    version = json.loads(package.read("manifest.json"))["manifestVersion"]
    assert english["$schema"].endswith(f"/v{version}/MicrosoftTeams.Localization.schema.json")
    assert list(Draft4Validator(schema("MicrosoftTeams.Localization.schema.json")).iter_errors(english)) == []
    assert english["bots[0].commandLists[0].commands[0].title"] == "help"
    assert english["composeExtensions[0].commands[0].title"] == "Search the contract register"


def test_default_texts_are_swedish_and_localization_english(package: zipfile.ZipFile) -> None:
    manifest = json.loads(package.read("manifest.json"))
    english = json.loads(package.read("en.json"))
    assert manifest["name"]["short"] == "Uppföljningsboten"
    assert "leverantör" in manifest["description"]["short"].lower()
    for word in ("avtal", "nyckeltal", "nyckelkontakt", "påminner", "avvikelser", "checklistor", "databas"):
        assert word in manifest["description"]["full"]
    assert "supplier" in english["description.short"]
    for word in ("contracts", "KPI", "key contact", "reminds", "deviations", "checklists", "database"):
        assert word in english["description.full"]
    assert "ö" not in english["description.short"]


@pytest.mark.parametrize("bad", ["", "not-a-guid", "1234", ZERO, "00000000000000000000000000000000"])
def test_bad_or_placeholder_ids_are_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ManifestError):
        render_manifest(bad, BOT_ID)
    with pytest.raises(ManifestError):
        render_manifest(APP_ID, bad)
    with pytest.raises(ManifestError):
        build_package(bad, BOT_ID, tmp_path / "app.zip")
    assert not (tmp_path / "app.zip").exists()


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0-beta", "01.0.0"])
def test_bad_version_is_refused(version: str) -> None:
    with pytest.raises(ManifestError, match="version"):
        render_manifest(APP_ID, BOT_ID, version)


def test_ids_are_normalised_to_the_hyphenated_form() -> None:
    manifest = render_manifest(APP_ID.upper().replace("-", ""), "{" + BOT_ID.upper() + "}")
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == BOT_ID


def test_validation_reports_a_too_long_short_name() -> None:
    manifest = render_manifest(APP_ID, BOT_ID)
    manifest["name"]["short"] = "Uppföljningsboten för kommunen X"
    errors = validate_manifest(manifest)
    assert errors and all("name.short" in error for error in errors)


def test_validation_reports_a_missing_required_field() -> None:
    manifest = render_manifest(APP_ID, BOT_ID)
    del manifest["developer"]
    errors = validate_manifest(manifest)
    assert len(errors) == 1 and "'developer' is a required property" in errors[0]


def test_validation_reports_long_commands_wrong_icons_and_missing_files() -> None:
    manifest = render_manifest(APP_ID, BOT_ID)
    manifest["bots"][0]["commandLists"][0]["commands"][0]["title"] = "x" * 33
    manifest["icons"]["outline"] = "color.png"
    errors = validate_manifest(manifest)
    assert any("commands[0].title" in error for error in errors)
    assert any("icons.outline" in error and "192x192" in error for error in errors)
    manifest["localizationInfo"]["additionalLanguages"][0]["file"] = "de.json"
    assert any("de.json" in error for error in validate_manifest(manifest))


def test_invalid_manifest_stops_the_build(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    template = load_template()
    template["accentColor"] = "blue"
    monkeypatch.setattr("manifest.build.load_template", lambda: template)
    with pytest.raises(ManifestError, match="accentColor"):
        build_package(APP_ID, BOT_ID, tmp_path / "app.zip")
    assert not (tmp_path / "app.zip").exists()


def test_template_keeps_placeholder_ids() -> None:
    template = load_template()
    assert template["id"] == ZERO
    assert template["bots"][0]["botId"] == ZERO
    assert template["composeExtensions"][0]["botId"] == ZERO


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_command_the_manifest_suggests_is_understood(language):
    """Teams shows these in the compose box; a user picks one and, for a question, adds a name."""
    from bot.commands import parse_command
    from bot.questions import parse_question

    manifest = load_template()
    english = json.loads((files("manifest") / "en.json").read_text(encoding="utf-8"))
    titles = set()
    for number, command_list in enumerate(manifest["bots"][0]["commandLists"]):
        for index, command in enumerate(command_list["commands"]):
            key = f"bots[0].commandLists[{number}].commands[{index}].title"
            titles.add(english[key] if language == "en" else command["title"])

    def understood(text: str) -> bool:
        return parse_command(text) is not None or parse_question(text) is not None

    assert [title for title in sorted(titles) if not (understood(title) or understood(f"{title} Städbolaget"))] == []
    assert "vad är på gång för mig" in titles or "what's coming up for me" in titles
