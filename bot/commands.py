"""Recognising what a user asks for in free text, in Swedish or English.

Each command has anchored patterns over the folded text (lower case, å/ä/ö → a/a/o), so "Hjälp!",
"hjalp" and "help" all mean help, and a word inside a longer sentence does not trigger a command by accident.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain.text import fold


class Command(StrEnum):
    HELP = "help"
    WHOAMI = "whoami"
    NEW_SUPPLIER = "new_supplier"
    CANCEL = "cancel"


_PATTERNS: dict[Command, tuple[str, ...]] = {
    Command.HELP: (r"(hjalp|help|\?|vad kan du( gora)?|what can you do|kommandon|commands|meny|menu)",),
    Command.WHOAMI: (r"(vem ar jag|who am i|whoami|min roll|my role)",),
    Command.NEW_SUPPLIER: (
        r"(ny|lagg till|registrera|skapa) (en )?leverantor",
        r"(new|add|register|create) (a )?supplier",
    ),
    Command.CANCEL: (r"(avbryt|cancel|stopp|stop|sluta|glom det|never ?mind|quit)",),
}
_COMPILED = {
    command: tuple(re.compile(rf"^(?:{pattern})$") for pattern in patterns)
    for command, patterns in _PATTERNS.items()
}
_TRAILING = re.compile(r"[\s!.?]+$")


def normalise(text: str) -> str:
    """Folded text without trailing punctuation; a lone '?' stays."""
    folded = fold(text)
    stripped = _TRAILING.sub("", folded)
    return stripped or folded


def parse_command(text: str) -> Command | None:
    phrase = normalise(text)
    for command, patterns in _COMPILED.items():
        if any(pattern.match(phrase) for pattern in patterns):
            return command
    return None


def is_cancel(text: str) -> bool:
    return parse_command(text) is Command.CANCEL


def is_help(text: str) -> bool:
    return parse_command(text) is Command.HELP
