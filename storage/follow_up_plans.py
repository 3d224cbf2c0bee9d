"""Follow-up plans and segmentations on SQL.

A contract's plan is its own row when one is stored, else the defaults of its supplier's newest segment, else
the plan for unsegmented suppliers; read in a fixed number of queries for any number of contracts, so the
reminder planner can ask for all of them at once. A stored row that no coordinator adjusted follows the
defaults: `follow_defaults` rewrites such rows whenever the defaults that apply to them change."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.contracts import Segment
from bot.domain.follow_up_plan import (
    DEFAULT_LADDER,
    DEFAULT_NOTICE_LEAD_MONTHS,
    UNSEGMENTED_PLAN,
    FollowUpPlan,
)
from bot.domain.kpis import Frequency
from bot.domain.roles import ContractRole
from bot.domain.segmentation import Segmentation, SegmentRecord
from storage import tables as t


class SqlFollowUpPlans:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def defaults(self) -> dict[Segment, FollowUpPlan]:
        rows = (await self._connection.execute(select(t.follow_up_plan_defaults))).mappings()
        return {Segment(row["segment"]): plan_from_row(row, Segment(row["segment"])) for row in rows}

    async def segments_of_suppliers(self, supplier_ids: Collection[int]) -> dict[int, Segment]:
        """The newest segment of each supplier that has one."""
        s = t.segmentations.c
        newest = (
            select(s.supplier_id, func.max(s.id).label("id"))
            .where(s.supplier_id.in_(list(supplier_ids)))
            .group_by(s.supplier_id)
            .subquery()
        )
        rows = await self._connection.execute(select(s.supplier_id, s.segment).join(newest, newest.c.id == s.id))
        return {supplier_id: Segment(segment) for supplier_id, segment in rows}

    async def plans_for_contracts(self, contract_ids: Collection[int]) -> dict[int, FollowUpPlan]:
        ids = list(contract_ids)
        if not ids:
            return {}
        c = t.contracts.c
        suppliers = dict((await self._connection.execute(select(c.id, c.supplier_id).where(c.id.in_(ids)))).all())
        stored = (
            await self._connection.execute(select(t.follow_up_plans).where(t.follow_up_plans.c.contract_id.in_(ids)))
        ).mappings()
        segments = await self.segments_of_suppliers(set(suppliers.values()))
        defaults = await self.defaults() if segments else {}
        plans = {}
        for row in stored:
            segment = segments.get(suppliers.get(row["contract_id"]))
            plan = plan_from_row(row, segment)
            if segment in defaults:  # a contract's own plan keeps its segment's extra meetings
                plan = replace(plan, extra_meetings=defaults[segment].extra_meetings)
            plans[row["contract_id"]] = plan
        for contract_id, supplier_id in suppliers.items():
            if contract_id not in plans:
                segment = segments.get(supplier_id)
                plans[contract_id] = defaults.get(segment, UNSEGMENTED_PLAN) if segment else UNSEGMENTED_PLAN
        return plans

    async def add_segmentation(self, supplier_id: int, segmentation: Segmentation, *, reason: str | None,
                               decided_by_id: int | None) -> int:
        """A new newest segment of the supplier, with its scores and answers; the new row's id."""
        return (await self._connection.execute(insert(t.segmentations).values(
            supplier_id=supplier_id, segment=segmentation.segment.value,
            financial_risk=segmentation.financial_risk, supply_risk=segmentation.supply_risk,
            answers={question.value: option for question, option in segmentation.answers.items()},
            reason=reason, overridden=segmentation.overridden, decided_by_id=decided_by_id,
        ).returning(t.segmentations.c.id))).scalar_one()

    async def segment_history(self, supplier_id: int, *, limit: int) -> list[SegmentRecord]:
        """The supplier's segmentations, newest first."""
        s = t.segmentations.c
        rows = await self._connection.execute(
            select(s.segment, s.financial_risk, s.supply_risk, s.reason, s.overridden, s.decided_at,
                   t.contacts.c.name.label("decided_by"))
            .select_from(t.segmentations.outerjoin(t.contacts, t.contacts.c.id == s.decided_by_id))
            .where(s.supplier_id == supplier_id).order_by(s.id.desc()).limit(limit)
        )
        return [
            SegmentRecord(Segment(row.segment), row.financial_risk, row.supply_risk, row.reason,
                          bool(row.overridden), row.decided_at, row.decided_by)
            for row in rows
        ]

    async def save_plan(self, contract_id: int, plan: FollowUpPlan, *, adjusted_by_id: int | None) -> None:
        """The contract's own plan, adjusted by a coordinator; its communication paths stay."""
        values = {**_plan_values(plan), "adjusted": True, "adjusted_by_id": adjusted_by_id}
        plans = t.follow_up_plans
        changed = await self._connection.execute(update(plans).where(plans.c.contract_id == contract_id)
                                                 .values(**values))
        if changed.rowcount == 0:
            await self._connection.execute(insert(plans).values(contract_id=contract_id, **values))

    async def set_default(self, segment: Segment, plan: FollowUpPlan) -> None:
        """The plan a segment's contracts follow unless a coordinator adjusted theirs."""
        defaults = t.follow_up_plan_defaults
        values = {**_plan_values(plan), "extra_meetings": plan.extra_meetings}
        changed = await self._connection.execute(update(defaults).where(defaults.c.segment == segment.value)
                                                 .values(**values))
        if changed.rowcount == 0:
            await self._connection.execute(insert(defaults).values(segment=segment.value, **values))

    async def follow_defaults(self, contract_ids: Collection[int], plan: FollowUpPlan) -> None:
        """The stored, unadjusted plans among `contract_ids` rewritten to `plan`; adjusted ones are kept.
        Contracts without a stored plan follow the defaults when read."""
        if not contract_ids:
            return
        plans = t.follow_up_plans
        await self._connection.execute(
            update(plans)
            .where(and_(plans.c.contract_id.in_(list(contract_ids)), plans.c.adjusted.is_(False)))
            .values(**_plan_values(plan))
        )

    async def contracts_of_supplier(self, supplier_id: int) -> dict[int, str]:
        """The supplier's contracts: id → reference."""
        c = t.contracts.c
        rows = await self._connection.execute(select(c.id, c.reference).where(c.supplier_id == supplier_id)
                                              .order_by(c.reference))
        return dict(rows.all())

    async def contract_ids_of_suppliers(self, supplier_ids: Collection[int]) -> dict[int, int]:
        """The suppliers' contracts: contract id → supplier id."""
        c = t.contracts.c
        rows = await self._connection.execute(select(c.id, c.supplier_id).where(c.supplier_id.in_(list(supplier_ids)))
                                              .order_by(c.id))
        return dict(rows.all())

    async def contracts_in_segment(self, segment: Segment) -> list[int]:
        """The contracts whose supplier's newest segment is `segment`."""
        s = t.segmentations.c
        newest = select(s.supplier_id, func.max(s.id).label("id")).group_by(s.supplier_id).subquery()
        rows = await self._connection.execute(
            select(t.contracts.c.id)
            .join(t.segmentations, t.segmentations.c.supplier_id == t.contracts.c.supplier_id)
            .join(newest, newest.c.id == s.id)
            .where(s.segment == segment.value)
        )
        return [row.id for row in rows]


