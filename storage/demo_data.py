"""Demo data: the fictional Exempelkommun and its suppliers, loaded into an empty database.

The data set lives in `demo_data.json`. This module only turns it into rows: names and e-mail addresses
become ids, day offsets become dates relative to `today`, and KPI histories get their period labels
counted back from the last full period before `today`, so the demo looks current whenever it is loaded.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.domain.text import fold
from storage import tables as t
from storage.register_revision import bump_register_revision

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ACTOR_LABEL = "demo-data"
_MONTHS_PER_PERIOD = {"månad": 1, "kvartal": 3, "halvår": 6, "år": 12}


@dataclass(frozen=True)
class DemoDataSummary:
    """What a load inserted; every count is named after its table. `loaded` is False when nothing was."""

    loaded: bool
    suppliers: int = 0
    contacts: int = 0
    contracts: int = 0
    amendments: int = 0
    contract_roles: int = 0
    raci_assignments: int = 0
    spend: int = 0
    segmentations: int = 0
    follow_up_plans: int = 0
    kpi_definitions: int = 0
    kpi_values: int = 0
    meetings: int = 0
    meeting_attendees: int = 0
    meeting_notes: int = 0
    decisions: int = 0
    actions: int = 0
    deviations: int = 0
    sanctions: int = 0
    sanction_deviations: int = 0
    checklist_answers: int = 0

    def counts(self) -> dict[str, int]:
        return {name: value for name, value in asdict(self).items() if name != "loaded"}


async def load_demo_data(engine: AsyncEngine, *, today: date | None = None) -> DemoDataSummary:
    """Load the demo data set in one transaction, unless the register already holds suppliers or contracts."""
    data = json.loads((files("storage") / "demo_data.json").read_text(encoding="utf-8"))
    async with engine.begin() as connection:
        for table in (t.suppliers, t.contracts):
            if await connection.scalar(select(func.count()).select_from(table)):
                return DemoDataSummary(loaded=False)
        loader = _Loader(connection, today or datetime.now(STOCKHOLM).date())  # the bot's day, not the machine's
        await loader.load(data)
        summary = DemoDataSummary(loaded=True, **loader.counts)
        await bump_register_revision(connection)
        await connection.execute(
            insert(t.change_history).values(
                actor_label=ACTOR_LABEL, entity="demo_data", entity_id="exempelkommun",
                action="create", before=None, after=summary.counts(),
            )
        )
    return summary


class _Loader:
    def __init__(self, connection: AsyncConnection, today: date) -> None:
        self.connection = connection
        self.today = today
        self.counts: Counter[str] = Counter()
        self.suppliers: dict[str, int] = {}  # by name
        self.segments: dict[int, str] = {}  # supplier id → segment
        self.contacts: dict[str, int] = {}  # by e-mail
        self.contracts: dict[str, int] = {}  # by reference
        self.meetings: dict[str, int] = {}  # by the JSON's key
        self.deviations: dict[str, int] = {}  # by the JSON's key

    async def load(self, data: dict[str, Any]) -> None:
        for supplier in data["suppliers"]:
            await self._supplier(supplier)
        for contact in data["contacts"]:
            await self._contact(contact)
        defaults = {
            row.segment: row for row in await self.connection.execute(select(t.follow_up_plan_defaults))
        }
        for contract in data["contracts"]:
            await self._contract(contract, defaults)
        for meeting in data["meetings"]:
            await self._meeting(meeting)
        await self._follow_up_records(data)

    # --- fakta och samarbetsmodell ---

    async def _supplier(self, item: dict[str, Any]) -> None:
        supplier_id = await self._add(
            t.suppliers, org_number=item["org_number"], name=item["name"], name_folded=fold(item["name"])
        )
        self.suppliers[item["name"]] = supplier_id
        segmentation = item["segmentation"]
        self.segments[supplier_id] = segmentation["segment"]
        await self._add(
            t.segmentations,
            supplier_id=supplier_id,
            segment=segmentation["segment"],
            financial_risk=_number(segmentation["financial_risk"]),
            supply_risk=_number(segmentation["supply_risk"]),
            reason=segmentation["reason"],
            decided_at=self._at(segmentation["decided_on"], "09:00"),
        )

    async def _contact(self, item: dict[str, Any]) -> None:
        email = item["email"].strip().lower()
        self.contacts[email] = await self._add(
            t.contacts,
            name=item["name"],
            name_folded=fold(item["name"]),
            email=email,
            phone=item["phone"],
            party=item["party"],
            organisation=item.get("organisation", item.get("supplier")),
            supplier_id=self.suppliers[item["supplier"]] if "supplier" in item else None,
            global_role=item["global_role"],
        )

    async def _contract(self, item: dict[str, Any], defaults: dict[str, Any]) -> None:
        supplier_id = self.suppliers[item["supplier"]]
        contract_id = await self._add(
            t.contracts,
            reference=item["reference"],
            title=item["title"],
            title_folded=fold(item["title"]),
            category=item["category"],
            supplier_id=supplier_id,
            owning_unit=item["owning_unit"],
            start_date=date.fromisoformat(item["start_date"]),
            end_date=date.fromisoformat(item["end_date"]),
            notice_period_months=item["notice_period_months"],
            extension_options=item["extension_options"],
            estimated_yearly_value_sek=_number(item["estimated_yearly_value_sek"]),
            payment_terms=item["payment_terms"],
            price_adjustment_clause=item["price_adjustment_clause"],
            status=item["status"],
        )
        self.contracts[item["reference"]] = contract_id
        for amendment in item.get("amendments", []):
            await self._add(
                t.amendments, contract_id=contract_id,
                signed_on=date.fromisoformat(amendment["signed_on"]), description=amendment["description"],
            )
        await self._add_many(t.contract_roles, [
            {"contract_id": contract_id, "contact_id": self.contacts[role["email"]], "role": role["role"],
             "is_key_contact": role["key"]}
            for role in item["roles"]
        ])
        await self._add_many(t.raci_assignments, [
            {"contract_id": contract_id, "activity": activity, "contact_id": self.contacts[email],
             "responsibility": letter}
            for activity, cells in item.get("raci", {}).items()
            for letter, emails in cells.items()
            for email in emails
        ])
        await self._add_many(t.spend, [
            {"contract_id": contract_id, "area": area, "period": label,
             "amount_sek": _number(amounts[month - 1])}
            for area, amounts in item.get("spend", {}).items()
            for label, month in self._last_full_months(12)
        ])
        plan = defaults[self.segments[supplier_id]]
        await self._add_many(t.follow_up_plans, [{
            "contract_id": contract_id,
            "kpi_frequency": plan.kpi_frequency,
            "meeting_interval_months": plan.meeting_interval_months,
            "meeting_form": plan.meeting_form,
            "grace_days": plan.grace_days,
            "reminder_lead_days": plan.reminder_lead_days,
            "max_reminders": plan.max_reminders,
            "escalation": item.get("plan", {}).get("escalation"),
            "communication_paths": item.get("plan", {}).get("communication_paths"),
        }])
        for kpi in item["kpis"]:
            await self._kpi(contract_id, kpi)

    # --- leverans och prestation ---

    async def _kpi(self, contract_id: int, item: dict[str, Any]) -> None:
        reporter_id = self.contacts.get(item.get("reporter", ""))
        kpi_id = await self._add(
            t.kpi_definitions,
            contract_id=contract_id,
            name=item["name"],
            unit=item["unit"],
            target=_number(item["target"]),
            direction=item["direction"],
            yellow_threshold=_number(item["yellow"]),
            red_threshold=_number(item["red"]),
            min_value=_number(item.get("min")),
            max_value=_number(item.get("max")),
            frequency=item["frequency"],
            reporter_contact_id=reporter_id,
            reporter_party=item.get("reporter_party"),
            source=item["source"],
            active_from=_iso_date(item.get("active_from")),
            active_to=_iso_date(item.get("active_to")),
        )
        values = item.get("values", [])
        periods = last_full_periods(item["frequency"], self.today, len(values))
        await self._add_many(t.kpi_values, [
            {"kpi_id": kpi_id, "period": label, "value": _number(value), "reported_by_id": reporter_id,
             "reported_at": self._at(min(next_start + timedelta(days=4), self.today), "09:00")}
            for (label, next_start), value in zip(periods, values, strict=True)
        ])

    async def _meeting(self, item: dict[str, Any]) -> None:
        starts_at = self._at(item["day"], item["time"])
        meeting_id = await self._add(
            t.meetings,
            contract_id=self.contracts[item["contract"]],
            form=item["form"],
            starts_at=starts_at,
            duration_minutes=item["duration_minutes"],
            location=item["location"],
            agenda=item["agenda"],
            status=item["status"],
            organiser_id=self.contacts[item["organiser"]],
        )
        self.meetings[item["key"]] = meeting_id
        await self._add_many(t.meeting_attendees, [
            {"meeting_id": meeting_id, "contact_id": self.contacts[email]} for email in item["attendees"]
        ])
        if notes := item.get("notes"):
            await self._add(
                t.meeting_notes, meeting_id=meeting_id, text=notes["text"],
                submitted_by_id=self.contacts[notes["by"]], submitted_at=starts_at + timedelta(days=1),
            )

    async def _follow_up_records(self, data: dict[str, Any]) -> None:
        for item in data["decisions"]:
            await self._add(
                t.decisions, contract_id=self.contracts[item["contract"]],
                meeting_id=self.meetings.get(item.get("meeting", "")), decided_on=self._day(item["day"]),
                what=item["what"], decided_by=item["decided_by"], basis=item["basis"],
                recorded_by_id=self.contacts[item["recorded_by"]],
            )
        for item in data["actions"]:
            await self._add(
                t.actions, contract_id=self.contracts[item["contract"]],
                meeting_id=self.meetings.get(item.get("meeting", "")), title=item["title"],
                owner_id=self.contacts[item["owner"]], party=item["party"], due_date=self._day(item["due"]),
                status=item["status"],
                closed_at=self._at(item["closed"], "16:00") if "closed" in item else None,
            )
        for item in data["deviations"]:
            self.deviations[item["key"]] = await self._add(
                t.deviations, contract_id=self.contracts[item["contract"]],
                occurred_on=self._day(item["day"]), type=item["type"], severity=item["severity"],
                is_complaint=item["is_complaint"],
                description=item["description"], reported_by_id=self.contacts[item["reported_by"]],
            )
        for item in data["sanctions"]:
            sanction_id = await self._add(
                t.sanctions, contract_id=self.contracts[item["contract"]], step=item["step"],
                decided_on=self._day(item["day"]), basis=item["basis"], decided_by=item["decided_by"],
            )
            await self._add_many(t.sanction_deviations, [
                {"sanction_id": sanction_id, "deviation_id": self.deviations[key]}
                for key in item["deviations"]
            ])
        await self._add_many(t.checklist_answers, [
            {"contract_id": self.contracts[item["contract"]], "part": item["part"],
             "item_key": item["item_key"], "answer": item["answer"], "comment": item.get("comment"),
             "answered_by_id": self.contacts[item["by"]], "answered_at": self._at(item["day"], "09:00")}
            for item in data["checklist_answers"]
        ])

    # --- helpers ---

    async def _add(self, table: Table, **row: Any) -> int:
        self.counts[table.name] += 1
        return (await self.connection.execute(insert(table).values(**row).returning(table.c.id))).scalar_one()

    async def _add_many(self, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.counts[table.name] += len(rows)
            await self.connection.execute(insert(table), rows)

    def _day(self, value: int | str | date) -> date:
        """A day offset from today (an int), an ISO date (a contract fact) or a date."""
        if isinstance(value, int):
            return self.today + timedelta(days=value)
        return date.fromisoformat(value) if isinstance(value, str) else value

    def _at(self, day: int | str | date, clock: str) -> datetime:
        return datetime.combine(self._day(day), time.fromisoformat(clock), STOCKHOLM)

    def _last_full_months(self, count: int) -> list[tuple[str, int]]:
        """(label, calendar month) of the last `count` full months, oldest first."""
        return [(label, int(label[5:])) for label, _ in last_full_periods("månad", self.today, count)]


def last_full_periods(frequency: str, today: date, count: int) -> list[tuple[str, date]]:
    """The `count` full periods before the one `today` is in, oldest first, each with the day after it.

    last_full_periods("kvartal", date(2027, 1, 5), 2) → [("2026-Q3", 2026-10-01), ("2026-Q4", 2027-01-01)]
    """
    size = _MONTHS_PER_PERIOD[frequency]
    current = (today.year * 12 + today.month - 1) // size
    periods = []
    for index in range(current - count, current):
        year, month0 = divmod(index * size, 12)
        label = {1: f"{year}-{month0 + 1:02d}", 3: f"{year}-Q{month0 // 3 + 1}",
                 6: f"{year}-H{month0 // 6 + 1}", 12: f"{year}"}[size]
        after, month0_after = divmod((index + 1) * size, 12)
        periods.append((label, date(after, month0_after + 1, 1)))
    return periods


def _number(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _iso_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)
