"""Documents of the activity report: the files open, and say what the report and data say."""

from __future__ import annotations

import datetime
import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from odf import teletype
from odf.draw import Image as OdfImage
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader

from maillage.activity import services
from maillage.activity.charts import time_chart_svg
from maillage.activity.documents import (
    report_content,
    report_document,
    summary_content,
    summary_document,
)
from maillage.activity.models import JournalEntry
from maillage.activity.selectors import TotalRow, hours, journal_totals
from maillage.core.documents.formats import render
from maillage.core.referentiel import SECTIONS
from maillage.governance import services as governance

from ..governance.helpers import meeting

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})

YEAR = timezone.localdate().year - 1  # a whole year, over: the dates below are in it

TEXTS = {
    "description": "Cette année, la CTG a ouvert deux lieux d'accueil enfants-parents.",
    "diagnostics": "Le diagnostic petite enfance a été actualisé avec l'Insee.",
    "elus": "Deux rencontres avec le vice-président chargé de la famille.",
    "objectifs": "Le plan d'actions avance : la MAM de Cognin est ouverte.",
    "partenariats": "Le réseau des RPE se réunit chaque trimestre.",
    "population": "Une enquête auprès des familles a recueilli 312 réponses.",
    "evaluation": "Les indicateurs du plan ont été mis à jour en décembre.",
}

ENTRIES = [
    # date, minutes, description, mission, attendu
    (
        datetime.date(YEAR, 2, 3),
        150,
        "Atelier diagnostic avec les communes",
        "politiques",
        "diagnostics",
    ),
    (datetime.date(YEAR, 3, 14), 95, "Préparation du COPIL avec l'élue", "politiques", "elus"),
    (datetime.date(YEAR, 9, 22), 45, "Appel au centre social", "reseau", "partenariats"),
]


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts).translate(SPACES)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages).translate(SPACES)
    return " ".join(text.split())


def odt_text(data: bytes) -> str:
    document = load(io.BytesIO(data))
    elements = document.getElementsByType(H) + document.getElementsByType(P)
    return "\n".join(teletype.extractText(e) for e in elements).translate(SPACES)


READERS = {"docx": docx_text, "pdf": pdf_text, "odt": odt_text}


def _one_line(text: str) -> str:
    return " ".join(text.translate(SPACES).split())


def _write(report, by, texts=TEXTS):
    for section in report.sections.all():
        if section.key in texts:
            services.section_save(section=section, by=by, text=texts[section.key])


@pytest.fixture
def report(world):
    cdc = world.users["cdc"]
    for day, minutes, text, mission, attendu in ENTRIES:
        JournalEntry.objects.create(
            convention=world.a,
            author=cdc,
            date=day,
            duration=minutes,
            description=text,
            mission=mission,
            attendu=attendu,
        )
    # Another CDC's time and another year's time stay out of the report.
    JournalEntry.objects.create(
        convention=world.a,
        author=world.users["elu"],
        date=datetime.date(YEAR, 5, 5),
        duration=600,
        description="Hors du rapport",
        attendu="autre",
    )
    JournalEntry.objects.create(
        convention=world.a,
        author=cdc,
        date=datetime.date(YEAR - 1, 12, 31),
        duration=700,
        description="L'année d'avant",
        attendu="autre",
    )
    days = (timezone.make_aware(datetime.datetime(YEAR, 6, 15, 10)) - timezone.now()).days
    copil = meeting(world, days=days, title="COPIL de mi-parcours")
    governance.minutes_save(meeting=copil, by=cdc, minutes="Le comité valide le bilan.")
    governance.minutes_publish(meeting=copil, by=cdc)
    report = services.report_start(convention=world.a, by=cdc, year=YEAR)
    _write(report, cdc)
    return report


def total_minutes() -> int:
    return sum(e[1] for e in ENTRIES)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "odt"])
