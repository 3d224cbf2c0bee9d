"""Fuzzy name matching: how a name typed in chat finds suppliers, contracts and contacts.

Names are folded (lower case, å/ä/ö → a/a/o) and cut into word trigrams with word-boundary marks, so
"stadbolagt" still shares most of its trigrams with "Städbolaget Exempel AB". A name's score for a query is
how much of the query it contains (so a partial name scores high), with a little weight on how much of the
name the query covers (so the more specific of two containing names wins). The index answers from posting
lists, so a search costs about the same with 50 names or 50,000.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass

from bot.domain.text import fold

_WORD = re.compile(r"[0-9a-z]+")
MATCH_THRESHOLD = 0.68
SUGGESTION_THRESHOLD = 0.45
TIE_MARGIN = 0.06


def trigrams(text: str) -> frozenset[str]:
    """The trigrams of every word of the folded text, with a space marking where a word starts and ends."""
    grams: set[str] = set()
    for word in _WORD.findall(fold(text)):
        padded = f" {word} "
        if len(padded) == 3:  # one-letter words: " x " alone
            grams.add(padded)
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


@dataclass(frozen=True)
class Scored:
    key: Hashable
    score: float


class NameIndex:
    """Keys (anything hashable) findable by one or more names each."""

    def __init__(self) -> None:
        self._postings: dict[str, list[int]] = defaultdict(list)
        self._names: list[tuple[Hashable, frozenset[str], frozenset[str]]] = []  # key, trigrams, numbers
        self._exact: dict[str, list[Hashable]] = defaultdict(list)

    def add(self, key: Hashable, names: Iterable[str | None]) -> None:
        for name in names:
            if not name:
                continue
            grams = trigrams(name)
            if not grams:
                continue
            position = len(self._names)
            self._names.append((key, grams, _numbers(name)))
            self._exact[fold(name)].append(key)
            for gram in grams:
                self._postings[gram].append(position)

    def __len__(self) -> int:
        return len(self._names)

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        floor: float = SUGGESTION_THRESHOLD,
        accept: Callable[[Hashable], bool] | None = None,
    ) -> list[Scored]:
        """The best keys for `query` scoring at least `floor`, best first, each with its best name's score.

        A word's last trigram ("ad " of "städ") is what tells a whole word from a prefix; it only adds a
        little, so "städ" finds "Städbolaget". Candidates come from the query's rarest trigrams: a name that
        holds the share of the query that `floor` asks for must hold at least one of them, so common words
        ("tjänster", "AB") cost nothing.
        """
        query_grams = trigrams(query)
        if not query_grams:
            return []
        best: dict[Hashable, float] = {}
        for key in self._exact.get(fold(query), ()):
            if accept is None or accept(key):
                best[key] = 1.0
        inner = [gram for gram in query_grams if not gram.endswith(" ")]
        ends = [gram for gram in query_grams if gram.endswith(" ")]
        numbers = _numbers(query)
        inner_set, ends_set = frozenset(inner), frozenset(ends)
        for position in self._candidates(inner or ends, floor):
            key, name_grams, name_numbers = self._names[position]
            count_inner = len(inner_set & name_grams)
            count_ends = len(ends_set & name_grams)
            if inner:
                contained = 0.85 * count_inner / len(inner) + 0.15 * count_ends / max(len(ends), 1)
            else:
                contained = count_ends / len(ends)
            if contained < floor:
                continue
            score = min(0.99, 0.9 * contained + 0.1 * (count_inner + count_ends) / len(name_grams))
            if not numbers <= name_numbers:  # "Städ 17" is not "Städ 317": a number is never a typo
                score *= 0.8
            if score > best.get(key, 0.0) and (accept is None or accept(key)):
                best[key] = score
        ranked = sorted(best.items(), key=lambda item: -item[1])[:limit]
        return [Scored(key, round(score, 4)) for key, score in ranked]

    def _candidates(self, grams: list[str], floor: float) -> set[int]:
        needed = max(0.0, (floor - 0.15) / 0.85)  # the share of `grams` a name must hold to reach `floor`
        rarest = sorted(grams, key=lambda gram: len(self._postings.get(gram, ())))
        enough = min(len(rarest), int((1.0 - needed) * len(rarest)) + 1)
        candidates: set[int] = set()
        for gram in rarest[:enough]:
            candidates.update(self._postings.get(gram, ()))
        return candidates


def _numbers(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(fold(text)) if word.isdigit())


def clear_winners(results: list[Scored]) -> list[Scored]:
    """The matches a user most likely meant: all above the threshold within a hair of the best one."""
    if not results or results[0].score < MATCH_THRESHOLD:
        return []
    top = results[0].score
    return [result for result in results if result.score >= MATCH_THRESHOLD and top - result.score <= TIE_MARGIN]
