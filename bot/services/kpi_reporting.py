"""Use cases of reporting KPI values: which contracts and KPIs a person may report on, what a typed period or
value must be, and recording a value (or correcting one) with its change history, answered with the trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.domain.access import ContractScope, Permission, allowed
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.kpis import (
    KpiContract,
    KpiDefinition,
    KpiValue,
    Period,
    PeriodAlreadyReported,
    Trend,
    reporting_period,
    trend,
)
from bot.domain.people import Person
from bot.domain.reminders import ReminderKind, kpi_subject
from bot.domain.roles import GlobalRole
from bot.domain.text import fold
from bot.domain.typed_input import clean_text, is_skip, parse_measure
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

CONTRACTS_LISTED = 20  # a card of choices longer than this is no help; the user names the contract instead
CONTRACTS_SEARCHED = 500
CHART_VALUES = 12
TREND_VALUES = 120  # how far back "the nth period in a row" counts
COMMENT_MAX_LENGTH = 1000


class KpiNotFound(NotFound):
    code = "kpi.error.not_found"


@dataclass(frozen=True)
class RecordedKpiValue:
    """What recording a value led to: the KPI, the value, its trend and the values up to it for the chart."""

    kpi: KpiDefinition
    value: KpiValue
    trend: Trend
    values: tuple[KpiValue, ...]  # the last up to CHART_VALUES, oldest first, ending with `value`
    before: KpiValue | None = None  # the value a correction replaced


def may_report(actor: Person, kpi: KpiDefinition) -> bool:
    """REPORT_KPI on the KPI's contract, or being the KPI's own reporter."""
    scope = ContractScope(contract_id=kpi.contract.id, supplier_id=kpi.contract.supplier_id)
    return allowed(actor, Permission.REPORT_KPI, scope) or (
        actor.id is not None and actor.id == kpi.reporter_contact_id
    )


# --- reading what the dialog offers and checks ---


async def reportable_contracts(
    unit_of_work: UnitOfWorkFactory, actor: Person, typed: str | None = None
) -> list[KpiContract]:
    """The contracts with KPIs that `actor` may report on; with `typed`, those whose reference or supplier
    it names (case and å/ä/ö aside; the start of a supplier's name is enough)."""
    async with unit_of_work() as uow:
        contracts = await _contracts_of(uow, actor, CONTRACTS_SEARCHED if typed else CONTRACTS_LISTED)
    return contracts if typed is None else named_contracts(contracts, typed)


def named_contracts(contracts: list[KpiContract], typed: str) -> list[KpiContract]:
    """Those whose reference `typed` names, else those of the supplier it names (case and å/ä/ö aside; the
    start of a supplier's name is enough)."""
    wanted = fold(typed)
    by_reference = [contract for contract in contracts if fold(contract.reference) == wanted]
    return by_reference or [
        contract for contract in contracts
        if fold(contract.supplier_name) == wanted or fold(contract.supplier_name).startswith(f"{wanted} ")
    ]


async def kpis_to_report(unit_of_work: UnitOfWorkFactory, actor: Person, contract_id: int) -> list[KpiDefinition]:
    async with unit_of_work() as uow:
        kpis = await uow.kpis.kpis_of(contract_id)
    return [kpi for kpi in kpis if may_report(actor, kpi)]


async def find_kpi(unit_of_work: UnitOfWorkFactory, actor: Person, kpi_id: int) -> KpiDefinition:
    async with unit_of_work() as uow:
        return await _reportable_kpi(uow, actor, kpi_id)


async def period_to_report(
    unit_of_work: UnitOfWorkFactory, actor: Person, kpi_id: int, label: str, today: date
) -> tuple[Period, KpiValue | None]:
    """The period typed, checked against the KPI, and the value it already has (None when none)."""
    async with unit_of_work() as uow:
        kpi = await _reportable_kpi(uow, actor, kpi_id)
        period = reporting_period(label, kpi.frequency, today)
        kpi.check_period(period, today)
        return period, await uow.kpis.value_for(kpi.id, period)


async def value_to_report(unit_of_work: UnitOfWorkFactory, actor: Person, kpi_id: int, text: str) -> Decimal:
    """The value typed, read as a number and within the KPI's range."""
    value = parse_measure(text)
    (await find_kpi(unit_of_work, actor, kpi_id)).check_value(value)
    return value


# --- writing ---


async def record_kpi_value(
    unit_of_work: UnitOfWorkFactory,
    actor: Person,
    kpi_id: int,
    period_label: str,
    value: Decimal,
    comment: str | None,
    today: date,
    correct: bool = False,
) -> RecordedKpiValue:
    """Record the KPI's value for a period. A period that has a value already is refused with
    `PeriodAlreadyReported` unless `correct`; a correction replaces it and the history keeps both. Reminders
    sent about the period are answered by it, whichever way it was reported."""
    async with unit_of_work() as uow:
        kpi = await _reportable_kpi(uow, actor, kpi_id)
        period = reporting_period(period_label, kpi.frequency, today)
        kpi.check_period(period, today)
        kpi.check_value(value)
        new = KpiValue(period=period, value=value, comment=_comment(comment))
        before = await uow.kpis.value_for(kpi.id, period)
        if before is not None and not correct:
            raise PeriodAlreadyReported(period=period.label, value=before.value)
        if before is None:
            row_id = await uow.kpis.add_value(kpi.id, new, actor.id)
        else:
            row_id = await uow.kpis.replace_value(kpi.id, new, actor.id)
        await uow.history.record(
            actor=actor, actor_label=actor.email, entity="kpi_values", entity_id=row_id,
            action="create" if before is None else "update",
            before=_facts(kpi, before) if before is not None else None, after=_facts(kpi, new),
        )
        values = await uow.kpis.values(kpi.id, kpi.frequency, newest=TREND_VALUES)
        await uow.reminder_answers.answer_subject(ReminderKind.KPI, kpi_subject(kpi.id, period.label))
        await uow.commit()
    up_to = [item for item in values if item.period <= period]  # a correction of an older period: up to it
    if not up_to or up_to[-1].period != period:  # older than the history read back
        up_to = [new]
    found = trend(kpi.thresholds, [(item.period, item.value) for item in up_to]) or Trend(None, None, 1)
    return RecordedKpiValue(kpi=kpi, value=new, trend=found, values=tuple(up_to[-CHART_VALUES:]), before=before)


async def _contracts_of(uow: UnitOfWork, actor: Person, limit: int) -> list[KpiContract]:
    everyone = actor.global_role in (GlobalRole.ADMINISTRATOR, GlobalRole.COORDINATOR)
    if not everyone and not actor.is_registered:
        return []
    is_supplier = actor.global_role is GlobalRole.SUPPLIER
    return await uow.kpis.contracts_with_kpis(
        everyone=everyone,
        contract_ids=() if is_supplier else tuple(actor.contract_roles),  # a guest: only its supplier's
        supplier_id=actor.supplier_id if is_supplier else None,
        reporter_contact_id=actor.id,
        limit=limit,
    )


async def _reportable_kpi(uow: UnitOfWork, actor: Person, kpi_id: int) -> KpiDefinition:
    kpi = await uow.kpis.kpi(kpi_id)
    if kpi is None:
        raise KpiNotFound(kpi_id=kpi_id)
    if not may_report(actor, kpi):
        raise NotAllowed(permission=Permission.REPORT_KPI.value)
    return kpi


def _comment(comment: str | None) -> str | None:
    if comment is None or not comment.strip() or is_skip(comment):
        return None
    return clean_text(comment, max_length=COMMENT_MAX_LENGTH)


def _facts(kpi: KpiDefinition, value: KpiValue) -> dict[str, object]:
    return {"kpi_id": kpi.id, "kpi": kpi.name, "contract_reference": kpi.contract.reference,
            "period": value.period.label, "value": str(value.value), "comment": value.comment}
