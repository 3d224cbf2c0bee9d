"""Build the Teams app package for Uppföljningsboten.

The package is a zip with manifest.json, the two icons and the English localization
file at its root. The manifest in this folder carries placeholder ids (the all-zero
GUID); :func:`render_manifest` puts in the real Teams app id and bot id, and
:func:`validate_manifest` checks the result against the official Teams schema that
ships in ``manifest/schema`` plus the Teams rules that schema does not express.
"""

from __future__ import annotations

import json
import logging
import re
import struct
import uuid
import zipfile
import zlib
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MANIFEST_SCHEMA = "MicrosoftTeams.schema.json"
LOCALIZATION_SCHEMA = "MicrosoftTeams.Localization.schema.json"
ICON_SIZES = {"color": (192, 192), "outline": (32, 32), "color32x32": (32, 32)}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
# Teams text limits. The schema misses some: draft-04 ignores "maxLength" next to a
# "$ref" (the localization schema) and it allows longer bot command texts than Teams shows.
TEXT_LIMITS = {
    r"name\.short": 30,
    r"name\.full": 100,
    r"description\.short": 80,
    r"description\.full": 4000,
    r"bots\[\d+\]\.commandLists\[\d+\]\.commands\[\d+\]\.title": 32,
    r"bots\[\d+\]\.commandLists\[\d+\]\.commands\[\d+\]\.description": 128,
}


class ManifestError(Exception):
    """The Teams app package cannot be built; the message says why."""


def _package() -> Traversable:
    return files("manifest")


def _read_json(resource: Traversable) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resource.read_text(encoding="utf-8"))
    return data


@cache
def _schema(name: str) -> dict[str, Any]:
    return _read_json(_package() / "schema" / name)


def load_template() -> dict[str, Any]:
    """Return a fresh copy of manifest.json with its placeholder ids."""
    return _read_json(_package() / "manifest.json")


def _guid(value: str, what: str) -> str:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        raise ManifestError(
            f"{what} must be a GUID like 12345678-abcd-4ef0-9876-0123456789ab, got {value!r}"
        ) from None
    if parsed.int == 0:
        raise ManifestError(f"{what} is the all-zero placeholder GUID; give the real id")
    return str(parsed)


def render_manifest(app_id: str, bot_id: str, version: str | None = None) -> dict[str, Any]:
    """Fill the template with the Teams app id, the bot's Microsoft app id and optionally a version."""
    manifest = load_template()
    manifest["id"] = _guid(app_id, "The Teams app id")
    bot_guid = _guid(bot_id, "The bot id")
    for bot in manifest.get("bots", []):
        bot["botId"] = bot_guid
    for extension in manifest.get("composeExtensions", []):
        extension["botId"] = bot_guid
    if version is not None:
        if not SEMVER.fullmatch(version):
            raise ManifestError(f"The version must look like 1.2.3 (major.minor.patch), got {version!r}")
        manifest["version"] = version
    return manifest


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten to the key style of localization files: ``bots[0].commandLists[1].commands[2].title``."""
    if isinstance(value, dict):
        items = [(f"{prefix}.{key}" if prefix else key, item) for key, item in value.items()]
    elif isinstance(value, list):
        items = [(f"{prefix}[{index}]", item) for index, item in enumerate(value)]
    else:
        return {prefix: value}
    flat: dict[str, Any] = {}
    for key, item in items:
        flat.update(_flatten(item, key))
    return flat


def _schema_errors(document: dict[str, Any], schema_name: str, where: str) -> list[str]:
    try:
        from jsonschema import Draft4Validator
    except ImportError:  # pragma: no cover - jsonschema comes with the [test] extra
        raise ManifestError("Validating the manifest needs jsonschema: pip install 'jsonschema>=4.20'") from None
    validator = Draft4Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(document), key=lambda error: error.json_path)
    return [f"{where} {error.json_path}: {error.message}" for error in errors]


def _limit_errors(texts: dict[str, Any], where: str) -> list[str]:
    errors = []
    for key, text in texts.items():
        for pattern, limit in TEXT_LIMITS.items():
            if isinstance(text, str) and re.fullmatch(pattern, key) and len(text) > limit:
                errors.append(f"{where} {key}: {len(text)} characters, Teams allows at most {limit}")
    return errors


def _png_rows(data: bytes) -> tuple[tuple[int, ...], list[bytes] | None]:
    """Return the IHDR fields and, for 8-bit non-interlaced images, the unfiltered pixel rows."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    chunks: dict[bytes, bytes] = {}
    position = len(PNG_SIGNATURE)
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        chunks[kind] = chunks.get(kind, b"") + data[position + 8 : position + 8 + length]
        position += length + 12
    header = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    width, height, depth, colour_type, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour_type)
    if depth != 8 or interlace or channels is None:
        return header, None
    raw, stride, rows = zlib.decompress(chunks[b"IDAT"]), width * channels, []
    previous = bytearray(stride)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return header, rows


