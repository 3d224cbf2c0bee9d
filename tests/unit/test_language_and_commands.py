"""Languages, the text catalogues and how free text becomes a command."""

from __future__ import annotations

import json
import re
import string
from importlib.resources import files

import pytest

from bot.commands import Command, parse_command, parse_command_with_argument
from bot.i18n import Texts, language_for
from dialogs.answers import yes_or_no


@pytest.mark.parametrize(
    ("locale", "language"),
    [("sv-SE", "sv"), (None, "sv"), ("", "sv"), ("sv", "sv"), ("en-US", "en"), ("en_GB", "en"), ("EN", "en"),
     ("de-DE", "sv"), ("fi-FI", "sv")],
)
def test_swedish_unless_the_locale_is_english(locale, language):
    assert language_for(locale) == language


def _catalogue(language: str) -> dict[str, str]:
    return json.loads((files("bot") / "locales" / f"{language}.json").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogues_have_the_same_keys_and_the_same_fields():
    swedish, english = _catalogue("sv"), _catalogue("en")
    assert swedish.keys() == english.keys()
    for key in swedish:
        assert _fields(swedish[key]) == _fields(english[key]), key


def test_the_swedish_catalogue_is_swedish_and_the_english_english():
    assert Texts("sv")("help.title") == "Det här kan jag"
    assert Texts("en")("help.title") == "What I can do"
    swedish_letters = re.compile("[åäöÅÄÖ]")
    assert sum(bool(swedish_letters.search(text)) for text in _catalogue("sv").values()) > 30


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("hjälp", Command.HELP), ("Hjalp!", Command.HELP), ("HELP", Command.HELP), ("?", Command.HELP),
        ("vad kan du göra?", Command.HELP), ("vem är jag", Command.WHOAMI), ("Who am I?", Command.WHOAMI),
        ("ny leverantör", Command.NEW_SUPPLIER), ("lägg till en leverantor", Command.NEW_SUPPLIER),
        ("add supplier", Command.NEW_SUPPLIER), ("avbryt", Command.CANCEL), ("Cancel.", Command.CANCEL),
        ("jag behöver hjälp med fakturan", None), ("hjälp mig att avbryta avtalet", None), ("", None),
        ("'; DROP TABLE suppliers; --", None), ("🤖", None),
    ],
)
def test_free_text_is_recognised_only_as_a_whole_phrase(text, command):
    assert parse_command(text) is command


@pytest.mark.parametrize(
    ("language", "typed", "answer"),
    [("sv", "ja", True), ("sv", "Ja!", True), ("sv", "yes", True), ("sv", "nej", False), ("sv", "Nä", False),
     ("sv", "kanske", None), ("en", "Yes", True), ("en", "no", False), ("en", "nej", False), ("en", "", None)],
)
def test_yes_and_no_are_understood_in_both_languages(language, typed, answer):
    assert yes_or_no(Texts(language), typed) is answer


@pytest.mark.parametrize(
    ("text", "command", "argument"),
    [
        ("nytt avtal", Command.NEW_CONTRACT, None), ("New contract", Command.NEW_CONTRACT, None),
        ("lägg till ett avtal", Command.NEW_CONTRACT, None),
        ("ändra avtal 2024-017", Command.CHANGE_CONTRACT, "2024-017"),
        ("Ändra avtalet KS 2024/17!", Command.CHANGE_CONTRACT, "KS 2024/17"),
        ("andra  avtal   Åre  1", Command.CHANGE_CONTRACT, "Åre 1"),
        ("change contract ab-1.", Command.CHANGE_CONTRACT, "ab-1"),
        ("ändra avtal", Command.CHANGE_CONTRACT, None),
        ("ny kontakt", Command.NEW_CONTACT, None), ("add a contact person", Command.NEW_CONTACT, None),
        ("ny leverantör", Command.NEW_SUPPLIER, None), ("hjälp", Command.HELP, None),
        ("jag vill ändra avtal 2024-017", None, None), ("ändra", None, None),
        ("exportera uppföljning för avtal 2024-017", Command.EXPORT_FOLLOW_UP, "avtal 2024-017"),
        ("Exportera uppföljning för Städbolaget", Command.EXPORT_FOLLOW_UP, "Städbolaget"),
        ("exportera uppföljningen", Command.EXPORT_FOLLOW_UP, None),
        ("export follow-up for KS 2024/17", Command.EXPORT_FOLLOW_UP, "KS 2024/17"),
        ("exportera", None, None),
    ],
)
def test_a_command_may_end_in_an_argument_kept_as_typed(text, command, argument):
    assert parse_command_with_argument(text) == (command, argument)
    assert parse_command(text) is command


@pytest.mark.parametrize(
    ("text", "argument"),
    [("rapportera KPI", None), ("Rapportera nyckeltal!", None), ("registrera nyckeltal för Städbolaget", "Städbolaget"),
     ("report KPI", None), ("report a KPI for KS 2024/17", "KS 2024/17"), ("lägg in kpi 2022-041", "2022-041")],
)
def test_reporting_a_kpi_is_asked_for_with_or_without_the_contract(text, argument):
    assert parse_command_with_argument(text) == (Command.REPORT_KPI, argument)
