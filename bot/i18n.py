"""The user's language and the texts in it. All user-visible words live in `bot/locales/<lang>.json`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def language_for(locale: str | None) -> str:
    """Swedish when the locale is Swedish, missing or unknown to us; English when it is English."""
    if locale and locale.strip().lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> Mapping[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return json.loads((files("bot") / "locales" / f"{language}.json").read_text(encoding="utf-8"))


class Texts:
    """`texts("help.title")` → the text in this language, with `{name}` fields filled from keywords."""

    __slots__ = ("language", "_catalogue")

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalogue = catalogue(language)

    def __call__(self, key: str, **params: object) -> str:
        text = self._catalogue[key]
        return text.format_map(params) if params else text

    def words(self, key: str) -> frozenset[str]:
        """A `|`-separated list of words (e.g. what counts as yes) as a set."""
        return frozenset(self._catalogue[key].split("|"))

    def role(self, role: str) -> str:
        return self._catalogue.get(f"role.{role}", role)


@cache
def texts_for(language: str) -> Texts:
    return Texts(language)
