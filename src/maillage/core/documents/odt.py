"""OpenDocument texts in Maillage's house style, shared by every module's documents.

An A4 page, French, Liberation Sans, blue headings, tables with a bordered grid, a header
row and right-aligned numbers. A module builds its document with :class:`OdtDocument`
and adds what only it needs (lists, pictures) through ``document``, ``body`` and
:meth:`OdtDocument.style`.
"""

from __future__ import annotations

import io
from typing import Any

from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.style import (
    FontFace,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableProperties,
    TextProperties,
)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P, Span

from .blocks import Table

FONT = "Liberation Sans"


class OdtDocument:
    """An A4 OpenDocument text with the paragraph, heading and table styles of Maillage."""

    def __init__(
        self,
        title: str,
        *,
        heading_sizes: tuple[str, str, str] = ("16pt", "13pt", "11pt"),
        keep_headings_with_next: bool = False,
    ) -> None:
        document = OpenDocumentText()
        self.document = document
        document.meta.addElement(dc.Title(text=title))
        document.meta.addElement(dc.Language(text="fr-FR"))
        document.fontfacedecls.addElement(
            FontFace(
                name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss", fontpitch="variable"
            )
        )
        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                margintop="1.8cm",
                marginbottom="1.8cm",
                marginleft="1.8cm",
                marginright="1.8cm",
                printorientation="portrait",
            )
        )
        document.automaticstyles.addElement(layout)
        document.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))

        self.standard = self.style("Standard", fontsize="10pt")
        self.title = self.style("Title", fontsize="20pt", fontweight="bold")
        self.headings: dict[int, Any] = {}
        keep = {"keepwithnext": "always"} if keep_headings_with_next else {}
        for level, size in enumerate(heading_sizes, start=1):
            heading_style = Style(
                name=f"Heading {level}",
                displayname=f"Heading {level}",
                family="paragraph",
                defaultoutlinelevel=str(level),
            )
            heading_style.addElement(
                ParagraphProperties(margintop="0.35cm", marginbottom="0.15cm", **keep)
            )
            heading_style.addElement(
                TextProperties(fontname=FONT, fontsize=size, fontweight="bold", color="#0a4c8c")
            )
            document.styles.addElement(heading_style)
            self.headings[level] = heading_style
        self.strong = self.style("Strong", family="text", fontweight="bold")
        self.caption = self.style("Caption", fontsize="10pt", fontstyle="italic")
        self.right = Style(name="Numeric", family="paragraph", parentstylename=self.standard)
        self.right.addElement(ParagraphProperties(textalign="end"))
        document.styles.addElement(self.right)
        self.cell_style = Style(name="Cell", family="table-cell")
        self.cell_style.addElement(
            TableCellProperties(border="0.5pt solid #000000", padding="0.08cm")
        )
        document.automaticstyles.addElement(self.cell_style)
        self.table_style = Style(name="Grid", family="table")
        self.table_style.addElement(TableProperties(width="17.4cm", align="left"))
        document.automaticstyles.addElement(self.table_style)
        self.body = document.text
        self._tables = 0

    def style(self, name: str, family: str = "paragraph", **text: str) -> Any:
        """A named style in the document's font and language, with the given text properties."""
        style = Style(name=name, family=family)
        if family == "paragraph":
            style.addElement(ParagraphProperties(marginbottom="0.1cm"))
        style.addElement(TextProperties(fontname=FONT, language="fr", country="FR", **text))
        self.document.styles.addElement(style)
        return style

    def paragraph(self, text: str, stylename: Any = None) -> Any:
        """A paragraph (not yet added), in the standard style unless told otherwise."""
        p = P(stylename=stylename or self.standard)
        teletype.addTextToElement(p, text)
        return p

    def heading(self, text: str, level: int) -> Any:
        """A heading (not yet added) of level 1 to 3 and over."""
        h = H(outlinelevel=level, stylename=self.headings[min(level, len(self.headings))])
        teletype.addTextToElement(h, text)
        return h

    def add(self, element: Any) -> None:
        self.body.addElement(element)

    def fields(self, pairs: list[tuple[str, str]]) -> None:
        """« Label : value » lines, the label in bold."""
        for label, value in pairs:
            p = P(stylename=self.standard)
            p.addElement(Span(stylename=self.strong, text=f"{label} : "))
            teletype.addTextToElement(p, value)
            self.add(p)

    def table(self, data: Table) -> None:
        """A grid with its header row repeated on each page, an optional footer row."""
        if data.show_caption:
            self.add(self.paragraph(data.caption, self.caption))
        if not data.rows:
            self.add(self.paragraph(data.empty))
            return
        self._tables += 1
        grid = OdfTable(name=f"Tableau{self._tables}", stylename=self.table_style)
        grid.addElement(TableColumn(numbercolumnsrepeated=len(data.header)))

        def row(values: tuple[str, ...], bold: bool = False) -> TableRow:
            tr = TableRow()
            for c, value in enumerate(values):
                cell = TableCell(stylename=self.cell_style, valuetype="string")
                p = P(stylename=self.right if c in data.numeric and not bold else self.standard)
                if bold:
                    p.addElement(Span(stylename=self.strong, text=value))
                else:
                    teletype.addTextToElement(p, value)
                cell.addElement(p)
                tr.addElement(cell)
            return tr

        header = TableHeaderRows()
        header.addElement(row(data.header, bold=True))
        grid.addElement(header)
        for values in data.rows:
            grid.addElement(row(values))
        if data.footer:
            grid.addElement(row(data.footer, bold=True))
        self.add(grid)
        self.add(self.paragraph(""))

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.write(out)
        return out.getvalue()
