"""Bounded reading of uploaded CSV files and Excel workbooks.

Work is proportional to the data actually in the file, never to what the file declares:
an .xlsx sheet's ``<dimension>`` is ignored (a 1.6 KB file may declare 16,384 columns by
60,000 rows) and never looked for (openpyxl would parse a whole sheet that has none, at
opening, before any cap applies), rows are read with a column bound, and reading stops at
the caps. The byte cap is checked before anything is parsed, and so is the size the
workbook's parts would take once unzipped.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

Cell = str | int | float | Decimal | bool | datetime.date | datetime.datetime | datetime.time | None

CSV_ENCODINGS = ("utf-8", "cp1252", "latin-1")
DELIMITERS = (";", ",", "\t")
# Unzipped, an .xlsx is about ten times its size; far beyond that is a zip bomb.
UNZIPPED_RATIO = 50
# Distinct texts a workbook may hold per data row accepted: a row of a real import has a
# few (names, function, e-mail…); openpyxl reads the whole table when it opens the file.
SHARED_STRINGS_PER_ROW = 6


class FileRefused(ValueError):
    """The file cannot be read; the message says why, in French."""


@dataclass(frozen=True)
class Limits:
    """What a reader accepts: bytes of the file, data rows and columns of a sheet."""

    max_bytes: int = 2 * 1024 * 1024
    max_rows: int = 5000
    max_columns: int = 50

    @property
    def size_label(self) -> str:
        """The byte cap in French: « 2 Mo »."""
        megabytes = self.max_bytes / (1024 * 1024)
        return f"{megabytes:g} Mo".replace(".", ",")


class Row(NamedTuple):
    """A non-empty row: its line number in the file and its cells (no trailing empty cell)."""

    line: int
    cells: tuple[Cell, ...]


@dataclass
class Sheet:
    """A sheet's header (text, no trailing empty cell) and its non-empty rows.

    ``cells_read`` counts the cell slots visited while reading: it stays proportional to
    the data, whatever the file declares.
    """

    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    cells_read: int = 0

    def records(self) -> Iterator[tuple[int, dict[str, Cell]]]:
        """Each row as (line, {header: cell}); columns without a header are left out."""
        names = [(i, h) for i, h in enumerate(self.header) if h]
        for row in self.rows:
            yield row.line, {h: (row.cells[i] if i < len(row.cells) else None) for i, h in names}


def clean(value: Any) -> Cell:
    """A cell as read: text stripped, blank text as None, integral floats as int."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _trimmed(cells: tuple[Any, ...]) -> tuple[Cell, ...]:
    # Rows come padded with None up to the column bound: drop those before cleaning.
    end = len(cells)
    while end and cells[end - 1] is None:
        end -= 1
    values = [clean(v) for v in cells[:end]]
    while values and values[-1] is None:
        values.pop()
    return tuple(values)


def _too_many_rows(limits: Limits) -> FileRefused:
    return FileRefused(f"le fichier dépasse {limits.max_rows} lignes : découpez-le.")


def _too_many_columns(limits: Limits) -> FileRefused:
    return FileRefused(
        f"le fichier dépasse {limits.max_columns} colonnes : gardez seulement les colonnes utiles."
    )


def _sheet(name: str, lines: Iterable[tuple[int, Iterable[Any]]], limits: Limits) -> Sheet:
    """The header and rows of raw lines; every line's width must be bounded by the caller."""
    sheet = Sheet(name, [])
    header: tuple[Cell, ...] | None = None
    # Empty lines cost little but are not free: a file of nothing but empty rows stops too.
    budget = 2 * limits.max_rows + 1
    for line, raw in lines:
        budget -= 1
        if budget < 0:
            raise _too_many_rows(limits)
        raw = tuple(raw)
        sheet.cells_read += len(raw)
        cells = _trimmed(raw)
        if len(cells) > limits.max_columns:
            raise _too_many_columns(limits)
        if not cells:
            continue
        if header is None:
            header = cells
            continue
        if len(sheet.rows) >= limits.max_rows:
            raise _too_many_rows(limits)
        sheet.rows.append(Row(line, cells))
    sheet.header = [text(c) for c in header or ()]
    return sheet


def text(value: Cell) -> str:
    """A cell as text: dates as JJ/MM/AAAA, integral numbers without decimals."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --------------------------------------------------------------------------- bytes


def read_bytes(upload: Any, limits: Limits) -> bytes:
    """The upload's content (an uploaded file, a binary file or bytes), refused over the cap
    before anything is parsed."""
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > limits.max_bytes:
            raise FileRefused(f"le fichier dépasse {limits.size_label}.")
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise FileRefused(f"le fichier dépasse {limits.size_label}.")
    return data


def file_name(upload: Any) -> str:
    """The upload's name, or « fichier »."""
    return str(getattr(upload, "name", "") or "fichier")


# --------------------------------------------------------------------------- CSV


def decode(data: bytes) -> str:
    """The text of a CSV file: UTF-16 or UTF-8 with a BOM, else UTF-8, Windows-1252, Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileRefused("le fichier n'est pas un texte UTF-16 valide.") from exc
    if b"\x00" in data[:4096]:
        raise FileRefused(
            "le fichier n'est pas un fichier texte CSV : enregistrez-le au format « CSV » "
            "ou « Classeur Excel (.xlsx) »."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in CSV_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of ; , and tab outside quotes."""
    line = next((x for x in text.splitlines() if x.strip()), "")
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ";"


