"""The three writers render any document: A4, French, page numbers, repeated table
headers, charts; the tests read each file back."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml.ns import qn
from odf import teletype
from odf.draw import Frame
from odf.draw import Image as OdfImage
from odf.opendocument import load
from odf.table import TableColumn, TableHeaderRows
from odf.text import H, P, PageCount, PageNumber
from pypdf import PdfReader

from maillage.core.charts import Point, Series, line_chart_svg
from maillage.core.documents.blocks import (
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
from maillage.core.documents.formats import FORMATS, render
from maillage.core.documents.images import svg_to_png

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def chart_svg() -> str:
    points = [
        Point(datetime.date(2025, 12, 31), Decimal("18")),
        Point(datetime.date(2026, 6, 30), Decimal("25.5")),
    ]
    return line_chart_svg(
        Series("places", "Places d'accueil", "places", points, Decimal(40), Decimal(10))
    )


def logo_png() -> bytes:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#0a4c8c"/></svg>'
    )
    return svg_to_png(svg, 20)


ROWS = [(f"Ligne budgétaire numéro {n}", f"{n} 000,00 €", "Oui") for n in range(70)]


def sample(logo: bytes | None = None) -> Document:
    return Document(
        title="Plan d'actions — CTG Essai",
        subtitle="Convention territoriale globale — Caf de la Savoie",
        filename="maillage-ctg-essai-plan-d-actions-2026-11-29",
        logo=logo,
        blocks=[
            Heading(1, "La CTG"),
            Fields([("CTG", "CTG Essai"), ("Période", "du 01/01/2024 au 31/12/2028")]),
            Paragraph("Une note en italique.", italic=True),
            BulletList(["Premier objectif", "Second objectif"]),
            Heading(2, "Budget"),
            Table(
                caption="Budget de la fiche",
                header=("Poste", "Montant", "Fait"),
                rows=ROWS,
                footer=("Total", "2 415 000,00 €", ""),
                numeric=frozenset({1}),
            ),
            PageBreak(),
            Heading(2, "Indicateurs"),
            Chart(svg=chart_svg(), title="Places d'accueil : valeurs mesurées et cible"),
            Table(
                caption="Valeurs mesurées",
                header=("Date", "Valeur"),
                rows=[("31/12/2025", "18"), ("30/06/2026", "25,5")],
                numeric=frozenset({1}),
            ),
            Table(caption="Étapes", header=("Étape",), rows=[], empty="Aucune étape."),
        ],
    )


EXPECTED = [
    "Plan d'actions — CTG Essai",
    "La CTG",
    "du 01/01/2024 au 31/12/2028",
    "Une note en italique.",
    "Second objectif",
    "Ligne budgétaire numéro 69",
    "2 415 000,00 €",
    "25,5",
    "Aucune étape.",
]


# ----------------------------------------------------------------------------- Word


def test_word_is_a4_french_with_page_numbers_repeated_headers_and_the_chart():
    data = render(sample(), "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 18 and round(section.right_margin.mm) == 18
    assert document.core_properties.language == "fr-FR"
    assert document.core_properties.title == "Plan d'actions — CTG Essai"
    languages = {e.get(qn("w:val")) for e in document.styles.element.iter(f"{W}lang")}
    assert languages == {"fr-FR"}
    footer = section.footer._element
    fields = " ".join(t.text for t in footer.iter(f"{W}instrText"))
    assert "PAGE" in fields.split() and "NUMPAGES" in fields.split()
    assert "Page" in section.footer.paragraphs[0].text
    tables = document.tables
    assert len(tables) == 2  # the empty table is a sentence
    for table in tables:
        header = table.rows[0]._tr.trPr.find(f"{W}tblHeader")
        assert header is not None and header.get(f"{W}val") == "true"
    budget = tables[0]
    assert budget.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert budget.rows[-1].cells[0].text == "Total"
    assert budget.rows[-1].cells[1].paragraphs[0].runs[0].bold
    assert budget.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    widths = [c.width.mm for c in budget.columns]
    assert round(sum(widths)) == 174 and widths[0] > widths[1] > widths[2]
    assert len(document.inline_shapes) == 1
    picture = document.inline_shapes[0]._inline
    assert picture.docPr.get("title") == "Places d'accueil : valeurs mesurées et cible"
    assert any(p.style.name == "List Bullet" for p in document.paragraphs)
    breaks = document.element.body.findall(f".//{W}br")
    assert any(b.get(f"{W}type") == "page" for b in breaks)
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in tables for r in t.rows for c in r.cells]
    ).translate(SPACES)
    for expected in EXPECTED:
        assert expected in text, expected


def test_word_puts_the_logo_in_the_header():
    document = docx.Document(io.BytesIO(render(sample(logo=logo_png()), "docx")))
    header = document.sections[0].header._element
    assert header.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")


# ----------------------------------------------------------------------------- ODT


def test_odt_is_a4_french_with_page_numbers_repeated_headers_and_the_chart():
    data = render(sample(), "odt")
    document = load(io.BytesIO(data))
    assert document.getElementsByType(PageNumber) and document.getElementsByType(PageCount)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        styles = package.read("styles.xml").decode()
        pictures = [n for n in package.namelist() if n.startswith("Pictures/")]
        assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
        assert 'fo:language="fr"' in styles and 'fo:country="FR"' in styles
        assert "<dc:language>fr-FR</dc:language>" in package.read("meta.xml").decode()
        assert len(pictures) == 1 and package.read(pictures[0]).startswith(b"\x89PNG")
        content = package.read("content.xml").decode()
        assert 'fo:break-before="page"' in content + styles
        assert "style:column-width" in content
    headers = document.getElementsByType(TableHeaderRows)
    assert len(headers) == 2
    assert teletype.extractText(headers[0]) == "PosteMontantFait"
    assert len(document.getElementsByType(TableColumn)) == 5
    images = document.getElementsByType(OdfImage)
    assert len(images) == 1
    frame = document.getElementsByType(Frame)[0]
    assert "Places d'accueil" in teletype.extractText(frame)  # its title and description
    elements = document.getElementsByType(H) + document.getElementsByType(P)
    text = "\n".join(teletype.extractText(e) for e in elements).translate(SPACES)
    for expected in EXPECTED:
        assert expected in text, expected


def test_odt_puts_the_logo_in_the_header():
    data = render(sample(logo=logo_png()), "odt")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "<draw:image" in package.read("styles.xml").decode()
        assert len([n for n in package.namelist() if n.startswith("Pictures/")]) == 2


# ----------------------------------------------------------------------------- PDF


def pdf_pages(data: bytes) -> list[str]:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text().translate(SPACES) for page in reader.pages]


def test_pdf_numbers_every_page_and_holds_the_content():
    pages = pdf_pages(render(sample(), "pdf"))
    count = len(pages)
    assert count >= 3  # the long table runs over a page, then a page break
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} / {count}" in text
    text = " ".join(" ".join(p.split()) for p in pages)
    for expected in EXPECTED:
        assert " ".join(expected.split()) in text, expected
    assert text.count("Total") == 1  # the footer row ends the table once


def test_pdf_is_tagged_and_draws_the_chart_as_vector():
    data = render(sample(), "pdf")
    reader = PdfReader(io.BytesIO(data))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    chart_page = next(p for p in reader.pages if "Indicateurs" in p.extract_text())
    assert "01/01/2026" not in chart_page.extract_text()
    assert "30/06/2026" in chart_page.extract_text()  # a label of the chart or its table
    assert not chart_page.images  # the chart is drawn, not a picture


def test_pdf_logo_is_embedded_and_nothing_else_is_fetched():
    reader = PdfReader(io.BytesIO(render(sample(logo=logo_png()), "pdf")))
    assert len(reader.pages[0].images) == 1
    hostile = Document(
        title="<img src='http://example.org/x.png'>",
        subtitle="",
        filename="x",
        blocks=[Paragraph("<img src='file:///etc/passwd'>")],
    )
    text = pdf_pages(render(hostile, "pdf"))[0]
    assert "<img src='file:///etc/passwd'>" in text  # escaped, shown as text


def test_a_one_page_document_keeps_one_page():
    long = Document(
        title="Synthèse",
        subtitle="",
        filename="x",
        blocks=[Paragraph("Une phrase assez longue pour remplir la page. " * 40)] * 20,
        one_page=True,
    )
    pages = pdf_pages(render(long, "pdf"))
    assert len(pages) == 1 and "Page 1 / 1" in pages[0]


# ----------------------------------------------------------------------------- shared


def test_the_formats():
    assert set(FORMATS) == {"docx", "odt", "pdf"}
    assert FORMATS["odt"].content_type == "application/vnd.oasis.opendocument.text"
    with pytest.raises(KeyError):
        render(sample(), "doc")


def test_column_widths_fit_the_content_and_fill_the_width():
    table = Table(
        caption="",
        header=("Nom", "Montant", "N°"),
        rows=[("Un libellé plutôt long de quarante caractères ou plus", "1 000,00 €", "1")],
    )
    widths = column_widths(table, 174)
    assert round(sum(widths), 1) == 174
    assert widths[0] > widths[1] > widths[2] > 0
    assert widths[2] >= 174 * 0.05  # a narrow column keeps room for its header


def test_the_chart_png_is_the_svg_drawn():
    png = svg_to_png(chart_svg(), 130)
    assert png.startswith(b"\x89PNG")
    assert int.from_bytes(png[16:20], "big") == 1300


def test_odt_stores_a_repeated_chart_once():
    chart = Chart(svg=chart_svg(), title="Places d'accueil")
    document = Document(title="Essai", subtitle="", filename="x", blocks=[chart, chart])
    data = render(document, "odt")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert len([n for n in package.namelist() if n.startswith("Pictures/")]) == 1
    assert len(load(io.BytesIO(data)).getElementsByType(Frame)) == 2


def test_no_column_is_narrower_than_its_longest_word():
    nbsp, nnbsp = "\u00a0", "\u202f"
    amount = f"44{nnbsp}000,00{nbsp}€"
    table = Table(
        caption="Budget",
        header=("Année", "Nature", "Poste", "Financeur", "Prévisionnel", "Réalisé"),
        rows=[("2023", "Fonctionnement", "Équipement", "Conseil départemental", amount, amount)],
    )
    widths = column_widths(table, 174)
    assert round(sum(widths), 1) == 174
    # « Année » (bold) and « Fonctionnement » keep whole; an amount never breaks.
    rounding = 0.01  # widths are rounded to the hundredth
    assert widths[0] >= 4 + 2.1 * 1.2 * len("Année") - rounding
    assert widths[1] >= 4 + 2.1 * len("Fonctionnement") - rounding
    assert widths[5] >= 4 + 2.1 * len(amount) - rounding
