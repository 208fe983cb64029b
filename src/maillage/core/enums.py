"""Vocabularies shared by every module."""

from django.db import models


class Theme(models.TextChoices):
    """The thématiques of a CTG (PRODUCT.md)."""

    PETITE_ENFANCE = "petite_enfance", "Petite enfance"
    ENFANCE_JEUNESSE = "enfance_jeunesse", "Enfance-jeunesse"
    PARENTALITE = "parentalite", "Parentalité"
    AVS = "avs", "Animation de la vie sociale"
    ACCES_AUX_DROITS = "acces_aux_droits", "Accès aux droits"
    LOGEMENT = "logement", "Logement"
    HANDICAP = "handicap", "Handicap"
    AUTRE = "autre", "Autre"
