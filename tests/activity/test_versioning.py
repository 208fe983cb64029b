"""A report section edited in two tabs: a save based on an old version is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activity import services
from maillage.activity.models import ReportSection

from ..versioning import STALE, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(world):
    report = services.report_start(
        convention=world.a, by=world.users["cdc"], year=timezone.localdate().year
    )
    return report.sections.get(key="description")


def _opened(client, section):
    """The data the section's form on the report page sends back, with the new text."""
    report = section.report
    response = client.get(
        reverse("activity:report_detail", args=[report.convention.uuid, report.uuid])
    )
    form = next(b["form"] for b in response.context["blocks"] if b["section"].pk == section.pk)
    return {form["version"].html_name: form["version"].value()}


def _url(section):
    report = section.report
    return reverse("activity:section_save", args=[report.convention.uuid, report.uuid, section.key])


def test_a_stale_section_is_refused_with_what_changed_and_the_text_written_stays(world, section):
    client = world.client("cdc")
    first_tab, second_tab = _opened(client, section), _opened(client, section)
    assert list(first_tab.values()) == [1]

    saved = client.post(_url(section), {**second_tab, "description-text": "Trois COPIL tenus."})
    assert saved.status_code == 302
    refused = client.post(_url(section), {**first_tab, "description-text": "Mon bilan à moi."})

    assert refused.status_code == 200
    text = page_text(refused)
    assert STALE in text
    # The sections were created empty without history: what is stored now is shown.
    assert "Texte : « Trois COPIL tenus. » maintenant." in text
    assert "Mon bilan à moi." in text
    section = ReportSection.objects.get(pk=section.pk)
    assert (section.text, section.version) == ("Trois COPIL tenus.", 2)


def test_a_fresh_section_is_saved_and_raises_the_version(world, section):
    client = world.client("cdc")
    data = _opened(client, section)

    assert client.post(_url(section), {**data, "description-text": "Mon bilan."}).status_code == 302

    section = ReportSection.objects.get(pk=section.pk)
    assert (section.text, section.version) == ("Mon bilan.", 2)
