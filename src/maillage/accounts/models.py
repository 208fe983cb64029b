"""Users and their memberships of CTGs and Cafs."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from maillage.core.enums import Theme

from .enums import CafRole, ConventionRole


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("L'adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account; the e-mail address is the login."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail", unique=True)
    full_name = models.CharField("nom complet", max_length=150)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("administrateur de la plateforme", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    notify_assignments = models.BooleanField(
        "m'avertir par e-mail quand je deviens pilote ou copilote d'une fiche", default=True
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "utilisateur"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ConventionMembership(models.Model):
    """A user's role on one CTG. Deactivated, never deleted: history is kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="convention_memberships")
    convention = models.ForeignKey(
        "conventions.Convention", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=ConventionRole.choices)
    is_active = models.BooleanField("actif", default=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre d'une CTG"
        verbose_name_plural = "membres des CTG"
        constraints = [
            models.UniqueConstraint(fields=["user", "convention"], name="one_membership_per_ctg")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.convention})"


class CafMembership(models.Model):
    """A user's role at a Caf: gives access to every CTG of that Caf."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="caf_memberships")
    caf = models.ForeignKey(
        "organisations.Caf", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=CafRole.choices)
    theme = models.CharField(
        "thématique",
        max_length=30,
        choices=Theme.choices,
        blank=True,
        help_text="Pour un conseiller thématique.",
    )
    is_active = models.BooleanField("actif", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "membre d'une Caf"
        verbose_name_plural = "membres des Caf"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "caf", "role"], name="one_caf_membership_per_role"
            ),
            models.CheckConstraint(
                condition=Q(role=CafRole.CONSEILLER) | Q(theme=""),
                name="theme_only_for_conseiller",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.caf})"
