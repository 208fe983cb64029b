"""The help page's content: the référentiel of the chargé de coopération (its sphères,
missions and attendus, from :mod:`maillage.core.referentiel`) and where each part lives in
Maillage.

A place is a page of the CTG (``ctg``) or of the Caf (``caf``). For a user with one CTG, it
links to that CTG's page; otherwise the page names the tab to open in any CTG.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from maillage.core.referentiel import Attendu, Mission, Sphere


@dataclass(frozen=True)
class Place:
    """A page of Maillage: its tab (and sub-page), its URL name, on the CTG or the Caf."""

    label: str
    url_name: str
    scope: str = "ctg"


OVERVIEW = Place("Vue d'ensemble (territoire, thématiques)", "conventions:detail")
PLAN = Place("Plan d'actions", "plans:tree")
DASHBOARD = Place("Plan d'actions › Tableau de bord", "plans:dashboard")
GOVERNANCE = Place("Gouvernance (instances, réunions, décisions)", "governance:meeting_list")
INDICATORS = Place("Indicateurs", "indicators:list")
DIRECTORY = Place("Annuaire (partenaires et contacts)", "network:directory")
INTERACTIONS = Place("Annuaire › Journal des interactions", "network:interaction_list")
JOURNAL = Place("Activité › Journal d'activité", "activity:journal")
REPORTS = Place("Activité › Rapport d'activité", "activity:report_list")
CDC_NETWORK = Place("Réseau des CDC (pages de la Caf)", "departement:network", "caf")

SPHERE_TEXT = {
    Sphere.STRATEGIQUE: "Aide à la décision, expertise, recherche de partenariats "
    "institutionnels, évaluer l'impact de la CTG.",
    Sphere.POLITIQUE: "Enjeux à identifier, démarche et méthode, conditions de réussite à créer.",
    Sphere.TECHNIQUE: "Mobilisation des acteurs, partenariats à créer, veille, animation, "
    "gestion administrative et financière.",
}

MISSION_PLACES: dict[str, tuple[Place, ...]] = {
    Mission.POLITIQUES: (GOVERNANCE, PLAN, DASHBOARD),
    Mission.OFFRE: (OVERVIEW, INDICATORS, PLAN),
    Mission.RESEAU: (DIRECTORY, INTERACTIONS, CDC_NETWORK),
    Mission.POPULATION: (JOURNAL, INTERACTIONS),
}

ATTENDU_PLACES: dict[str, tuple[Place, ...]] = {
    Attendu.DIAGNOSTICS: (OVERVIEW, INDICATORS),
    Attendu.ELUS: (GOVERNANCE,),
    Attendu.OBJECTIFS: (PLAN, DASHBOARD),
    Attendu.PARTENARIATS: (DIRECTORY, INTERACTIONS, CDC_NETWORK),
    Attendu.POPULATION: (JOURNAL,),
    Attendu.EVALUATION: (INDICATORS, DASHBOARD),
    Attendu.AUTRE: (JOURNAL,),
}


def _link(place: Place, ctg: Any | None, caf: Any | None, journal: bool) -> dict[str, Any]:
    """A place as the template shows it: its label and, where it can be named, its URL."""
    if place is JOURNAL and ctg is not None and not journal:
        place = REPORTS  # the journal is the CDC's; the others read the reports
    url = None
    if place.scope == "ctg" and ctg is not None:
        url = reverse(place.url_name, args=[ctg.uuid])
    elif place.scope == "caf" and caf is not None:
        url = reverse(place.url_name, args=[caf.uuid])
    return {"label": place.label, "url": url}


def help_content(*, ctg: Any | None, caf: Any | None, journal: bool) -> dict[str, Any]:
    """The référentiel's parts with their places; links on ``ctg`` (the user's one CTG, or
    None) and ``caf`` (the Caf whose network the user may open, or None). ``journal``: the
    user keeps the CTG's journal (else the journal's place links to the reports)."""

    def places(of: tuple[Place, ...]) -> list[dict[str, Any]]:
        return [_link(p, ctg, caf, journal) for p in of]

    return {
        "spheres": [{"label": s.label, "text": SPHERE_TEXT[Sphere(s.value)]} for s in Sphere],
        "missions": [
            {"number": i, "label": m.label, "places": places(MISSION_PLACES[m.value])}
            for i, m in enumerate(Mission, start=1)
        ],
        "attendus": [
            {"label": a.label, "places": places(ATTENDU_PLACES[a.value])} for a in Attendu
        ],
        "journal": _link(JOURNAL, ctg, caf, journal),
        "reports": _link(REPORTS, ctg, caf, journal),
    }
