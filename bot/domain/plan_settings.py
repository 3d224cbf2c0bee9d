"""The settings of a follow-up plan that a coordinator (one contract) or an administrator (a segment's
defaults) may change, what may be typed for each, and the limits each keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.domain.contracts import parse_enum
from bot.domain.errors import InvalidInput
from bot.domain.follow_up_plan import FollowUpPlan
from bot.domain.new_kpi import parse_frequency
from bot.domain.roles import ContractRole

MEETING_FORM_MAX_LENGTH = 60  # what the tables hold


class PlanSetting(StrEnum):
    KPI_FREQUENCY = "kpi_frequency"
    MEETING_INTERVAL_MONTHS = "meeting_interval_months"
    MEETING_FORM = "meeting_form"
    GRACE_DAYS = "grace_days"
    REMINDER_LEAD_DAYS = "reminder_lead_days"
    REMINDER_INTERVAL_DAYS = "reminder_interval_days"
    MAX_REMINDERS = "max_reminders"
    NOTICE_LEAD_MONTHS = "notice_lead_months"
    ESCALATION = "escalation"


@dataclass(frozen=True)
class Limits:
    low: int
    high: int


LIMITS: dict[PlanSetting, Limits] = {
    PlanSetting.MEETING_INTERVAL_MONTHS: Limits(1, 24),
    PlanSetting.GRACE_DAYS: Limits(0, 60),
    PlanSetting.REMINDER_LEAD_DAYS: Limits(0, 30),
    PlanSetting.REMINDER_INTERVAL_DAYS: Limits(1, 20),
    PlanSetting.MAX_REMINDERS: Limits(1, 10),
    PlanSetting.NOTICE_LEAD_MONTHS: Limits(1, 36),  # each of the months before a notice or end date
}
_ROLE_WORDS = {
    "process owner": ContractRole.PROCESS_OWNER, "owner": ContractRole.PROCESS_OWNER,
    "process coordinator": ContractRole.PROCESS_COORDINATOR, "coordinator": ContractRole.PROCESS_COORDINATOR,
    "decision maker": ContractRole.DECISION_MAKER, "supplier contact": ContractRole.SUPPLIER_CONTACT,
    "team member": ContractRole.TEAM_MEMBER,
}
_LIST_SEPARATORS = re.compile(r"\s*(?:,|;|→|->|>|\boch\b|\band\b)\s*")
NOTICE_LEADS_MAX = 6
ESCALATION_MAX = 5


class SettingNotNumber(InvalidInput):
    code = "plan.error.number"


class SettingOutOfRange(InvalidInput):
    code = "plan.error.range"


class InvalidEscalation(InvalidInput):
    code = "plan.error.escalation"


class MeetingFormEmpty(InvalidInput):
    code = "plan.error.meeting_form"


PlanValue = object  # a Frequency, an int, a str or a tuple, depending on the setting


def parse_setting(setting: PlanSetting, text: str) -> PlanValue:
    """The value typed for a setting, checked against its limits."""
    typed = " ".join((text or "").split())
    if setting is PlanSetting.KPI_FREQUENCY:
        return parse_frequency(typed)
    if setting is PlanSetting.MEETING_FORM:
        if not typed:
            raise MeetingFormEmpty()
        if len(typed) > MEETING_FORM_MAX_LENGTH:
            raise InvalidInput(field="meeting_form", max_length=MEETING_FORM_MAX_LENGTH)
        return typed
    if setting is PlanSetting.ESCALATION:
        return _ladder(typed)
    if setting is PlanSetting.NOTICE_LEAD_MONTHS:
        parts = [part for part in _LIST_SEPARATORS.split(typed) if part]
        if not parts or len(parts) > NOTICE_LEADS_MAX:
            raise SettingNotNumber(setting=setting.value, value=typed[:60])
        months = {_whole_number(setting, part) for part in parts}
        return tuple(sorted(months, reverse=True))
    return _whole_number(setting, typed)


def plan_with(plan: FollowUpPlan, setting: PlanSetting, value: PlanValue) -> FollowUpPlan:
    """The plan with one setting changed."""
    return replace(plan, **{setting.value: value})


def setting_of(plan: FollowUpPlan, setting: PlanSetting) -> PlanValue:
    return getattr(plan, setting.value)


def _whole_number(setting: PlanSetting, typed: str) -> int:
    if not re.fullmatch(r"\d{1,4}", typed):
        raise SettingNotNumber(setting=setting.value, value=typed[:60])
    number, limits = int(typed), LIMITS[setting]
    if not limits.low <= number <= limits.high:
        raise SettingOutOfRange(setting=setting.value, value=number, low=limits.low, high=limits.high)
    return number


def _ladder(typed: str) -> tuple[ContractRole, ...]:
    parts = [part for part in _LIST_SEPARATORS.split(typed) if part]
    if not parts or len(parts) > ESCALATION_MAX:
        raise InvalidEscalation(value=typed[:60], allowed=_roles_allowed())
    ladder: list[ContractRole] = []
    for part in parts:
        try:
            role = parse_enum(ContractRole, part, field_name="escalation", synonyms=_ROLE_WORDS)
        except InvalidInput:
            raise InvalidEscalation(value=part[:60], allowed=_roles_allowed()) from None
        if role not in ladder:
            ladder.append(role)
    return tuple(ladder)


def _roles_allowed() -> str:
    return ", ".join(role.value for role in ContractRole)

