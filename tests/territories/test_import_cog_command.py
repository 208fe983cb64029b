"""``manage.py import_cog``: a progress bar on stderr, a French summary on stdout."""

import io
import re

import pytest
from django.core.management import call_command

from .utils import delete_all_territories

pytestmark = pytest.mark.django_db

LABELS = ("Départements", "EPCI", "Communes", "Communes déléguées")


def _run(*args: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_cog", "--departement", "73", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_the_command_shows_a_progress_bar_per_step_on_stderr():
    _stdout, stderr = _run()

    for label in LABELS:
        assert re.search(rf"{label}: +100%", stderr), f"pas de barre « {label} » : {stderr!r}"


def test_the_command_keeps_the_progress_bar_off_stdout():
    stdout, _stderr = _run()

    assert "100%" not in stdout


def test_no_progress_option_hides_the_progress_bar():
    _stdout, stderr = _run("--no-progress")

    assert stderr == ""


def test_verbosity_zero_hides_the_progress_bar():
    _stdout, stderr = _run("--verbosity", "0")

    assert stderr == ""


def test_the_command_prints_a_french_summary_of_created_rows_on_stdout():
    delete_all_territories()

    stdout, _stderr = _run("--no-progress")

    assert stdout.startswith("Import terminé")
    for fragment in (
        "départements : 1 créé",
        "EPCI : 18 créé",
        "communes : 273 créé",
        "communes déléguées : 55 créé",
    ):
        assert fragment in stdout


def test_the_command_summary_of_a_rerun_reports_nothing_created_or_updated():
    stdout, _stderr = _run("--no-progress")

    assert re.findall(r"(\d+) créé", stdout) == ["0"] * 4
    assert re.findall(r"(\d+) mis", stdout) == ["0"] * 4


def test_the_progress_bar_redraws_in_place_without_empty_lines():
    _stdout, stderr = _run()

    assert "\n\n" not in stderr
