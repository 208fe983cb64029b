"""The annual activity report as documents: Word, PDF and ODT, and a one-page summary.

The content is gathered once (:func:`report_content`), then written per format, so that the
three files say the same thing. The facts are those of :func:`services.report_facts_for`:
live while the report is written, as sent once it is sent. The time per attendu and per
mission follows the same rule: once the report is sent, it is read from the sent facts, so
that an entry added to the journal afterwards changes nothing in the document.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

import docx
import weasyprint
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from odf.draw import Frame
from odf.draw import Image as OdfImage
from odf.style import (
    GraphicProperties,
    ListLevelProperties,
    ParagraphProperties,
    Style,
    TextProperties,
)
from odf.svg import Desc, Title
from odf.text import List, ListItem, ListLevelStyleBullet, ListStyle, P

from maillage.core.documents.blocks import DASH, Table, day, slug
from maillage.core.documents.odt import OdtDocument
from maillage.core.facts import Fact
from maillage.core.referentiel import DESCRIPTION, SECTIONS, Attendu

from . import services
from .charts import png_size, time_chart_png, time_chart_svg
from .enums import ReportEventKind
from .models import ActivityReport, ReportEvent
from .selectors import TotalRow, Totals, hours

EMPTY_SECTION = "Section non renseignée."
SUMMARY_EXCERPT = 400  # characters of the description shown in the summary
SUMMARY_VALUE = 140  # longest key figure shown in the summary


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _moment(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y à %H:%M}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# ----------------------------------------------------------------------------- content


@dataclass(frozen=True)
class FactBlock:
    label: str
    lines: list[str]
    table: Table | None


@dataclass(frozen=True)
class SectionBlock:
    key: str
    title: str
    prompt: str
    paragraphs: list[str]
    filled: bool
    comment: list[str]
    facts: list[FactBlock]


@dataclass(frozen=True)
class TimeBlock:
    heading: str
    chart_title: str
    rows: list[TotalRow]
    table: Table
    chart_svg: str


@dataclass(frozen=True)
class ReportContent:
    """What the report's documents say, whatever their format."""

    title: str
    subtitle: str
    filename: str  # without extension
    year: int
    ctg: str
    caf: str
    status: str
    identity: list[tuple[str, str]]
    sections: list[SectionBlock]
    facts: dict[str, list[Fact]]
    totals: Totals
    time_summary: str
    time_note: str  # says when the figures were frozen, if they were
    time: list[TimeBlock]
    history: Table

    def section(self, key: str) -> SectionBlock | None:
        return next((s for s in self.sections if s.key == key), None)


def _fact_block(fact: Fact) -> FactBlock:
    table = None
    if fact.rows:
        width = max(len(fact.header), *(len(r) for r in fact.rows))
        table = Table(
            caption=fact.label,
            header=tuple(fact.header) + ("",) * (width - len(fact.header)),
            rows=[tuple(r) + ("",) * (width - len(r)) for r in fact.rows],
            numeric=frozenset(fact.numeric),
            show_caption=False,
        )
    return FactBlock(label=fact.label, lines=list(fact.lines), table=table)


def _share(minutes: int, total: int) -> str:
    return f"{round(100 * minutes / total)}\u00a0%" if total else DASH


def _time_block(
    heading: str, column: str, chart_title: str, totals: Totals, rows: list[TotalRow]
) -> TimeBlock:
    return TimeBlock(
        heading=heading,
        chart_title=chart_title,
        rows=rows,
        table=Table(
            caption=chart_title,
            show_caption=False,
            header=(column, "Temps", "Part", "Entrées"),
            rows=[
                (r.label, hours(r.minutes), _share(r.minutes, totals.minutes), str(r.entries))
                for r in rows
            ],
            footer=(
                "Total",
                totals.duration,
                "100\u00a0%" if totals.minutes else DASH,
                str(totals.entries),
            ),
            numeric=frozenset({1, 2, 3}),
        ),
        chart_svg=time_chart_svg(rows, chart_title),
    )


def _load(report: ActivityReport) -> ActivityReport:
    """The report with everything its documents read, in three queries."""
    return (
        ActivityReport.objects.select_related(
            "convention",
            "convention__caf",
            "convention__epci",
            "convention__cdt",
            "author",
            "approved_by",
        )
        .prefetch_related(
            "sections",
            Prefetch(
                "events", queryset=ReportEvent.objects.select_related("by").order_by("at", "pk")
            ),
        )
        .get(pk=report.pk)
    )


def _filename(report: ActivityReport) -> str:
    name = slug(report.convention.name)
    if name.startswith("ctg-") and len(name) > 4:
        name = name[4:]
    return f"rapport-activite-{report.year}-{name}"


