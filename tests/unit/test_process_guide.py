"""The process guide: questions about the process find the topic of the process description that answers them,
in Swedish and English; a question no topic answers gets the closest topics, never an answer."""

from __future__ import annotations

import pytest

from bot.domain.process_guide import closest_topics, find_topic, is_process_question, topics


@pytest.mark.parametrize(("question", "topic", "part"), [
    ("vad ska samarbetsmodellen innehålla?", "samarbetsmodell", "Samarbetsmodell"),
    ("What should the collaboration model contain?", "samarbetsmodell", "Samarbetsmodell"),
    ("hur ofta följer vi upp en icke-kritisk leverantör?", "icke_kritisk", "Samarbetsmodell – segmentering (Kraljics matris)"),
    ("How often do we follow up a non-critical supplier?", "icke_kritisk", "Samarbetsmodell – segmentering (Kraljics matris)"),
    ("vad är en flaskhalsleverantör?", "flaskhals", "Samarbetsmodell – segmentering (Kraljics matris)"),
    ("what is a bottleneck supplier?", "flaskhals", "Samarbetsmodell – segmentering (Kraljics matris)"),
    ("vad ska finnas i sammanfattningen?", "sammanfattning", "Sammanfattning"),
    ("What should the summary contain?", "sammanfattning", "Sammanfattning"),
    ("hur ofta foljer vi upp en icke kritisk leverantor", "icke_kritisk", "Samarbetsmodell – segmentering (Kraljics matris)"),
])
def test_the_four_example_questions_find_their_topic_in_both_languages(question, topic, part):
    found = find_topic(question)
    assert (found.key, found.part["sv"]) == (topic, part)


def test_answers_come_from_the_process_description():
    non_critical = find_topic("hur ofta följer vi upp en icke-kritisk leverantör?")
    assert "KPI:er 2 gånger om året" in non_critical.answer["sv"]
    assert "kort uppföljningsmöte 1 gång om året" in non_critical.answer["sv"]
    assert "KPIs twice a year; a short meeting once a year" in non_critical.answer["en"]
    model = find_topic("vad ska samarbetsmodellen innehålla?")
    assert "definiera eskaleringsvägar" in model.answer["sv"]


def test_every_topic_has_both_languages():
    for topic in topics():
        for field in (topic.part, topic.question, topic.answer):
            assert set(field) == {"sv", "en"} and all(text.strip() for text in field.values()), topic.key


def test_an_unknown_question_finds_no_topic_but_three_closest_ones():
    question = "hur bokar vi lokal till uppföljningsmötet?"
    assert find_topic(question) is None
    assert is_process_question(question)
    closest = closest_topics(question, "sv")
    assert len(closest) == 3 and len({topic.key for topic in closest}) == 3


@pytest.mark.parametrize("text", ["hej", "tack så mycket", "vad blir det för väder?", "Städbolaget"])
def test_what_is_not_a_question_about_the_process_is_left_alone(text):
    assert not is_process_question(text)
