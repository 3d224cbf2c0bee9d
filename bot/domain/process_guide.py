"""Questions about the follow-up process itself, answered from the process description and nothing else.

Topics are data (`data/process_guide.json`): question words in both languages, the question each answers, the
part of the process it comes from and the answer. A question finds the topic whose words it holds (the
longest words weigh most, so "icke-kritisk" beats "leverantör"); a question that holds none gets the closest
topics by shared trigrams instead of an answer."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from bot.domain.matching import trigrams
from bot.domain.text import fold

CLOSEST = 3
_QUESTION_WORDS = ("vad", "hur", "varfor", "vilka", "vilken", "vilket", "nar", "what", "how", "why", "which",
                   "when")
_PROCESS_WORDS = ("process", "uppfoljning", "folja upp", "foljer upp", "foljs upp", "leverantor", "avtal", "mote",
                  "checklista", "follow up", "supplier", "contract", "meeting", "checklist")
_NOT_A_WORD = re.compile(r"[^0-9a-z:]+")


@dataclass(frozen=True)
class Topic:
    key: str
    keywords: tuple[str, ...]
    part: Mapping[str, str]
    question: Mapping[str, str]
    answer: Mapping[str, str]


@cache
def topics() -> tuple[Topic, ...]:
    data = json.loads((files("bot.domain") / "data" / "process_guide.json").read_text(encoding="utf-8"))
    return tuple(Topic(key=topic["key"], keywords=tuple(topic["keywords"]), part=topic["part"],
                       question=topic["question"], answer=topic["answer"]) for topic in data["topics"])


def _plain(text: str) -> str:
    """Folded, with hyphens and punctuation as spaces: "icke-kritisk" and "icke kritisk" are the same."""
    return " " + " ".join(_NOT_A_WORD.sub(" ", fold(text)).split()) + " "


def find_topic(question: str) -> Topic | None:
    """The topic whose words the question holds (each word at the start of a word of the question, so
    "samarbetsmodellen" holds "samarbetsmodell"); the most and longest words win. None when none is held."""
    plain = _plain(question)
    best: tuple[int, Topic] | None = None
    for topic in topics():
        score = sum(len(word) for word in topic.keywords if f" {word}" in plain)
        if score and (best is None or score > best[0]):
            best = (score, topic)
    return best[1] if best else None


def closest_topics(question: str, language: str, count: int = CLOSEST) -> list[Topic]:
    """The topics nearest the question by shared trigrams of their question and words, nearest first."""
    asked = trigrams(question)

    def likeness(topic: Topic) -> float:
        grams = trigrams(" ".join((topic.question[language], *topic.keywords)))
        return len(asked & grams) / len(asked | grams) if asked or grams else 0.0

    return sorted(topics(), key=likeness, reverse=True)[:count]


def is_process_question(text: str) -> bool:
    """A question (it starts with vad/hur/varför/what/how/why …) about the process: it names a topic or
    a word of the process."""
    plain = _plain(text)
    words = plain.split()
    if not words or words[0] not in _QUESTION_WORDS:
        return False
    return find_topic(text) is not None or any(f" {word}" in plain for word in _PROCESS_WORDS)
