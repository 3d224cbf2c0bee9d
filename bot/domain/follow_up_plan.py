"""A contract's follow-up plan (uppföljningsplan): how often KPIs are reported and meetings held, and how the
bot reminds: lead time, days between repeated reminders, how many before it escalates, and the escalation
ladder (eskaleringstrappa) of contract roles that are reminded after the responsible person.

The supplier's segment sets the plan through the defaults an administrator keeps per segment; a coordinator may
adjust one contract's plan. A contract whose supplier has no segment yet follows `UNSEGMENTED_PLAN`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.contracts import Segment
from bot.domain.kpis import Frequency
from bot.domain.roles import ContractRole

DEFAULT_LADDER = (ContractRole.PROCESS_OWNER, ContractRole.PROCESS_COORDINATOR)
DEFAULT_NOTICE_LEAD_MONTHS = (9, 6, 3)


@dataclass(frozen=True)
class FollowUpPlan:
    kpi_frequency: Frequency
    meeting_interval_months: int
    meeting_form: str
    extra_meetings: str | None = None
    grace_days: int = 10  # calendar days after a period's end before its report counts as late
    reminder_lead_days: int = 5  # working days before a meeting or an action's due date
    max_reminders: int = 3  # unanswered reminders to one rung of the ladder before the next is reminded
    reminder_interval_days: int = 3  # working days between repeated reminders of the same item
    notice_lead_months: tuple[int, ...] = DEFAULT_NOTICE_LEAD_MONTHS  # before notice and end dates
    escalation: tuple[ContractRole, ...] = DEFAULT_LADDER
    segment: Segment | None = None  # the segment it came from, None for the unsegmented default
    adjusted: bool = False  # a coordinator changed it for this contract

    def adjusted_with(self, **changes) -> FollowUpPlan:
        return replace(self, adjusted=True, **changes)


DEFAULT_PLANS: dict[Segment, FollowUpPlan] = {  # PRODUCT.md's table; the database holds the live defaults
    Segment.STRATEGIC: FollowUpPlan(Frequency.MONTH, 2, "uppföljningsmöte", "utvecklingsmöte en gång per år",
                                    segment=Segment.STRATEGIC),
    Segment.LEVERAGE: FollowUpPlan(Frequency.MONTH, 3, "uppföljningsmöte", segment=Segment.LEVERAGE),
    Segment.BOTTLENECK: FollowUpPlan(Frequency.QUARTER, 3, "uppföljningsmöte", segment=Segment.BOTTLENECK),
    Segment.NON_CRITICAL: FollowUpPlan(Frequency.HALF_YEAR, 12, "kort årligt möte", segment=Segment.NON_CRITICAL),
}

UNSEGMENTED_PLAN = FollowUpPlan(Frequency.QUARTER, 6, "uppföljningsmöte")
