"""Hostile uploads built in memory, and a count of what the spreadsheet reader reads.

Shared by the tests (which bound the work by rows and cells read) and by ``make bench``
(which times the same files through the real request path):

- :func:`declared_dimension_xlsx`: a tiny workbook whose sheet declares ``A1:XFD60000``
  (16,384 columns by 60,000 rows) around two rows of data;
- :func:`long_plan_workbook`: a plan workbook of 400,000 fiche rows, every one of them
  wrong (about 3.3 MB);
- :class:`EndlessBody`: a request body that announces 300 MB and counts what is read;
- :class:`ReadCounter`: the rows and cells the .xlsx reader hands out while it is active.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MB = 1024 * 1024

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    "<sheets>{sheets}</sheets></workbook>"
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)
SHEET_REL = (
    '<Relationship Id="rId{n}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet{n}.xml"/>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{ref}"/><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"


def _row(number: int, cells: list[str]) -> str:
    # Cells without a reference are placed one after the other (as Excel may write them).
    return (
        f'<row r="{number}">'
        + "".join(f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>' for text in cells)
        + "</row>"
    )


def workbook(
    sheets: dict[str, tuple[str | None, Iterator[list[str]] | list[list[str]]]],
) -> bytes:
    """An .xlsx of inline-string sheets: {name: (declared dimension or None, rows of text)}.

    A sheet without a declared dimension is what openpyxl's write-only mode writes.

    Written as raw XML, row by row, so that a workbook of hundreds of thousands of rows
    is built in about a second (openpyxl would take far longer).
    """
    out = io.BytesIO()
    numbers = range(1, len(sheets) + 1)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(sheets="".join(SHEET_TYPE.format(n=n) for n in numbers)),
        )
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            WORKBOOK.format(
                sheets="".join(
                    f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>'
                    for n, name in zip(numbers, sheets, strict=True)
                )
            ),
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            WORKBOOK_RELS.format(rels="".join(SHEET_REL.format(n=n) for n in numbers)),
        )
        for n, (ref, rows) in zip(numbers, sheets.values(), strict=True):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as sheet:
                head = SHEET_HEAD.format(ref=ref)
                if ref is None:
                    head = head.replace('<dimension ref="None"/>', "")
                sheet.write(head.encode())
                chunk: list[str] = []
                for number, cells in enumerate(rows, start=1):
                    chunk.append(_row(number, cells))
                    if len(chunk) == 10_000:
                        sheet.write("".join(chunk).encode())
                        chunk = []
                sheet.write(("".join(chunk) + SHEET_TAIL).encode())
    return out.getvalue()


def declared_dimension_xlsx(ref: str = "A1:XFD60000") -> bytes:
    """A contact file of two people (about 1.6 KB) whose sheet declares *ref*."""
    rows = [["Nom", "Prénom"], ["Fontaine", "Claire"], ["Benali", "Malik"]]
    return workbook({"Contacts": (ref, rows)})


PLAN_ROWS = 400_000


def long_plan_workbook(rows: int = PLAN_ROWS) -> bytes:
    """A plan workbook whose « Fiches » sheet has *rows* fiches, each in an axis that does
    not exist (a reader that went through them all would report as many errors), and no
    declared dimension, as openpyxl's write-only mode writes it."""
    header = ["Référence", "Axe", "Intitulé"]
    fiches = ([f"A9.{n}", "A9", f"Fiche numéro {n}"] for n in range(1, rows + 1))
    return workbook({"Fiches": (None, _chain([header], fiches))})


def _chain(first: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from first
    yield from rest


class EndlessBody:
    """A request body of *length* bytes that counts how many of them are read."""

    def __init__(self, length: int = 300 * MB) -> None:
        self.length = length
        self.read_bytes = 0

    def read(self, size: int = -1, *args: Any) -> bytes:
        left = self.length - self.read_bytes
        size = left if size is None or size < 0 else min(size, left)
        self.read_bytes += size
        return b"\0" * size

    def readline(self, size: int = -1, *args: Any) -> bytes:
        return self.read(min(size, 64 * 1024) if size and size > 0 else 64 * 1024)


class ReadCounter:
    """The rows and cells that the .xlsx reader (openpyxl, read-only) hands out, and the
    bytes of sheet XML it reads (to find a sheet's size or its rows)."""

    rows: int = 0
    cells: int = 0
    xml_bytes: int = 0


class _CountedSource:
    """A sheet's XML part that adds what is read from it to the counter."""

    def __init__(self, source: Any, counter: ReadCounter) -> None:
        self.source, self.counter = source, counter

    def read(self, *args: Any) -> bytes:
        data = self.source.read(*args)
        self.counter.xml_bytes += len(data)
        return data

    def close(self) -> None:
        self.source.close()

    def __enter__(self) -> _CountedSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def counting_reads() -> Iterator[ReadCounter]:
    """Count every row (and its cells) a read-only worksheet yields while inside."""
    counter = ReadCounter()
    original = ReadOnlyWorksheet._cells_by_row
    original_source = ReadOnlyWorksheet._get_source

    def counted(self: ReadOnlyWorksheet, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for row in original(self, *args, **kwargs):
            counter.rows += 1
            counter.cells += len(row)
            yield row

    def source(self: ReadOnlyWorksheet) -> _CountedSource:
        return _CountedSource(original_source(self), counter)

    ReadOnlyWorksheet._cells_by_row = counted  # type: ignore[method-assign]
    ReadOnlyWorksheet._get_source = source  # type: ignore[method-assign]
    try:
        yield counter
    finally:
        ReadOnlyWorksheet._cells_by_row = original  # type: ignore[method-assign]
        ReadOnlyWorksheet._get_source = original_source  # type: ignore[method-assign]


SHARED_STRINGS_TYPE = (
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def shared_strings_xlsx(count: int = 600_000) -> bytes:
    """A small workbook (two rows) whose shared-strings table holds ``count`` distinct
    texts (about 1.6 MB zipped for 600,000, under the contact import's 2 MB): openpyxl
    reads the whole table when it opens a workbook."""
    base = workbook({"Contacts": ("A1:B2", [["Nom", "Prénom"], ["Fontaine", "Claire"]])})
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_STRINGS_TYPE.encode() + b"</Types>")
            archive.writestr(item, data)
        with archive.open("xl/sharedStrings.xml", "w") as strings:
            strings.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for start in range(0, count, 10_000):
                strings.write(
                    "".join(
                        f"<si><t>texte {n}</t></si>"
                        for n in range(start, min(start + 10_000, count))
                    ).encode()
                )
            strings.write(b"</sst>")
    return out.getvalue()
