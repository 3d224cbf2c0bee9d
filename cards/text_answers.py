"""Typed answers to a card's inputs, turned into the values a Teams client would submit.

`parse_input_answer` checks one answer the way Teams validates the input and returns the submitted
string (or an error text in the user's language); `submit_value` builds activity.value for a button.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from bot.domain.text import fold
from bot.i18n import language_for
from cards.text_view import CardButton, CardInput, format_submitted_number

_MESSAGES = {
    "sv": {
        "required": "Det här fältet måste fyllas i.",
        "number": "Skriv ett tal, till exempel 1 234,5.",
        "number_range": "Skriv ett tal från {min} till {max}.",
        "number_min": "Skriv ett tal som är {min} eller större.",
        "number_max": "Skriv ett tal som är {max} eller mindre.",
        "date": "Skriv ett datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.",
        "date_range": "Skriv ett datum från {min} till {max}.",
        "date_min": "Skriv ett datum från {min} eller senare.",
        "date_max": "Skriv ett datum till och med {max}.",
        "time": "Skriv en tid som TT:MM, till exempel 14:30.",
        "time_range": "Skriv en tid från {min} till {max}.",
        "time_min": "Skriv en tid från {min} eller senare.",
        "time_max": "Skriv en tid till och med {max}.",
        "toggle": "Svara ja eller nej.",
        "choice": "Välj ett av alternativen: skriv numret (1–{count}) eller namnet.",
        "multi": "Välj ett eller flera av alternativen: skriv numren (1–{count}), till exempel 1,3.",
        "too_long": "Skriv högst {max_length} tecken.",
        "pattern": "Svaret har inte rätt format.",
    },
    "en": {
        "required": "This field is required.",
        "number": "Type a number, for example 1,234.5.",
        "number_range": "Type a number from {min} to {max}.",
        "number_min": "Type a number of {min} or more.",
        "number_max": "Type a number of {max} or less.",
        "date": "Type a date as YYYY-MM-DD, for example 2024-03-31.",
        "date_range": "Type a date from {min} to {max}.",
        "date_min": "Type a date on or after {min}.",
        "date_max": "Type a date on or before {max}.",
        "time": "Type a time as HH:MM, for example 14:30.",
        "time_range": "Type a time from {min} to {max}.",
        "time_min": "Type a time of {min} or later.",
        "time_max": "Type a time of {max} or earlier.",
        "toggle": "Answer yes or no.",
        "choice": "Pick one of the options: type its number (1–{count}) or its name.",
        "multi": "Pick one or more of the options: type their numbers (1–{count}), for example 1,3.",
        "too_long": "Type at most {max_length} characters.",
        "pattern": "The answer is not in the right format.",
    },
}

_YES = frozenset({"ja", "j", "yes", "y", "1", "true", "sant"})
_NO = frozenset({"nej", "n", "no", "0", "false", "falskt"})
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


class _Invalid(Exception):
    """An answer Teams would not accept: the message key and the values for its fields."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_input_answer(card_input: CardInput, typed: str, lang: str = "sv") -> tuple[object | None, str | None]:
    """(value as Teams submits it, None) or (None, error text). Surrounding white space is ignored.

    An empty answer gives the input's default, else an error when required, else (None, None).
    The card's own errorMessage, when it has one, is the error text, as in Teams.
    """
    text = typed.strip()
    if not text:
        if card_input.value is not None:
            return card_input.value, None
        if card_input.required:
            return None, _error_text(card_input, _Invalid("required"), lang)
        return None, None
    try:
        return _PARSERS[card_input.kind](card_input, text), None
    except _Invalid as invalid:
        return None, _error_text(card_input, invalid, lang)


def submit_value(button: CardButton, answers: dict[str, object]) -> dict:
    """activity.value for Action.Submit (the `data` of Action.Execute): data, then the answers by id.

    Unanswered inputs (None) are left out; with associatedInputs "none" only the data is sent.
    """
    merged = copy.deepcopy(button.data)
    if button.associated_inputs != "none":
        merged.update({input_id: value for input_id, value in answers.items() if value is not None})
    return merged


def _error_text(card_input: CardInput, invalid: _Invalid, lang: str) -> str:
    if card_input.error_message:
        return card_input.error_message
    language = language_for(lang)
    params = {name: _shown(value, language) for name, value in invalid.params.items()}
    return _MESSAGES[language][invalid.key].format(**params)


