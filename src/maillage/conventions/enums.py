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
