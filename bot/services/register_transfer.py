"""Use cases of the register as a workbook: import it all or nothing, export it whole (KPIs included)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from bot.domain.kpi_rows import check_kpis, kpi_sheet_values, parse_kpis
from bot.domain.register_rows import (
    ImportCounts,
    RowError,
    SheetData,
    check_against_register,
    error_order,
    parse_register,
    sheet_values,
)
from bot.services.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class ImportReport:
    """Either every row's error (and nothing changed) or what the import did."""

    errors: tuple[RowError, ...] = ()
    counts: ImportCounts | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


async def import_register(
    unit_of_work: UnitOfWorkFactory,
    sheets: Mapping[str, SheetData],
    *,
    actor_label: str,
    only: str | None = None,
    today: date | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row of every sheet; when all are good, create and update in one transaction.

    `only` names the single sheet a CSV file holds. Rows of sheets outside the layout are ignored. `today`
    (default: the machine's date; the command line and the chat pass the day in the configured time zone) is
    the day KPI values for later periods are refused on. A `dry_run` checks and
    applies exactly as an import does, then rolls the transaction back: its counts are what an import would
    do now, and nothing is written.
    """
    today = today or date.today()
    register, errors = parse_register(sheets, only=only)
    kpis, kpi_errors = parse_kpis(sheets, errors)
    errors += kpi_errors
    async with unit_of_work() as uow:
        known = await uow.register.known_keys()
        errors += check_against_register(register, known)
        errors += check_kpis(kpis, register, frozenset(known.contract_periods), await uow.kpi_store.known_keys(),
                             today=today)
        if errors:
            return ImportReport(errors=tuple(sorted(errors, key=error_order)))
        counts = await uow.register.apply(register, actor_label=actor_label)
        definitions, values = await uow.kpi_store.apply(kpis, actor_label=actor_label)
        if not dry_run:
            await uow.commit()
    return ImportReport(counts=replace(counts, kpis=definitions, kpi_values=values))


async def export_register(unit_of_work: UnitOfWorkFactory) -> dict[str, list[list[object]]]:
    """The whole register and its KPIs as the values of the workbook's sheets, read in one transaction."""
    async with unit_of_work() as uow:
        register = await uow.register.snapshot()
        kpis = await uow.kpi_store.snapshot()
    return {**sheet_values(register), **kpi_sheet_values(kpis)}