def check_icon(data: bytes, size: tuple[int, int], *, outline: bool = False) -> list[str]:
    """Problems with one icon: not a PNG, wrong pixel size, or (outline) not white on transparent."""
    try:
        header, rows = _png_rows(data)
    except (ValueError, KeyError, struct.error, zlib.error) as exc:
        return [f"cannot read the PNG ({exc})"]
    width, height, _, colour_type = header[:4]
    errors: list[str] = [] if (width, height) == size else [f"is {width}x{height} pixels, must be {size[0]}x{size[1]}"]
    if outline:
        if colour_type not in (4, 6):
            errors.append("needs an alpha channel (white on a transparent background)")
        elif rows is not None:
            channels = 2 if colour_type == 4 else 4
            pixels = (row[i : i + channels] for row in rows for i in range(0, len(row), channels))
            if any(pixel[-1] and any(value != 255 for value in pixel[:-1]) for pixel in pixels):
                errors.append("may only hold white pixels on a transparent background")
    return errors


def _localization_files(manifest: dict[str, Any]) -> list[str]:
    info = manifest.get("localizationInfo", {})
    names = [info["defaultLanguageFile"]] if "defaultLanguageFile" in info else []
    return names + [language.get("file") for language in info.get("additionalLanguages", [])]


def _package_files(manifest: dict[str, Any]) -> list[str]:
    """The files besides manifest.json that go into the package, as named by the manifest."""
    icons = [path for key, path in manifest.get("icons", {}).items() if key in ICON_SIZES]
    return [name for name in icons + _localization_files(manifest) if isinstance(name, str)]


def _icon_errors(manifest: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    for key, name in manifest.get("icons", {}).items():
        if key in ICON_SIZES and isinstance(name, str):
            problems = check_icon((_package() / name).read_bytes(), ICON_SIZES[key], outline=key == "outline")
            errors.extend(f"icons.{key} ({name}) {problem}" for problem in problems)
    return errors


def _localization_errors(manifest: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    texts = _flatten(manifest)
    for name in _localization_files(manifest):
        if not isinstance(name, str):
            continue
        try:
            document = _read_json(_package() / name)
        except ValueError as exc:
            errors.append(f"{name}: not valid JSON ({exc})")
            continue
        errors += _schema_errors(document, LOCALIZATION_SCHEMA, name)
        errors += _limit_errors(document, name)
        unknown = [key for key in document if key not in ("$schema", "localizationKeys") and key not in texts]
        errors.extend(f"{name} {key}: translates nothing in manifest.json" for key in unknown)
    return errors


def _file_errors(manifest: dict[str, Any]) -> list[str]:
    missing = [
        f"{name}: no such file in the manifest folder (files must sit at the package root)"
        for name in _package_files(manifest)
        if "/" in name or "\\" in name or not (_package() / name).is_file()
    ]
    return missing or _icon_errors(manifest) + _localization_errors(manifest)


def validate_manifest(manifest: dict[str, Any]) -> list[str]:
    """Every problem found in a rendered manifest and the files it names; empty when all is well."""
    errors = _schema_errors(manifest, MANIFEST_SCHEMA, "manifest.json")
    expected = _schema(MANIFEST_SCHEMA)["properties"]["manifestVersion"].get("const")
    if expected and manifest.get("manifestVersion") != expected:  # draft-04 ignores "const"
        errors.append(f"manifest.json $.manifestVersion: must be {expected!r} for the bundled schema")
    errors += _limit_errors(_flatten(manifest), "manifest.json")
    errors += _file_errors(manifest)
    return errors


def build_package(app_id: str, bot_id: str, out: Path, version: str | None = None) -> Path:
    """Render and validate the manifest, then write the Teams app package (a flat zip) to ``out``."""
    manifest = render_manifest(app_id, bot_id, version)
    problems = validate_manifest(manifest)
    if problems:
        raise ManifestError("The Teams app manifest is not valid:\n" + "\n".join(f"- {p}" for p in problems))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    contents = {"manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()}
    contents.update((name, (_package() / name).read_bytes()) for name in _package_files(manifest))
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in contents.items():
            # A fixed timestamp keeps the package byte-for-byte reproducible.
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    logger.info("Wrote Teams app package %s (app id %s, version %s)", out, manifest["id"], manifest["version"])
    return out
