"""The words of the CTG that a newcomer does not know, and what they mean.

One dictionary, read by the ``term`` template filter (:mod:`maillage.core.templatetags.glossary`)
that wraps a known word in an ``<abbr title>``, and by the help page. The definitions follow
the product brief's glossary and the référentiel of the chargé de coopération.
"""

from __future__ import annotations

GLOSSARY: dict[str, str] = {
    "CTG": (
        "Convention Territoriale Globale : accord pluriannuel entre la Caf et une ou plusieurs "
        "collectivités pour construire et conduire un projet de territoire au service des familles"
    ),
    "COPIL": (
        "Comité de pilotage : l'instance politique de la CTG, réunie au moins une fois par an, "
        "qui décide des orientations et suit le plan d'actions"
    ),
    "CDT": (
        "Chargé·e de développement territorial : l'interlocuteur de la Caf pour la CTG, qui "
        "conseille le chargé de coopération et valide son rapport d'activité"
    ),
    "CDC": (
        "Chargé·e de coopération CTG : la personne employée par la collectivité, cofinancée "
        "par la Caf, qui conduit la CTG"
    ),
    "EPCI": (
        "Établissement public de coopération intercommunale : la communauté de communes, "
        "d'agglomération ou la métropole signataire de la CTG"
    ),
    "attendu": (
        "Ce que la Caf attend du chargé de coopération : le référentiel en compte six, qui "
        "sont aussi les sections du rapport d'activité annuel"
    ),
    "sphère": (
        "Sphère d'intervention du chargé de coopération selon le référentiel : stratégique, "
        "politique ou technique"
    ),
    "mission": (
        "L'une des quatre missions du chargé de coopération selon le référentiel : politiques, "
        "offre d'accueil, mise en réseau des acteurs, relation avec la population"
    ),
}

_PLURALS = {"attendus": "attendu", "sphères": "sphère", "missions": "mission"}


def definition(word: str) -> str | None:
    """The definition of a glossary word (its plural or capitalised form too), or None."""
    if word in GLOSSARY:
        return GLOSSARY[word]
    lowered = word.lower()
    key = _PLURALS.get(lowered, lowered)
    return GLOSSARY.get(key)
