"""A contract's follow-up plan as a card: segment, KPI and meeting rhythm, the reminder settings, the
escalation ladder with the people on each rung, and whether the plan was adjusted for the contract."""

from __future__ import annotations

from typing import Any

from bot.domain.plan_settings import PlanSetting
from bot.i18n import Texts
from bot.plan_words import extra_meetings_text, segment_name, setting_value_text
from bot.services.follow_up_plans import ContractPlan
from cards.render import render_card

_SHOWN = (
    PlanSetting.KPI_FREQUENCY, PlanSetting.MEETING_INTERVAL_MONTHS, PlanSetting.MEETING_FORM,
    PlanSetting.GRACE_DAYS, PlanSetting.REMINDER_LEAD_DAYS, PlanSetting.REMINDER_INTERVAL_DAYS,
    PlanSetting.MAX_REMINDERS, PlanSetting.NOTICE_LEAD_MONTHS,
)


def plan_card(texts: Texts, shown: ContractPlan) -> dict[str, Any]:
    plan = shown.plan
    facts = [{"title": texts("plan.fact.segment"), "value": segment_name(texts, plan.segment)}]
    for setting in _SHOWN:
        facts.append({"title": texts(f"plan.setting.{setting.value}"),
                      "value": setting_value_text(texts, setting, getattr(plan, setting.value))})
        if setting is PlanSetting.MEETING_FORM and plan.extra_meetings:
            facts.append({"title": texts("plan.fact.extra_meetings"), "value": extra_meetings_text(texts, plan)})
    ladder = [{"title": f"1. {texts('plan.ladder.responsible')}", "value": texts("plan.ladder.responsible_who")}]
    ladder += [
        {"title": f"{step}. {texts.role(role.value)}", "value": ", ".join(names) or texts("plan.nobody")}
        for step, (role, names) in enumerate(shown.ladder, 2)
    ]
    return render_card("follow_up_plan", {
        "title": texts("plan.card.title", reference=shown.reference, title=shown.title),
        "subtitle": shown.supplier_name,
        "facts": facts,
        "ladder_title": texts("plan.card.ladder"),
        "ladder": ladder,
        "status": texts("plan.card.adjusted" if plan.adjusted else "plan.card.follows_segment"),
    })
