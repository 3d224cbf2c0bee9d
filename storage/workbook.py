"""The register's files: an Excel workbook (read and written with openpyxl) or one sheet of it as CSV.

Files become `SheetData` (header row and the non-empty rows with their Excel row numbers, cell values as
openpyxl gives them: text, numbers, dates) and sheet values become a workbook. What a row means is the
business of `bot.domain.register_rows`; this module only knows cells.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.domain.register_rows import LAYOUT, SheetData

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
_TEXT_COLUMNS = frozenset({"Organisationsnummer", "Leverantör", "Avtalsnummer", "Period", "Telefon"})


class UnreadableFile(Exception):
    """The file is missing or is not a workbook (or CSV) that can be read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


def read_workbook(path: Path) -> dict[str, SheetData]:
    """Every sheet of the workbook by name (sheets outside the layout too; they are ignored later)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "missing")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(path, "not_xlsx") from error
    try:
        return {sheet.title: _sheet(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}
    finally:
        workbook.close()


def read_csv(path: Path, sheet: str) -> dict[str, SheetData]:
    """One sheet from a CSV file: UTF-8 with or without BOM, `;` or `,` between the values."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "missing")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as error:
        raise UnreadableFile(path, "not_csv") from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return {sheet: _sheet(csv.reader(text.splitlines(), delimiter=delimiter))}


def _sheet(rows: Iterable[Sequence[object]]) -> SheetData:
    iterator = iter(rows)
    header_row = next(iterator, ())
    headers = list(header_row)
    while headers and (headers[-1] is None or str(headers[-1]).strip() == ""):
        headers.pop()
    names = tuple(str(header).strip() if header is not None else "" for header in headers)
    body = []
    for number, cells in enumerate(iterator, start=2):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        body.append((number, {name: cells[index] for index, name in enumerate(names)
                              if name and index < len(cells)}))
    return SheetData(headers=names, rows=tuple(body))


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]]) -> Path:
    """A workbook in the layout: bold, frozen header rows, dates as dates, numbers as numbers."""
    path = Path(path)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headers in LAYOUT.items():
        sheet = workbook.create_sheet(name)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        widths = [len(header) + 4 for header in headers]
        text_columns = [index for index, header in enumerate(headers) if header in _TEXT_COLUMNS]
        for values in sheets.get(name, ()):
            sheet.append(list(values))
            row = sheet.max_row
            for index, value in enumerate(values):
                if isinstance(value, date | datetime):
                    sheet.cell(row, index + 1).number_format = DATE_FORMAT
                elif index in text_columns:
                    sheet.cell(row, index + 1).number_format = TEXT_FORMAT
                if value is not None and index < len(widths):
                    widths[index] = max(widths[index], min(len(str(value)) + 2, 60))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_template(path: Path) -> Path:
    """The empty workbook: every sheet with its header row and nothing else."""
    return write_workbook(path, {})
