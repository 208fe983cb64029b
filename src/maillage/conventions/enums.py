from django.db import models


class ConventionStatus(models.TextChoices):
    EN_PREPARATION = "en_preparation", "En préparation"
    SIGNEE = "signee", "Signée"
    EN_COURS = "en_cours", "En cours"
    ECHUE = "echue", "Échue"
    EN_RENOUVELLEMENT = "en_renouvellement", "En renouvellement"


class SignatoryRole(models.TextChoices):
    SIGNATAIRE = "signataire", "Signataire"
    PARTENAIRE_ASSOCIE = "partenaire_associe", "Partenaire associé"
