from django.db import models


class ActionStatus(models.TextChoices):
    A_VENIR = "a_venir", "À venir"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    EN_PAUSE = "en_pause", "En pause"
    ABANDONNEE = "abandonnee", "Abandonnée"
    BLOQUEE = "bloquee", "Bloquée"


CLOSED_STATUSES = (ActionStatus.REALISEE, ActionStatus.ABANDONNEE)


class Priority(models.TextChoices):
    HAUTE = "haute", "Haute"
    MOYENNE = "moyenne", "Moyenne"
    BASSE = "basse", "Basse"


class Public(models.TextChoices):
    """Public cible of a fiche action."""

    FAMILLES = "familles", "Familles"
    ENFANTS_0_3 = "enfants_0_3", "Enfants 0–3 ans"
    ENFANTS_3_11 = "enfants_3_11", "Enfants 3–11 ans"
    JEUNES_12_17 = "jeunes_12_17", "Jeunes 12–17 ans"
    JEUNES_18_25 = "jeunes_18_25", "Jeunes 18–25 ans"
    PARENTS = "parents", "Parents"
    PROFESSIONNELS = "professionnels", "Professionnels"
    HABITANTS = "habitants", "Habitants"
    ELUS = "elus", "Élus"


class Participation(models.TextChoices):
    """Level of citizen participation in a fiche action."""

    AUCUNE = "aucune", "Pas de participation"
    INFORMATION = "information", "Information"
    CONSULTATION = "consultation", "Consultation"
    CONCERTATION = "concertation", "Concertation"
    CO_CONSTRUCTION = "co_construction", "Co-construction"


class BudgetNature(models.TextChoices):
    FONCTIONNEMENT = "fonctionnement", "Fonctionnement"
    INVESTISSEMENT = "investissement", "Investissement"
