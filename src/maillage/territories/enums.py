from django.db import models


class EpciKind(models.TextChoices):
    CC = "CC", "Communauté de communes"
    CA = "CA", "Communauté d'agglomération"
    CU = "CU", "Communauté urbaine"
    METRO = "METRO", "Métropole"
    MET69 = "MET69", "Métropole de Lyon"


class FormerCommuneKind(models.TextChoices):
    DELEGUEE = "commune-deleguee", "Commune déléguée"
    ASSOCIEE = "commune-associee", "Commune associée"
    ARRONDISSEMENT = "arrondissement-municipal", "Arrondissement municipal"