def report_content(report: ActivityReport) -> ReportContent:
    """The report's documents' content, in a number of queries that does not grow with data."""
    report = _load(report)
    convention = report.convention
    year = report.year
    events = list(report.events.all())
    # Once sent, the facts are those sent (see services.report_facts_for).
    frozen_at = None if services.facts_are_live(report) else report.facts_frozen_at
    facts = services.report_facts_for(report)
    totals = services.report_totals(report)

    def last(kind: str) -> ReportEvent | None:
        return next((e for e in reversed(events) if e.kind == kind), None)

    identity = [("CTG", convention.name), ("Caf", convention.caf.name)]
    if convention.epci is not None:
        identity.append(("EPCI", convention.epci.name))
    identity += [
        ("Période de la CTG", f"du {day(convention.start_date)} au {day(convention.end_date)}"),
        ("Chargé·e de coopération", report.author.full_name),
        ("CDT référent·e", convention.cdt.full_name if convention.cdt is not None else DASH),
        ("Année", str(year)),
        ("Statut", report.get_status_display()),
    ]
    if report.approved_at:
        approval = f"le {day(timezone.localtime(report.approved_at).date())}"
        if report.approved_by:
            approval = f"{report.approved_by.full_name}, {approval}"
        if not report.approval_is_current:
            approval += " (le texte a changé depuis)"
        identity.append(("Approbation de l'élu·e", approval))
    for kind, label in (
        (ReportEventKind.TRANSMIS, "Transmis le"),
        (ReportEventKind.VALIDE, "Validé le"),
    ):
        event = last(kind)
        if event:
            identity.append((label, day(timezone.localtime(event.at).date())))
    if frozen_at:
        identity.append(("Faits arrêtés le", _moment(frozen_at)))
    identity.append(("Document établi le", day(timezone.localdate())))

    written = {s.key: s for s in report.sections.all()}
    sections = []
    for spec in SECTIONS:
        section = written.get(spec.key)
        paragraphs = _paragraphs(section.text) if section else []
        sections.append(
            SectionBlock(
                key=spec.key,
                title=spec.title,
                prompt=spec.prompt,
                paragraphs=paragraphs or [EMPTY_SECTION],
                filled=bool(paragraphs),
                comment=_paragraphs(section.comment) if section else [],
                facts=[_fact_block(f) for f in facts.get(spec.key, [])],
            )
        )

    time_summary = (
        f"Temps consigné au journal en {year} : {totals.duration} "
        f"({_plural(totals.entries, 'entrée')})."
    )
    time_note = ""
    if frozen_at:
        time_note = f"Chiffres arrêtés à la transmission du rapport, le {_moment(frozen_at)}."
    time = [
        _time_block(
            "Par attendu",
            "Attendu",
            f"Temps consacré par attendu en {year}",
            totals,
            totals.by_attendu,
        ),
        _time_block(
            "Par mission",
            "Mission",
            f"Temps consacré par mission en {year}",
            totals,
            totals.by_mission,
        ),
    ]
    history = Table(
        caption="Historique du rapport",
        show_caption=False,
        header=("Date", "Étape", "Par", "Message"),
        rows=[
            (_moment(e.at), e.get_kind_display(), e.by.full_name if e.by else DASH, e.note or DASH)
            for e in events
        ],
        empty="Aucune étape.",
    )
    return ReportContent(
        title=f"Rapport d'activité {year}",
        subtitle=f"{convention.name} — {convention.caf.name}",
        filename=_filename(report),
        year=year,
        ctg=convention.name,
        caf=convention.caf.name,
        status=report.get_status_display(),
        identity=identity,
        sections=sections,
        facts=facts,
        totals=totals,
        time_summary=time_summary,
        time_note=time_note,
        time=time,
        history=history,
    )


# ----------------------------------------------------------------------------- Word


