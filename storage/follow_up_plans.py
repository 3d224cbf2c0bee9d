"""Follow-up plans on SQL: a contract's own plan when one is stored, else the defaults of its supplier's newest
segment, else the plan for unsegmented suppliers. Read in a fixed number of queries for any number of contracts,
so the reminder planner can ask for all of them at once."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from sqlalchemy import func, select
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
        plans = {}
        for row in stored:
            segment = segments.get(suppliers.get(row["contract_id"]))
            plans[row["contract_id"]] = plan_from_row(row, segment)
        defaults = await self.defaults() if len(plans) < len(suppliers) else {}
        for contract_id, supplier_id in suppliers.items():
            if contract_id not in plans:
                segment = segments.get(supplier_id)
                plans[contract_id] = defaults.get(segment, UNSEGMENTED_PLAN) if segment else UNSEGMENTED_PLAN
        return plans


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
