"""Text matching rules: how names are compared when users type them."""

from __future__ import annotations

import unicodedata

_SWEDISH = str.maketrans({"å": "a", "ä": "a", "ö": "o", "æ": "a", "ø": "o", "é": "e", "ü": "u"})


def fold(text: str) -> str:
    """Lower case, Swedish letters folded to a/a/o, accents dropped, white space collapsed.

    "Städbolaget  AB" and "stadbolaget ab" fold to the same string, so a name typed without å, ä, ö matches.
    """
    lowered = unicodedata.normalize("NFC", text).casefold().translate(_SWEDISH)
    decomposed = unicodedata.normalize("NFKD", lowered)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.split())
