from django.db import models


class ConventionRole(models.TextChoices):
    """Roles of the collectivité side, held on one CTG."""

    CDC = "cdc", "Chargé·e de coopération"
    ELU = "elu", "Élu·e référent·e"
    TECHNICIEN = "technicien", "Technicien·ne"
    PARTENAIRE = "partenaire", "Partenaire"


class CafRole(models.TextChoices):
    """Roles of the CAF side, held on one Caf (so on all of its CTGs)."""

    CDT = "cdt", "Chargé·e de développement territorial"
    CONSEILLER = "conseiller", "Conseiller·ère thématique"
    CAF_ADMIN = "caf_admin", "Responsable Caf"
