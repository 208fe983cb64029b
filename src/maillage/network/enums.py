"""Vocabularies of the CTG's network."""

from django.db import models


class InteractionKind(models.TextChoices):
    """How the CTG's team was in touch with someone."""

    REUNION = "reunion", "Réunion"
    ENTRETIEN = "entretien", "Entretien"
    APPEL = "appel", "Appel"
    EMAIL = "email", "E-mail"
    VISITE = "visite", "Visite"
    EVENEMENT = "evenement", "Événement"
