"""French formats: « de » elided before a vowel or a mute h."""

import pytest
from django.template import Context, Template

from maillage.core.formats import de


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Albertville", "d'Albertville"),
        ("Inès Perrin", "d'Inès Perrin"),
        ("Amandine Chevalier", "d'Amandine Chevalier"),
        ("Ugine", "d'Ugine"),
        ("Élodie Roux", "d'Élodie Roux"),
        ("animation de la vie sociale", "d'animation de la vie sociale"),
        ("accès aux droits", "d'accès aux droits"),
        ("Hélène Jacquier", "d'Hélène Jacquier"),
        ("Hugo Garnier", "d'Hugo Garnier"),
        ("Chambéry", "de Chambéry"),
        ("Haute-Maurienne", "de Haute-Maurienne"),
        ("handicap", "de handicap"),
        ("Yenne", "de Yenne"),
        ("Yves Martin", "d'Yves Martin"),
        ("", "de "),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h(name, expected):
    assert de(name) == expected


def test_the_de_filter_elides_and_escapes():
    template = Template("{% load maillage %}Rôle {{ name|de }}")

    assert template.render(Context({"name": "Inès <b>"})) == "Rôle d&#x27;Inès &lt;b&gt;"
