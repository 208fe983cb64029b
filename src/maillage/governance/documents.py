"""A meeting's minutes as documents: Word, PDF and ODT, saying the same thing.

The content is gathered once (:func:`minutes_content`), then written per format, with the
shared document blocks (tables, dates, file names) of :mod:`maillage.core.documents.blocks`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import docx
import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from docx.shared import Pt
from odf import dc, teletype
from odf.opendocument import OpenDocumentText
from odf.style import Style, TableCellProperties, TextProperties
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P, Span

from maillage.core.documents.blocks import DASH, Table, day, slug

from .enums import Attendance
from .models import Meeting
from .notifications import when
from .selectors import meeting_page_data


@dataclass(frozen=True)
class MinutesContent:
    title: str
    subtitle: str
    filename: str  # without extension
    identity: list[tuple[str, str]]
    attendance: list[tuple[str, str]]
    agenda: Table
    minutes: list[str]
    decisions: Table


def minutes_content(meeting: Meeting) -> MinutesContent:
    """The minutes of a meeting the user may read, in a fixed number of queries."""
    data = meeting_page_data(meeting)
    body = meeting.body
    groups = data["attendance"]

    def names(status: str) -> str:
        people = groups[status]
        return (
            ", ".join(
                f"{i.name} ({i.organisation.name})" if i.organisation is not None else i.name
                for i in people
            )
            or DASH
        )

    agenda = Table(
        caption="Ordre du jour",
        show_caption=False,
        header=("N°", "Point", "Durée", "Présenté par", "Fiches liées"),
        rows=[
            (
                str(n),
                item.title,
                f"{item.duration} min" if item.duration else DASH,
                item.presenter or DASH,
                ", ".join(a.reference for a in item.actions.all()) or DASH,
            )
            for n, item in enumerate(data["agenda"], start=1)
        ],
        empty="Aucun point à l'ordre du jour.",
    )
    decisions = Table(
        caption="Relevé de décisions",
        show_caption=False,
        header=("Décision", "Responsable", "Échéance", "Statut", "Fiches"),
        rows=[
            (
                d.text + (f" (appliquée : {d.applied_summary})" if d.applied_summary else ""),
                d.owner.full_name if d.owner else DASH,
                day(d.due_date),
                d.get_status_display(),
                ", ".join(a.reference for a in d.actions.all()) or DASH,
            )
            for d in data["decisions"]
        ],
        empty="Aucune décision.",
    )
    return MinutesContent(
        title=f"Compte rendu — {meeting.title}",
        subtitle=f"{body.name} — {body.owner_name}",
        filename=f"compte-rendu-{timezone.localtime(meeting.start):%Y-%m-%d}-{slug(meeting.title)}",
        identity=[
            *([("CTG", body.convention.name)] if body.convention is not None else []),
            ("Caf", body.owner_caf.name),
            ("Instance", f"{meeting.body.name} ({meeting.body.get_kind_display()})"),
            ("Date", when(meeting)),
            ("Lieu", meeting.place or meeting.video_link or DASH),
            ("Statut", meeting.get_status_display()),
            ("Document établi le", day(timezone.localdate())),
        ],
        attendance=[
            ("Présents", names(Attendance.PRESENT)),
            ("Excusés", names(Attendance.EXCUSE)),
            ("Absents", names(Attendance.ABSENT)),
        ],
        agenda=agenda,
        minutes=[line for line in meeting.minutes.splitlines() if line.strip()]
        or ["Compte rendu non rédigé."],
        decisions=decisions,
    )


def render_docx(content: MinutesContent) -> bytes:
    """A Word document (.docx) of the minutes."""
    document = docx.Document()
    document.core_properties.title = content.title
    document.core_properties.language = "fr-FR"
    document.styles["Normal"].font.size = Pt(10)

    def fields(pairs: list[tuple[str, str]]) -> None:
        for label, value in pairs:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label} : ").bold = True
            paragraph.add_run(value)

    def table(data: Table) -> None:
        if not data.rows:
            document.add_paragraph(data.empty)
            return
        grid = document.add_table(rows=len(data.rows) + 1, cols=len(data.header))
        grid.style = "Table Grid"
        for r, values in enumerate([data.header, *data.rows]):
            for c, value in enumerate(values):
                grid.rows[r].cells[c].text = value
                if r == 0:
                    for run in grid.rows[r].cells[c].paragraphs[0].runs:
                        run.bold = True

    document.add_heading(content.title, level=0)
    document.add_paragraph(content.subtitle)
    document.add_heading("La réunion", level=1)
    fields(content.identity)
    document.add_heading("Participants", level=1)
    fields(content.attendance)
    document.add_heading("Ordre du jour", level=1)
    table(content.agenda)
    document.add_heading("Compte rendu", level=1)
    for line in content.minutes:
        document.add_paragraph(line)
    document.add_heading("Relevé de décisions", level=1)
    table(content.decisions)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(content: MinutesContent) -> bytes:
    """A tagged PDF of the minutes, from HTML."""
    html: str = render_to_string("governance/minutes_document.html", {"content": content})
    html = html.replace("\u202f", "\u00a0")
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True))


def render_odt(content: MinutesContent) -> bytes:
    """An OpenDocument text (.odt) of the minutes."""
    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=content.title))
    document.meta.addElement(dc.Language(text="fr-FR"))
    strong = Style(name="Strong", family="text")
    strong.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(strong)
    cell_style = Style(name="Cell", family="table-cell")
    cell_style.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.08cm"))
    document.automaticstyles.addElement(cell_style)
    body = document.text

    def paragraph(text: str) -> None:
        p = P()
        teletype.addTextToElement(p, text)
        body.addElement(p)

    def heading(text: str, level: int) -> None:
        h = H(outlinelevel=level)
        teletype.addTextToElement(h, text)
        body.addElement(h)

    def fields(pairs: list[tuple[str, str]]) -> None:
        for label, value in pairs:
            p = P()
            p.addElement(Span(stylename=strong, text=f"{label} : "))
            teletype.addTextToElement(p, value)
            body.addElement(p)

    def table(data: Table, name: str) -> None:
        if not data.rows:
            paragraph(data.empty)
            return
        grid = OdfTable(name=name)
        grid.addElement(TableColumn(numbercolumnsrepeated=len(data.header)))

        def row(values: tuple[str, ...]) -> TableRow:
            tr = TableRow()
            for value in values:
                cell = TableCell(stylename=cell_style, valuetype="string")
                p = P()
                teletype.addTextToElement(p, value)
                cell.addElement(p)
                tr.addElement(cell)
            return tr

        header = TableHeaderRows()
        header.addElement(row(data.header))
        grid.addElement(header)
        for values in data.rows:
            grid.addElement(row(values))
        body.addElement(grid)

    heading(content.title, 1)
    paragraph(content.subtitle)
    heading("La réunion", 2)
    fields(content.identity)
    heading("Participants", 2)
    fields(content.attendance)
    heading("Ordre du jour", 2)
    table(content.agenda, "OrdreDuJour")
    heading("Compte rendu", 2)
    for line in content.minutes:
        paragraph(line)
    heading("Relevé de décisions", 2)
    table(content.decisions, "Decisions")
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[MinutesContent], bytes]


FORMATS = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "pdf": Format("pdf", "application/pdf", render_pdf),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", render_odt),
}
