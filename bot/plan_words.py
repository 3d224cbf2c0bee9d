"""Segments, segmentation answers and follow-up plans in the user's words, and reading them back when typed:
a segment or an answer is understood in Swedish or English whichever language the user's Teams is in."""

from __future__ import annotations

from bot.domain.contracts import Segment
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.follow_up_plan import DEFAULT_PLANS, FollowUpPlan
from bot.domain.plan_settings import PlanSetting, PlanValue
from bot.domain.segmentation import SCORES, Question, Reason, Segmentation, parse_option
from bot.domain.text import fold
from bot.i18n import LANGUAGES, Texts, texts_for
from bot.meeting_words import stored_form_name

SEGMENTS = (Segment.STRATEGIC, Segment.LEVERAGE, Segment.BOTTLENECK, Segment.NON_CRITICAL)


class NotASegment(InvalidInput):
    code = "segment.error.segment_choice"


def segment_name(texts: Texts, segment: Segment | None) -> str:
    return texts(f"segment.{segment.value}") if segment else texts("lookup.no_segment")


def option_label(texts: Texts, question: Question, option: str) -> str:
    return texts(f"segment.opt.{question.value}.{option}")


def read_option(question: Question, text: str) -> str:
    """The option an answer names, in either language."""
    words = {}
    for language in LANGUAGES:
        texts = texts_for(language)
        for option in SCORES[question]:
            words[fold(option_label(texts, question, option))] = option
            words.update({fold(word): option for word in texts.words(f"segment.words.{question.value}.{option}")})
    return parse_option(question, text, words)


def read_segment(text: str) -> Segment:
    """A segment by its number in `SEGMENTS` or its name, in either language."""
    typed = fold(text).rstrip(".").strip()
    if typed.isdigit() and 1 <= int(typed) <= len(SEGMENTS):
        return SEGMENTS[int(typed) - 1]
    for language in LANGUAGES:
        texts = texts_for(language)
        for segment in SEGMENTS:
            if typed in {fold(segment.value), fold(segment_name(texts, segment))} | {
                    fold(word) for word in texts.words(f"segment.words.{segment.value}")}:
                return segment
    raise NotASegment(value=text.strip()[:60])


def reason_text(texts: Texts, segmentation: Segmentation) -> str:
    """Why the answers place the supplier where they do, one sentence per axis."""
    reason: Reason = segmentation.reason
    parts = []
    for axis, high, questions in (("financial", reason.financial_high, reason.financial),
                                  ("supply", reason.supply_high, reason.supply)):
        answers = ", ".join(
            f"{texts(f'segment.short.{question.value}')} {option_label(texts, question, segmentation.answers[question])}"
            for question in questions
        )
        parts.append(texts(f"segment.reason.{axis}.{'high' if high else 'low'}", answers=answers))
    return " ".join(parts)


def meetings_text(texts: Texts, months: int) -> str:
    if months in (1, 2, 12):
        return texts(f"plan.meetings.{months}")
    return texts("plan.meetings.n", months=months)


def extra_meetings_text(texts: Texts, plan: FollowUpPlan) -> str | None:
    """The plan's extra meetings: the strategic segment's default in the reader's language; any other text as an
    administrator wrote it."""
    if plan.extra_meetings == DEFAULT_PLANS[Segment.STRATEGIC].extra_meetings:
        return texts("plan.extra.development_yearly")
    return plan.extra_meetings


def frequency_text(texts: Texts, plan: FollowUpPlan) -> str:
    return texts(f"kpi.frequency.{plan.kpi_frequency.value}")


def setting_value_text(texts: Texts, setting: PlanSetting, value: PlanValue) -> str:
    """A setting's value as the plan card and the confirmations show it."""
    if setting is PlanSetting.KPI_FREQUENCY:
        return texts(f"kpi.frequency.{value.value}")
    if setting is PlanSetting.MEETING_INTERVAL_MONTHS:
        return meetings_text(texts, value)
    if setting is PlanSetting.ESCALATION:
        return " → ".join(texts.role(role.value) for role in value) or "–"
    if setting is PlanSetting.NOTICE_LEAD_MONTHS:
        return texts("plan.value.notice_lead_months", months=", ".join(str(month) for month in value))
    if setting is PlanSetting.MEETING_FORM:
        return stored_form_name(texts, str(value))
    return texts(f"plan.value.{setting.value}", n=value)


def error_text(texts: Texts, error: DomainError) -> str:
    """A refusal in words; the setting it concerns named in the user's language."""
    params = dict(error.params)
    if isinstance(params.get("setting"), str):
        params["setting"] = texts(f"plan.setting.{params['setting']}")
    return texts(error.code, **params)