def test_each_format_says_what_the_report_and_the_data_say(world, report, fmt):
    data = render(report_document(report), fmt)
    text = READERS[fmt](data)
    flat = _one_line(text)
    assert f"Rapport d'activité {YEAR}" in flat
    assert "CTG Grand Chambéry" in flat
    assert world.users["cdc"].full_name in flat
    for section in SECTIONS:
        assert _one_line(section.title) in flat, section.title
    for value in TEXTS.values():
        assert value in flat, value
    assert "Section non renseignée." in flat  # « Autres » was left empty
    assert f"Temps consigné au journal en {YEAR} : {hours(total_minutes())} (3 entrées)" in flat
    assert f"COPIL tenus en {YEAR} : 1" in flat
    assert "COPIL de mi-parcours" in flat
    assert "Atelier diagnostic avec les communes" in flat
    assert "Hors du rapport" not in flat and "L'année d'avant" not in flat
    for heading in ("Identité", "Question du référentiel", "Bilan", "Faits de l'année"):
        assert heading in flat
    assert "Temps consacré" in flat and "Historique" in flat
    assert "Rapport commencé" in flat


def test_the_word_document_has_headings_in_order_and_the_charts(report):
    data = render(report_document(report), "docx")
    document = docx.Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    top = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert top == ["Identité", *[s.title for s in SECTIONS], "Temps consacré", "Historique"]
    assert headings.count("Bilan") == len(SECTIONS)
    assert "Commentaire de la Caf" not in headings
    assert len(document.inline_shapes) == 2
    assert document.core_properties.language == "fr-FR"


def test_the_odt_document_embeds_the_charts(report):
    data = render(report_document(report), "odt")
    document = load(io.BytesIO(data))
    assert len(document.getElementsByType(OdfImage)) == 2
    pictures = [content for _, content, _ in document.Pictures.values()]
    assert len(pictures) == 2 and all(p.startswith(b"\x89PNG") for p in pictures)


def test_the_pdf_has_the_chart_and_the_cdt_comment(world, report):
    cdc, cdt = world.users["cdc"], world.users["cdt"]
    _write(report, cdc, {"autre": "Rien à ajouter."})
    report = services.report_transmit(report=report, by=cdc)
    services.report_return(
        report=report, by=cdt, comments={"diagnostics": "Précisez les outils utilisés."}
    )
    content = report_content(report)
    assert content.section("diagnostics").comment == ["Précisez les outils utilisés."]
    assert 'class="time-chart"' in content.time[0].chart_svg
    text = pdf_text(render(report_document(report, content), "pdf"))
    assert "Commentaire de la Caf" in text
    assert "Précisez les outils utilisés." in text
    assert "Renvoyé pour compléments" in text
    assert "Transmis le" in text


