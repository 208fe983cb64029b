"""The plan d'actions of a CTG: axes → objectifs → fiches actions."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias, TypedDict, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.core.enums import Theme
from maillage.core.validators import no_control_characters
from maillage.core.versioning import Versioned
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune

from .enums import CLOSED_STATUSES, ActionStatus, BudgetNature, Participation, Priority, Public

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from maillage.accounts.models import User


class ActionPlan(models.Model):
    """The one plan d'actions of a CTG."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.OneToOneField(Convention, on_delete=models.CASCADE, related_name="plan")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "plan d'actions"
        verbose_name_plural = "plans d'actions"

    def __str__(self) -> str:
        return f"Plan d'actions — {self.convention}"


class Axis(models.Model):
    """An orientation stratégique. ``number`` gives the stable reference « A2 »."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="axes")
    number = models.PositiveIntegerField("numéro", editable=False)
    position = models.PositiveIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300, validators=[no_control_characters])
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "number"]
        verbose_name = "axe"
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="axis_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def reference(self) -> str:
        return f"A{self.number}"


class Objective(models.Model):
    """An objectif of an axis. Reference « O2.1 »: axis number, then its own number."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives")
    number = models.PositiveIntegerField("numéro", editable=False)
    position = models.PositiveIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300, validators=[no_control_characters])
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "number"]
        verbose_name = "objectif"
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="objective_number_per_axis")
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    @property
    def reference(self) -> str:
        return f"O{self.axis.number}.{self.number}"


_ActionT = TypeVar("_ActionT", bound="Action", covariant=True)


class ActionProgress(TypedDict):
    """What :meth:`ActionQuerySet.with_progress` adds to each fiche."""

    steps_total: int
    steps_done: int
    progress: int
    is_late: bool


# A fiche annotated by ActionQuerySet.with_progress().
ProgressAction: TypeAlias = "WithAnnotations[Action, ActionProgress]"


