"""Facts inserted in a report's text stay linked to their data: a stale one is flagged,
updated in one click, and the report is not sent with it unless its author confirms."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.activity import services
from maillage.activity.facts import gather
from maillage.activity.models import ActivityReport
from maillage.core.referentiel import SECTION_KEYS
from maillage.governance.models import Meeting

from .helpers import complete_report, entry, held_meeting

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _detail(report: ActivityReport) -> str:
    return reverse("activity:report_detail", args=[report.convention.uuid, report.uuid])


def _copil_inserted(world) -> ActivityReport:
    """A complete report whose section 3 quotes the COPIL fact while none was held."""
    report = complete_report(world)
    section = report.sections.get(key="elus")
    services.section_insert_facts(section=section, by=world.users["cdc"], key="gouvernance.copil")
    return report


def test_a_fact_whose_data_changed_is_flagged_then_updated_in_one_click(world):
    report = _copil_inserted(world)
    section = report.sections.get(key="elus")
    assert f"Aucun COPIL tenu en {YEAR}" in section.text
    client = world.client("cdc")
    assert "ne correspond plus aux données" not in client.get(_detail(report)).content.decode()

    held_meeting(world)  # the COPIL is held after the fact was inserted
    page = client.get(_detail(report)).content.decode()
    assert "Un fait inséré dans votre texte ne correspond plus aux données" in page
    assert f"« COPIL tenus en {YEAR} : 1 »" in page

    refresh = reverse("activity:section_refresh", args=[world.a.uuid, report.uuid, "elus"])
    response = client.post(refresh, {"fait": "gouvernance.copil"}, follow=True)
    assert "Fait mis à jour dans le texte." in response.content.decode()
    section.refresh_from_db()
    # The author's text around the fact is kept; the fact reads as the data says.
    assert section.text.startswith("Bilan : ")
    assert f"1 COPIL s'est tenu en {YEAR} :" in section.text
    assert f"Aucun COPIL tenu en {YEAR}" not in section.text
    assert "ne correspond plus aux données" not in response.content.decode()
    assert services.stale_insertions(report) == []


def test_a_fact_rewritten_by_hand_is_the_author_s_text_and_no_longer_followed(world):
    report = _copil_inserted(world)
    section = report.sections.get(key="elus")
    services.section_save(
        section=section,
        by=world.users["cdc"],
        text=section.text.replace("Aucun COPIL tenu", "Pas de COPIL tenu"),
    )
    section.refresh_from_db()
    assert section.inserted == []
    held_meeting(world)
    assert services.stale_insertions(report) == []


def test_the_report_is_not_sent_with_stale_facts_unless_its_author_confirms(world, mailoutbox):
    report = _copil_inserted(world)
    held_meeting(world)
    with pytest.raises(ValidationError, match="ne correspondent plus aux données"):
        services.report_transmit(report=report, by=world.users["cdc"])
    report.refresh_from_db()
    assert report.status == "brouillon"

    client = world.client("cdc")
    transmit = reverse("activity:report_transmit", args=[world.a.uuid, report.uuid])
    page = client.post(transmit, {"note": "Mon message à la Caf"}).content.decode()
    assert "Avant l&#x27;envoi" in page or "Avant l'envoi" in page
    assert "Mon message à la Caf" in page  # what the author wrote is kept
    assert "Transmettre le texte tel qu" in page
    report.refresh_from_db()
    assert report.status == "brouillon"

    client.post(transmit, {"note": "Tel quel", "stale_confirmed": "on"})
    report.refresh_from_db()
    assert report.status == "transmis"
    # Once sent, the facts are frozen: nothing is stale any more.
    Meeting.objects.all().delete()
    assert services.stale_insertions(report) == []


def test_updating_facts_is_for_the_report_s_writer_only(world):
    report = _copil_inserted(world)
    held_meeting(world)
    section = report.sections.get(key="elus")
    with pytest.raises(PermissionDenied):
        services.section_refresh_facts(section=section, by=world.users["elu"])
    section.refresh_from_db()
    assert f"Aucun COPIL tenu en {YEAR}" in section.text


def test_inserted_facts_read_as_french_sentences_and_tidy_lists(world):
    held_meeting(world)
    entry(world)
    entry(world, attendu="objectifs", description="Comité\ntechnique")
    facts = gather(services.scope_of(complete_report(world)))
    keys = [f.key for key in SECTION_KEYS for f in facts[key]]
    assert all(keys) and len(keys) == len(set(keys))  # each fact named once
    for key in SECTION_KEYS:
        for fact in facts[key]:
            assert fact.definition, fact.key
            text = fact.as_text()
            assert not re.search(r" : \d+ :", text), text  # not « Fiches … : 7 : »
            assert "Intitulé :" not in text and "Statut :" not in text, text
            lines = text.split("\n")
            assert lines[0][0].isupper() or lines[0][0].isdigit(), text
            if len(lines) > 1:
                assert lines[0].endswith(" :"), text
                assert all(line.startswith("- ") for line in lines[1:]), text
                assert all(line.endswith(" ;") for line in lines[1:-1]), text
            assert lines[-1].endswith("."), text