def test_a_sent_report_keeps_the_facts_it_was_sent_with(world, report):
    cdc = world.users["cdc"]
    _write(report, cdc, {"autre": "Rien à ajouter."})
    report = services.report_transmit(report=report, by=cdc)
    JournalEntry.objects.create(
        convention=world.a,
        author=cdc,
        date=datetime.date(YEAR, 11, 2),
        duration=240,
        description="Entrée ajoutée après l'envoi",
        attendu="elus",
        mission="politiques",
    )
    live = journal_totals(cdc, world.a, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    assert live.minutes == total_minutes() + 240

    content = report_content(report)
    assert content.totals.minutes == total_minutes()
    assert content.totals.entries == 3
    assert {r.key: r.minutes for r in content.totals.by_attendu}["elus"] == 95
    assert len(content.totals.by_attendu) == 7  # every attendu keeps its row
    expected = f"Temps consigné au journal en {YEAR} : {hours(total_minutes())} (3 entrées)"
    for fmt, reader in READERS.items():
        text = _one_line(reader(render(report_document(report, content), fmt)))
        assert expected in text, fmt
        assert "Entrée ajoutée après l'envoi" not in text, fmt
        assert "Faits arrêtés le" in text, fmt
    summary = pdf_text(render(summary_document(report), "pdf"))
    assert hours(total_minutes()) in summary
    assert hours(total_minutes() + 240) not in summary


LONG_TEXT = "\n".join(
    f"Paragraphe {n} : " + "des ateliers avec les familles et les partenaires " * 8
    for n in range(60)
)


@pytest.mark.parametrize("long_text", [LONG_TEXT, "Paragraphe 0 : " + "x" * 20_000])
def test_the_summary_fits_on_one_page_even_with_a_long_text(world, report, long_text):
    cdc = world.users["cdc"]
    assert len(long_text) > 20_000
    _write(report, cdc, {"description": long_text})
    summary = summary_content(report)
    document = summary_document(report)
    data = render(document, "pdf")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    text = pdf_text(data)
    assert "CTG Grand Chambéry" in text
    assert hours(total_minutes()) in text
    assert f"COPIL tenus en {YEAR} 1" in text  # label and value, side by side
    assert "Paragraphe 0" in text and "Paragraphe 59" not in text
    assert summary.excerpt_cut and len(summary.excerpt) <= 401
    today = timezone.localdate()
    assert document.filename == (
        f"maillage-ctg-grand-chambery-synthese-rapport-activite-{YEAR}-{today:%Y-%m-%d}"
    )
    assert "Page 1 / 1" in text


def test_the_summary_figures_come_from_the_facts(report):
    content = report_content(report)
    summary = summary_content(report, content)
    figures = dict(summary.figures)
    assert figures["Temps consigné au journal"] == f"{hours(total_minutes())} (3 entrées)"
    assert figures[f"COPIL tenus en {YEAR}"] == "1"
    assert figures[f"Fiches commencées en {YEAR}"] == "0"
    labels = [f.label for facts in content.facts.values() for f in facts]
    for name, _ in summary.figures[1:]:
        assert any(label.startswith(name) for label in labels), name


def test_the_content_reads_a_fixed_number_of_queries(world, report):
    cdc = world.users["cdc"]
    with CaptureQueriesContext(connection) as few:
        report_content(report)
    for n in range(12):
        JournalEntry.objects.create(
            convention=world.a,
            author=cdc,
            date=datetime.date(YEAR, 4, 1 + n),
            duration=30 + n,
            description=f"Entrée {n}",
            attendu=["elus", "objectifs", "evaluation"][n % 3],
            mission="reseau",
        )
    days = (timezone.make_aware(datetime.datetime(YEAR, 10, 1, 10)) - timezone.now()).days
    other = meeting(world, days=days, title="Second COPIL")
    governance.minutes_save(meeting=other, by=cdc, minutes="Suite.")
    governance.minutes_publish(meeting=other, by=cdc)
    services.report_approve(report=report, by=world.users["elu"])
    with CaptureQueriesContext(connection) as many:
        content = report_content(report)
    assert len(many) == len(few)
    assert f"COPIL tenus en {YEAR} : 2" in [f.label for f in content.facts["elus"]]
    approval = dict(content.identity)["Approbation de l'élu·e"]
    assert approval.startswith(f"{world.users['elu'].full_name}, le ")


def test_the_file_name(report):
    today = timezone.localdate()
    assert report_document(report).filename == (
        f"maillage-ctg-grand-chambery-rapport-activite-{YEAR}-{today:%Y-%m-%d}"
    )


def test_the_svg_chart_escapes_labels_and_keeps_empty_categories():
    rows = [
        TotalRow("a", "<script>alert(1)</script>", 90, 1),
        TotalRow("b", "Une catégorie sans temps", 0, 0),
        TotalRow("c", "Un libellé très long " * 10, 30, 1),
    ]
    svg = time_chart_svg(rows, "Temps & <attendus>")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Temps &amp; &lt;attendus&gt;" in svg
    assert 'role="img"' in svg and "aria-label=" in svg and 'class="time-chart"' in svg
    assert "Une catégorie sans temps" in svg and "0 min" in svg
    assert "1 h 30" in svg
    # The long label is cut on the chart, and whole in the row's title.
    assert "…" in svg
    assert f"<title>{('Un libellé très long ' * 10).strip()} : 30 min</title>" in svg
