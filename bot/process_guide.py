"""The process guide: "vad är en flaskhalsleverantör?", "what should the summary contain?" answered from the
process description in the user's language, with the part of the process the answer comes from. A question
about the process that no topic answers gets the closest topics as buttons, never an answer made up."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory, TurnContext

from bot.domain.process_guide import Topic, closest_topics, find_topic, is_process_question, topics
from bot.i18n import Texts
from cards.render import attachment, render_card
from dialogs.turn import texts_of


class ProcessGuide:
    async def answer(self, turn_context: TurnContext, text: str) -> bool:
        """Answer `text` when it is a question about the process; False when it is not one."""
        if not is_process_question(text):
            return False
        await self.ask(turn_context, text)
        return True

    async def ask(self, turn_context: TurnContext, question: str | None) -> None:
        """"processguide" alone lists what the guide knows; with a question, its answer or the closest topics."""
        texts = texts_of(turn_context)
        if not question:
            listed = "\n".join(f"- {topic.question[texts.language]}" for topic in topics())
            card = _card(texts("guide.title"), None, texts("guide.intro", questions=listed), texts, [])
        else:
            topic = find_topic(question)
            if topic is None:
                card = _card(texts("guide.title"), None, texts("guide.unknown"), texts,
                             closest_topics(question, texts.language))
            else:
                card = _card(topic.question[texts.language], texts("guide.part", part=topic.part[texts.language]),
                             topic.answer[texts.language], texts, [])
        await turn_context.send_activity(MessageFactory.attachment(attachment(card)))


def _card(title: str, part: str | None, text: str, texts: Texts, offered: list[Topic]) -> dict[str, Any]:
    return render_card("process_guide", {
        "title": title, "part": part or "", "text": text,
        "questions": [{"question": topic.question[texts.language]} for topic in offered],
    })