def _plan_values(plan: FollowUpPlan) -> dict[str, Any]:
    return {
        "kpi_frequency": plan.kpi_frequency.value,
        "meeting_interval_months": plan.meeting_interval_months,
        "meeting_form": plan.meeting_form,
        "grace_days": plan.grace_days,
        "reminder_lead_days": plan.reminder_lead_days,
        "max_reminders": plan.max_reminders,
        "reminder_interval_days": plan.reminder_interval_days,
        "notice_lead_months": list(plan.notice_lead_months),
        "escalation": [role.value for role in plan.escalation],
    }


def plan_from_row(row: Mapping[str, Any], segment: Segment | None) -> FollowUpPlan:
    """A plan from a row of `follow_up_plans` or `follow_up_plan_defaults`."""
    escalation = row.get("escalation")
    notice = row.get("notice_lead_months")
    return FollowUpPlan(
        kpi_frequency=Frequency(row["kpi_frequency"]),
        meeting_interval_months=row["meeting_interval_months"],
        meeting_form=row["meeting_form"],
        extra_meetings=row.get("extra_meetings"),
        grace_days=row["grace_days"],
        reminder_lead_days=row["reminder_lead_days"],
        max_reminders=row["max_reminders"],
        reminder_interval_days=row["reminder_interval_days"],
        notice_lead_months=tuple(notice) if notice else DEFAULT_NOTICE_LEAD_MONTHS,
        escalation=tuple(ContractRole(role) for role in escalation) if escalation else DEFAULT_LADDER,
        segment=segment,
        adjusted=bool(row.get("adjusted", False)),
    )