def _shown(value: object, language: str) -> str:
    """Numbers in the user's style: '1 234,5' in Swedish, '1,234.5' in English."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    text = format(Decimal(format_submitted_number(value)), ",f")
    return text.translate(str.maketrans({",": " ", ".": ","})) if language == "sv" else text


def _number(card_input: CardInput, text: str) -> str:
    """'1 234,5', '1234.5' or '1,234.5' → '1234.5'; the last of ',' and '.' is the decimal mark."""
    cleaned = re.sub(r"\s", "", text).replace("\u2212", "-")
    if "," in cleaned and "." in cleaned:
        thousands = "." if cleaned.rfind(",") > cleaned.rfind(".") else ","
        cleaned = cleaned.replace(thousands, "")
    cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise _Invalid("number")
    number = Decimal(cleaned)
    low, high = (Decimal(str(b)) if isinstance(b, (int, float)) else None for b in (card_input.min, card_input.max))
    _check_range("number", number, low, high)
    return format_submitted_number(number)


def _date(card_input: CardInput, text: str) -> str:
    """YYYY-MM-DD, a real calendar date, within min/max."""
    try:
        value = date.fromisoformat(text).isoformat() if _DATE.fullmatch(text) else None
    except ValueError:
        value = None
    if value is None:
        raise _Invalid("date")
    _check_range("date", value, _iso_bound(card_input.min, 10), _iso_bound(card_input.max, 10))
    return value


def _time(card_input: CardInput, text: str) -> str:
    """HH:MM (also H:MM and HH.MM) → 'HH:MM', within min/max."""
    match = _TIME.fullmatch(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise _Invalid("time")
    value = f"{int(match[1]):02d}:{match[2]}"
    _check_range("time", value, _iso_bound(card_input.min, 5), _iso_bound(card_input.max, 5))
    return value


def _toggle(card_input: CardInput, text: str) -> str:
    """ja/nej, yes/no, j/n, y/n, 1/0 → valueOn/valueOff."""
    answer = fold(text)
    if answer in _YES:
        return card_input.value_on
    if answer in _NO:
        return card_input.value_off
    raise _Invalid("toggle")


def _choice(card_input: CardInput, text: str) -> str:
    """A choice's value, found by its number, title or value; several comma-joined for multi-select."""
    value = _match_choice(card_input.choices, text)
    if value is not None:
        return value
    if not card_input.is_multi_select:
        raise _Invalid("choice", count=len(card_input.choices))
    tokens = [token for token in re.split(r"[,;]", text) if token.strip()]
    if len(tokens) == 1 and all(part.isdecimal() for part in text.split()):
        tokens = text.split()
    picked = {_match_choice(card_input.choices, token) for token in tokens}
    if not picked or None in picked:
        raise _Invalid("multi", count=len(card_input.choices))
    return ",".join(dict.fromkeys(value for _, value in card_input.choices if value in picked))


def _match_choice(choices: tuple[tuple[str, str], ...], typed: str) -> str | None:
    """Number first, then title or value (folded: case, å/ä/ö, accents), then a unique title prefix."""
    token = typed.strip()
    if token.isascii() and token.isdigit() and 1 <= int(token) <= len(choices):
        return choices[int(token) - 1][1]
    key = fold(token)
    for title, value in choices:
        if key in (fold(title), fold(value)):
            return value
    prefixed = [value for title, value in choices if key and fold(title).startswith(key)]
    return prefixed[0] if len(prefixed) == 1 else None


def _text(card_input: CardInput, text: str) -> str:
    """Free text, checked against maxLength and the card's regex (the whole answer must match)."""
    if card_input.max_length is not None and len(text) > card_input.max_length:
        raise _Invalid("too_long", max_length=card_input.max_length)
    if card_input.regex and not _full_match(card_input.regex, text):
        raise _Invalid("pattern")
    return text


def _full_match(pattern: str, text: str) -> bool:
    """True when `text` matches; a pattern Python cannot compile is not enforced."""
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        return True


def _check_range(kind: str, value: object, low: object, high: object) -> None:
    """Raise `<kind>_range`, `<kind>_min` or `<kind>_max` when `value` lies outside [low, high]."""
    if (low is None or value >= low) and (high is None or value <= high):  # type: ignore[operator]
        return
    if low is not None and high is not None:
        raise _Invalid(f"{kind}_range", min=low, max=high)
    raise _Invalid(f"{kind}_min", min=low) if low is not None else _Invalid(f"{kind}_max", max=high)


def _iso_bound(bound: float | str | None, length: int) -> str | None:
    """A date/time bound cut to 'YYYY-MM-DD' (10) or 'HH:MM' (5) so it compares as text."""
    return bound[:length] if isinstance(bound, str) and bound else None


_PARSERS: dict[str, Callable[[CardInput, str], str]] = {
    "number": _number, "date": _date, "time": _time, "toggle": _toggle, "choice": _choice, "text": _text,
}
