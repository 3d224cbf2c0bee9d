"""A supplier's SWOT as a card: the four lists, each item numbered with its id, and below them the bot's
pending suggestions, each with Acceptera / Avböj buttons for those who may edit (verb `swot.answer`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from bot.domain.swot import Quadrant
from bot.i18n import Texts
from bot.services.swot import SupplierSwot
from cards.render import render_card

ANSWER_VERB = "swot.answer"


class SwotAnswer(BaseModel):
    """A suggestion's button: which item, of which supplier (as the card showed it), and the answer."""

    item_id: int
    supplier_id: int
    answer: Literal["accept", "decline"]


def swot_card(texts: Texts, swot: SupplierSwot) -> dict[str, Any]:
    quadrants = []
    for quadrant in Quadrant:
        items = swot.in_quadrant(quadrant)
        lines = [{"text": texts("swot.line", id=item.id, text=item.text)} for item in items]
        quadrants.append({"heading": texts(f"swot.quadrant.{quadrant.name.lower()}"),
                          "lines": lines or [{"text": texts("swot.none")}]})
    suggestions = [
        {"text": texts("swot.suggestion", id=item.id, quadrant=texts(f"swot.kind.{item.quadrant.name.lower()}"),
                       text=item.text),
         "buttons": [{"title": texts(f"swot.button.{answer}"), "item_id": item.id, "supplier_id": swot.supplier_id,
                      "answer": answer} for answer in ("accept", "decline")] if swot.may_edit else []}
        for item in swot.pending
    ]
    return render_card("swot", {
        "title": texts("swot.title", supplier=swot.supplier_name),
        "quadrants": quadrants,
        "suggestions": suggestions,
        "suggestions_heading": texts("swot.suggestions_heading"),
        "footer": texts("swot.footer_edit", supplier=swot.supplier_name) if swot.may_edit else "",
    })
