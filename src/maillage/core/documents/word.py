"""The Word writer: any :class:`Document` as a .docx file.

A4 with 18 mm margins, French on the styles and the file's properties, « Page x / y » in
the footer, tables whose header row repeats on each page and whose columns fit their
content, charts as pictures with their title and description.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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
from .images import svg_to_png

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 210, 297, 18  # millimetres
USABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN
LOGO_HEIGHT = 12
MUTED = RGBColor(0x55, 0x55, 0x55)
BLUE = RGBColor(0x0A, 0x4C, 0x8C)
# Arial is everywhere Word is, and LibreOffice draws it with Liberation Sans, the ODT's font.
FONT = "Arial"
HEADING_SIZES = (15, 12.5, 11, 10)  # points, as in the ODT


def _set_language(rpr: Any, language: str) -> None:
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    rpr.append(lang)


def _field(paragraph: Any, instruction: str) -> None:
    """A field Word computes when it lays out the page (PAGE, NUMPAGES)."""

    def char(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    char("separate")
    paragraph.add_run("1")  # what shows until the fields are updated
    char("end")


class _Writer:
    def __init__(self, document: Document) -> None:
        self.source = document
        self.doc = docx.Document()
        properties = self.doc.core_properties
        properties.title = document.title
        properties.subject = document.subtitle
        properties.language = document.language
        properties.author = "Maillage"
        styles = self.doc.styles
        # The spell checker and screen readers read every style's text as French.
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr_default = defaults.find(qn("w:rPrDefault"))
            if rpr_default is not None:
                rpr = rpr_default.find(qn("w:rPr"))
                if rpr is not None:
                    _set_language(rpr, document.language)
        for fonts in styles.element.iter(qn("w:rFonts")):
            for name in list(fonts.attrib):
                del fonts.attrib[name]  # the theme's fonts, which would win over ours
            for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                fonts.set(qn(script), FONT)
        normal = styles["Normal"]
        normal.font.size = Pt(10)
        _set_language(normal.element.get_or_add_rPr(), document.language)
        title = styles["Title"]
        title.font.size, title.font.color.rgb = Pt(20), BLUE
        for level, size in enumerate(HEADING_SIZES, start=1):
            heading = styles[f"Heading {level}"]
            heading.font.size, heading.font.color.rgb = Pt(size), BLUE
            heading.paragraph_format.space_before = Pt(10)
        for section in self.doc.sections:
            section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
            section.left_margin = section.right_margin = Mm(MARGIN)
            section.top_margin = section.bottom_margin = Mm(MARGIN)
            section.header_distance = section.footer_distance = Mm(8)
            footer = section.footer.paragraphs[0]
            footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            footer.add_run("Page ")
            _field(footer, "PAGE")
            footer.add_run(" / ")
            _field(footer, "NUMPAGES")
            for run in footer.runs:
                run.font.size = Pt(8)
            if document.logo:
                run = section.header.paragraphs[0].add_run()
                run.add_picture(io.BytesIO(document.logo), height=Mm(LOGO_HEIGHT))

    def write(self) -> bytes:
        self.doc.add_heading(self.source.title, level=0)
        if self.source.subtitle:
            self.doc.add_paragraph(self.source.subtitle)
        for block in self.source.blocks:
            if isinstance(block, Heading):
                self.doc.add_heading(block.text, level=min(max(block.level, 1), 9))
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Fields):
                self.fields(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Chart):
                self.chart(block)
            elif isinstance(block, BulletList):
                for item in block.items:
                    self.doc.add_paragraph(item, style="List Bullet")
            elif isinstance(block, PageBreak):
                self.doc.add_page_break()
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()

    def paragraph(self, block: Paragraph) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = block.keep_with_next or None
        run = paragraph.add_run(block.text)
        run.italic = block.italic or None
        run.bold = block.bold or None
        if block.small:
            run.font.size = Pt(8.5)
        if block.muted:
            run.font.color.rgb = MUTED

    def fields(self, block: Fields) -> None:
        for label, value in block.pairs:
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.add_run(f"{label} : ").bold = True
            paragraph.add_run(value)

    def table(self, data: Table) -> None:
        if data.show_caption:
            caption = self.doc.add_paragraph()
            caption.paragraph_format.keep_with_next = True
            caption.add_run(data.caption).italic = True
        if not data.rows:
            self.doc.add_paragraph(data.empty)
            return
        rows = [data.header, *data.rows, *([data.footer] if data.footer else [])]
        last = len(rows) - 1
        grid = self.doc.add_table(rows=len(rows), cols=len(data.header))
        grid.style = "Table Grid"
        grid.autofit = False
        widths = [Mm(w) for w in column_widths(data, USABLE_WIDTH)]
        for column, width in zip(grid.columns, widths, strict=True):
            column.width = width
        for r, values in enumerate(rows):
            cells = grid.rows[r].cells
            bold = r == 0 or (data.footer is not None and r == last)
            for c, value in enumerate(values):
                cell = cells[c]
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(value)
                run.bold = bold or None
                if c in data.numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # The header row repeats on each page and is announced as such.
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        grid.rows[0]._tr.get_or_add_trPr().append(header)
        self.doc.add_paragraph()

    def chart(self, chart: Chart) -> None:
        png = svg_to_png(chart.svg, chart.width_mm)
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(chart.width_mm))
        properties = shape._inline.docPr
        properties.set("title", chart.title)
        properties.set("descr", f"{chart.title}. {chart.description}")


def render_docx(document: Document) -> bytes:
    """The document as a Word file (.docx)."""
    return _Writer(document).write()
