"""The Convention Territoriale Globale (CTG) and what defines it."""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, TypeAlias, TypedDict, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from maillage.core.enums import Theme
from maillage.core.validators import no_control_characters
from maillage.organisations.models import Caf, Organisation
from maillage.territories.models import Commune, Epci

from .enums import CafRole, ConventionRole, ConventionStatus, SignatoryRole

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from maillage.accounts.models import User


def status_for(
    *,
    signed_on: datetime.date | None,
    start: datetime.date,
    end: datetime.date,
    renewal_in_progress: bool,
    today: datetime.date,
) -> str:
    """The status of a CTG, derived from its dates (the same rule as the annotation)."""
    if renewal_in_progress:
        return ConventionStatus.EN_RENOUVELLEMENT
    if signed_on is None:
        return ConventionStatus.EN_PREPARATION
    if today < start:
        return ConventionStatus.SIGNEE
    if today <= end:
        return ConventionStatus.EN_COURS
    return ConventionStatus.ECHUE


_ConventionT = TypeVar("_ConventionT", bound="Convention", covariant=True)


class ConventionStatusAnnotation(TypedDict):
    """What :meth:`ConventionQuerySet.with_status` adds to each CTG."""

    status: str


class ConventionPopulationAnnotation(TypedDict):
    """What :meth:`ConventionQuerySet.with_population` adds to each CTG."""

    population: int


class ConventionRoleAnnotation(TypedDict):
    """What :meth:`ConventionQuerySet.annotate_role` adds to each CTG."""

    my_role: str | None


class ConventionListing(TypedDict):
    """What :meth:`ConventionQuerySet.for_listing` adds to each CTG."""

    status: str
    population: int
    commune_count: int


# CTGs annotated by the ConventionQuerySet methods of the same name.
StatusConvention: TypeAlias = "WithAnnotations[Convention, ConventionStatusAnnotation]"
PopulationConvention: TypeAlias = "WithAnnotations[Convention, ConventionPopulationAnnotation]"
RoleConvention: TypeAlias = "WithAnnotations[Convention, ConventionRoleAnnotation]"
ListedConvention: TypeAlias = "WithAnnotations[Convention, ConventionListing]"


class ConventionQuerySet(models.QuerySet[_ConventionT]):
    # Generic in the CTG's class so that the CTGs annotated by with_status() and the
    # others keep their annotations, and the queryset its methods, through the chain.
    def visible_to(self, user: User) -> ConventionQuerySet[_ConventionT]:
        """CTGs the user may see: their active memberships, and every CTG of their Caf."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        own = ConventionMembership.objects.filter(user=user, is_active=True).values("convention_id")
        cafs = CafMembership.objects.filter(
            user=user, is_active=True, role__in=CafRole.values
        ).values("caf_id")
        return self.filter(Q(pk__in=own) | Q(caf_id__in=cafs))

    def with_status(
        self, today: datetime.date | None = None
    ) -> ConventionQuerySet[StatusConvention]:
        """Annotate ``status``, derived from the dates like :func:`status_for`."""
        today = today or timezone.localdate()
        return self.annotate(
            status=Case(
                When(renewal_in_progress=True, then=Value(ConventionStatus.EN_RENOUVELLEMENT)),
                When(signed_on__isnull=True, then=Value(ConventionStatus.EN_PREPARATION)),
                When(start_date__gt=today, then=Value(ConventionStatus.SIGNEE)),
                When(end_date__gte=today, then=Value(ConventionStatus.EN_COURS)),
                default=Value(ConventionStatus.ECHUE),
                output_field=models.CharField(),
            )
        )

    def with_population(self) -> ConventionQuerySet[PopulationConvention]:
        """Annotate ``population``: the sum of the CTG's communes' populations."""
        total = (
            Commune.objects.filter(conventions=OuterRef("pk"))
            .order_by()
            .values("conventions")
            .annotate(total=Sum("population"))
            .values("total")
        )
        return self.annotate(population=Coalesce(Subquery(total), Value(0)))

    def annotate_role(self, user: User) -> ConventionQuerySet[RoleConvention]:
        """Annotate ``my_role``: the user's active collectivité-side role on each CTG."""
        role = ConventionMembership.objects.filter(
            convention=OuterRef("pk"), user=user, is_active=True
        ).values("role")[:1]
        return self.annotate(my_role=Subquery(role))

    def for_listing(self) -> ConventionQuerySet[ListedConvention]:
        """Everything a table of CTGs shows, in a constant number of queries."""
        return (
            self.with_status()
            .with_population()
            .select_related("caf", "epci", "cdt")
            .annotate(
                # Counted on the link table alone: no join on the communes.
                commune_count=Coalesce(
                    Subquery(
                        Convention.communes.through.objects.filter(convention_id=OuterRef("pk"))
                        .order_by()
                        .values("convention_id")
                        # values(n=...) rather than annotate(n=...).values("n"): the same
                        # SQL, but the type checker follows it on the link table.
                        .values(n=models.Count("pk"))
                    ),
                    Value(0),
                )
            )
        )


