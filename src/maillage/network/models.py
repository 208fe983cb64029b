"""The CTG's directory: contacts (people) and the organisations the CTG works with."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.validators import no_control_characters
from maillage.core.versioning import Versioned
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation

from .enums import InteractionKind


class Contact(Versioned):
    """A person the CTG works with, in one CTG's directory.

    The same record is the pilot of a fiche, a meeting's invitee and the person of an
    interaction: it is never copied. Its ``notes`` are private to the CTG's team.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField(
        "prénom", max_length=100, blank=True, validators=[no_control_characters]
    )
    last_name = models.CharField("nom", max_length=100, validators=[no_control_characters])
    function = models.CharField("fonction", max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name="organisation",
    )
    email = models.EmailField("adresse électronique", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    category = models.CharField(
        "catégorie", max_length=30, choices=PartnerCategory.choices, blank=True
    )
    notes = models.TextField("notes privées", blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = "contact"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "email"],
                condition=~models.Q(email=""),
                name="contact_email_per_ctg",
                violation_error_message="Un contact de cette CTG a déjà cette adresse.",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactTheme(models.Model):
    """A thématique a contact works on."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField("thématique", max_length=30, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contact", "theme"], name="contact_theme_unique")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class Partner(Versioned):
    """An organisation in one CTG's directory, with what the CTG alone knows of it.

    The :class:`Organisation` is shared by the CTGs of its Caf; the notes, the strategic
    flag and the thématiques here belong to this CTG and are never shown to another.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="directory_entries",
        verbose_name="organisation",
    )
    strategic = models.BooleanField(
        "partenaire stratégique",
        default=False,
        help_text="Suivi de près : signalé quand aucun contact n'a eu lieu depuis longtemps.",
    )
    notes = models.TextField("notes privées", blank=True)
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "organisation de l'annuaire"
        verbose_name_plural = "organisations de l'annuaire"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"],
                name="partner_organisation_per_ctg",
                violation_error_message="Cette organisation est déjà dans l'annuaire de la CTG.",
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name


class PartnerTheme(models.Model):
    """A thématique the CTG works on with an organisation."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField("thématique", max_length=30, choices=Theme.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "theme"], name="partner_theme_unique")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class Interaction(models.Model):
    """A moment of contact of the CTG's team with people and organisations.

    ``notes`` are private to the CTG's team: a partner never reads them.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="interactions"
    )
    date = models.DateField("date")
    kind = models.CharField("type", max_length=20, choices=InteractionKind.choices)
    subject = models.CharField("objet", max_length=200)
    notes = models.TextField("notes privées", blank=True)
    contacts = models.ManyToManyField(
        Contact, related_name="interactions", blank=True, verbose_name="contacts"
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="interactions", blank=True, verbose_name="organisations"
    )
    actions = models.ManyToManyField(
        "plans.Action", related_name="interactions", blank=True, verbose_name="fiches actions liées"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = HistoricalRecords(m2m_fields=[contacts, organisations])

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = "interaction"
        indexes = [models.Index(fields=["convention", "date"], name="interaction_ctg_date")]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.subject}"
