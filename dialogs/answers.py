"""Reading short answers that every dialog asks for."""

from __future__ import annotations

from bot.commands import normalise
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
