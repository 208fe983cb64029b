"""The governance of the demo CTGs: their instances, agendas, decisions and minutes.

Agenda items name fiches by their place in the plan (``fiches=(first, count)``, in the
order of the axes and numbers); ``{year}`` and ``{epci}`` in titles and places are filled
when loading, with the year of the meeting and the CTG's EPCI.
"""

from __future__ import annotations

from dataclasses import dataclass

from maillage.core.enums import Theme
from maillage.governance.enums import Frequency


@dataclass(frozen=True)
class Instance:
    """A body of a CTG: its name, how often it meets, what it is for."""

    name: str
    frequency: str
    description: str = ""


@dataclass(frozen=True)
class Item:
    """An agenda item; ``fiches`` are the plan's fiches it links, as (first, count)."""

    title: str
    duration: int
    presenter: str = ""
    fiches: tuple[int, int] | None = None


COPIL = Instance(
    "Comité de pilotage de la CTG",
    Frequency.ANNUELLE,
    "Élus des collectivités signataires, Caf, Département et MSA : "
    "valide les orientations et le plan d'actions, une fois par an au moins.",
)
COPIL_TITLE = "COPIL annuel {year}"
COPIL_PLACE = "Siège de la {epci}, salle du conseil"

# Last year's COPIL of a detailed CTG, held.
HELD_COPIL_AGENDA = [
    Item("Bilan annuel du plan d'actions et des indicateurs", 60, "Chargé·e de coopération",
         (0, 3)),
    Item("Point d'étape de la Caf", 20, "CDT de la Caf"),
    Item("Ajustements du plan pour l'année suivante", 45, "Chargé·e de coopération", (3, 2)),
    Item("Questions diverses", 15),
]  # fmt: skip

COPIL_MINUTES = """Le comité de pilotage a présenté le bilan annuel du plan d'actions : \
la majorité des fiches sont engagées, deux accusent un retard lié au recrutement.
Les indicateurs de la CTG ont été commentés : le taux de couverture en accueil du jeune \
enfant progresse, la fréquentation des actions de parentalité reste inégale selon les communes.
La Caf a rappelé le calendrier du rapport d'activité et les conditions du co-financement \
du poste de chargé·e de coopération.
Les élus ont validé les ajustements proposés pour l'année suivante (voir le relevé de décisions)."""

# Its decisions, due on 30 June: the first starts a fiche that had not begun (applied to
# the plan), the second is the technicien's, the third links no fiche.
DECISION_START = "Engager la fiche dès le premier trimestre, avec un point d'étape au COTECH."
DECISION_POSTPONE = "Reporter l'action à l'année suivante faute de porteur identifié."
DECISION_REPORT = "Présenter au prochain COPIL un bilan de la fréquentation par commune."
DECISIONS_DUE = (6, 30)  # (month, day) of the COPIL's next year

# This year's COPIL of a detailed CTG, planned; ``{next_year}`` is the year after.
PLANNED_COPIL_AGENDA = [
    Item("Bilan annuel du plan d'actions et des indicateurs", 60, fiches=(0, 4)),
    Item("Ajustements du plan pour {next_year}", 45, fiches=(4, 2)),
    Item("Préparation du rapport d'activité", 20),
]

COTECH = Instance(
    "Comité technique",
    Frequency.TRIMESTRIELLE,
    "Techniciens des collectivités, pilotes des fiches et Caf : "
    "suit le plan d'actions entre deux COPIL.",
)
# When its meetings fall, in months from the day of loading.
COTECH_MONTHS = (-22, -16, -10, -4, 1)
COTECH_TITLE = "COTECH n° {n}"
COTECH_PLACE = "Salle de réunion de la CTG"
COTECH_VIDEO_LINK = "https://visio.example.org/cotech-ctg"
# The first item links three fiches, a different three at each meeting.
COTECH_AGENDA = [
    Item("Avancement des fiches actions", 60, "Pilotes des fiches"),
    Item("Préparation du prochain COPIL", 30),
]
COTECH_MINUTES = """Point d'avancement des fiches actions avec leurs pilotes.
Échanges sur les difficultés rencontrées et les relais possibles entre partenaires.
Préparation des éléments à présenter au prochain comité de pilotage."""

# Working groups of the detailed CTGs: slug → [(name, thématique)].
GROUPS = {
    "chambery": [
        ("Groupe de travail Parentalité", Theme.PARENTALITE),
        ("Groupe de travail Petite enfance", Theme.PETITE_ENFANCE),
    ],
    "arlysere": [("Groupe de travail Jeunesse", Theme.ENFANCE_JEUNESSE)],
    "coeur-de-savoie": [
        ("Groupe de travail Accès aux droits", Theme.ACCES_AUX_DROITS),
        ("Groupe de travail Petite enfance", Theme.PETITE_ENFANCE),
    ],
}
# A workshop held, then its findings presented; both link the same two fiches.
GROUP_WORKSHOP = ("{name} — atelier", Item("Partage du diagnostic", 45))
GROUP_FINDINGS = ("{name} — restitution", Item("Propositions d'actions", 60))
GROUP_MINUTES = """Partage du diagnostic de la thématique et des besoins repérés par les structures.
Pistes d'actions retenues pour être proposées au comité technique."""

# The other CTGs: one COPIL, led by the CTG's CDT.
OTHER_COPIL = Instance("Comité de pilotage de la CTG", Frequency.ANNUELLE)
OTHER_COPIL_PLACE = "Siège de la {epci}"
OTHER_COPIL_AGENDA = [Item("Bilan annuel du plan d'actions et des indicateurs", 60)]
OTHER_COPIL_MINUTES = "Bilan du plan d'actions présenté et validé par les élus."

# The Caf's network of chargés de coopération: (months from the day of loading, title).
NETWORK_MEETINGS = [
    (-10, "Réseau des CDC — rentrée et calendrier de l'année"),
    (-7, "Réseau des CDC — rapport d'activité et évaluation"),
    (-4, "Réseau des CDC — échanges de pratiques : la participation des habitants"),
    (-1, "Réseau des CDC — préparation des COPIL annuels"),
    (1, "Réseau des CDC — bilan de l'année"),
]
NETWORK_PLACE = "Caf de la Savoie, salle des instances"
NETWORK_VIDEO_LINK = "https://visio.example.org/reseau-cdc"
NETWORK_AGENDA = [Item("Informations de la Caf", 30), Item("Tour de table des CTG", 60)]
NETWORK_MINUTES = (
    "Informations de la Caf sur le calendrier des CTG.\n"
    "Tour de table : avancement des plans d'actions et des COPIL."
)
