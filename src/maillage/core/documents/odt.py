"""The ODT writer: any :class:`Document` as an OpenDocument text (.odt).

An A4 page, French, Liberation Sans, blue headings, « Page x / y » in the footer, tables
with a bordered grid, a header row repeated on each page, columns that fit their content
and right-aligned numbers; charts as PNG pictures stored in the package.
"""

from __future__ import annotations

import io
from typing import Any

from odf import dc, teletype
from odf.draw import Frame
from odf.draw import Image as OdfImage
from odf.opendocument import OpenDocumentText
from odf.style import (
    DefaultStyle,
    FontFace,
    Footer,
    FooterStyle,
    GraphicProperties,
    Header,
    HeaderFooterProperties,
    HeaderStyle,
    ListLevelProperties,
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import (
    H,
    List,
    ListItem,
    ListLevelStyleBullet,
    ListStyle,
    P,
    PageCount,
    PageNumber,
    Span,
)

from .blocks import (
    BulletList,
    Chart,
    Document,
    Fields,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    column_widths,
)
from .images import png_height_mm, png_size, svg_to_png

FONT = "Liberation Sans"
USABLE_WIDTH = 174  # millimetres: A4 less two 18 mm margins
HEADING_SIZES = ("15pt", "12.5pt", "11pt", "10pt")
LOGO_HEIGHT = 12  # millimetres
BLUE = "#0a4c8c"


def _mm(value: float) -> str:
    return f"{value:.2f}mm"


class _Writer:
    """One document being written: its styles, made once, and its body."""

    def __init__(self, document: Document) -> None:
        self.source = document
        odt = OpenDocumentText()
        self.odt = odt
        language, _, country = document.language.partition("-")
        self.language = {"language": language, "country": country or language.upper()}
        odt.meta.addElement(dc.Title(text=document.title))
        odt.meta.addElement(dc.Subject(text=document.subtitle))
        odt.meta.addElement(dc.Language(text=document.language))
        odt.fontfacedecls.addElement(
            FontFace(
                name=FONT, fontfamily=f"'{FONT}'", fontfamilygeneric="swiss", fontpitch="variable"
            )
        )
        # Every paragraph, styled or not, is French in the document's font.
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(fontname=FONT, fontsize="10pt", **self.language))
        odt.styles.addElement(default)

        self.standard = self.style("Standard", fontsize="10pt")
        self.title = self.style("Title", fontsize="20pt", fontweight="bold", color=BLUE)
        self.subtitle = self.style("Subtitle", fontsize="11pt", color="#444444")
        self.headings: dict[int, Any] = {}
        for level, size in enumerate(HEADING_SIZES, start=1):
            heading = Style(
                name=f"Heading {level}",
                displayname=f"Heading {level}",
                family="paragraph",
                defaultoutlinelevel=str(level),
            )
            heading.addElement(
                ParagraphProperties(
                    margintop="0.35cm", marginbottom="0.15cm", keepwithnext="always"
                )
            )
            heading.addElement(
                TextProperties(
                    fontname=FONT, fontsize=size, fontweight="bold", color=BLUE, **self.language
                )
            )
            odt.styles.addElement(heading)
            self.headings[level] = heading
        self.strong = self.style("Strong", family="text", fontweight="bold")
        self.caption = self.style("Caption", fontsize="10pt", fontstyle="italic")
        self.numeric = self._paragraph_style("Numeric", textalign="end")
        self.footer_text = self._paragraph_style("Footer", textalign="end", fontsize="8pt")
        self.page_break = self._paragraph_style("PageBreak", breakbefore="page")
        self.cell = Style(name="Cell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.08cm"))
        odt.automaticstyles.addElement(self.cell)
        self.grid = Style(name="Grid", family="table")
        self.grid.addElement(TableProperties(width=_mm(USABLE_WIDTH), align="left"))
        odt.automaticstyles.addElement(self.grid)
        self.bullets = ListStyle(name="Puces")
        level = ListLevelStyleBullet(level=1, bulletchar="•")
        level.addElement(ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.4cm"))
        self.bullets.addElement(level)
        odt.automaticstyles.addElement(self.bullets)
        self.frame = Style(name="Picture", family="graphic")
        self.frame.addElement(GraphicProperties(border="none", padding="0cm"))
        odt.automaticstyles.addElement(self.frame)
        self._hinted: dict[tuple[bool, ...], Any] = {}
        self._counts: dict[str, int] = {}
        self._stored: dict[bytes, str] = {}
        self._page()
        self.body = odt.text

    # ------------------------------------------------------------------ styles

    def style(self, name: str, family: str = "paragraph", **text: str) -> Any:
        """A named style in the document's font and language, with the given text properties."""
        style = Style(name=name, displayname=name, family=family)
        if family == "paragraph":
            style.addElement(ParagraphProperties(marginbottom="0.1cm"))
        style.addElement(TextProperties(fontname=FONT, **self.language, **text))
        self.odt.styles.addElement(style)
        return style

    def _paragraph_style(self, name: str, fontsize: str = "10pt", **paragraph: str) -> Any:
        style = Style(name=name, family="paragraph", parentstylename=self.standard)
        style.addElement(ParagraphProperties(**paragraph))
        style.addElement(TextProperties(fontsize=fontsize))
        self.odt.styles.addElement(style)
        return style

    def _next(self, kind: str) -> int:
        self._counts[kind] = self._counts.get(kind, 0) + 1
        return self._counts[kind]

    def _page(self) -> None:
        """A4 portrait, 18 mm margins, the logo in the header, « Page x / y » in the footer."""
        layout = PageLayout(name="A4")
        layout.addElement(
            PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                margintop="1.2cm",
                marginbottom="1.2cm",
                marginleft="1.8cm",
                marginright="1.8cm",
                printorientation="portrait",
            )
        )
        for kind in (HeaderStyle, FooterStyle):
            band = kind()
            band.addElement(HeaderFooterProperties(minheight="0.6cm", margin="0.4cm"))
            layout.addElement(band)
        self.odt.automaticstyles.addElement(layout)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        if self.source.logo:
            header = Header()
            p = P(stylename=self.standard)
            p.addElement(self._picture(self.source.logo, None, "Logo", height_mm=LOGO_HEIGHT))
            header.addElement(p)
            master.addElement(header)
        footer = Footer()
        p = P(stylename=self.footer_text)
        teletype.addTextToElement(p, "Page ")
        p.addElement(PageNumber(selectpage="current", text="1"))
        teletype.addTextToElement(p, " / ")
        p.addElement(PageCount(text="1"))
        footer.addElement(p)
        master.addElement(footer)
        self.odt.masterstyles.addElement(master)

    def _hint_style(self, block: Paragraph) -> Any:
        key = (block.italic, block.bold, block.small, block.muted, block.keep_with_next)
        if not any(key):
            return self.standard
        if key not in self._hinted:
            style = Style(
                name=f"P{len(self._hinted) + 1}", family="paragraph", parentstylename=self.standard
            )
            if block.keep_with_next:
                style.addElement(ParagraphProperties(keepwithnext="always", margintop="0.15cm"))
            text: dict[str, str] = {}
            if block.italic:
                text["fontstyle"] = "italic"
            if block.bold:
                text["fontweight"] = "bold"
            if block.small:
                text["fontsize"] = "8.5pt"
            if block.muted:
                text["color"] = "#555555"
            style.addElement(TextProperties(**text))
            self.odt.automaticstyles.addElement(style)
            self._hinted[key] = style
        return self._hinted[key]

    # ------------------------------------------------------------------ blocks

    def paragraph(self, text: str, stylename: Any = None) -> Any:
        p = P(stylename=stylename or self.standard)
        teletype.addTextToElement(p, text)
        return p

    def write(self) -> bytes:
        add = self.body.addElement
        add(self.paragraph(self.source.title, self.title))
        if self.source.subtitle:
            add(self.paragraph(self.source.subtitle, self.subtitle))
        for block in self.source.blocks:
            if isinstance(block, Heading):
                level = min(max(block.level, 1), len(self.headings))
                h = H(outlinelevel=level, stylename=self.headings[level])
                teletype.addTextToElement(h, block.text)
                add(h)
            elif isinstance(block, Paragraph):
                add(self.paragraph(block.text, self._hint_style(block)))
            elif isinstance(block, Fields):
                for label, value in block.pairs:
                    p = P(stylename=self.standard)
                    p.addElement(Span(stylename=self.strong, text=f"{label} : "))
                    teletype.addTextToElement(p, value)
                    add(p)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                png = svg_to_png(block.svg, block.width_mm)
                p = P(stylename=self.standard)
                p.addElement(
                    self._picture(
                        png, block.title, f"{block.title}. {block.description}", block.width_mm
                    )
                )
                add(p)
            elif isinstance(block, BulletList):
                items = List(stylename=self.bullets)
                for text in block.items:
                    item = ListItem()
                    item.addElement(self.paragraph(text))
                    items.addElement(item)
                add(items)
            elif isinstance(block, PageBreak):
                add(P(stylename=self.page_break))
        out = io.BytesIO()
        self.odt.write(out)
        return out.getvalue()

    def _picture(
        self,
        data: bytes,
        title: str | None,
        description: str,
        width_mm: float | None = None,
        height_mm: float | None = None,
    ) -> Any:
        """A frame holding a picture stored in the package, with its title and description."""
        n = self._next("picture")
        png = data.startswith(b"\x89PNG")
        extension, media = ("png", "image/png") if png else ("jpg", "image/jpeg")
        # A chart repeated under several fiches is stored once in the package.
        href = self._stored.get(data)
        if href is None:
            href = self.odt.addPicture(f"Pictures/image-{n}.{extension}", media, data)
            self._stored[data] = href
        size: dict[str, str] = {}
        if width_mm is not None:
            size["width"] = _mm(width_mm)
            if png:
                size["height"] = _mm(png_height_mm(data, width_mm))
        if height_mm is not None:
            size["height"] = _mm(height_mm)
            if png:
                size["width"] = _mm(height_mm * _ratio(data))
        frame = Frame(name=f"Image{n}", stylename=self.frame, anchortype="as-char", **size)
        frame.addElement(OdfImage(href=href, type="simple", show="embed", actuate="onLoad"))
        if title:
            frame.addElement(Title(text=title))
        frame.addElement(Desc(text=description))
        return frame

    def table(self, data: Table) -> None:
        """A grid with its header row repeated on each page, an optional footer row."""
        if data.show_caption:
            self.body.addElement(self.paragraph(data.caption, self.caption))
        if not data.rows:
            self.body.addElement(self.paragraph(data.empty))
            return
        n = self._next("table")
        grid = OdfTable(name=f"Tableau{n}", stylename=self.grid)
        for c, width in enumerate(column_widths(data, USABLE_WIDTH)):
            column = Style(name=f"Tableau{n}.{c}", family="table-column")
            column.addElement(TableColumnProperties(columnwidth=_mm(width)))
            self.odt.automaticstyles.addElement(column)
            grid.addElement(TableColumn(stylename=column))

        def row(values: tuple[str, ...], bold: bool = False) -> TableRow:
            tr = TableRow()
            for c, value in enumerate(values):
                cell = TableCell(stylename=self.cell, valuetype="string")
                p = P(stylename=self.numeric if c in data.numeric else self.standard)
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
        self.body.addElement(grid)
        self.body.addElement(self.paragraph(""))


def _ratio(png: bytes) -> float:
    width, height = png_size(png)
    return width / height if height else 1.0


def render_odt(document: Document) -> bytes:
    """The document as an OpenDocument text (.odt)."""
    return _Writer(document).write()