class ActionQuerySet(models.QuerySet[_ActionT]):
    # Generic in the fiche's class so that the fiches annotated by with_progress() keep
    # their annotations, and the queryset its methods, through the chain.
    def visible_to(self, user: User) -> ActionQuerySet[_ActionT]:
        """Fiches of the CTGs the user sees; confidential ones only for CDC, élus, Caf roles."""
        conventions = Convention.objects.visible_to(user).values("pk")
        qs = self.filter(plan__convention__in=conventions)
        if user.is_superuser:
            return qs
        trusted = ConventionMembership.objects.filter(
            user=user, is_active=True, role__in=[ConventionRole.CDC, ConventionRole.ELU]
        ).values("convention_id")
        cafs = CafMembership.objects.filter(user=user, is_active=True).values("caf_id")
        return qs.filter(
            Q(confidential=False)
            | Q(plan__convention_id__in=trusted)
            | Q(plan__convention__caf_id__in=cafs)
        )

    def with_progress(self, today: datetime.date | None = None) -> ActionQuerySet[ProgressAction]:
        """Annotate ``steps_total``, ``steps_done``, ``progress`` (0–100) and ``is_late``."""
        today = today or timezone.localdate()
        steps = Step.objects.filter(action=OuterRef("pk")).order_by().values("action")
        total = Subquery(steps.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
        done = Subquery(
            steps.filter(done=True).annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        )
        overdue = Exists(Step.objects.filter(action=OuterRef("pk"), done=False, due_date__lt=today))
        qs = self.annotate(steps_total=Coalesce(total, 0), steps_done=Coalesce(done, 0))
        return qs.annotate(
            progress=Case(
                When(progress_manual__isnull=False, then=F("progress_manual")),
                When(
                    steps_total=0,
                    then=Case(
                        When(status=ActionStatus.REALISEE, then=Value(100)), default=Value(0)
                    ),
                ),
                default=F("steps_done") * 100 / F("steps_total"),
                output_field=IntegerField(),
            ),
            is_late=Case(
                When(status__in=CLOSED_STATUSES, then=Value(False)),
                When(end_date__lt=today, then=Value(True)),
                When(overdue, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            ),
        )

    def for_listing(self) -> ActionQuerySet[ProgressAction]:
        """What a list of fiches shows, in a constant number of queries."""
        return (
            self.with_progress()
            .select_related("axis", "pilot", "pilot_contact", "pilot_organisation")
            .prefetch_related("themes")
        )


class Action(Versioned):
    """A fiche action. Reference « A2.3 »: axis number, then its own number in the axis."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="actions", verbose_name="axe"
    )
    number = models.PositiveIntegerField("numéro", editable=False)
    position = models.PositiveIntegerField("ordre", default=0)
    title = models.CharField("intitulé", max_length=300, validators=[no_control_characters])
    description = models.TextField("description", blank=True)
    objectives = models.ManyToManyField(
        Objective, related_name="actions", blank=True, verbose_name="objectifs servis"
    )
    communes = models.ManyToManyField(
        Commune,
        related_name="+",
        blank=True,
        verbose_name="communes concernées",
        help_text="Aucune commune choisie : tout le territoire de la CTG.",
    )
    pilot = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="piloted_actions",
        verbose_name="pilote",
    )
    pilot_contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="piloted_actions",
        verbose_name="pilote (contact de l'annuaire)",
        help_text="Quand la personne qui pilote n'a pas de compte sur Maillage.",
    )
    pilot_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="structure pilote",
    )
    copilots = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="copiloted_actions",
        blank=True,
        verbose_name="copilotes",
    )
    partners = models.ManyToManyField(
        Organisation,
        related_name="partner_actions",
        blank=True,
        verbose_name="organisations partenaires",
    )
    elu_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="élu référent",
    )
    status = models.CharField(
        "statut", max_length=20, choices=ActionStatus.choices, default=ActionStatus.A_VENIR
    )
    priority = models.CharField(
        "priorité", max_length=10, choices=Priority.choices, default=Priority.MOYENNE
    )
    start_date = models.DateField("début", null=True, blank=True)
    end_date = models.DateField("fin prévue", null=True, blank=True)
    progress_manual = models.PositiveSmallIntegerField(
        "avancement saisi (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Laisser vide pour le calculer à partir des étapes.",
    )
    participation = models.CharField(
        "participation citoyenne",
        max_length=20,
        choices=Participation.choices,
        default=Participation.AUCUNE,
    )
    confidential = models.BooleanField(
        "confidentielle",
        default=False,
        help_text="Visible seulement du chargé de coopération, des élus et de la Caf.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[objectives, copilots, partners])

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["axis__position", "axis__number", "position", "number"]
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"
        constraints = [
            models.UniqueConstraint(fields=["axis", "number"], name="action_number_per_axis"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="action_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def clean(self) -> None:
        if self.pilot_id and self.pilot_contact_id:
            raise ValidationError(
                {
                    "pilot_contact": "Une fiche a un seul pilote : un compte ou un contact de "
                    "l'annuaire, pas les deux."
                }
            )

    @property
    def reference(self) -> str:
        return f"A{self.axis.number}.{self.number}"

    @property
    def pilot_name(self) -> str:
        """The pilot's name, whether an account or a directory contact ("" if none)."""
        # An unset relation reads as None without a query.
        if self.pilot is not None:
            return self.pilot.full_name
        if self.pilot_contact is not None:
            return self.pilot_contact.full_name
        return ""


class ActionTheme(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField("thématique", max_length=30, choices=Theme.choices)

    class Meta:
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["action", "theme"], name="one_theme_per_action")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class ActionPublic(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="publics")
    public = models.CharField("public cible", max_length=30, choices=Public.choices)

    class Meta:
        ordering = ["public"]
        constraints = [
            models.UniqueConstraint(fields=["action", "public"], name="one_public_per_action")
        ]

    def __str__(self) -> str:
        return self.get_public_display()


class Step(Versioned):
    """A step of a fiche, with its due date. Versioned: a form that moves several steps at
    once refuses a step changed since it was opened."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="steps")
    name = models.CharField("étape", max_length=300)
    due_date = models.DateField("échéance", null=True, blank=True)
    done = models.BooleanField("faite", default=False)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "due_date", "pk"]
        verbose_name = "étape"

    def __str__(self) -> str:
        return self.name


class BudgetLine(models.Model):
    """One financeur's contribution to a fiche for a year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    nature = models.CharField("nature", max_length=20, choices=BudgetNature.choices)
    label = models.CharField("poste", max_length=200, blank=True)
    financeur = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="financeur",
    )
    forecast = models.DecimalField(
        "prévisionnel (€)",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    actual = models.DecimalField(
        "réalisé (€)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "nature", "pk"]
        verbose_name = "ligne budgétaire"
        verbose_name_plural = "lignes budgétaires"

    def __str__(self) -> str:
        return f"{self.year} — {self.get_nature_display()} — {self.forecast} €"


class Note(models.Model):
    """A dated follow-up note on a fiche, with its author."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    date = models.DateField("date", default=timezone.localdate)
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = "note de suivi"
        verbose_name_plural = "notes de suivi"

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.author}"


def _document_path(instance: ActionDocument, filename: str) -> str:
    # A generated name: the original one is kept in the database, never on disk.
    return f"fiches/{instance.action.plan.convention.uuid}/{uuid.uuid4().hex}"


class ActionDocument(models.Model):
    """A file attached to a fiche (checked by size, extension and content)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=200)
    name = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField("taille (octets)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "document"

    def __str__(self) -> str:
        return self.name