def render_docx(content: ReportContent) -> bytes:
    """A Word document (.docx) of the report."""
    document = docx.Document()
    document.core_properties.title = f"{content.title} — {content.ctg}"
    document.core_properties.language = "fr-FR"
    for page in document.sections:
        page.page_width, page.page_height = Mm(210), Mm(297)
        page.left_margin = page.right_margin = Mm(18)
        page.top_margin = page.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fr-FR")
    rpr.append(lang)

    def fields(pairs: list[tuple[str, str]]) -> None:
        for label, value in pairs:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.add_run(f"{label} : ").bold = True
            paragraph.add_run(value)

    def table(data: Table) -> None:
        if not data.rows:
            document.add_paragraph(data.empty)
            return
        rows = [data.header, *data.rows, *([data.footer] if data.footer else [])]
        grid = document.add_table(rows=len(rows), cols=len(data.header))
        grid.style = "Table Grid"
        for r, values in enumerate(rows):
            cells = grid.rows[r].cells
            for c, value in enumerate(values):
                cells[c].text = value
                paragraph = cells[c].paragraphs[0]
                if c in data.numeric and r > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if r == 0 or (data.footer and r == len(rows) - 1):
                    for run in paragraph.runs:
                        run.bold = True
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        grid.rows[0]._tr.get_or_add_trPr().append(header)
        document.add_paragraph()

    def chart(block: TimeBlock) -> None:
        png = time_chart_png(block.rows, block.chart_title)
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(170))
        shape._inline.docPr.set(
            "descr", f"{block.chart_title}. Le tableau qui suit donne les valeurs."
        )
        shape._inline.docPr.set("title", block.chart_title)

    document.add_heading(content.title, level=0)
    document.add_paragraph(content.subtitle)
    document.add_heading("Identité", level=1)
    fields(content.identity)
    for section in content.sections:
        document.add_heading(section.title, level=1)
        document.add_heading("Question du référentiel", level=2)
        document.add_paragraph().add_run(section.prompt).italic = True
        document.add_heading("Bilan", level=2)
        for text in section.paragraphs:
            paragraph = document.add_paragraph(text)
            if not section.filled:
                paragraph.runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        if section.facts:
            document.add_heading("Faits de l'année", level=2)
            for fact in section.facts:
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.keep_with_next = True
                paragraph.add_run(fact.label).bold = True
                for line in fact.lines:
                    document.add_paragraph(line, style="List Bullet")
                if fact.table:
                    table(fact.table)
        if section.comment:
            document.add_heading("Commentaire de la Caf", level=2)
            for text in section.comment:
                document.add_paragraph(text)
    document.add_heading("Temps consacré", level=1)
    document.add_paragraph(content.time_summary)
    if content.time_note:
        document.add_paragraph().add_run(content.time_note).italic = True
    for block in content.time:
        document.add_heading(block.heading, level=2)
        chart(block)
        table(block.table)
    document.add_heading("Historique", level=1)
    table(content.history)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ----------------------------------------------------------------------------- PDF


def _pdf(template: str, context: dict[str, object]) -> bytes:
    # The charts come from time_chart_svg, which escapes every text it writes.
    html: str = render_to_string(template, context)
    # The PDF's font has no narrow no-break space: use a plain no-break space instead.
    html = html.replace("\u202f", "\u00a0")
    # Documents embed everything they show: no protocol is allowed, nothing is fetched.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True))


def render_pdf(content: ReportContent) -> bytes:
    """A tagged PDF of the report, from HTML, with its charts as SVG."""
    return _pdf("activity/report_document.html", {"content": content})


# ----------------------------------------------------------------------------- ODT


def render_odt(content: ReportContent) -> bytes:
    """An OpenDocument text (.odt) of the report."""
    odt = OdtDocument(
        f"{content.title} — {content.ctg}",
        heading_sizes=("15pt", "12pt", "11pt"),
        keep_headings_with_next=True,
    )
    document, body = odt.document, odt.body
    paragraph, heading, fields, table = odt.paragraph, odt.heading, odt.fields, odt.table
    standard, title_style = odt.standard, odt.title
    prompt_style = odt.style("Prompt", fontsize="10pt", fontstyle="italic")
    muted = odt.style("Muted", fontsize="10pt", color="#555555")
    fact_label = Style(name="FactLabel", family="paragraph", parentstylename=standard)
    fact_label.addElement(ParagraphProperties(keepwithnext="always", margintop="0.15cm"))
    fact_label.addElement(TextProperties(fontweight="bold"))
    document.styles.addElement(fact_label)
    bullet_style = ListStyle(name="Puces")
    bullet_level = ListLevelStyleBullet(level=1, bulletchar="•")
    bullet_level.addElement(ListLevelProperties(spacebefore="0.3cm", minlabelwidth="0.4cm"))
    bullet_style.addElement(bullet_level)
    document.automaticstyles.addElement(bullet_style)
    frame_style = Style(name="Chart", family="graphic")
    frame_style.addElement(GraphicProperties(border="none", padding="0cm"))
    document.automaticstyles.addElement(frame_style)
    charts = iter(range(1, 10**6))

    def bullets(lines: list[str]) -> None:
        if not lines:
            return
        items = List(stylename=bullet_style)
        for line in lines:
            item = ListItem()
            item.addElement(paragraph(line))
            items.addElement(item)
        body.addElement(items)

    def chart(block: TimeBlock) -> None:
        png = time_chart_png(block.rows, block.chart_title)
        width_px, height_px = png_size(png)
        width_cm = 17.0
        height_cm = round(width_cm * height_px / width_px, 2)
        n = next(charts)
        href = document.addPicture(f"Pictures/graphique-{n}.png", "image/png", png)
        frame = Frame(
            name=f"Graphique{n}",
            stylename=frame_style,
            anchortype="as-char",
            width=f"{width_cm}cm",
            height=f"{height_cm}cm",
        )
        frame.addElement(OdfImage(href=href, type="simple", show="embed", actuate="onLoad"))
        frame.addElement(Title(text=block.chart_title))
        frame.addElement(Desc(text=f"{block.chart_title}. Le tableau qui suit donne les valeurs."))
        p = P(stylename=standard)
        p.addElement(frame)
        body.addElement(p)

    body.addElement(paragraph(content.title, title_style))
    body.addElement(paragraph(content.subtitle))
    body.addElement(heading("Identité", 1))
    fields(content.identity)
    for section in content.sections:
        body.addElement(heading(section.title, 1))
        body.addElement(heading("Question du référentiel", 2))
        body.addElement(paragraph(section.prompt, prompt_style))
        body.addElement(heading("Bilan", 2))
        for text in section.paragraphs:
            body.addElement(paragraph(text, standard if section.filled else muted))
        if section.facts:
            body.addElement(heading("Faits de l'année", 2))
            for fact in section.facts:
                body.addElement(paragraph(fact.label, fact_label))
                bullets(fact.lines)
                if fact.table:
                    table(fact.table)
        if section.comment:
            body.addElement(heading("Commentaire de la Caf", 2))
            for text in section.comment:
                body.addElement(paragraph(text))
    body.addElement(heading("Temps consacré", 1))
    body.addElement(paragraph(content.time_summary))
    if content.time_note:
        body.addElement(paragraph(content.time_note, prompt_style))
    for block in content.time:
        body.addElement(heading(block.heading, 2))
        chart(block)
        table(block.table)
    body.addElement(heading("Historique", 1))
    table(content.history)
    return odt.to_bytes()


