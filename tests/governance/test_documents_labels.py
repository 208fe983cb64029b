"""Instances are named with their kind once: never « Comité de pilotage (Comité de pilotage
(COPIL)) »."""

from __future__ import annotations

import pytest

from maillage.governance.models import Body


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("Comité de pilotage de la CTG", "copil", "Comité de pilotage de la CTG (COPIL)"),
        ("COPIL de la CTG", "copil", "COPIL de la CTG (Comité de pilotage)"),
        ("Comité technique (COTECH)", "cotech", "Comité technique (COTECH)"),
        ("Groupe petite enfance", "groupe_travail", "Groupe petite enfance (Groupe de travail)"),
    ],
)
def test_an_instance_label_says_its_kind_once(name, kind, label):
    assert Body(name=name, kind=kind).label == label
