from django.db import models


class OrganisationKind(models.TextChoices):
    COMMUNE = "commune", "Commune"
    EPCI = "epci", "EPCI"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    MSA = "msa", "MSA"
    CPAM = "cpam", "CPAM"
    EDUCATION_NATIONALE = "education_nationale", "Éducation nationale"
    ETAT = "etat", "Services de l'État"
    EAJE = "eaje", "Établissement d'accueil du jeune enfant (EAJE)"
    ALSH = "alsh", "Accueil de loisirs sans hébergement (ALSH)"
    LAEP = "laep", "Lieu d'accueil enfants-parents (LAEP)"
    RPE = "rpe", "Relais petite enfance (RPE)"
    CENTRE_SOCIAL = "centre_social", "Centre social"
    EVS = "evs", "Espace de vie sociale (EVS)"
    ASSOCIATION = "association", "Association"
    CAF = "caf", "Caf"
    AUTRE = "autre", "Autre"


class PartnerCategory(models.TextChoices):
    """The référentiel's diagram « Avec qui travaille le Chargé de coopération ? »."""

    ELUS = "elus", "Élus"
    CAF = "caf", "Caf"
    SERVICES_COLLECTIVITE = "services_collectivite", "Services de la collectivité"
    STRUCTURES_PEEJP = (
        "structures_peejp",
        "Structures petite enfance / enfance / jeunesse / parentalité",
    )
    STRUCTURES_AVS = "structures_avs", "Structures AVS (centres sociaux, EVS)"
    INSTITUTIONNELS = "institutionnels", "Partenaires institutionnels"
    RESEAU_CDC = "reseau_cdc", "Réseau des chargés de coopération CTG"


DEFAULT_CATEGORY: dict[str, str] = {
    OrganisationKind.COMMUNE: PartnerCategory.ELUS,
    OrganisationKind.EPCI: PartnerCategory.ELUS,
    OrganisationKind.CONSEIL_DEPARTEMENTAL: PartnerCategory.INSTITUTIONNELS,
    OrganisationKind.MSA: PartnerCategory.INSTITUTIONNELS,
    OrganisationKind.CPAM: PartnerCategory.INSTITUTIONNELS,
    OrganisationKind.EDUCATION_NATIONALE: PartnerCategory.INSTITUTIONNELS,
    OrganisationKind.ETAT: PartnerCategory.INSTITUTIONNELS,
    OrganisationKind.EAJE: PartnerCategory.STRUCTURES_PEEJP,
    OrganisationKind.ALSH: PartnerCategory.STRUCTURES_PEEJP,
    OrganisationKind.LAEP: PartnerCategory.STRUCTURES_PEEJP,
    OrganisationKind.RPE: PartnerCategory.STRUCTURES_PEEJP,
    OrganisationKind.CENTRE_SOCIAL: PartnerCategory.STRUCTURES_AVS,
    OrganisationKind.EVS: PartnerCategory.STRUCTURES_AVS,
    OrganisationKind.ASSOCIATION: PartnerCategory.STRUCTURES_PEEJP,
    OrganisationKind.CAF: PartnerCategory.CAF,
    OrganisationKind.AUTRE: PartnerCategory.INSTITUTIONNELS,
}
