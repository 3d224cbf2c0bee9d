"""Use cases of the follow-up workbook: import it all or nothing, export it whole or for one contract or
supplier (the register, KPIs and the follow-up of contracts)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.domain.assessment_rows import assessment_sheet_values, check_assessments, parse_assessments
from bot.domain.follow_up_layout import IMPORTED, KPI_STATUS, SUMMARY
from bot.domain.follow_up_rows import WorkbookKeys, check_follow_up, follow_up_sheet_values, parse_follow_up
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
from bot.domain.workbook_overview import WorkbookRows, kpi_status_sheet_rows, summary_table_rows
from bot.domain.workbook_scope import scope_of, within
from bot.services.ports import UnitOfWorkFactory
from bot.services.summary import summaries_of_contracts


STOCKHOLM = ZoneInfo("Europe/Stockholm")


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
    zone: ZoneInfo = STOCKHOLM,
    dry_run: bool = False,
) -> ImportReport:
    """Check every row of every sheet; when all are good, create and update in one transaction.

    `only` names the single sheet a CSV file holds. Rows of sheets outside the layout are ignored. `today`
    (default: the machine's date; the command line and the chat pass the day in the configured time zone) is
    the day KPI values for later periods are refused on; `zone` the time zone the sheets' times are in. A `dry_run` checks and
    applies exactly as an import does, then rolls the transaction back: its counts are what an import would
    do now, and nothing is written.
    """
    today = today or date.today()
    register, errors = parse_register(sheets, only=only)
    if only in IMPORTED and sheets.get(only) is None:
        errors.append(RowError(only, 1, "register.error.missing_sheet"))
    kpis, kpi_errors = parse_kpis(sheets, errors)
    follow_up, follow_up_errors = parse_follow_up(sheets, zone=zone)
    assessments, assessment_errors = parse_assessments(sheets)
    errors += kpi_errors + follow_up_errors + assessment_errors
    async with unit_of_work() as uow:
        known = await uow.register.known_keys()
        kpi_keys = await uow.kpi_store.known_keys()
        errors += check_against_register(register, known)
        errors += check_kpis(kpis, register, frozenset(known.contract_periods), kpi_keys, today=today)
        keys = WorkbookKeys(
            references=frozenset(known.contract_periods) | register.named_references
            | {contract.reference for contract in register.contracts},
            org_numbers=known.org_numbers | register.named_org_numbers
            | {supplier.org_number for supplier in register.suppliers},
            emails=kpi_keys.emails | {contact.email for contact in register.contacts if contact.email},
            decisions=await uow.follow_up_store.stored_decisions(),
        )
        errors += check_follow_up(follow_up, keys) + check_assessments(assessments, keys)
        if errors:
            return ImportReport(errors=tuple(sorted(errors, key=error_order)))
        counts = await uow.register.apply(register, actor_label=actor_label)
        definitions, values = await uow.kpi_store.apply(kpis, actor_label=actor_label)
        follow_up_counts = await uow.follow_up_store.apply(follow_up, assessments, actor_label=actor_label)
        if not dry_run:
            await uow.commit()
    return ImportReport(counts=replace(counts, kpis=definitions, kpi_values=values, **follow_up_counts))


async def export_register(
    unit_of_work: UnitOfWorkFactory,
    *,
    contract: str | None = None,
    supplier: str | None = None,
    today: date | None = None,
    zone: ZoneInfo = STOCKHOLM,
    language: str = "sv",
) -> dict[str, list[list[object]]]:
    """The workbook's sheets as values, read in one transaction: everything, or only `contract`'s (a
    reference) or `supplier`'s (an organisation number) rows. An unknown one raises `ContractNotFound` or
    `SupplierNotFound`. `today` and `zone` date the summary; `language` the checklist questions."""
    async with unit_of_work() as uow:
        register = await uow.register.snapshot()
        kpis = await uow.kpi_store.snapshot()
        follow_up, assessments = await uow.follow_up_store.snapshot()
    now = datetime.now(UTC) if today is None else datetime.combine(today, time(0), zone)
    today = today or now.astimezone(zone).date()
    rows = WorkbookRows(register, kpis, follow_up, assessments)
    rows = within(rows, scope_of(register, contract=contract, supplier=supplier))
    return {
        **sheet_values(rows.register), **kpi_sheet_values(rows.kpis),
        **follow_up_sheet_values(rows.follow_up, zone=zone, language=language),
        **assessment_sheet_values(rows.assessments),
        KPI_STATUS: kpi_status_sheet_rows(rows.kpis),
        SUMMARY: summary_table_rows(await summaries_of_contracts(
            unit_of_work, [contract.reference for contract in rows.register.contracts], today, now), zone),
    }
