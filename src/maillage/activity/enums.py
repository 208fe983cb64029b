"""The référentiel's vocabulary for the CDC's activity: missions, attendus, spheres."""

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


class ReportStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    TRANSMIS = "transmis", "Transmis à la Caf"
    A_COMPLETER = "a_completer", "À compléter"
    VALIDE = "valide", "Validé"


# The states in which the CDC writes and the facts follow the data.
EDITABLE = (ReportStatus.BROUILLON, ReportStatus.A_COMPLETER)


class ReportEventKind(models.TextChoices):
    CREE = "cree", "Rapport commencé"
    APPROUVE = "approuve", "Approuvé par l'élu·e référent·e"
    TRANSMIS = "transmis", "Transmis à la Caf"
    RENVOYE = "renvoye", "Renvoyé pour compléments"
    VALIDE = "valide", "Validé par la Caf"


class ReminderKind(models.TextChoices):
    """The reminders sent to a CDC before and after the report's due date."""

    J14 = "j14", "14 jours avant l'échéance"
    J3 = "j3", "3 jours avant l'échéance"
    RETARD = "retard", "Échéance dépassée"
