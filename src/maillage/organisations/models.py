"""Cafs (the tenant roots) and the organisations CTGs work with."""

import uuid

from django.db import models
from simple_history.models import HistoricalRecords

from maillage.core.validators import no_control_characters
from maillage.territories.models import Commune, Departement, Epci

from .enums import OrganisationKind, PartnerCategory


class Caf(models.Model):
    """A Caisse d'allocations familiales: one per département; owns its CTGs."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=150, unique=True)
    departement = models.OneToOneField(
        Departement, on_delete=models.PROTECT, related_name="caf", verbose_name="département"
    )
    shared_mailbox = models.EmailField("adresse unique partenaires", blank=True)
    contacts_note = models.TextField(
        "informations pratiques",
        blank=True,
        help_text="Affiché sur la page « Contacts Caf » : horaires, accueil, délais de réponse…",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "Caf"
        verbose_name_plural = "Caf"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A collectivité, institution, structure or association, within one Caf's territory."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    caf = models.ForeignKey(Caf, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    kind = models.CharField("type", max_length=30, choices=OrganisationKind.choices)
    category = models.CharField(
        "catégorie de partenaire", max_length=30, choices=PartnerCategory.choices
    )
    siren = models.CharField("SIREN", max_length=9, blank=True)
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    epci = models.ForeignKey(
        Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "organisation"
        constraints = [
            models.UniqueConstraint(fields=["caf", "name"], name="organisation_name_per_caf")
        ]

    def __str__(self) -> str:
        return self.name
