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
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.utils.exceptions import InvalidFileException

from bot.domain.actions import STILL_OPEN
from bot.domain.follow_up_layout import ACTIONS, EXPORT_ONLY, FOLLOW_UP_LAYOUT, KPI_CHARTS, KPI_STATUS
from bot.domain.kpis import KpiStatus
from bot.domain.register_rows import KPI_VALUES, KPIS, LAYOUT, SheetData

DATE_FORMAT = "yyyy-mm-dd"
DATE_TIME_FORMAT = "yyyy-mm-dd hh:mm"
STATUS_FILLS = {KpiStatus.GREEN.value: "C6EFCE", KpiStatus.YELLOW.value: "FFEB9C", KpiStatus.RED.value: "FFC7CE"}
OVERDUE_FILL = "F8CBAD"
_CHART_ROWS, _CHARTS_PER_PAGE = 14, 2
OPEN_ACTION_STATUSES = tuple(sorted(status.value for status in STILL_OPEN))
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


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[object]]], *,
                   for_reading: bool = True) -> Path:
    """The workbook in the layout: every sheet of the register and of the follow-up, with bold, frozen header
    rows, column widths, dates as dates and numbers as numbers; `for_reading` adds the sheets only a reader
    needs (`KPI-status`, `Sammanfattning`, the charts of `KPI-diagram`) and the conditional colours.

    A normal (not write-only) openpyxl workbook: write-only sheets take charts but not conditional formatting.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_workbook(sheets, for_reading=for_reading).save(path)
    return path


def workbook_bytes(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """`write_workbook` into memory, for sending the file in a chat."""
    buffer = io.BytesIO()
    build_workbook(sheets).save(buffer)
    return buffer.getvalue()


def build_workbook(sheets: Mapping[str, Sequence[Sequence[object]]], *, for_reading: bool = True) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, headers in {**LAYOUT, **FOLLOW_UP_LAYOUT}.items():
        if name in EXPORT_ONLY and not for_reading:
            continue
        rows = sheets.get(name, ())
        sheet = workbook.create_sheet(name)
        _fill(sheet, headers, rows)
        _print_setup(sheet)
        if for_reading and name == KPI_STATUS:
            _status_colours(sheet, headers.index("Status") + 1, len(rows))
            charts = workbook.create_sheet(KPI_CHARTS)
            _charts(charts, workbook[KPI_VALUES], sheet, sheets.get(KPI_VALUES, ()), sheets.get(KPIS, ()))
            _print_setup(charts)
        if for_reading and name == ACTIONS:
            _overdue_actions(sheet, headers, len(rows))
    return workbook


def _fill(sheet, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_widths(headers, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = _BOLD
    text_columns = {index for index, header in enumerate(headers) if header in _TEXT_COLUMNS}
    for number, values in enumerate(rows, start=2):
        sheet.append(list(values))
        for index, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.cell(number, index + 1).number_format = DATE_TIME_FORMAT
            elif isinstance(value, date):
                sheet.cell(number, index + 1).number_format = DATE_FORMAT
            elif index in text_columns and value is not None:
                sheet.cell(number, index + 1).number_format = TEXT_FORMAT


def _status_colours(sheet, column: int, count: int) -> None:
    """Green, yellow and red fills on the status column that follow the cells' values when they are edited."""
    letter = get_column_letter(column)
    cells = f"{letter}2:{letter}{max(count + 1, 2)}"
    for status, colour in STATUS_FILLS.items():
        sheet.conditional_formatting.add(cells, CellIsRule(
            operator="equal", formula=[f'"{status}"'], fill=PatternFill(start_color=colour, end_color=colour,
                                                                       fill_type="solid")))


def _overdue_actions(sheet, headers: Sequence[str], count: int) -> None:
    """An open action whose due date has passed is shown in a red fill (by a formula, so it stays current)."""
    due = get_column_letter(headers.index("Förfallodatum") + 1)
    status = get_column_letter(headers.index("Status") + 1)
    still_open = ",".join(f'${status}2="{value}"' for value in OPEN_ACTION_STATUSES)
    formula = f'AND(${due}2<>"",${due}2<TODAY(),OR({still_open}))'
    sheet.conditional_formatting.add(
        f"A2:{get_column_letter(len(headers))}{max(count + 1, 2)}",
        FormulaRule(formula=[formula], fill=PatternFill(start_color=OVERDUE_FILL, end_color=OVERDUE_FILL,
                                                        fill_type="solid")))


def _charts(sheet, values_sheet, status_sheet, values: Sequence[Sequence[object]],
            kpis: Sequence[Sequence[object]]) -> None:
    """One line chart per KPI, over its rows of `KPI-värden` (which are sorted by contract, KPI and period):
    the periods along the axis, the values as the line, and the target (the same rows of `KPI-status`) as a
    dashed line when the KPI has one. One chart per KPI, because KPIs of a contract seldom share a unit or a
    scale."""
    kpi_rows = {(row[0], row[1]): row for row in kpis if len(row) > 3}
    sheet["A1"] = "KPI-diagram"
    sheet["A1"].font = _BOLD
    sheet["A2"] = "En linje per KPI, ritad från bladet KPI-värden; den streckade linjen är målet."
    groups: list[tuple[tuple[object, object], int, int]] = []
    for number, row in enumerate(values, start=2):
        key = (row[0], row[1])
        if groups and groups[-1][0] == key:
            groups[-1] = (key, groups[-1][1], number)
        else:
            groups.append((key, number, number))
    for index, ((reference, name), first, last) in enumerate(groups):
        kpi = kpi_rows.get((reference, name))
        unit, target = (kpi[2], kpi[3]) if kpi else (None, None)
        chart = LineChart()
        chart.title = f"{reference} – {name}" + (f" ({unit})" if unit else "")
        chart.y_axis.title = unit or None
        chart.height, chart.width = 6, 22
        chart.add_data(Reference(values_sheet, min_col=4, min_row=first, max_row=last), titles_from_data=False)
        if target is not None:
            chart.add_data(Reference(status_sheet, min_col=6, min_row=first, max_row=last), titles_from_data=False)
        chart.set_categories(Reference(values_sheet, min_col=3, min_row=first, max_row=last))
        line = chart.series[0]
        line.tx = SeriesLabel(v=str(name))
        line.marker.symbol = "circle"
        line.smooth = False  # a smoothed line would invent values between the periods
        if target is not None:
            goal = chart.series[1]
            goal.tx = SeriesLabel(v="Mål")
            goal.marker.symbol = "none"
            goal.smooth = False
            goal.graphicalProperties.line.dashStyle = "dash"
            goal.graphicalProperties.line.solidFill = "808080"
        chart.legend.position = "b"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if index and index % _CHARTS_PER_PAGE == 0:  # whole charts on each printed page
            sheet.row_breaks.append(Break(id=3 + index * _CHART_ROWS))
        sheet.add_chart(chart, f"A{4 + index * _CHART_ROWS}")


def _print_setup(sheet) -> None:
    """Printed (or turned into PDF) across the page: landscape, as wide as the page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


def _widths(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Wide enough for the header and the longer values (at most 60 characters), judged on the first rows."""
    widths = [len(header) + 4 for header in headers]
    for values in rows[:500]:
        for index, value in enumerate(values[: len(widths)]):
            if value is not None:
                shown = 16 if isinstance(value, datetime) else 10 if isinstance(value, date) else len(str(value))
                widths[index] = max(widths[index], min(shown + 2, 60))
    return widths


def write_template(path: Path) -> Path:
    """The empty workbook: every sheet that imports, with its header row and nothing else."""
    return write_workbook(path, {}, for_reading=False)
