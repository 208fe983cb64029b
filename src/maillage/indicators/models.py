"""Indicators of a CTG and their dated values (used by the plan and the evaluation)."""

import uuid

from django.db import models
from simple_history.models import HistoricalRecords

from maillage.conventions.models import Convention
from maillage.core.charts import Point, Series


class Periodicity(models.TextChoices):
    MENSUELLE = "mensuelle", "Mensuelle"
    TRIMESTRIELLE = "trimestrielle", "Trimestrielle"
    SEMESTRIELLE = "semestrielle", "Semestrielle"
    ANNUELLE = "annuelle", "Annuelle"
    PONCTUELLE = "ponctuelle", "Ponctuelle"


class Indicator(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("nom", max_length=300)
    unit = models.CharField("unité", max_length=50, blank=True)
    definition = models.TextField("définition", blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    baseline_value = models.DecimalField(
        "valeur de référence", max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_date = models.DateField("date de référence", null=True, blank=True)
    target_value = models.DecimalField(
        "cible", max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_date = models.DateField("échéance de la cible", null=True, blank=True)
    periodicity = models.CharField(
        "périodicité", max_length=20, choices=Periodicity.choices, default=Periodicity.ANNUELLE
    )
    actions = models.ManyToManyField(
        "plans.Action", related_name="indicators", blank=True, verbose_name="fiches actions"
    )
    objectives = models.ManyToManyField(
        "plans.Objective", related_name="indicators", blank=True, verbose_name="objectifs"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "indicateur"

    def __str__(self) -> str:
        return self.name

    def chart_series(self) -> Series:
        """The measured values, in date order, against the target and the baseline.

        Reads ``measurements.all()``, so a prefetch of the measurements serves it.
        """
        return Series(
            key=f"indicateur-{self.uuid}",
            name=self.name,
            unit=self.unit,
            points=[
                Point(m.date, m.value)
                for m in sorted(self.measurements.all(), key=lambda m: m.date)
            ],
            target=self.target_value,
            baseline=self.baseline_value,
        )


class Measurement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField("date")
    value = models.DecimalField("valeur", max_digits=14, decimal_places=2)
    comment = models.CharField("commentaire", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "valeur"
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="one_value_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} : {self.value} ({self.date:%d/%m/%Y})"
