"""The référentiel of the chargé de coopération's activity: its vocabulary and its report.

The missions, the attendus and the spheres of intervention, and the annual report's
sections as the référentiel lists them, with its questions. Every module speaks of the
activity in these words: the journal files its entries under them, the report is written
along them, and the modules contribute their facts to its sections (:mod:`.facts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Mission(models.TextChoices):
    """The four missions of the chargé de coopération."""

    POLITIQUES = "politiques", "Impulser et mettre en œuvre les politiques"
    OFFRE = "offre", "Mettre en adéquation les offres d'accueil aux besoins des familles"
    RESEAU = "reseau", "Animer la mise en réseau des acteurs"
    POPULATION = "population", "Organiser et animer la relation avec la population"


class Attendu(models.TextChoices):
    """The six attendus of the missions, the sections of the annual report, and « autres »."""

    DIAGNOSTICS = "diagnostics", "Diagnostics territoriaux ou thématiques"
    ELUS = "elus", "Assistance et conseil auprès des élus et des comités de pilotage"
    OBJECTIFS = (
        "objectifs",
        "Accompagnement à la réalisation des objectifs prioritaires du projet de territoire",
    )
    PARTENARIATS = (
        "partenariats",
        "Développement et animation de la contractualisation, des partenariats et des "
        "réseaux professionnels",
    )
    POPULATION = "population", "Organisation et animation des relations avec la population"
    EVALUATION = "evaluation", "Contribution à l'évaluation des politiques et des actions"
    AUTRE = "autre", "Autres"


class Sphere(models.TextChoices):
    """The three spheres of intervention."""

    STRATEGIQUE = "strategique", "Stratégique"
    POLITIQUE = "politique", "Politique"
    TECHNIQUE = "technique", "Technique"


# The annual report's sections: a free description, then one per attendu.

DESCRIPTION = "description"


@dataclass(frozen=True)
class Section:
    """A section of the annual report: its title and the référentiel's question."""

    key: str
    title: str
    prompt: str


SECTIONS: tuple[Section, ...] = (
    Section(
        DESCRIPTION,
        "Description des activités du chargé de coopération",
        "Décrivez librement les activités de l'année.",
    ),
    Section(
        Attendu.DIAGNOSTICS,
        "Diagnostics territoriaux ou thématiques",
        "Avez-vous actualisé les diagnostics initiaux ? Comment et avec quels outils ? "
        "Si non, pourquoi ?",
    ),
    Section(
        Attendu.ELUS,
        "L'assistance et le conseil auprès des élus et des comités de pilotage",
        "Dans le cadre de la définition des priorités, de l'adaptation du plan d'actions ou "
        "de la réalisation du bilan annuel de la CTG, comment avez-vous été en lien avec les "
        "élus et comment les avez-vous accompagnés ?",
    ),
    Section(
        Attendu.OBJECTIFS,
        "L'accompagnement à la réalisation des objectifs prioritaires du projet de territoire "
        "inscrits dans la CTG",
        "Comment êtes-vous intervenu en faveur de la réalisation de ces objectifs ? "
        "Avez-vous rencontré des difficultés, lesquelles ?",
    ),
    Section(
        Attendu.PARTENARIATS,
        "Le développement et l'animation de la contractualisation, des partenariats et des "
        "réseaux professionnels",
        "Quelles actions ont été mises en place pour développer le partenariat, animer le "
        "réseau professionnel ? Avez-vous rencontré des difficultés, lesquelles ?",
    ),
    Section(
        Attendu.POPULATION,
        "L'organisation et l'animation des relations avec la population",
        "Quelles actions ou outils ont été mis en place pour permettre la participation de "
        "la population ? Avez-vous rencontré des difficultés, lesquelles ?",
    ),
    Section(
        Attendu.EVALUATION,
        "La contribution à l'évaluation des politiques et des actions mises en œuvre",
        "Quels outils ou actions ont été mis en œuvre pour contribuer à l'évaluation du "
        "projet de territoire ?",
    ),
    Section(Attendu.AUTRE, "Autres", "Ce que vous souhaitez ajouter."),
)

SECTION_KEYS = tuple(s.key for s in SECTIONS)
SECTION_BY_KEY = {s.key: s for s in SECTIONS}
