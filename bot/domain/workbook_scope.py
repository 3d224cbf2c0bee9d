"""Which rows a filtered export holds: one contract's (and its supplier's row), or one supplier's and its
contracts'. The supplier and contract rows come along, so the filtered workbook imports on its own."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.assessment_rows import only_scope
from bot.domain.errors import ContractNotFound, SupplierNotFound
from bot.domain.follow_up_rows import only_contracts
from bot.domain.kpi_rows import KpiRows
from bot.domain.register_rows import RegisterRows
from bot.domain.workbook_overview import WorkbookRows


@dataclass(frozen=True)
class Scope:
    references: frozenset[str]
    org_numbers: frozenset[str]


def scope_of(register: RegisterRows, *, contract: str | None = None, supplier: str | None = None) -> Scope | None:
    """The scope of `contract` (a reference) or `supplier` (an organisation number), None for everything;
    `ContractNotFound` / `SupplierNotFound` when the register has no such one."""
    if contract is not None:
        found = next((c for c in register.contracts if c.reference == contract), None)
        if found is None:
            raise ContractNotFound(value=contract)
        return Scope(frozenset({found.reference}), frozenset({found.supplier_org_number}))
    if supplier is not None:
        if supplier not in {s.org_number for s in register.suppliers}:
            raise SupplierNotFound(value=supplier)
        return Scope(frozenset(c.reference for c in register.contracts if c.supplier_org_number == supplier),
                     frozenset({supplier}))
    return None


def within(rows: WorkbookRows, scope: Scope | None) -> WorkbookRows:
    if scope is None:
        return rows
    register, references, orgs = rows.register, scope.references, scope.org_numbers
    return WorkbookRows(
        register=RegisterRows(
            suppliers=tuple(s for s in register.suppliers if s.org_number in orgs),
            contracts=tuple(c for c in register.contracts if c.reference in references),
            contacts=tuple(c for c in register.contacts if c.reference in references),
            amendments=tuple(a for a in register.amendments if a.reference in references),
            spend=tuple(s for s in register.spend if s.reference in references),
        ),
        kpis=KpiRows(kpis=tuple(k for k in rows.kpis.kpis if k.reference in references),
                     values=tuple(v for v in rows.kpis.values if v.reference in references)),
        follow_up=only_contracts(rows.follow_up, references),
        assessments=only_scope(rows.assessments, references, orgs),
    )
