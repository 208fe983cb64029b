"""Users: a person with an account, whose e-mail address is the login.

Their roles on CTGs and Cafs (memberships) belong to ``maillage.conventions``.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from maillage.core.validators import no_control_characters


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
    full_name = models.CharField("nom complet", max_length=150, validators=[no_control_characters])
    phone = models.CharField("téléphone", max_length=30, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("administrateur de la plateforme", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    notify_assignments = models.BooleanField(
        "m'avertir par e-mail des fiches que je suis : quand j'en deviens pilote ou copilote, "
        "quand un élu ou la Caf y écrit une note",
        default=True,
    )
    notify_minutes = models.BooleanField(
        "m'avertir par e-mail quand le compte rendu d'une réunion où j'étais invité·e est publié",
        default=True,
    )
    # Set when a Caf responsable resets the second factor: enrolment is due at next login.
    two_factor_must_enrol = models.BooleanField(
        "doit réactiver la double authentification", default=False
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
