"""Vocabularies of the governance: instances, meetings, attendance, decisions."""

from django.db import models


class BodyKind(models.TextChoices):
    COPIL = "copil", "Comité de pilotage (COPIL)"
    COTECH = "cotech", "Comité technique (COTECH)"
    GROUPE_TRAVAIL = "groupe_travail", "Groupe de travail"
    EVALUATION = "evaluation", "Temps d'évaluation partagée"
    RESEAU_CDC = "reseau_cdc", "Réseau des chargés de coopération"


# The instances a CTG holds; the network of chargés de coopération belongs to the Caf.
CTG_KINDS = (BodyKind.COPIL, BodyKind.COTECH, BodyKind.GROUPE_TRAVAIL, BodyKind.EVALUATION)


# The instances élus and Caf roles follow without being invited.
STEERING_KINDS = (BodyKind.COPIL, BodyKind.COTECH)


class Frequency(models.TextChoices):
    ANNUELLE = "annuelle", "Au moins une fois par an"
    SEMESTRIELLE = "semestrielle", "Deux fois par an"
    TRIMESTRIELLE = "trimestrielle", "Chaque trimestre"
    MENSUELLE = "mensuelle", "Chaque mois"
    PONCTUELLE = "ponctuelle", "Selon les besoins"


class MeetingStatus(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    TENUE = "tenue", "Tenue"
    ANNULEE = "annulee", "Annulée"


class Attendance(models.TextChoices):
    INVITE = "invite", "Invité·e"
    PRESENT = "present", "Présent·e"
    EXCUSE = "excuse", "Excusé·e"
    ABSENT = "absent", "Absent·e"


class MinutesStatus(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIE = "publie", "Publié"


class DecisionStatus(models.TextChoices):
    A_FAIRE = "a_faire", "À faire"
    EN_COURS = "en_cours", "En cours"
    FAITE = "faite", "Faite"
    ABANDONNEE = "abandonnee", "Abandonnée"


class PlanChange(models.TextChoices):
    """What applying a decision changes in the plan d'actions."""

    STATUS = "statut", "Changer le statut d'une fiche"
    PILOT = "pilote", "Changer le pilote d'une fiche"
    DATES = "dates", "Changer les dates d'une fiche"
    BUDGET = "budget", "Ajouter une ligne budgétaire à une fiche"
    NEW_ACTION = "nouvelle_fiche", "Créer une nouvelle fiche"


class CopilStatus(models.TextChoices):
    """Where the CTG stands with this year's COPIL."""

    TENU = "tenu", "COPIL tenu"
    PREVU = "prevu", "COPIL prévu"
    MANQUANT = "manquant", "Pas de COPIL"
