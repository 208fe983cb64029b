"""The CTG's directory: contacts (people) and the organisations the CTG works with."""

import uuid

from django.db import models
from simple_history.models import HistoricalRecords

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation


class Contact(models.Model):
    """A person the CTG works with, in one CTG's directory.

    The same record is the pilot of a fiche, a meeting's invitee and the person of an
    interaction: it is never copied. Its ``notes`` are private to the CTG's team.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="contacts")
    first_name = models.CharField("prénom", max_length=100, blank=True)
    last_name = models.CharField("nom", max_length=100)
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