class Convention(models.Model):
    """A Convention Territoriale Globale: one Caf, a territory, a period, signatories."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    caf = models.ForeignKey(Caf, on_delete=models.PROTECT, related_name="conventions")
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    epci = models.ForeignKey(
        Epci,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conventions",
        verbose_name="EPCI principal",
    )
    communes = models.ManyToManyField(
        Commune, related_name="conventions", blank=True, verbose_name="communes"
    )
    start_date = models.DateField("début")
    end_date = models.DateField("fin")
    signed_on = models.DateField("signée le", null=True, blank=True)
    renewal_in_progress = models.BooleanField("renouvellement en cours", default=False)
    cdt = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referent_conventions",
        verbose_name="CDT référent",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[communes])

    objects = ConventionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "CTG"
        verbose_name_plural = "CTG"
        indexes = [models.Index(fields=["name"], name="ctg_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="ctg_ends_after_start"
            ),
            models.UniqueConstraint(fields=["caf", "name"], name="ctg_name_per_caf"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def ctg_name(self) -> str:
        """The CTG named as in a sentence, « la {ctg_name} »: « CTG Grand Chambéry » whether
        its name already starts with « CTG » or not (never « la CTG CTG … »)."""
        return self.name if self.name.upper().startswith("CTG") else f"CTG {self.name}"

    @property
    def current_status(self) -> str:
        """The status, from the annotation when present, else computed."""
        annotated = self.__dict__.get("status")
        if annotated:
            return annotated
        return status_for(
            signed_on=self.signed_on,
            start=self.start_date,
            end=self.end_date,
            renewal_in_progress=self.renewal_in_progress,
            today=timezone.localdate(),
        )

    @property
    def status_label(self) -> str:
        return ConventionStatus(self.current_status).label

    @property
    def my_role_label(self) -> str:
        """The label of the ``my_role`` annotation (see ``annotate_role``)."""
        role = self.__dict__.get("my_role")
        return ConventionRole(role).label if role else ""


class ConventionTheme(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField("thématique", max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["theme"]
        verbose_name = "thématique"
        constraints = [
            models.UniqueConstraint(fields=["convention", "theme"], name="one_theme_per_ctg")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class Signatory(models.Model):
    """An organisation that signs the CTG or is associated with it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signatures"
    )
    role = models.CharField("rôle", max_length=30, choices=SignatoryRole.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "organisation__name"]
        verbose_name = "signataire"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"], name="one_signature_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class ConventionMembership(models.Model):
    """A user's role on one CTG. Deactivated, never deleted: history is kept."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="convention_memberships"
    )
    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=20, choices=ConventionRole.choices)
    is_active = models.BooleanField("actif", default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caf_memberships"
    )
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
