"""Fixtures for the territories tests: editable copies of the shipped COG files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from .utils import CogSource

COG_FILES = ("departements.json", "communes.json", "epci.json")


@pytest.fixture
def cog_source(tmp_path: Path) -> CogSource:
    """A copy of ``settings.COG_DATA_DIR`` in ``tmp_path``."""
    target = tmp_path / "cog"
    target.mkdir()
    for name in COG_FILES:
        shutil.copy(Path(settings.COG_DATA_DIR) / name, target / name)
    return CogSource(target)
