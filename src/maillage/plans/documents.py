"""The plan d'actions as documents: one fiche or the whole plan, in Word, PDF and ODT.

The content is gathered once as plain data (:func:`plan_content`, :func:`action_content`),
then written by one writer per format, so that the three files say the same thing.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import docx
import weasyprint
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from odf.text import List, ListItem

from maillage.core.charts import line_chart_svg
from maillage.core.documents.blocks import DASH, Table, day, slug
from maillage.core.documents.odt import OdtDocument
from maillage.core.formats import NBSP, euros, french_number

from .models import Action, Axis, BudgetLine, Objective
from .selectors import plan_of

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


def _join(items: Iterable[object], sep: str = ", ") -> str:
    return sep.join(str(i) for i in items) or DASH


# ---------------------------------------------------------------------------- content


@dataclass(frozen=True)
class IndicatorBlock:
    name: str
    values: Table
    chart_svg: str


@dataclass(frozen=True)
class FicheBlock:
    heading: str
    fields: list[tuple[str, str]]
    description: str
    steps: Table
    budget: Table
    indicators: Table
    indicator_details: list[IndicatorBlock]


@dataclass(frozen=True)
class AxisBlock:
    heading: str
    description: str
    objectives: list[str]
    fiches: list[FicheBlock]


@dataclass(frozen=True)
class Content:
    """What a document says, whatever its format."""

    title: str
    subtitle: str
    filename: str  # without extension
    identity: list[tuple[str, str]]
    axes: list[AxisBlock] = field(default_factory=list)  # the whole plan
    fiche: FicheBlock | None = None  # a single fiche


def _prefetches() -> list[str | Prefetch]:
    """What a fiche's document reads, fetched once for all the fiches."""
    return [
        Prefetch("objectives", queryset=Objective.objects.select_related("axis")),
        "copilots",
        "partners",
        "publics",
        "communes",
        "steps",
        Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("financeur")),
        # The indicators (an app above the plan) are reached through their relations.
        "indicators__measurements",
    ]


def _identity(convention: Convention, **extra: str) -> list[tuple[str, str]]:
    population = getattr(convention, "population", None)
    communes = getattr(convention, "commune_count", None)
    territory = DASH
    if communes is not None:
        territory = f"{communes} commune{'s' if communes > 1 else ''}"
        if population:
            territory += f", {french_number(population)} habitants"
    rows = [
        ("CTG", convention.name),
        ("Caf", convention.caf.name),
        ("Période", f"du {day(convention.start_date)} au {day(convention.end_date)}"),
        ("Territoire", territory),
    ]
    rows += list(extra.items())
    rows.append(("Document établi le", day(timezone.localdate())))
    return rows


def _status(action: Action) -> str:
    text = action.get_status_display()
    return f"{text} (en retard)" if getattr(action, "is_late", False) else text


def _indicator_blocks(indicators: list[Any]) -> tuple[Table, list[IndicatorBlock]]:
    """The fiche's indicators (``action.indicators``, measurements prefetched)."""

    def value(v: Decimal | None, when: datetime.date | None) -> str:
        if v is None:
            return DASH
        return f"{french_number(v)} ({day(when)})" if when else french_number(v)

    rows = []
    details = []
    for indicator in indicators:
        measurements = sorted(indicator.measurements.all(), key=lambda m: m.date)
        latest = measurements[-1] if measurements else None
        rows.append(
            (
                indicator.name,
                indicator.unit or DASH,
                value(indicator.baseline_value, indicator.baseline_date),
                value(indicator.target_value, indicator.target_date),
                value(latest.value, latest.date) if latest else DASH,
            )
        )
        if measurements:
            details.append(
                IndicatorBlock(
                    name=indicator.name,
                    values=Table(
                        caption=f"Valeurs mesurées : {indicator.name}",
                        header=(
                            "Date",
                            f"Valeur ({indicator.unit})" if indicator.unit else "Valeur",
                        ),
                        rows=[(day(m.date), french_number(m.value)) for m in measurements],
                        numeric=frozenset({1}),
                    ),
                    chart_svg=line_chart_svg(indicator.chart_series()),
                )
            )
    table = Table(
        caption="Indicateurs liés à la fiche",
        show_caption=False,
        header=("Indicateur", "Unité", "Valeur de référence", "Cible", "Dernière valeur"),
        rows=rows,
        numeric=frozenset({2, 3, 4}),
        empty="Aucun indicateur lié.",
    )
    return table, details