def read_csv(data: bytes, *, name: str = "fichier", limits: Limits | None = None) -> Sheet:
    """A CSV file's header and rows (every cell text); :class:`FileRefused` says why not."""
    limits = limits or Limits()
    content = decode(data)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter(content))
    # A line wider than the cap is cut before its cells are looked at.
    lines = ((n, raw[: limits.max_columns + 1]) for n, raw in enumerate(reader, start=1))
    try:
        return _sheet(name, lines, limits)
    except csv.Error as exc:
        raise FileRefused(f"le fichier CSV est mal formé ({exc}).") from exc


# --------------------------------------------------------------------------- XLSX

NOT_A_WORKBOOK = (
    "le fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format "
    "« Classeur Excel (.xlsx) » et réessayez."
)


class _Worksheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its declared size.

    openpyxl reads a sheet's ``<dimension>`` when it opens the workbook; when the sheet
    has none (openpyxl's own write-only mode writes none), it parses the whole sheet to
    find out, which costs seconds for a few megabytes before any cap applies. The size
    is unknown here instead, as after ``reset_dimensions()``: rows are read as they come.
    """

    def _get_size(self) -> None:
        return None


class _Reader(ExcelReader):
    """openpyxl's read-only reader, whose worksheets are :class:`_Worksheet` and whose
    shared-strings table is read up to a bound (``max_strings``)."""

    max_strings = 0

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is None:
            return
        strings: list[str] = []
        tag = f"{{{SHEET_MAIN_NS}}}si"
        with self.archive.open(part.PartName[1:]) as source:
            for _, node in iterparse(source):
                if node.tag != tag:
                    continue
                if len(strings) == self.max_strings:
                    raise FileRefused(
                        f"le classeur contient trop de textes différents (plus de "
                        f"{self.max_strings:,}) pour le nombre de lignes accepté.".replace(",", " ")
                    )
                text = Text.from_tree(node)
                strings.append(text.content.replace("x005F_", "") if text is not None else "")
                node.clear()
        self.shared_strings = strings

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            ws = _Worksheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state or "visible"
            self.wb._sheets.append(ws)  # type: ignore[attr-defined]  # as openpyxl does


def open_workbook(data: bytes, *, limits: Limits | None = None) -> Workbook:
    """An .xlsx workbook opened read-only with cached values; close it after use."""
    limits = limits or Limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRefused(NOT_A_WORKBOOK) from exc
    if unzipped > UNZIPPED_RATIO * limits.max_bytes:
        raise FileRefused(
            f"le classeur est trop volumineux une fois décompressé (plus de {UNZIPPED_RATIO} "
            f"fois {limits.size_label})."
        )
    try:
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=True)
        reader.max_strings = SHARED_STRINGS_PER_ROW * limits.max_rows
        reader.read()
        return reader.wb
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        # openpyxl wraps what its steps raise: a bound reached says so itself.
        if isinstance(exc.__cause__, FileRefused):
            raise exc.__cause__ from None
        if isinstance(exc, FileRefused):
            raise
        raise FileRefused(NOT_A_WORKBOOK) from exc


def read_worksheet(wb: Workbook, name: str | None = None, *, limits: Limits | None = None) -> Sheet:
    """A sheet of an open workbook (the first when ``name`` is None), bounded by ``limits``.

    The sheet's declared dimension is dropped (``reset_dimensions``) so that rows are not
    padded to it, and each row is read up to one column past the cap, which is enough to
    refuse a wider one.
    """
    limits = limits or Limits()
    ws: Any = wb.worksheets[0] if name is None else wb[name]
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()
    rows = ws.iter_rows(min_row=1, max_col=limits.max_columns + 1, values_only=True)
    try:
        return _sheet(ws.title, enumerate(rows, start=1), limits)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        # openpyxl wraps what its steps raise: a bound reached says so itself.
        if isinstance(exc.__cause__, FileRefused):
            raise exc.__cause__ from None
        if isinstance(exc, FileRefused):
            raise  # a damaged sheet XML surfaces only while reading
        raise FileRefused(NOT_A_WORKBOOK) from exc


def read_xlsx(data: bytes, *, limits: Limits | None = None) -> Sheet:
    """The first sheet of an .xlsx workbook."""
    wb = open_workbook(data, limits=limits)
    try:
        return read_worksheet(wb, limits=limits)
    finally:
        wb.close()


def read_table(upload: Any, *, limits: Limits | None = None) -> Sheet:
    """An uploaded .csv, .txt or .xlsx file's first sheet; :class:`FileRefused` says why not."""
    limits = limits or Limits()
    name = file_name(upload)
    lowered = name.lower()
    if not lowered.endswith((".xlsx", ".csv", ".txt")):
        raise FileRefused("choisissez un fichier .csv ou un classeur Excel .xlsx.")
    data = read_bytes(upload, limits)
    if lowered.endswith(".xlsx"):
        sheet = read_xlsx(data, limits=limits)
    else:
        sheet = read_csv(data, name=name, limits=limits)
    sheet.name = name
    return sheet
