"""A dry run of the register import: the counts an import would give, and nothing written."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.services.register_transfer import import_register
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory
from storage.workbook import read_workbook
from tests.support.register_workbooks import VALID_WITH_KPIS, write_workbook


async def _count(engine, table) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table))


async def test_a_dry_run_counts_what_an_import_would_do_and_writes_nothing(engine, tmp_path):
    sheets = read_workbook(write_workbook(tmp_path / "register.xlsx", VALID_WITH_KPIS))
    unit_of_work = unit_of_work_factory(engine)

    checked = await import_register(unit_of_work, sheets, actor_label="test", dry_run=True)

    assert checked.ok, checked.errors
    assert (checked.counts.contracts.created, checked.counts.kpi_values.created) == (2, 4)
    for table in (t.suppliers, t.contracts, t.kpi_values, t.change_history):
        assert await _count(engine, table) == 0
    imported = await import_register(unit_of_work, sheets, actor_label="test")
    assert imported.counts == checked.counts
    assert await _count(engine, t.kpi_values) == 4