def _fiche_block(action: Action, heading: str) -> FicheBlock:
    objectives = sorted(action.objectives.all(), key=lambda o: (o.axis.number, o.number))
    communes = list(action.communes.all())
    whole_territory = "Tout le territoire de la CTG"
    fields = [
        ("Référence", action.reference),
        ("Axe", f"{action.axis.reference} — {action.axis.title}"),
        ("Objectifs servis", _join((f"{o.reference} — {o.title}" for o in objectives), " ; ")),
        ("Statut", _status(action)),
        ("Avancement", f"{action.progress}{NBSP}%" if hasattr(action, "progress") else DASH),
        ("Priorité", action.get_priority_display()),
        ("Début", day(action.start_date)),
        ("Fin prévue", day(action.end_date)),
        ("Pilote", action.pilot_name or DASH),
        ("Structure pilote", action.pilot_organisation.name if action.pilot_organisation else DASH),
        ("Copilotes", _join(u.full_name for u in action.copilots.all())),
        ("Partenaires", _join(o.name for o in action.partners.all())),
        ("Élu référent", action.elu_referent.full_name if action.elu_referent else DASH),
        ("Thématiques", _join(action.themes.all())),
        ("Public cible", _join(action.publics.all())),
        ("Territoire", _join(c.name for c in communes) if communes else whole_territory),
        ("Participation citoyenne", action.get_participation_display()),
    ]
    if action.confidential:
        fields.append(("Confidentialité", "Fiche confidentielle"))

    steps = Table(
        caption="Étapes",
        show_caption=False,
        header=("Étape", "Échéance", "Faite"),
        rows=[(s.name, day(s.due_date), "Oui" if s.done else "Non") for s in action.steps.all()],
        empty="Aucune étape.",
    )
    lines = list(action.budget_lines.all())
    actuals = [line.actual for line in lines if line.actual is not None]
    budget = Table(
        caption="Budget",
        show_caption=False,
        header=("Année", "Nature", "Poste", "Financeur", "Prévisionnel", "Réalisé"),
        rows=[
            (
                str(line.year),
                line.get_nature_display(),
                line.label or DASH,
                line.financeur.name if line.financeur else DASH,
                euros(line.forecast),
                euros(line.actual),
            )
            for line in lines
        ],
        footer=(
            "Total",
            "",
            "",
            "",
            euros(sum((line.forecast for line in lines), Decimal(0))),
            euros(sum(actuals, Decimal(0))) if actuals else DASH,
        )
        if lines
        else None,
        numeric=frozenset({4, 5}),
        empty="Aucune ligne budgétaire.",
    )
    indicators, details = _indicator_blocks(list(action.indicators.all()))
    return FicheBlock(
        heading=heading,
        fields=fields,
        description=action.description,
        steps=steps,
        budget=budget,
        indicators=indicators,
        indicator_details=details,
    )


def plan_content(user: User, convention: Convention) -> Content:
    """The whole plan as the user sees it: fiches grouped by axis, with the objectifs.

    The number of queries does not depend on the number of fiches.
    """
    plan = plan_of(convention)
    axes = list(
        Axis.objects.filter(plan=plan).prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.select_related("axis"))
        )
    )
    actions = (
        Action.objects.visible_to(user)
        .filter(plan=plan)
        .for_listing()
        .select_related("elu_referent")
        .prefetch_related(*_prefetches())
    )
    by_axis: dict[int, list[Action]] = {}
    for action in actions:
        by_axis.setdefault(action.axis_id, []).append(action)
    count = sum(len(v) for v in by_axis.values())
    blocks = [
        AxisBlock(
            heading=f"Axe {axis.reference} — {axis.title}",
            description=axis.description,
            objectives=[f"{o.reference} — {o.title}" for o in axis.objectives.all()],
            fiches=[
                _fiche_block(a, f"Fiche {a.reference} — {a.title}")
                for a in by_axis.get(axis.pk, [])
            ],
        )
        for axis in axes
    ]
    return Content(
        title=f"Plan d'actions — {convention.name}",
        subtitle=f"Convention territoriale globale — {convention.caf.name}",
        filename=f"plan-d-actions-{slug(convention.name)}",
        identity=_identity(convention, **{"Fiches actions": str(count)}),
        axes=blocks,
    )


def action_content(convention: Convention, action: Action) -> Content:
    """One fiche, already checked visible to the user (see ``get_action_for_user``)."""
    prefetch_related_objects([action], *_prefetches())
    return Content(
        title=f"Fiche action {action.reference} — {action.title}",
        subtitle=f"Plan d'actions — {convention.name}",
        filename=f"fiche-{action.reference}-{slug(action.title)}",
        identity=_identity(convention),
        fiche=_fiche_block(action, "La fiche action"),
    )


# ---------------------------------------------------------------------------- Word