# ----------------------------------------------------------------------------- summary

# The key figures of the summary: a section and the beginning of its fact's label.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    (Attendu.ELUS, "COPIL tenus"),
    (Attendu.OBJECTIFS, "Fiches commencées"),
    (Attendu.OBJECTIFS, "Fiches réalisées"),
    (Attendu.OBJECTIFS, "Fiches en retard"),
    (Attendu.OBJECTIFS, "Budget"),
    (Attendu.PARTENARIATS, "Interactions notées"),
    (Attendu.EVALUATION, "Indicateurs mis à jour"),
)


# What the summary keeps of the report's identity.
SUMMARY_IDENTITY = (
    "CTG",
    "Caf",
    "Chargé·e de coopération",
    "Année",
    "Statut",
    "Approbation de l'élu·e",
    "Transmis le",
    "Validé le",
)


@dataclass(frozen=True)
class SummaryContent:
    """The one-page summary of a report, for élus."""

    title: str
    subtitle: str
    filename: str  # without extension
    identity: list[tuple[str, str]]
    figures: list[tuple[str, str]]
    excerpt: str
    excerpt_cut: bool
    chart_svg: str


def _shorten(text: str, limit: int) -> tuple[str, bool]:
    """The text cut at a word boundary before ``limit`` characters, and whether it was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.") + "…", True


def _figure(fact: Fact) -> tuple[str, str]:
    name, sep, value = fact.label.rpartition(" : ")
    if not sep:
        name, value = fact.label, (fact.lines[0] if fact.lines else "")
    return _shorten(name, SUMMARY_VALUE)[0], _shorten(value, SUMMARY_VALUE)[0]


def summary_content(report: ActivityReport, content: ReportContent | None = None) -> SummaryContent:
    """The summary's content; ``content`` saves gathering the report a second time."""
    content = content or report_content(report)
    figures = [
        (
            "Temps consigné au journal",
            f"{content.totals.duration} ({_plural(content.totals.entries, 'entrée')})",
        )
    ]
    for section, prefix in KEY_FIGURES:
        fact = next((f for f in content.facts.get(section, []) if f.label.startswith(prefix)), None)
        if fact is not None:
            figures.append(_figure(fact))
    description = content.section(DESCRIPTION)
    text = " ".join(description.paragraphs) if description and description.filled else EMPTY_SECTION
    excerpt, cut = _shorten(text, SUMMARY_EXCERPT)
    attendu = content.time[0]
    identity = [pair for pair in content.identity if pair[0] in SUMMARY_IDENTITY]
    return SummaryContent(
        title=f"{content.title} — synthèse",
        subtitle=content.subtitle,
        filename=f"synthese-{content.filename}",
        identity=[(label, _shorten(value, SUMMARY_VALUE)[0]) for label, value in identity],
        figures=figures,
        excerpt=excerpt,
        excerpt_cut=cut,
        chart_svg=attendu.chart_svg,
    )


def render_summary_pdf(summary: SummaryContent) -> bytes:
    """The one-page PDF summary of a report."""
    return _pdf("activity/report_summary.html", {"summary": summary})


# ----------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[ReportContent], bytes]


FORMATS = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "pdf": Format("pdf", "application/pdf", render_pdf),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", render_odt),
}
