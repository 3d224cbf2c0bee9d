"""Use cases of the register as a workbook: import it all or nothing, export it whole."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

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
) -> ImportReport:
    """Check every row of every sheet; when all are good, create and update in one transaction.

    `only` names the single sheet a CSV file holds. Rows of sheets outside the layout are ignored.
    """
    register, errors = parse_register(sheets, only=only)
    async with unit_of_work() as uow:
        errors += check_against_register(register, await uow.register.known_keys())
        if errors:
            return ImportReport(errors=tuple(sorted(errors, key=error_order)))
        counts = await uow.register.apply(register, actor_label=actor_label)
        await uow.commit()
    return ImportReport(counts=counts)


async def export_register(unit_of_work: UnitOfWorkFactory) -> dict[str, list[list[object]]]:
    """The whole register as the values of the workbook's sheets, read in one transaction."""
    async with unit_of_work() as uow:
        register = await uow.register.snapshot()
    return sheet_values(register)

