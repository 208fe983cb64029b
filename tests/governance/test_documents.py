"""The minutes exported to Word, PDF and ODT say the same thing; the tests open the files."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader

from maillage.governance import services

from .helpers import fiche, meeting


@pytest.fixture
def held(world):
    m = meeting(world, days=-1, title="COPIL 2026")
    cdc = world.users["cdc"]
    action = fiche(world, "Ouvrir une MAM")
    services.agenda_item_add(meeting=m, by=cdc, title="Bilan annuel du plan", actions=[action])
    present = services.invitation_add(meeting=m, by=cdc, user=world.users["elu"])
    excused = services.invitation_add(meeting=m, by=cdc, user=world.users["cdt"])
    services.invitation_update(invitation=present, by=cdc, status="present")
    services.invitation_update(invitation=excused, by=cdc, status="excuse")
    services.decision_add(meeting=m, by=cdc, text="Lancer la MAM en 2027", actions=[action])
    services.minutes_save(meeting=m, by=cdc, minutes="Le comité valide le bilan.")
    services.minutes_publish(meeting=m, by=cdc)
    return m


def _get(world, m, fmt):
    url = reverse("governance:minutes_document", args=[world.a.uuid, m.uuid, fmt])
    response = world.client("elu").get(url)
    assert response.status_code == 200
    return response.content


def _check(world, text):
    for expected in (
        "CTG Grand Chambéry",
        "COPIL 2026",
        world.users["elu"].full_name,
        world.users["cdt"].full_name,
        "Bilan annuel du plan",
        "Le comité valide le bilan.",
        "Lancer la MAM en 2027",
    ):
        assert expected in text, expected


def test_the_word_minutes(world, held):
    document = docx.Document(io.BytesIO(_get(world, held, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    _check(world, text)
    assert "Excusés : " + world.users["cdt"].full_name in text
    section = document.sections[0]  # A4, not the US Letter of Word's blank document
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert document.core_properties.language == "fr-FR"
    normal = document.styles["Normal"].element
    assert normal.rPr.find(qn("w:lang")).get(qn("w:val")) == "fr-FR"
    header = document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None


def test_the_minutes_file_name(world, held):
    url = reverse("governance:minutes_document", args=[world.a.uuid, held.uuid, "pdf"])
    response = world.client("elu").get(url)
    held_on = timezone.localtime(held.start).date()
    name = f"maillage-ctg-grand-chambery-compte-rendu-copil-2026-{held_on:%Y-%m-%d}.pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_pdf_minutes(world, held):
    reader = PdfReader(io.BytesIO(_get(world, held, "pdf")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    _check(world, text)


def test_the_odt_minutes(world, held):
    document = load(io.BytesIO(_get(world, held, "odt")))
    parts = document.getElementsByType(H) + document.getElementsByType(P)
    text = "\n".join(teletype.extractText(p) for p in parts)
    _check(world, text)


def test_an_unknown_format_is_not_found(world, held):
    url = reverse("governance:minutes_document", args=[world.a.uuid, held.uuid, "exe"])
    assert world.client("cdc").get(url).status_code == 404
