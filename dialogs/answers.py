"""Reading short answers that every dialog asks for."""

from __future__ import annotations

from typing import Any

from bot.commands import normalise
from bot.domain.text import fold
from bot.i18n import Texts


def yes_or_no(texts: Texts, text: str) -> bool | None:
    """True for yes, False for no, None when the answer is neither (in the user's language or the other)."""
    answer = normalise(text)
    if answer in _accepted(texts, "answer.yes_words", "answer.yes"):
        return True
    if answer in _accepted(texts, "answer.no_words", "answer.no"):
        return False
    return None


def _accepted(texts: Texts, words_key: str, button_key: str) -> frozenset[str]:
    return frozenset(normalise(word) for word in texts.words(words_key)) | {normalise(texts(button_key))}


def chosen_id(choices: list[dict[str, Any]], text: str) -> Any:
    """The id of the choice answered by its number ("2", "2.") or its name, case and å/ä/ö aside; None when
    the answer names none (or more than one) of them."""
    typed = fold(text).rstrip(".").strip()
    if typed.isdigit() and 1 <= int(typed) <= len(choices):
        return choices[int(typed) - 1]["id"]
    named = [choice["id"] for choice in choices if fold(choice["answer"]) == typed]
    return named[0] if len(named) == 1 else None
