"""French administrative divisions, from the Code officiel géographique (COG)."""

from django.db import models

from maillage.core.formats import de

from .enums import EpciKind, FormerCommuneKind


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    region_code = models.CharField("code région", max_length=3, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "département"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    siren = models.CharField("SIREN", max_length=9, unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=5, choices=EpciKind.choices)
    population = models.PositiveIntegerField("population municipale", default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A current commune (``commune-actuelle`` in the COG)."""

    code = models.CharField("code INSEE", max_length=5, unique=True)
    name = models.CharField("nom", max_length=200)
    population = models.PositiveIntegerField("population municipale", default=0)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes"
    )

    class Meta:
        ordering = ["name", "code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class FormerCommune(models.Model):
    """A commune déléguée, associée or an arrondissement: maps to its current commune."""

    code = models.CharField("code INSEE", max_length=5)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=30, choices=FormerCommuneKind.choices)
    commune = models.ForeignKey(
        Commune,
        on_delete=models.CASCADE,
        related_name="former_communes",
        verbose_name="commune actuelle",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "commune déléguée ou associée"
        verbose_name_plural = "communes déléguées ou associées"
        constraints = [
            models.UniqueConstraint(fields=["code", "kind"], name="former_commune_code_kind")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}) → {self.commune.name}"


class CommuneContour(models.Model):
    """The outline of a current commune, as GeoJSON (WGS84): for the maps of the Cafs."""

    commune = models.OneToOneField(Commune, on_delete=models.CASCADE, related_name="contour")
    geojson = models.TextField("contour (GeoJSON)")
    source_codes = models.CharField(
        "codes INSEE d'origine",
        max_length=500,
        help_text="Les communes de la source réunies dans ce contour (fusions depuis 2018).",
    )

    class Meta:
        verbose_name = "contour de commune"
        verbose_name_plural = "contours de communes"

    def __str__(self) -> str:
        return f"Contour {de(self.commune.name)}"
