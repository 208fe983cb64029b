"""The annual report's sections, as the référentiel lists them, with its questions."""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Attendu

DESCRIPTION = "description"


@dataclass(frozen=True)
class Section:
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
BY_KEY = {s.key: s for s in SECTIONS}
