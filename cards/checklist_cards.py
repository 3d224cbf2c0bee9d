"""The checklist's cards: one question with its answer buttons, and a part's answers with who gave them."""

from __future__ import annotations

from typing import Any

from bot.domain.checklists import ANSWERS, Answer, Item, item_number
from bot.i18n import Texts
from bot.services.checklists import ChecklistState
from cards.render import render_card

_COLORS = {Answer.YES: "Good", Answer.PARTLY: "Warning", Answer.NO: "Attention", Answer.NOT_RELEVANT: "Default"}


def checklist_title(texts: Texts, state: ChecklistState) -> str:
    return texts("checklist.title", part=state.part.name[texts.language], reference=state.reference,
                 supplier=state.supplier_name)


def progress_text(texts: Texts, state: ChecklistState) -> str:
    found = state.progress
    return texts("checklist.progress", answered=found.answered, total=found.total)


def question_card(texts: Texts, state: ChecklistState, item: Item) -> dict[str, Any]:
    """"Fråga 3 av 12 · 7 av 12 besvarade", the question, a comment and the buttons; each button posts its
    answer as text with the item it answers, so an answer from an older card is told apart."""
    number = texts("checklist.question_number", number=item_number(state.part, item.key), total=len(state.part.items))
    words = [texts(f"checklist.answer.{answer.name.lower()}") for answer in ANSWERS]
    words += [texts("checklist.button.skip"), texts("checklist.button.pause")]
    return render_card("checklist_question", {
        "title": checklist_title(texts, state),
        "progress": f"{number} · {progress_text(texts, state)}",
        "question": item.text[texts.language],
        "comment_label": texts("checklist.comment_label"),
        "comment_placeholder": texts("checklist.comment_placeholder"),
        "buttons": [{"title": word, "item": item.key} for word in words],
    })


def summary_card(texts: Texts, state: ChecklistState) -> dict[str, Any]:
    """Every item of the part: its answer, comment and who gave it, or that it is not answered yet."""
    items = []
    for item in state.part.items:
        given = state.answer_to(item.key)
        if given is None:
            answer, color, comment = texts("checklist.not_answered"), "Default", ""
        else:
            word = texts(f"checklist.answer.{given.answer.name.lower()}")
            answer = texts("checklist.answered_by", answer=word, name=given.answered_by or "–")
            color, comment = _COLORS[given.answer], given.comment or ""
        items.append({"question": f"{item_number(state.part, item.key)}. {item.text[texts.language]}",
                      "answer": answer, "color": color, "comment": comment})
    return render_card("checklist_summary", {
        "title": checklist_title(texts, state), "progress": progress_text(texts, state), "items": items,
        "hint": texts("checklist.change_hint", part=state.part.name[texts.language].lower(), reference=state.reference),
    })
