"""Views of a supplier and lessons of a contract as workbook rows: `SWOT`, `Betyg` and `Lärdomar`.

Natural keys: a SWOT item by (supplier, quadrant, text); a rating by (supplier, quarter, rater's e-mail); a
lesson by (contract, kind, text). Read, checked and written back like `bot.domain.follow_up_rows`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.errors import DomainError
from bot.domain.follow_up_layout import LESSONS, RATINGS, SWOT
from bot.domain.follow_up_rows import WorkbookKeys, sheet_rows
from bot.domain.kpis import Frequency, Period
from bot.domain.register_rows import SheetData, error_order
from bot.domain.sheet_cells import (
    Refused,
    RowError,
    RowReader,
    cell_choice,
    cell_email,
    cell_org_number,
    cell_reference,
    plain,
    report_duplicates,
    shown,
)
from bot.domain.workbook_cells import cell_whole


class SwotQuadrant(StrEnum):
    STRENGTH = "styrka"
    WEAKNESS = "svaghet"
    OPPORTUNITY = "möjlighet"
    THREAT = "hot"


class SwotStatus(StrEnum):
    PROPOSED = "föreslagen"
    ACCEPTED = "accepterad"
    DECLINED = "avböjd"


class LessonKind(StrEnum):
    WORKED = "fungerade"
    CHANGE = "ändra"


@dataclass(frozen=True)
class SwotRow:
    row: int
    org_number: str
    quadrant: SwotQuadrant
    text: str
    status: SwotStatus = SwotStatus.ACCEPTED

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.org_number, self.quadrant.value, self.text)


@dataclass(frozen=True)
class RatingRow:
    row: int
    org_number: str
    period: str  # a quarter: 2026-Q4
    score: int
    comment: str | None = None
    rated_by_email: str | None = None

    @property
    def key(self) -> tuple[str, str, str | None]:
        return (self.org_number, self.period, self.rated_by_email)


@dataclass(frozen=True)
class LessonRow:
    row: int
    reference: str
    kind: LessonKind
    text: str
    recorded_by_email: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.reference, self.kind.value, self.text)


@dataclass(frozen=True)
class AssessmentRows:
    swot: tuple[SwotRow, ...] = ()
    ratings: tuple[RatingRow, ...] = ()
    lessons: tuple[LessonRow, ...] = ()


def parse_assessments(sheets: Mapping[str, SheetData | None]) -> tuple[AssessmentRows, list[RowError]]:
    errors: list[RowError] = []
    rows = AssessmentRows(
        swot=_swot(sheet_rows(sheets, SWOT, errors), errors),
        ratings=_ratings(sheet_rows(sheets, RATINGS, errors), errors),
        lessons=_lessons(sheet_rows(sheets, LESSONS, errors), errors),
    )
    for sheet, records in ((SWOT, rows.swot), (RATINGS, rows.ratings), (LESSONS, rows.lessons)):
        report_duplicates(sheet, records, lambda r: r.key,
                          lambda r: " ".join(str(v) for v in r.key if v is not None)[:120], errors)
    return rows, sorted(errors, key=error_order)


def _quarter(value: object, column: str) -> str:
    try:
        return Period.parse(plain(value).upper(), Frequency.QUARTER).label
    except DomainError:
        raise Refused("register.error.quarter", column=column, value=shown(value)) from None


def _swot(rows, errors) -> tuple[SwotRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(SWOT, number, values, errors)
        record = SwotRow(
            row=number,
            org_number=row.get("Leverantör", cell_org_number, required=True),
            quadrant=row.get("Kvadrant", cell_choice(SwotQuadrant), required=True),
            text=row.get("Text", required=True),
            status=row.get("Status", cell_choice(SwotStatus)) or SwotStatus.ACCEPTED,
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _ratings(rows, errors) -> tuple[RatingRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(RATINGS, number, values, errors)
        record = RatingRow(
            row=number,
            org_number=row.get("Leverantör", cell_org_number, required=True),
            period=row.get("Period", _quarter, required=True),
            score=row.get("Betyg", cell_whole(1, 5), required=True),
            comment=row.get("Kommentar"),
            rated_by_email=row.get("Bedömt av", cell_email),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def _lessons(rows, errors) -> tuple[LessonRow, ...]:
    records = []
    for number, values in rows:
        row = RowReader(LESSONS, number, values, errors)
        record = LessonRow(
            row=number,
            reference=row.get("Avtalsnummer", cell_reference, required=True),
            kind=row.get("Typ", cell_choice(LessonKind), required=True),
            text=row.get("Text", required=True),
            recorded_by_email=row.get("Registrerad av", cell_email),
        )
        if row.ok:
            records.append(record)
    return tuple(records)


def check_assessments(rows: AssessmentRows, keys: WorkbookKeys) -> list[RowError]:
    """Suppliers, contracts and people that are neither in the workbook nor stored."""
    errors: list[RowError] = []
    for sheet, records in ((SWOT, rows.swot), (RATINGS, rows.ratings)):
        for record in records:
            if record.org_number not in keys.org_numbers:
                errors.append(RowError(sheet, record.row, "register.error.unknown_supplier",
                                       {"value": record.org_number}))
    for rating in rows.ratings:
        if rating.rated_by_email and rating.rated_by_email not in keys.emails:
            errors.append(RowError(RATINGS, rating.row, "register.error.unknown_contact",
                                   {"column": "Bedömt av", "value": rating.rated_by_email}))
    for lesson in rows.lessons:
        if lesson.reference not in keys.references:
            errors.append(RowError(LESSONS, lesson.row, "register.error.unknown_contract",
                                   {"value": lesson.reference}))
        elif lesson.recorded_by_email and lesson.recorded_by_email not in keys.emails:
            errors.append(RowError(LESSONS, lesson.row, "register.error.unknown_contact",
                                   {"column": "Registrerad av", "value": lesson.recorded_by_email}))
    return sorted(errors, key=error_order)


def only_scope(rows: AssessmentRows, references: frozenset[str], org_numbers: frozenset[str]) -> AssessmentRows:
    """The rows of these suppliers and contracts only (a filtered export)."""
    return AssessmentRows(
        swot=tuple(r for r in rows.swot if r.org_number in org_numbers),
        ratings=tuple(r for r in rows.ratings if r.org_number in org_numbers),
        lessons=tuple(r for r in rows.lessons if r.reference in references),
    )


def assessment_sheet_values(rows: AssessmentRows) -> dict[str, list[list[object]]]:
    return {
        SWOT: [[s.org_number, s.quadrant.value, s.text, s.status.value] for s in rows.swot],
        RATINGS: [[r.org_number, r.period, r.score, r.comment, r.rated_by_email] for r in rows.ratings],
        LESSONS: [[lesson.reference, lesson.kind.value, lesson.text, lesson.recorded_by_email]
                  for lesson in rows.lessons],
    }
