"""Word and ODT files of the writers open in LibreOffice, page numbers and all."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from maillage.core.documents.formats import render

from ...office import convert
from .test_writers import sample


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_opens_the_file_and_numbers_its_pages(tmp_path: Path, fmt: str):
    pdf = convert(tmp_path, f"document.{fmt}", render(sample(), fmt), "pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    count = len(pages)
    assert count >= 3
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} / {count}" in text
    whole = " ".join(pages)
    assert "Ligne budgétaire numéro 69" in whole and "Aucune étape." in whole
