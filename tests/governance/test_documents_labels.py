"""Instances are named with their kind once: never « Comité de pilotage (Comité de pilotage
(COPIL)) », in the pages, the minutes or the e-mails."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from maillage.core.documents.formats import render
from maillage.governance import services
from maillage.governance.documents import minutes_document
from maillage.governance.enums import BodyKind
from maillage.governance.models import Body

from .helpers import meeting


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("Comité de pilotage de la CTG", "copil", "Comité de pilotage de la CTG (COPIL)"),
        ("COPIL de la CTG", "copil", "COPIL de la CTG (Comité de pilotage)"),
        ("Comité technique (COTECH)", "cotech", "Comité technique (COTECH)"),
        ("Groupe petite enfance", "groupe_travail", "Groupe petite enfance (Groupe de travail)"),
        # The kind's words or its acronym, whatever their case or accents.
        ("Copil annuel", "copil", "Copil annuel (Comité de pilotage)"),
        ("comite de pilotage", "copil", "comite de pilotage (COPIL)"),
        ("Temps d’évaluation partagée 2026", "evaluation", "Temps d’évaluation partagée 2026"),
        ("Réseau des chargés de coopération", "reseau_cdc", "Réseau des chargés de coopération"),
        # Neither: the kind in full, without brackets in brackets.
        ("Instance de suivi", "copil", "Instance de suivi (Comité de pilotage, COPIL)"),
        ("Instance de suivi", "cotech", "Instance de suivi (Comité technique, COTECH)"),
        # A name with its own brackets: the kind after a dash.
        ("Suivi (secteur nord)", "copil", "Suivi (secteur nord) — Comité de pilotage (COPIL)"),
        ("Parentalité (Chambéry)", "groupe_travail", "Parentalité (Chambéry) — Groupe de travail"),
        ("Comité de pilotage (2026)", "copil", "Comité de pilotage (2026) — COPIL"),
    ],
)
def test_an_instance_label_says_its_kind_once(name, kind, label):
    assert Body(name=name, kind=kind).label == label


def _nested(text: str) -> bool:
    """Whether a bracket opens inside another."""
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
            if depth > 1:
                return True
        elif char == ")":
            depth = max(depth - 1, 0)
    return False


NAMES = [
    "Comité de pilotage de la CTG",
    "Comité de pilotage (COPIL)",
    "COPIL",
    "Copil 2026",
    "Comité technique (COTECH)",
    "Groupe de travail (parentalité)",
    "Instance de suivi",
    "Suivi (secteur nord)",
]


@pytest.mark.parametrize("kind", BodyKind.values)
@pytest.mark.parametrize("name", NAMES)
def test_no_label_puts_brackets_in_brackets(name, kind):
    label = Body(name=name, kind=kind).label
    assert not _nested(label), label
    assert label.startswith(name)


def test_the_minutes_and_the_emails_of_a_bracketed_instance_read_cleanly(
    world, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    m = meeting(world, title="COPIL annuel")
    Body.objects.filter(pk=m.body_id).update(name="Comité de pilotage de la CTG (COPIL)")
    m.refresh_from_db()
    services.invitation_add(meeting=m, by=cdc, user=world.users["elu"])
    with django_capture_on_commit_callbacks(execute=True):
        services.convocations_send(meeting=m, by=cdc)
        services.minutes_save(meeting=m, by=cdc, minutes="Le comité valide le bilan.")
        services.minutes_publish(meeting=m, by=cdc)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert not _nested(message.subject) and not _nested(message.body), message.body
        assert "Instance : Comité de pilotage de la CTG (COPIL)\n" in message.body
    pdf = render(minutes_document(m, cdc), "pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Comité de pilotage de la CTG (COPIL)" in text
    assert not _nested(text)
