"""Word and ODT files of the writers open in LibreOffice, page numbers and all."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from maillage.core.documents.formats import render

from .test_writers import sample

SOFFICE = shutil.which("soffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.mark.parametrize("fmt", ["docx", "odt"])
def test_libreoffice_opens_the_file_and_numbers_its_pages(tmp_path: Path, fmt: str):
    source = tmp_path / f"document.{fmt}"
    source.write_bytes(render(sample(), fmt))
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    reader = PdfReader(io.BytesIO((tmp_path / "document.pdf").read_bytes()))
    pages = [page.extract_text() for page in reader.pages]
    count = len(pages)
    assert count >= 3
    for n, text in enumerate(pages, start=1):
        assert f"Page {n} / {count}" in text
    whole = " ".join(pages)
    assert "Ligne budgétaire numéro 69" in whole and "Aucune étape." in whole
