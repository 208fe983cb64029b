"""The governance of a CTG: instances, their meetings, attendance, minutes and decisions."""

from __future__ import annotations

import datetime
import re
import secrets
import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.core.enums import Theme
from maillage.core.formats import de
from maillage.core.tabular.cells import plain
from maillage.core.validators import no_control_characters
from maillage.core.versioning import Versioned
from maillage.organisations.models import Caf, Organisation

from .enums import (
    STEERING_KINDS,
    Attendance,
    BodyKind,
    DecisionStatus,
    Frequency,
    MeetingStatus,
    MinutesStatus,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _caf_staff_cafs(user: User) -> models.QuerySet:
    """The Cafs where the user holds a CAF role (their network meetings are all visible)."""
    return CafMembership.objects.filter(user=user, is_active=True, role__in=CafRole.values).values(
        "caf_id"
    )


def _scopes(user: User) -> tuple[Q, Q]:
    """(CTGs the user manages, CTGs where the user follows COPIL and COTECH), as lookups."""
    mine = ConventionMembership.objects.filter(user=user, is_active=True)
    managed = mine.filter(role=ConventionRole.CDC).values("convention_id")
    elected = mine.filter(role=ConventionRole.ELU).values("convention_id")
    cafs = CafMembership.objects.filter(user=user, is_active=True, role__in=CafRole.values).values(
        "caf_id"
    )
    return Q(pk__in=managed), Q(pk__in=elected) | Q(caf_id__in=cafs)


def _compared(text: str) -> str:
    """A text as names are compared: no case, no accents, one kind of apostrophe."""
    return plain(text.replace("’", "'"))


class BodyQuerySet(models.QuerySet["Body"]):
    def visible_to(self, user: User) -> BodyQuerySet:
        """The CDC sees every instance; élus and Caf roles the COPIL and COTECH; members and
        invitees the instances they sit on; Caf roles their Caf's own instances."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        visible = Convention.objects.visible_to(user)
        # A Caf's own instance (its network of CDCs) is outside every CTG.
        qs = self.filter(Q(convention__in=visible.values("pk")) | Q(caf__isnull=False))
        if user.is_superuser:
            return qs
        managed, steering = _scopes(user)
        invited = Invitation.objects.filter(meeting__body=OuterRef("pk"), user=user)
        member = BodyMember.objects.filter(body=OuterRef("pk"), user=user)
        return qs.filter(
            Q(convention__in=visible.filter(managed).values("pk"))
            | Q(convention__in=visible.filter(steering).values("pk"), kind__in=STEERING_KINDS)
            | Q(caf_id__in=_caf_staff_cafs(user))
            | Exists(invited)
            | Exists(member)
        )


class Body(models.Model):
    """A body of the CTG's governance (COPIL, COTECH, groupe de travail, évaluation), or a
    Caf's own instance: its network of chargés de coopération."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    convention = models.ForeignKey(
        Convention, on_delete=models.CASCADE, related_name="instances", null=True, blank=True
    )
    caf = models.ForeignKey(
        Caf,
        on_delete=models.CASCADE,
        related_name="instances",
        null=True,
        blank=True,
        help_text="Pour une instance de la Caf elle-même (réseau des chargés de coopération).",
    )
    kind = models.CharField("type d'instance", max_length=20, choices=BodyKind.choices)
    name = models.CharField("nom", max_length=200, validators=[no_control_characters])
    theme = models.CharField(
        "thématique",
        max_length=30,
        choices=Theme.choices,
        blank=True,
        help_text="Pour un groupe de travail.",
    )
    frequency = models.CharField(
        "fréquence attendue", max_length=20, choices=Frequency.choices, default=Frequency.ANNUELLE
    )
    description = models.TextField("rôle et composition", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "instance"
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "name"],
                name="instance_name_per_ctg",
                violation_error_message="Une instance de cette CTG porte déjà ce nom.",
            ),
            models.UniqueConstraint(
                fields=["caf", "name"],
                condition=Q(caf__isnull=False),
                name="instance_name_per_caf",
                violation_error_message="Une instance de cette Caf porte déjà ce nom.",
            ),
            models.CheckConstraint(
                condition=Q(convention__isnull=False, caf__isnull=True)
                | Q(convention__isnull=True, caf__isnull=False),
                name="instance_of_a_ctg_or_of_a_caf",
                violation_error_message="Une instance appartient à une CTG ou à une Caf.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The instance's name with its kind, said once and without nested brackets:
        « Comité de pilotage de la CTG (COPIL) », « COPIL annuel (Comité de pilotage) »,
        « Groupe petite enfance (Groupe de travail) », « Suivi (secteur nord) — Comité de
        pilotage (COPIL) ». The name is compared without case or accents."""
        kind = self.get_kind_display()
        words, _, short = kind.partition(" (")
        short = short.rstrip(")")
        name = _compared(self.name)
        says_words = _compared(words) in name
        says_short = bool(short) and re.search(rf"\b{re.escape(_compared(short))}\b", name)
        if says_words and (says_short or not short):
            return self.name
        missing = short if says_words else words if says_short else kind
        if "(" in self.name:
            return f"{self.name} — {missing}"
        if not says_words and not says_short and short:
            missing = f"{words}, {short}"
        return f"{self.name} ({missing})"

    # An unset relation reads as None without a query; the constraint
    # instance_of_a_ctg_or_of_a_caf sets exactly one of the CTG and the Caf.

    @property
    def owner(self) -> Convention | Caf:
        """The CTG, or the Caf for the Caf's own instance."""
        if self.convention is not None:
            return self.convention
        assert self.caf is not None  # instance_of_a_ctg_or_of_a_caf
        return self.caf

    @property
    def owner_caf(self) -> Caf:
        """The CTG's Caf, or the Caf itself for the Caf's own instance."""
        owner = self.owner
        return owner.caf if isinstance(owner, Convention) else owner

    @property
    def owner_name(self) -> str:
        """The CTG's name, or the Caf's for the Caf's own instance."""
        return self.owner.name

    @property
    def owner_caf_id(self) -> int:
        if self.convention is not None:
            return self.convention.caf_id
        assert self.caf_id is not None  # instance_of_a_ctg_or_of_a_caf
        return self.caf_id


class BodyMember(models.Model):
    """One member of an instance: a user, a directory contact or an organisation."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "membre d'instance"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(user__isnull=False, contact__isnull=True, organisation__isnull=True)
                    | Q(user__isnull=True, contact__isnull=False, organisation__isnull=True)
                    | Q(user__isnull=True, contact__isnull=True, organisation__isnull=False)
                ),
                name="instance_member_is_one_thing",
            )
        ]

    def __str__(self) -> str:
        return str(self.user or self.contact or self.organisation)


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, user: User) -> MeetingQuerySet:
        """The CDC sees every meeting; élus and Caf roles those of COPIL and COTECH; Caf roles
        every meeting of their Caf's own instances; anyone else only the meetings they are
        invited to."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        visible = Convention.objects.visible_to(user)
        qs = self.filter(Q(body__convention__in=visible.values("pk")) | Q(body__caf__isnull=False))
        if user.is_superuser:
            return qs
        managed, steering = _scopes(user)
        return qs.filter(
            Q(body__convention__in=visible.filter(managed).values("pk"))
            | Q(
                body__convention__in=visible.filter(steering).values("pk"),
                body__kind__in=STEERING_KINDS,
            )
            | Q(body__caf_id__in=_caf_staff_cafs(user))
            | Exists(Invitation.objects.filter(meeting=OuterRef("pk"), user=user))
        )

    def for_listing(self) -> MeetingQuerySet:
        return self.select_related("body", "body__convention", "body__caf")


class Meeting(Versioned):
    """A meeting of an instance, with its agenda, invitations, minutes and decisions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="meetings", verbose_name="instance"
    )
    title = models.CharField("titre", max_length=200, validators=[no_control_characters])
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    place = models.CharField("lieu", max_length=300, blank=True)
    video_link = models.URLField("lien de visioconférence", blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PREVUE
    )
    minutes = models.TextField("compte rendu", blank=True)
    minutes_status = models.CharField(
        "état du compte rendu",
        max_length=10,
        choices=MinutesStatus.choices,
        default=MinutesStatus.BROUILLON,
    )
    minutes_published_at = models.DateTimeField("compte rendu publié le", null=True, blank=True)
    # Calendar clients replace an event when its SEQUENCE grows.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    convened_at = models.DateTimeField("convocations envoyées le", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé le", null=True, blank=True)
    # The yearly COPIL's checklist: what the data cannot tell.
    date_agreed_with_cdt = models.BooleanField("date convenue avec le CDT de la Caf", default=False)
    review_on_agenda = models.BooleanField(
        "bilan annuel du plan d'actions et des indicateurs à l'ordre du jour", default=False
    )
    adjustments_on_agenda = models.BooleanField(
        "ajustements pour l'année suivante à l'ordre du jour", default=False
    )
    documents_sent = models.BooleanField("documents envoyés avant la réunion", default=False)
    minutes_sent = models.BooleanField(
        "compte rendu et décisions envoyés après la réunion", default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = "réunion"
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="meeting_ends_after_start",
                violation_error_message="La fin de la réunion doit suivre son début.",
            )
        ]
        indexes = [models.Index(fields=["start"], name="meeting_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.ANNULEE

    @property
    def minutes_published(self) -> bool:
        return self.minutes_status == MinutesStatus.PUBLIE


class AgendaItem(models.Model):
    """A point of the ordre du jour."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveIntegerField("ordre", default=0)
    title = models.CharField("point", max_length=300)
    duration = models.PositiveSmallIntegerField(
        "durée (minutes)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    presenter = models.CharField("présenté par", max_length=200, blank=True)
    actions = models.ManyToManyField(
        "plans.Action", related_name="agenda_items", blank=True, verbose_name="fiches liées"
    )
    history = HistoricalRecords(m2m_fields=[actions])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = "point de l'ordre du jour"
        verbose_name_plural = "ordre du jour"

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An invitee of a meeting (a user or a directory contact) and their attendance."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meeting_invitations",
    )
    status = models.CharField(
        "présence", max_length=10, choices=Attendance.choices, default=Attendance.INVITE
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="organisation représentée",
    )
    # When the last e-mail was handed to the outbox, and why none could be (no address).
    email_sent_at = models.DateTimeField("convocation envoyée le", null=True, blank=True)
    email_error = models.CharField("échec d'envoi", max_length=500, blank=True)
    # The last e-mail about the meeting: its state in the outbox (waiting, sent, failed).
    message = models.ForeignKey(
        "outbox.OutboxMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="dernier courriel",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = "invitation"
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, contact__isnull=True)
                | Q(user__isnull=True, contact__isnull=False),
                name="invitation_is_user_or_contact",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user",
                violation_error_message="Cette personne est déjà invitée.",
            ),
            models.UniqueConstraint(
                fields=["meeting", "contact"],
                condition=Q(contact__isnull=False),
                name="one_invitation_per_contact",
                violation_error_message="Cette personne est déjà invitée.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    # The constraint invitation_is_user_or_contact sets exactly one of the two.

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.full_name or self.user.email
        assert self.contact is not None  # invitation_is_user_or_contact
        return self.contact.full_name

    @property
    def email(self) -> str:
        if self.user is not None:
            return self.user.email
        assert self.contact is not None  # invitation_is_user_or_contact
        return self.contact.email

    @property
    def delivery_error(self) -> str:
        """Why the last e-mail did not reach the invitee, once given up ("" otherwise)."""
        if self.email_error:
            return self.email_error
        if self.message is not None and self.message.is_failed:
            return f"Échec de l'envoi : {self.message.last_error}"
        return ""

    @property
    def delivery_pending(self) -> bool:
        """The last e-mail waits in the outbox (first attempt, or a retry)."""
        return self.message is not None and not (self.message.is_sent or self.message.is_failed)

    @property
    def delivered_at(self) -> datetime.datetime | None:
        """When the last e-mail left (or was handed to the outbox, once it is purged)."""
        if self.message is not None:
            return self.message.sent_at
        return self.email_sent_at


def _document_path(instance: MeetingDocument, filename: str) -> str:
    # A generated name: the original one is kept in the database, never on disk.
    body = instance.meeting.body
    return f"reunions/{body.owner.uuid}/{uuid.uuid4().hex}"


class MeetingDocument(models.Model):
    """A file attached to a meeting (checked by size, extension and content)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
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
        verbose_name = "document de réunion"

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """A decision of the relevé de décisions; it may apply a change to the plan."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField("décision")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="responsable",
    )
    due_date = models.DateField("échéance", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.A_FAIRE
    )
    actions = models.ManyToManyField(
        "plans.Action", related_name="decisions", blank=True, verbose_name="fiches concernées"
    )
    applied_at = models.DateTimeField("appliquée au plan le", null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_summary = models.CharField("changement appliqué", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[actions])

    # Set by the selectors that show decisions (``with_visible_summaries``): the applied
    # summary, empty when the decision concerns a fiche the user may not see.
    visible_summary: str

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "décision"

    def __str__(self) -> str:
        return self.text[:80]


class DecisionComment(Versioned):
    """A comment on a decision by a member of the CTG (the élu's remark before approving
    it, a partner's question). Its author corrects or deletes it; the history keeps it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="comments", verbose_name="décision"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="auteur"
    )
    text = models.TextField("commentaire")
    created_at = models.DateTimeField("écrit le", auto_now_add=True)
    edited_at = models.DateTimeField("modifié le", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "commentaire de décision"
        verbose_name_plural = "commentaires de décision"

    def __str__(self) -> str:
        return f"{self.author} — {self.text[:60]}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar subscription; a new token revokes the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "abonnement d'agenda"

    def __str__(self) -> str:
        return f"Agenda {de(str(self.user))}"
