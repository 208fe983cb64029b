"""The one download helper: headers that keep files private, one name scheme."""

from __future__ import annotations

import datetime

import pytest
from django.http import FileResponse, Http404
from django.utils import timezone

from maillage.core.documents.blocks import Document, Paragraph
from maillage.core.downloads import (
    attachment,
    document_attachment,
    download_name,
    download_stem,
    private,
)


def test_an_attachment_is_private_and_named():
    response = attachment(b"a;b\n", filename="maillage-x-y-2026-11-29.csv", content_type="text/csv")
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="maillage-x-y-2026-11-29.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"a;b\n"


def test_a_name_out_of_ascii_is_encoded_for_every_browser():
    response = attachment(b"", filename="Compte rendu été.pdf", content_type="application/pdf")
    assert "filename*=utf-8''Compte%20rendu%20%C3%A9t%C3%A9.pdf" in response["Content-Disposition"]


def test_the_name_scheme():
    on = datetime.date(2026, 3, 5)
    assert (
        download_name("CTG Grand Chambéry", "Plan d'actions", "docx", on)
        == "maillage-ctg-grand-chambery-plan-dactions-2026-03-05.docx"
    )
    assert download_name("Caf de la Savoie", "ctg", "xlsx", on) == (
        "maillage-caf-de-la-savoie-ctg-2026-03-05.xlsx"
    )
    assert (
        download_stem("CTG A", "fiche-A1.1-Créer", on)
        == "maillage-ctg-a-fiche-a1-1-creer-2026-03-05"
    )
    today = timezone.localdate()
    assert download_name("CTG A", "annuaire", "csv").endswith(f"-{today:%Y-%m-%d}.csv")


def test_an_uploaded_file_keeps_its_name_with_the_same_headers(tmp_path):
    path = tmp_path / "Compte rendu COPIL.pdf"
    path.write_bytes(b"%PDF-1.7")
    with path.open("rb") as handle:
        response = private(FileResponse(handle, as_attachment=True, filename=path.name))
        assert 'filename="Compte rendu COPIL.pdf"' in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"


def test_a_document_download():
    document = Document(
        title="Essai",
        subtitle="",
        filename="maillage-ctg-a-essai-2026-03-05",
        blocks=[Paragraph("Bonjour")],
    )
    response = document_attachment(document, "odt")
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert 'filename="maillage-ctg-a-essai-2026-03-05.odt"' in response["Content-Disposition"]
    with pytest.raises(Http404):
        document_attachment(document, "exe")
