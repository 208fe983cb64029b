"""The annual activity report as documents: Word, PDF and ODT, and a one-page summary.

The content is gathered once (:func:`report_content`), then written per format, so that the
three files say the same thing. The facts are those of :func:`services.report_facts_for`:
live while the report is written, as sent once it is sent. The time per attendu and per
mission follows the same rule: once the report is sent, it is read from the sent facts, so
that an entry added to the journal afterwards changes nothing in the document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone

from maillage.core.documents.blocks import (
    DASH,
    Block,
    BulletList,
    Chart,
    Document,
    Fields,
    Heading,
    Paragraph,
    Table,
    day,
)
from maillage.core.downloads import download_stem
from maillage.core.facts import Fact
from maillage.core.referentiel import DESCRIPTION, SECTIONS, Attendu

from . import services
from .charts import time_chart_svg
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


# ----------------------------------------------------------------------------- document


def _section_blocks(section: SectionBlock) -> list[Block]:
    blocks: list[Block] = [
        Heading(1, section.title),
        Heading(2, "Question du référentiel"),
        Paragraph(section.prompt, italic=True),
        Heading(2, "Bilan"),
        *(Paragraph(text, muted=not section.filled) for text in section.paragraphs),
    ]
    if section.facts:
        blocks.append(Heading(2, "Faits de l'année"))
        for fact in section.facts:
            blocks.append(Paragraph(fact.label, bold=True, keep_with_next=True))
            if fact.lines:
                blocks.append(BulletList(fact.lines))
            if fact.table:
                blocks.append(fact.table)
    if section.comment:
        blocks += [Heading(2, "Commentaire de la Caf"), *(Paragraph(t) for t in section.comment)]
    return blocks


def report_document(report: ActivityReport, content: ReportContent | None = None) -> Document:
    """The report as a document; ``content`` saves gathering the report a second time."""
    content = content or report_content(report)
    blocks: list[Block] = [Heading(1, "Identité"), Fields(content.identity)]
    for section in content.sections:
        blocks += _section_blocks(section)
    blocks += [Heading(1, "Temps consacré"), Paragraph(content.time_summary)]
    if content.time_note:
        blocks.append(Paragraph(content.time_note, italic=True))
    for block in content.time:
        blocks += [
            Heading(2, block.heading),
            Chart(svg=block.chart_svg, title=block.chart_title),
            block.table,
        ]
    blocks += [Heading(1, "Historique"), content.history]
    return Document(
        title=content.title,
        subtitle=content.subtitle,
        filename=download_stem(content.ctg, f"rapport-activite-{content.year}"),
        blocks=blocks,
    )


# ----------------------------------------------------------------------------- summary

# The key figures of the summary: a section and the beginning of its fact's label.
KEY_FIGURES: tuple[tuple[str, str, str], ...] = (
    # section, the fact's key, and its label's start in a report sent before facts had keys
    (Attendu.ELUS, "gouvernance.copil", "COPIL tenus"),
    (Attendu.OBJECTIFS, "plan.fiches_commencees", "Fiches commencées"),
    (Attendu.OBJECTIFS, "plan.fiches_realisees", "Fiches réalisées"),
    (Attendu.OBJECTIFS, "plan.fiches_retard", "Fiches en retard"),
    (Attendu.OBJECTIFS, "plan.budget", "Budget"),
    (Attendu.PARTENARIATS, "reseau.interactions", "Interactions notées"),
    (Attendu.EVALUATION, "indicateurs.mis_a_jour", "Indicateurs mis à jour"),
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
    ctg: str
    year: int
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
    for section, key, prefix in KEY_FIGURES:
        fact = next(
            (
                f
                for f in content.facts.get(section, [])
                if f.key == key or (not f.key and f.label.startswith(prefix))
            ),
            None,
        )
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
        ctg=content.ctg,
        year=content.year,
        identity=[(label, _shorten(value, SUMMARY_VALUE)[0]) for label, value in identity],
        figures=figures,
        excerpt=excerpt,
        excerpt_cut=cut,
        chart_svg=attendu.chart_svg,
    )


def summary_document(report: ActivityReport, content: ReportContent | None = None) -> Document:
    """The one-page summary for élus, as a document (offered in PDF)."""
    summary = summary_content(report, content)
    blocks: list[Block] = [
        Fields(summary.identity),
        Heading(1, "Chiffres clés"),
        Table(
            caption="Chiffres clés de l'année",
            show_caption=False,
            header=("Chiffre", "Valeur"),
            rows=summary.figures,
        ),
        Heading(1, "Les activités de l'année"),
        Paragraph(summary.excerpt),
    ]
    if summary.excerpt_cut:
        blocks.append(
            Paragraph("Extrait : le texte complet figure dans le rapport d'activité.", small=True)
        )
    blocks += [
        Heading(1, "Répartition du temps"),
        Chart(
            svg=summary.chart_svg,
            title=f"Temps consacré par attendu en {summary.year}",
            description="Le rapport d'activité donne les valeurs.",
        ),
    ]
    return Document(
        title=summary.title,
        subtitle=summary.subtitle,
        filename=download_stem(summary.ctg, f"synthese-rapport-activite-{summary.year}"),
        blocks=blocks,
        one_page=True,
    )
