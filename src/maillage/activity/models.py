"""The CDC's activity journal and annual activity report to the Caf."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from maillage.conventions.models import Convention
from maillage.core.referentiel import SECTIONS, Attendu, Mission, Sphere
from maillage.core.versioning import Versioned
from maillage.organisations.models import Caf, Organisation

from .durations import hours
from .enums import ReminderKind, ReportEventKind, ReportStatus

MAX_MINUTES = 24 * 60


class JournalEntry(models.Model):
    """A moment of the CDC's work: when, how long, what, and where it fits in the référentiel."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="journal_entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    date = models.DateField("date")
    duration = models.PositiveIntegerField(
        "durée (minutes)", validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
    )
    description = models.CharField("description", max_length=500)
    mission = models.CharField("mission", max_length=20, choices=Mission.choices, blank=True)
    attendu = models.CharField("attendu", max_length=20, choices=Attendu.choices)
    sphere = models.CharField("sphère", max_length=20, choices=Sphere.choices, blank=True)
    action = models.ForeignKey(
        "plans.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="fiche action",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="réunion",
    )
    interaction = models.ForeignKey(
        "network.Interaction",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="interaction",
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="contact",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entries",
        verbose_name="organisation",
    )
    created_at = models.DateTimeField("saisi le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = "entrée du journal d'activité"
        verbose_name_plural = "entrées du journal d'activité"
        indexes = [models.Index(fields=["convention", "author", "date"], name="journal_ctg_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gte=1) & Q(duration__lte=MAX_MINUTES),
                name="journal_duration_range",
            ),
            models.UniqueConstraint(
                fields=["author", "convention", "meeting"],
                condition=Q(meeting__isnull=False),
                name="journal_one_entry_per_meeting",
                violation_error_message="Cette réunion est déjà dans votre journal.",
            ),
            models.UniqueConstraint(
                fields=["author", "interaction"],
                condition=Q(interaction__isnull=False),
                name="journal_one_entry_per_interaction",
                violation_error_message="Cette interaction est déjà dans votre journal.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.description}"

    @property
    def duration_label(self) -> str:
        return hours(self.duration)


class ReportDueDate(models.Model):
    """The date by which the Caf expects the reports on a year."""

    caf = models.ForeignKey(Caf, on_delete=models.CASCADE, related_name="report_due_dates")
    year = models.PositiveSmallIntegerField(
        "année du rapport", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    due_date = models.DateField("à transmettre au plus tard le")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = "échéance des rapports d'activité"
        verbose_name_plural = "échéances des rapports d'activité"
        constraints = [
            models.UniqueConstraint(
                fields=["caf", "year"],
                name="report_due_date_per_caf_year",
                violation_error_message="Cette année a déjà une échéance.",
            )
        ]

    def __str__(self) -> str:
        return f"Rapports {self.year} : {self.due_date:%d/%m/%Y}"


class ActivityReport(models.Model):
    """A CDC's annual activity report on a CTG, from draft to the Caf's validation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="activity_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="activity_reports",
        verbose_name="chargé de coopération",
    )
    year = models.PositiveSmallIntegerField(
        "année", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    status = models.CharField(
        "statut", max_length=20, choices=ReportStatus.choices, default=ReportStatus.BROUILLON
    )
    # The facts as they stood when the report was last sent: the Caf reads what was sent.
    facts_snapshot = models.JSONField("faits transmis", default=dict, blank=True)
    facts_frozen_at = models.DateTimeField("faits arrêtés le", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="approuvé par",
    )
    approved_at = models.DateTimeField("approuvé le", null=True, blank=True)
    text_updated_at = models.DateTimeField("texte modifié le", default=timezone.now)
    created_at = models.DateTimeField("commencé le", auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "convention__name"]
        verbose_name = "rapport d'activité"
        verbose_name_plural = "rapports d'activité"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "author", "year"],
                name="one_report_per_cdc_ctg_year",
                violation_error_message="Vous avez déjà un rapport pour cette année.",
            )
        ]

    def __str__(self) -> str:
        return f"Rapport d'activité {self.year} — {self.convention.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.BROUILLON, ReportStatus.A_COMPLETER)

    @property
    def approval_is_current(self) -> bool:
        """The élu approved the text as it stands."""
        return bool(self.approved_at and self.approved_at >= self.text_updated_at)


class ReportSection(Versioned):
    """One section of a report: the CDC's text, the facts inserted in it, and the CDT's
    comment on it."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField("section", max_length=20, choices=[(s.key, s.title) for s in SECTIONS])
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField("texte", blank=True)
    comment = models.TextField("commentaire de la Caf", blank=True)
    # The facts inserted in the text, each as ``{"key": …, "text": …}``: the text is followed
    # while it stays as inserted, so that a fact whose data changed can be updated.
    inserted = models.JSONField("faits insérés", default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name = "section de rapport"
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="one_section_per_key")
        ]

    def __str__(self) -> str:
        return self.get_key_display()


class ReportEvent(models.Model):
    """A step of the report's workflow: who, when, and what they said."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("étape", max_length=20, choices=ReportEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par",
    )
    at = models.DateTimeField("le", default=timezone.now)
    note = models.TextField("message", blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "étape du rapport"
        verbose_name_plural = "étapes du rapport"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y}"


class ReportReminder(models.Model):
    """A reminder sent to a CDC about a year's report, so that it is sent once."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    kind = models.CharField("rappel", max_length=10, choices=ReminderKind.choices)
    sent_at = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "rappel de rapport d'activité"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "user", "year", "kind"], name="one_report_reminder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.year}"


class ReportRemark(models.Model):
    """An élu référent's remark on a report before approving it: on one section, or on the
    whole report (no section). The CDC who writes the report marks it treated."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="remarks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="élu·e",
    )
    section_key = models.CharField(
        "section",
        max_length=20,
        choices=[(s.key, s.title) for s in SECTIONS],
        blank=True,
        help_text="Aucune section : une remarque sur l'ensemble du rapport.",
    )
    text = models.TextField("remarque", max_length=5000)
    treated_at = models.DateTimeField("traitée le", null=True, blank=True)
    treated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="traitée par",
    )
    created_at = models.DateTimeField("écrite le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "remarque de l'élu·e sur le rapport"
        verbose_name_plural = "remarques de l'élu·e sur le rapport"

    def __str__(self) -> str:
        where = self.get_section_key_display() if self.section_key else "ensemble du rapport"
        return f"Remarque — {where}"

    @property
    def is_open(self) -> bool:
        return self.treated_at is None

    @property
    def was_edited(self) -> bool:
        """Changed after it was written (a minute's grace for a quick correction)."""
        return (self.updated_at - self.created_at).total_seconds() > 60
