"""``manage.py load_demo``: loads the demo and prints the logins; never in production.

Run on an empty database (no shared demo), so that a command that wrote nothing, or wrote
before refusing, would fail.
"""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from maillage.accounts.models import User
from maillage.conventions.models import Convention
from maillage.demo.loaders.ctgs import DemoLogin


def counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("maillage.")
    }


@pytest.fixture
def empty(db):
    """A database holding only the Savoie's communes."""
    assert not Convention.objects.exists() and not User.objects.exists()


def test_the_load_demo_command_refuses_when_the_demo_is_not_allowed(empty, settings):
    settings.DEMO_ALLOWED = False
    before = counts()

    with pytest.raises(CommandError, match="La démonstration ne se charge pas"):
        call_command("load_demo")

    assert counts() == before


def test_the_load_demo_command_loads_the_demo_when_allowed(empty, settings, capsys):
    settings.DEMO_ALLOWED = True

    call_command("load_demo")

    assert Convention.objects.count() == 18
    out = capsys.readouterr().out
    assert "Savoie-demo-2026" in out
    assert "cdc.chambery@example.org" in out


def test_the_load_demo_command_prints_the_port_it_is_given(monkeypatch, settings, capsys):
    settings.DEMO_ALLOWED = True
    monkeypatch.setattr(
        "maillage.demo.management.commands.load_demo.load_demo",
        lambda: [DemoLogin("cdc.chambery@example.org", "CDC", "CTG Grand Chambéry")],
    )

    call_command("load_demo", port=8001)

    out = capsys.readouterr().out
    assert "http://127.0.0.1:8001" in out
    assert "8000" not in out


def test_make_run_serves_and_prints_the_port_it_is_given():
    makefile = (Path(django_settings.BASE_DIR) / "Makefile").read_text()

    assert re.search(r"^PORT \?= 8000$", makefile, re.M)
    assert "load_demo --port $(PORT)" in makefile
    assert "runserver 127.0.0.1:$(PORT)" in makefile