def render_docx(content: Content) -> bytes:
    """A Word document (.docx) of the content."""
    document = docx.Document()
    document.core_properties.title = content.title
    document.core_properties.language = "fr-FR"
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(18)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    # The spell checker and screen readers read the text as French.
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
        if data.show_caption:
            document.add_paragraph().add_run(data.caption).italic = True
        if not data.rows:
            document.add_paragraph(data.empty)
            return
        rows = [data.header, *data.rows, *([data.footer] if data.footer else [])]
        grid = document.add_table(rows=len(rows), cols=len(data.header))
        grid.style = "Table Grid"
        for r, values in enumerate(rows):
            row = grid.rows[r]
            for c, value in enumerate(values):
                cell = row.cells[c]
                cell.text = value
                paragraph = cell.paragraphs[0]
                if c in data.numeric and r > 0:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if r == 0 or (data.footer and r == len(rows) - 1):
                    for run in paragraph.runs:
                        run.bold = True
        # The header row repeats on each page and is announced as such.
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        grid.rows[0]._tr.get_or_add_trPr().append(header)
        document.add_paragraph()

    def fiche(block: FicheBlock, level: int) -> None:
        document.add_heading(block.heading, level=level)
        fields(block.fields)
        if block.description:
            document.add_heading("Description", level=level + 1)
            for text in block.description.splitlines():
                if text.strip():
                    document.add_paragraph(text)
        document.add_heading("Étapes", level=level + 1)
        table(block.steps)
        document.add_heading("Budget", level=level + 1)
        table(block.budget)
        document.add_heading("Indicateurs", level=level + 1)
        table(block.indicators)
        for detail in block.indicator_details:
            table(detail.values)

    document.add_heading(content.title, level=0)
    document.add_paragraph(content.subtitle)
    document.add_heading("La CTG", level=1)
    fields(content.identity)
    if content.fiche:
        fiche(content.fiche, 1)
    for axis in content.axes:
        document.add_heading(axis.heading, level=1)
        if axis.description:
            document.add_paragraph(axis.description)
        document.add_heading("Objectifs", level=2)
        if axis.objectives:
            for objective in axis.objectives:
                document.add_paragraph(objective, style="List Bullet")
        else:
            document.add_paragraph("Aucun objectif.")
        if not axis.fiches:
            document.add_paragraph("Aucune fiche action dans cet axe.")
        for block in axis.fiches:
            fiche(block, 2)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------- PDF


def render_pdf(content: Content) -> bytes:
    """A tagged PDF of the content, from HTML; each indicator gets an SVG chart."""
    # The charts come from line_chart_svg, which escapes every text it writes.
    html: str = render_to_string("plans/document.html", {"content": content})
    # The PDF's font has no narrow no-break space: use a plain no-break space instead.
    html = html.replace("\u202f", "\u00a0")
    # Documents embed everything they show: no protocol is allowed, nothing is fetched.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf(pdf_tags=True)
    return bytes(pdf)


# ---------------------------------------------------------------------------- ODT


def render_odt(content: Content) -> bytes:
    """An OpenDocument text (.odt) of the content."""
    odt = OdtDocument(content.title)
    paragraph, heading, add = odt.paragraph, odt.heading, odt.add

    def fiche(block: FicheBlock, level: int) -> None:
        add(heading(block.heading, level))
        odt.fields(block.fields)
        if block.description:
            add(heading("Description", level + 1))
            for text in block.description.splitlines():
                if text.strip():
                    add(paragraph(text))
        for name, data in (("Étapes", block.steps), ("Budget", block.budget)):
            add(heading(name, level + 1))
            odt.table(data)
        add(heading("Indicateurs", level + 1))
        odt.table(block.indicators)
        for detail in block.indicator_details:
            odt.table(detail.values)

    add(paragraph(content.title, odt.title))
    add(paragraph(content.subtitle))
    add(heading("La CTG", 1))
    odt.fields(content.identity)
    if content.fiche:
        fiche(content.fiche, 1)
    for axis in content.axes:
        add(heading(axis.heading, 1))
        if axis.description:
            add(paragraph(axis.description))
        add(heading("Objectifs", 2))
        if axis.objectives:
            bullets = List()
            for objective in axis.objectives:
                item = ListItem()
                item.addElement(paragraph(objective))
                bullets.addElement(item)
            add(bullets)
        else:
            add(paragraph("Aucun objectif."))
        if not axis.fiches:
            add(paragraph("Aucune fiche action dans cet axe."))
        for block in axis.fiches:
            fiche(block, 2)
    return odt.to_bytes()


# ---------------------------------------------------------------------------- formats


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[Content], bytes]


FORMATS = {
    "docx": Format(
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "pdf": Format("pdf", "application/pdf", render_pdf),
    "odt": Format("odt", "application/vnd.oasis.opendocument.text", render_odt),
}
