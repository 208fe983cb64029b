"""Writing CSV files and .xlsx workbooks, with user text never run as a formula.

In a workbook every text cell is stored as a string (``data_type = "s"``): « =HYPERLINK(…) »,
« +1 », « @SOMME » or « -2 » typed by a user stay text, and read back exactly as typed.
A CSV file has no types: a text that a spreadsheet would run as a formula gets a leading
apostrophe, except a phone number (« +33 4 79 … »), which only holds digits and punctuation.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .read import text

DATE = "DD/MM/YYYY"
AMOUNT = "#,##0.00"
PERCENT = "0%"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PHONE_LIKE = re.compile(r"\+?[\d\s.()/-]+")
# Fixed workbook properties: two exports of the same data hold the same content.
FIXED_TIMESTAMP = datetime.datetime(2000, 1, 1)


@dataclass(frozen=True)
class Column:
    """A column of a written sheet: its header, width, number format, wrapped text."""

    title: str
    width: float = 12
    number_format: str | None = None
    wrap: bool = False


def formula_like(value: Any) -> bool:
    """Whether a spreadsheet would read this text as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_csv_value(value: Any) -> str:
    """A CSV cell: formula-like text made inert with a leading apostrophe (phone numbers
    aside); dates as JJ/MM/AAAA."""
    if isinstance(value, str):
        if formula_like(value) and not PHONE_LIKE.fullmatch(value):
            return "'" + value
        return value
    return text(value)


def csv_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, delimiter: str = ";"
) -> bytes:
    """UTF-8 with BOM and ``;`` separators: what Excel in French opens as columns."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_csv_value(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class WorkbookWriter:
    """An .xlsx workbook built sheet by sheet: header bold and frozen, widths, formats."""

    def __init__(self, *, title: str) -> None:
        self.workbook = Workbook()
        properties = self.workbook.properties
        properties.creator = properties.lastModifiedBy = "Maillage"
        properties.title = title
        properties.created = properties.modified = FIXED_TIMESTAMP
        self._fresh = True

    def _new_sheet(self, name: str) -> Worksheet:
        if self._fresh:
            ws = self.workbook.active
            self._fresh = False
        else:
            ws = self.workbook.create_sheet()
        assert isinstance(ws, Worksheet)  # a new workbook's sheets are worksheets
        ws.title = name
        return ws

    def sheet(
        self,
        name: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[Any]],
        *,
        freeze: str = "A2",
    ) -> Worksheet:
        """Add a sheet: the header, then one row per item (None leaves a cell empty)."""
        ws = self._new_sheet(name)
        bold = Font(bold=True)
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=index, value=column.title)
            cell.data_type = "s"
            cell.font = bold
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = freeze
        wrap = Alignment(wrap_text=True, vertical="top")
        for number, row in enumerate(rows, start=2):
            for index, (column, value) in enumerate(zip(columns, row, strict=True), start=1):
                if value is None:
                    continue
                if isinstance(value, str):
                    # openpyxl refuses control characters; a user may have pasted some.
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = ws.cell(row=number, column=index, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                if column.number_format:
                    cell.number_format = column.number_format
                if column.wrap:
                    cell.alignment = wrap
        return ws

    def lines(self, name: str, lines: Sequence[str], *, width: float = 120) -> Worksheet:
        """Add a sheet of text lines, one per row, the first one bold (instructions)."""
        ws = self._new_sheet(name)
        ws.column_dimensions["A"].width = width
        for number, line in enumerate(lines, start=1):
            if line:
                cell = ws.cell(row=number, column=1, value=line)
                cell.data_type = "s"
        ws["A1"].font = Font(bold=True)
        return ws

    def to_bytes(self) -> bytes:
        """The workbook as .xlsx bytes, with the fixed timestamps."""
        buffer = io.BytesIO()
        # ExcelWriter directly: openpyxl's save() would stamp the current time as "modified".
        with _FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            ExcelWriter(self.workbook, archive).save()
        return buffer.getvalue()


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose members all carry the same date: the same data gives the same bytes,
    whatever the moment it is written (openpyxl stamps strings with the current time and
    worksheets with their temporary file's)."""

    def _fixed(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=FIXED_TIMESTAMP.timetuple()[:6])
        info.compress_type = self.compression
        return info

    def writestr(self, zinfo_or_arcname: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        name = getattr(zinfo_or_arcname, "filename", zinfo_or_arcname)
        super().writestr(self._fixed(name), data, *args, **kwargs)

    def write(self, filename: Any, arcname: Any = None, *args: Any, **kwargs: Any) -> None:
        with open(filename, "rb") as source:
            self.writestr(arcname or str(filename), source.read())
