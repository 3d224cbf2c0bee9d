"""The register's files: an Excel workbook (read and written with openpyxl) or one sheet of it as CSV.

Files become `SheetData` (header row and the non-empty rows with their Excel row numbers, cell values as
openpyxl gives them: text, numbers, dates) and sheet values become a workbook. What a row means is the
business of `bot.domain.register_rows`; this module only knows cells.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bot.domain.register_rows import LAYOUT, SheetData

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
_BOLD = Font(bold=True)
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
    return _read_workbook(path, path)


def read_workbook_bytes(data: bytes, name: str, *, max_unpacked_bytes: int = 100 * 1024 * 1024) -> dict[str, SheetData]:
    """`read_workbook` of a file received as bytes (sent to the bot in a chat), named `name` in errors.

    A workbook is a zip archive; one that would unpack to more than `max_unpacked_bytes` is refused before
    it is opened, so a small file cannot make the bot unpack gigabytes.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableFile(Path(name), "not_xlsx") from error
    if unpacked > max_unpacked_bytes:
        raise UnreadableFile(Path(name), "not_xlsx")
    return _read_workbook(io.BytesIO(data), Path(name))


def _read_workbook(source, path: Path) -> dict[str, SheetData]:
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
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
    return _read_csv_text(text, sheet)


def read_csv_bytes(data: bytes, name: str, sheet: str) -> dict[str, SheetData]:
    """`read_csv` of a file received as bytes, named `name` in errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(Path(name), "not_csv") from error
    return _read_csv_text(text, sheet)


def _read_csv_text(text: str, sheet: str) -> dict[str, SheetData]:
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
    """A workbook in the layout: bold, frozen header rows, dates as dates, numbers as numbers.

    Written in openpyxl's write-only mode, row by row, so a large register costs little time and memory.
    """
    path = Path(path)
    workbook = Workbook(write_only=True)
    for name, headers in LAYOUT.items():
        rows = sheets.get(name, ())
        sheet = workbook.create_sheet(name)
        sheet.freeze_panes = "A2"
        for index, width in enumerate(_widths(headers, rows), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.append([_cell(sheet, header, bold=True) for header in headers])
        text_columns = {index for index, header in enumerate(headers) if header in _TEXT_COLUMNS}
        for values in rows:
            sheet.append([
                _cell(sheet, value, number_format=DATE_FORMAT) if isinstance(value, date | datetime)
                else _cell(sheet, value, number_format=TEXT_FORMAT) if index in text_columns and value is not None
                else value
                for index, value in enumerate(values)
            ])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _cell(sheet, value: object, *, bold: bool = False, number_format: str | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = _BOLD
    if number_format:
        cell.number_format = number_format
    return cell


def _widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Wide enough for the header and the longer values (at most 60 characters), judged on the first rows."""
    widths = [len(header) + 4 for header in headers]
    for values in rows[:500]:
        for index, value in enumerate(values[: len(widths)]):
            if value is not None:
                shown = 10 if isinstance(value, date | datetime) else len(str(value))
                widths[index] = max(widths[index], min(shown + 2, 60))
    return widths


def write_template(path: Path) -> Path:
    """The empty workbook: every sheet with its header row and nothing else."""
    return write_workbook(path, {})
