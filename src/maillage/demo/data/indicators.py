"""The indicators of the detailed CTGs: what each measures, and each CTG's baseline and target.

The values between them are drawn by the plans loader (``loaders.indicators``).
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.indicators.models import Periodicity


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator, linked to the fiches and objectifs (slots) of a CTG's plan that it follows."""

    key: str
    name: str
    unit: str
    definition: str
    source: str
    periodicity: str
    fiches: tuple[str, ...]
    slots: tuple[str, ...]
    decimals: int = 0


INDICATORS = [
    IndicatorSpec(
        "couverture",
        "Taux de couverture accueil du jeune enfant",
        "places pour 100 enfants",
        "Places d'accueil (crèches, micro-crèches, MAM et assistants maternels) pour 100 "
        "enfants de moins de 3 ans.",
        "Caf de la Savoie — observatoire (données Caf et Insee)",
        Periodicity.ANNUELLE,
        ("mam", "eaje_extension", "micro_creche", "saisonniers", "horaires_atypiques"),
        ("pe_offre",),
        decimals=1,
    ),
    IndicatorSpec(
        "laep",
        "Nombre de familles accueillies au LAEP",
        "familles",
        "Familles différentes accueillies au moins une fois dans l'année.",
        "Bilans d'activité des LAEP",
        Periodicity.ANNUELLE,
        ("laep_itinerant", "laep_creation"),
        ("par_lieux",),
    ),
    IndicatorSpec(
        "pij",
        "Nombre de jeunes accueillis au PIJ",
        "jeunes",
        "Jeunes de 12 à 25 ans accueillis ou renseignés par le point information jeunesse, "
        "y compris hors les murs.",
        "Bilan d'activité du point information jeunesse",
        Periodicity.ANNUELLE,
        ("pij", "animation_ados", "promeneurs"),
        ("ej_jeunes",),
    ),
    IndicatorSpec(
        "permanences",
        "Fréquentation des permanences d'accès aux droits",
        "rendez-vous",
        "Rendez-vous et passages enregistrés aux permanences partenaires et en France "
        "services, par trimestre.",
        "Relevés des permanences partenaires",
        Periodicity.TRIMESTRIELLE,
        ("permanences_droits", "france_services", "numerique"),
        ("avs_droits",),
    ),
    IndicatorSpec(
        "handicap",
        "Enfants en situation de handicap accueillis en crèche et en accueil de loisirs",
        "enfants",
        "Enfants bénéficiaires de l'AEEH accueillis au moins une fois dans l'année.",
        "Caf de la Savoie — bonus inclusion handicap",
        Periodicity.ANNUELLE,
        ("handicap_pe", "handicap_alsh"),
        ("pe_inclusion", "ej_inclusion"),
    ),
    IndicatorSpec(
        "rpe",
        "Part des assistants maternels en contact avec le RPE",
        "%",
        "Assistants maternels agréés ayant participé à au moins un temps collectif ou un "
        "entretien du RPE dans l'année.",
        "Bilan d'activité du relais petite enfance",
        Periodicity.ANNUELLE,
        ("rpe_renfort", "formation_am"),
        ("pe_qualite",),
        decimals=1,
    ),
    IndicatorSpec(
        "initiatives",
        "Nombre d'initiatives d'habitants soutenues",
        "initiatives",
        "Projets portés par des habitants et soutenus par une structure d'animation de la "
        "vie sociale ou un fonds de participation.",
        "Bilans des centres sociaux et des EVS",
        Periodicity.ANNUELLE,
        ("fonds_habitants", "jardins", "evs_creation", "mobilite"),
        ("avs_participation",),
    ),
]

# CTG → indicator key → (baseline, target)
INDICATOR_VALUES: dict[str, dict[str, tuple[int | float, int | float]]] = {
    "chambery": {
        "couverture": (58.4, 64.0),
        "laep": (120, 170),
        "pij": (850, 1200),
        "permanences": (420, 560),
        "handicap": (18, 35),
        "rpe": (61.0, 75.0),
    },
    "arlysere": {
        "couverture": (49.2, 55.0),
        "laep": (64, 100),
        "pij": (310, 450),
        "permanences": (260, 380),
        "initiatives": (6, 15),
    },
    "coeur-de-savoie": {
        "couverture": (41.5, 50.0),
        "laep": (28, 70),
        "permanences": (110, 220),
        "rpe": (48.0, 70.0),
        "initiatives": (3, 12),
    },
}
