"""The activity app's own states: the report's workflow and its reminders.

The référentiel's vocabulary (missions, attendus, spheres) is in
:mod:`maillage.core.referentiel`.
"""

from django.db import models


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
