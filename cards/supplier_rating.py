"""The cards of the supplier's quality rating: the survey "Hur nöjd är du med leverantören?" (1–5 in words and
a comment) for one supplier and quarter, what an answer is confirmed with, and the rating per quarter with its
components and the survey's comments. What the survey submits is parsed into `SurveyForm`; the handler checks
all of it again, since a card's data can be tampered with."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from bot.domain.supplier_rating import HIGHEST, LOWEST, Component, SupplierRating
from bot.i18n import Texts
from cards.kpi_result import format_number
from cards.render import render_card

RATE_VERB = "rate_supplier"
COMMENTS_SHOWN = 10  # per quarter, newest last
COMMENT_SHOWN_LENGTH = 200


class SurveyForm(BaseModel):
    """An answer to the survey card: its data and the inputs as Teams merges them in (strings; a choice left
    empty may be missing). Limits above the inputs' own are a tampered card, not a typo."""

    supplier_id: int
    period: str = Field(default="", max_length=20)
    score: str = Field(default="", max_length=10)
    comment: str = Field(default="", max_length=4000)  # longer than the input allows: refused with a reason


def score_in_words(texts: Texts, score: int) -> str:
    return texts("rating.score_choice", score=score, words=texts(f"rating.score.{score}"))


def survey_card(texts: Texts, supplier_id: int, supplier_name: str, period: str, *, given_score: int | None = None,
                entered: SurveyForm | None = None, problem: str | None = None) -> dict[str, Any]:
    """The survey for the supplier and quarter; `given_score` the person's answer before (a new one replaces
    it), `entered` what came back with a `problem`."""
    score = entered.score if entered is not None else (str(given_score) if given_score else "")
    return render_card("supplier_survey", {
        "title": texts("rating.survey.title"),
        "subtitle": texts("rating.survey.subtitle", supplier=supplier_name, period=period),
        "given": texts("rating.survey.given", score=score_in_words(texts, given_score), period=period)
        if given_score else "",
        "problem": problem or "",
        "score_label": texts("rating.survey.score"),
        "score_missing": texts("rating.survey.choose"),
        "score": score,
        "scores": [{"title": score_in_words(texts, value), "value": str(value)}
                   for value in range(HIGHEST, LOWEST - 1, -1)],
        "comment_label": texts("rating.survey.comment"),
        "comment_placeholder": texts("rating.survey.comment_placeholder"),
        "comment": entered.comment if entered is not None else "",
        "submit": texts("rating.survey.submit"),
        "verb": RATE_VERB,  # answered in place (Action.Execute), or as a new message (Action.Submit)
        "data": {"supplier_id": supplier_id, "period": period},
        "submit_data": {"verb": RATE_VERB, "supplier_id": supplier_id, "period": period},
    })


def saved_card(texts: Texts, supplier_name: str, period: str, score: int, replaced: bool) -> dict[str, Any]:
    """Replaces the survey once answered."""
    return render_card("sections", {
        "title": texts("rating.saved.title"),
        "intro": texts("rating.saved.text", supplier=supplier_name, period=period, score=score_in_words(texts, score))
        + (" " + texts("rating.saved.replaced") if replaced else ""),
        "facts": [], "sections": [],
    })


def history_card(texts: Texts, supplier_name: str, ratings: tuple[SupplierRating, ...], current: str,
                 names_shown: bool) -> dict[str, Any]:
    """The rating of each quarter, newest first: the overall score and its word, each component, the survey's
    answers and comments (with names for the municipality's people only)."""
    return render_card("sections", {
        "title": texts("rating.history.title", supplier=supplier_name),
        "intro": texts("rating.history.intro") if ratings else texts("rating.history.none", supplier=supplier_name),
        "facts": [],
        "sections": [_quarter(texts, rating, rating.period == current, names_shown) for rating in ratings],
    })


def rating_with_period(texts: Texts, rating: SupplierRating) -> str:
    """"3,8 – Bra (2026-Q4)": the rating line and the quarter it is for."""
    return f"{rating_line(texts, rating)} ({rating.period})"


def rating_line(texts: Texts, rating: SupplierRating) -> str:
    """"3,8 – Bra": the overall score and its word, for a summary to show."""
    if rating.score is None or rating.grade is None:
        return texts("rating.no_rating")
    return texts("rating.overall", score=_number(texts, rating.score), grade=texts(f"rating.grade.{rating.grade.value}"))


def _quarter(texts: Texts, rating: SupplierRating, under_way: bool, names_shown: bool) -> dict[str, Any]:
    components = rating.components
    lines = [
        _component(texts, Component.KPI, components.get(Component.KPI), count=rating.kpi_periods),
        _component(texts, Component.DEVIATIONS, components.get(Component.DEVIATIONS), count=rating.deviation_count),
        _component(texts, Component.SURVEY, components.get(Component.SURVEY), count=len(rating.answers)),
    ]
    for answer in [answer for answer in rating.answers if answer.comment][-COMMENTS_SHOWN:]:
        comment = answer.comment if len(answer.comment) <= COMMENT_SHOWN_LENGTH else (
            answer.comment[:COMMENT_SHOWN_LENGTH - 1] + "…")
        by = answer.rated_by if names_shown and answer.rated_by else ""
        lines.append(texts("rating.history.comment_by" if by else "rating.history.comment", comment=comment,
                           score=answer.score, name=by))
    heading = f"{rating.period}{texts('rating.history.under_way') if under_way else ''}: {rating_line(texts, rating)}"
    return {"heading": heading, "lines": [{"text": line} for line in lines]}


def _component(texts: Texts, component: Component, score: Decimal | None, *, count: int) -> str:
    shown = _number(texts, score) if score is not None else "–"
    return texts(f"rating.component.{component.value}", score=shown, count=count)


def _number(texts: Texts, score: Decimal) -> str:
    return format_number(texts, score.quantize(Decimal("0.1")))
