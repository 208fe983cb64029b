"""Writes on the governance. Every write records its author in the history; e-mails are
queued in the outbox with the write and leave after commit."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.core.uploads import check_upload
from maillage.core.versioning import claim
from maillage.network.models import Contact
from maillage.organisations.models import Caf, Organisation
from maillage.plans import services as plan_services
from maillage.plans.enums import ActionStatus
from maillage.plans.selectors import plan_of, visible_action_ids

from .enums import (
    BodyKind,
    DecisionStatus,
    Frequency,
    MeetingStatus,
    MinutesStatus,
    PlanChange,
)
from .members import body_invitable_users, member_invitees
from .models import (
    AgendaItem,
    Body,
    BodyMember,
    CalendarFeed,
    Decision,
    DecisionComment,
    Invitation,
    Meeting,
    MeetingDocument,
    new_token,
)
from .notifications import (
    notify_decision_comment,
    notify_invitees,
    notify_minutes,
    queue_meeting_emails,
)
from .permissions import can_change_decision_comment, can_comment_decision

if TYPE_CHECKING:
    from maillage.conventions.models import Convention
    from maillage.plans.models import Action, Axis


def _save(obj: Any, by: User | None) -> Any:
    obj._history_user = by
    obj.full_clean()
    obj.save()
    return obj


def _check_people(
    body: Body,
    users: Iterable[User] = (),
    contacts: Iterable[Contact] = (),
    organisations: Iterable[Organisation] = (),
) -> None:
    users, contacts = list(users), list(contacts)
    if users:
        allowed = set(body_invitable_users(body).values_list("pk", flat=True))
        if any(u.pk not in allowed for u in users):
            if body.convention_id:
                raise ValidationError(
                    "Une personne choisie n'est ni membre de la CTG ni de sa Caf."
                )
            raise ValidationError(
                "Une personne choisie n'est ni chargé·e de coopération d'une CTG de la Caf "
                "ni membre de la Caf."
            )
    if any(c.convention_id is None or c.convention_id != body.convention_id for c in contacts):
        raise ValidationError("Un contact choisi n'est pas dans l'annuaire de cette CTG.")
    if any(o.caf_id != body.owner_caf_id for o in organisations):
        raise ValidationError("Une organisation choisie n'appartient pas à la Caf de la CTG.")


# ---------------------------------------------------------------------------- instances


def _set_members(
    instance: Body,
    users: Iterable[User],
    contacts: Iterable[Contact],
    organisations: Iterable[Organisation],
) -> None:
    users, contacts, organisations = list(users), list(contacts), list(organisations)
    _check_people(instance, users, contacts, organisations)
    instance.members.all().delete()
    BodyMember.objects.bulk_create(
        [BodyMember(body=instance, user=u) for u in users]
        + [BodyMember(body=instance, contact=c) for c in contacts]
        + [BodyMember(body=instance, organisation=o) for o in organisations]
    )


def _check_theme(kind: str, theme: str) -> None:
    if kind == BodyKind.GROUPE_TRAVAIL and not theme:
        raise ValidationError({"theme": "Choisissez la thématique du groupe de travail."})


@transaction.atomic
def body_create(
    *,
    convention: Convention,
    by: User,
    kind: str,
    name: str,
    frequency: str,
    theme: str = "",
    description: str = "",
    users: Iterable[User] = (),
    contacts: Iterable[Contact] = (),
    organisations: Iterable[Organisation] = (),
) -> Body:
    """Create an instance of the CTG with its members."""
    _check_theme(kind, theme)
    instance = Body(
        convention=convention,
        kind=kind,
        name=name,
        frequency=frequency,
        theme=theme,
        description=description,
    )
    _save(instance, by)
    _set_members(instance, users, contacts, organisations)
    return instance


@transaction.atomic
def body_update(
    *,
    body: Body,
    by: User,
    kind: str,
    name: str,
    frequency: str,
    theme: str = "",
    description: str = "",
    users: Iterable[User] = (),
    contacts: Iterable[Contact] = (),
    organisations: Iterable[Organisation] = (),
) -> Body:
    """Change an instance and replace its members."""
    _check_theme(kind, theme)
    instance = body
    instance.kind, instance.name, instance.frequency = kind, name, frequency
    instance.theme, instance.description = theme, description
    _save(instance, by)
    _set_members(instance, users, contacts, organisations)
    return instance


# ---------------------------------------------------------------------------- meetings


def _check_dates(start: datetime.datetime, end: datetime.datetime) -> None:
    if end <= start:
        raise ValidationError({"end": "La fin de la réunion doit suivre son début."})


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    by: User,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str = "",
    video_link: str = "",
    invitees: Iterable[User | Contact] | None = None,
    held: bool = False,
) -> Meeting:
    """Plan a meeting, or record one already held (``held``, for a start in the past).

    ``invitees`` are invited, not yet convened; by default every member of the instance
    is: its users and contacts, and the directory contacts of its organisations
    (:func:`~maillage.governance.members.member_invitees`).
    """
    _check_dates(start, end)
    if held and start > timezone.now():
        raise ValidationError(
            "Une réunion qui n'a pas encore commencé ne peut pas être enregistrée comme tenue."
        )
    instance = body
    if invitees is None:
        people: list[User | Contact] = [i.person for i in member_invitees(instance).invitees]
    else:
        people = list(invitees)
        _check_people(
            instance,
            users=[p for p in people if isinstance(p, User)],
            contacts=[p for p in people if isinstance(p, Contact)],
        )
    meeting = Meeting(
        body=instance,
        title=title,
        start=start,
        end=end,
        place=place,
        video_link=video_link,
        status=MeetingStatus.TENUE if held else MeetingStatus.PREVUE,
    )
    _save(meeting, by)
    for person in people:
        if isinstance(person, User):
            _invite(meeting, by, user=person)
        else:
            _invite(meeting, by, contact=person)
    return meeting


NOTIFIED_FIELDS = ("title", "start", "end", "place", "video_link")
MEETING_FORM_FIELDS = (*NOTIFIED_FIELDS, "status")


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    start: datetime.datetime,
    end: datetime.datetime,
    place: str = "",
    video_link: str = "",
    status: str | None = None,
    expected_version: int | None = None,
) -> Meeting:
    """Change a meeting; once convened, invitees get the new details and calendar entry.

    With ``expected_version`` (the version its form was opened on), a meeting whose
    details someone else changed since is not changed: ``StaleEdit`` says what they
    changed. Other changes in between (minutes, checklist) do not stop it.
    """
    claim(meeting, expected_version=expected_version, fields=MEETING_FORM_FIELDS)
    _check_dates(start, end)
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : elle ne peut plus être modifiée.")
    before = {name: getattr(meeting, name) for name in NOTIFIED_FIELDS}
    meeting.title, meeting.start, meeting.end = title, start, end
    meeting.place, meeting.video_link = place, video_link
    if status is not None:
        if status == MeetingStatus.ANNULEE:
            raise ValidationError("Pour annuler une réunion, utilisez « Annuler la réunion ».")
        meeting.status = status
    changed = any(getattr(meeting, name) != value for name, value in before.items())
    if changed:
        meeting.sequence += 1
    _save(meeting, by)
    if changed and meeting.convened_at:
        notify_invitees(meeting=meeting, kind="modification", by=by)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User) -> Meeting:
    """Cancel a meeting; convened invitees are told and their calendar entry removed."""
    claim(meeting, expected_version=None)
    if meeting.is_cancelled:
        return meeting
    meeting.status = MeetingStatus.ANNULEE
    meeting.sequence += 1
    _save(meeting, by)
    if meeting.convened_at:
        notify_invitees(meeting=meeting, kind="annulation", by=by)
    return meeting


class ConvocationsAfterStart(ValidationError):
    """Convocations asked for a meeting that has already started: they go only once the
    sender confirms (``confirm_past``)."""


def _started(meeting: Meeting) -> bool:
    return meeting.start <= timezone.now()


@transaction.atomic
def convocations_send(*, meeting: Meeting, by: User, confirm_past: bool = False) -> int:
    """Convene every invitee: an e-mail with the agenda and the .ics, sent after commit.

    For a meeting that has already started, the invitees would be convened to a past
    date: nothing is sent unless ``confirm_past`` (``ConvocationsAfterStart`` says so).
    """
    claim(meeting, expected_version=None)
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : aucune convocation n'est envoyée.")
    count = meeting.invitations.count()
    if not count:
        raise ValidationError("Invitez d'abord des participants.")
    if _started(meeting) and not confirm_past:
        start = timezone.localtime(meeting.start)
        raise ConvocationsAfterStart(
            f"Cette réunion a commencé le {start:%d/%m/%Y} à {start:%H:%M} : ses invités "
            "recevraient une convocation à une date passée. Rien n'a été envoyé ; "
            "confirmez l'envoi si vous voulez vraiment les convoquer."
        )
    meeting.convened_at = timezone.now()
    _save(meeting, by)
    notify_invitees(meeting=meeting, kind="convocation", by=by)
    return count


def send_due_reminders(*, now: datetime.datetime | None = None, days: int = 2) -> int:
    """Remind the invitees of convened meetings starting within ``days``; once per meeting."""
    now = now or timezone.now()
    due = Meeting.objects.filter(
        status=MeetingStatus.PREVUE,
        convened_at__isnull=False,
        reminded_at__isnull=True,
        start__gt=now,
        start__lte=now + datetime.timedelta(days=days),
    )
    count = 0
    for meeting in due:
        # Claimed first: a second run (or a concurrent one) skips it. The claim and the
        # e-mails are committed together.
        with transaction.atomic():
            claimed = Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if claimed:
                queue_meeting_emails(meeting, "rappel")
                count += 1
    return count


@transaction.atomic
def checklist_update(*, meeting: Meeting, by: User, **flags: bool) -> Meeting:
    """Tick the yearly COPIL's checklist items the data cannot tell."""
    allowed = {
        "date_agreed_with_cdt",
        "review_on_agenda",
        "adjustments_on_agenda",
        "documents_sent",
        "minutes_sent",
    }
    unknown = set(flags) - allowed
    if unknown:
        raise ValueError(f"Champs inconnus : {', '.join(sorted(unknown))}")
    claim(meeting, expected_version=None)
    for name, value in flags.items():
        setattr(meeting, name, bool(value))
    return _save(meeting, by)


# ---------------------------------------------------------------------------- Caf network

NETWORK_NAME = "Réseau des chargés de coopération"


@transaction.atomic
def network_body_get_or_create(*, caf: Caf, by: User | None) -> Body:
    """The Caf's own instance, the network of its CTGs' chargés de coopération (one per Caf)."""
    body = Body.objects.filter(caf=caf, kind=BodyKind.RESEAU_CDC).first()
    if body is not None:
        return body
    return _save(
        Body(
            caf=caf,
            kind=BodyKind.RESEAU_CDC,
            name=NETWORK_NAME,
            frequency=Frequency.TRIMESTRIELLE,
            description="Réunions de réseau des chargés de coopération CTG organisées par la "
            "Caf : échanges de pratiques, informations de la Caf, actions transversales.",
        ),
        by,
    )


def active_cdcs(caf: Caf) -> QuerySet[User]:
    """The active chargés de coopération of the Caf's CTGs (one row per person)."""
    return User.objects.filter(
        convention_memberships__convention__caf=caf,
        convention_memberships__role=ConventionRole.CDC,
        convention_memberships__is_active=True,
        is_active=True,
    ).distinct()


@transaction.atomic
def network_invite_cdcs(*, meeting: Meeting, by: User) -> int:
    """Invite every active CDC of the Caf's CTGs not invited yet; once convened (and not
    started), they get their convocation. Returns how many were added."""
    caf = meeting.body.caf
    if caf is None:
        raise ValidationError("Seules les réunions du réseau de la Caf invitent tous les CDC.")
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : personne n'est plus invité.")
    already = set(meeting.invitations.filter(user__isnull=False).values_list("user_id", flat=True))
    added = [
        _save(Invitation(meeting=meeting, user=user), by)
        for user in active_cdcs(caf).exclude(pk__in=already).order_by("full_name")
    ]
    if added and meeting.convened_at and not _started(meeting):
        notify_invitees(
            meeting=meeting, kind="convocation", by=by, invitation_ids=[i.pk for i in added]
        )
    return len(added)


@transaction.atomic
def attendance_record(*, meeting: Meeting, by: User, statuses: dict[Invitation, str]) -> int:
    """Record several invitees' attendance at once; returns how many changed."""
    changed = 0
    for invitation, status in statuses.items():
        if invitation.meeting_id != meeting.pk:
            raise ValidationError("Cette personne n'est pas invitée à cette réunion.")
        if invitation.status != status:
            invitation.status = status
            _save(invitation, by)
            changed += 1
    return changed


# ---------------------------------------------------------------------------- agenda


def _check_actions(meeting: Meeting, by: User, actions: Iterable[Action]) -> list[Action]:
    """The fiches chosen, all of the meeting's CTG and seen by the user (a confidential
    fiche kept from them is refused like another CTG's)."""
    actions = list(actions)
    convention = meeting.body.convention
    if actions and convention is None:
        raise ValidationError("Une réunion de la Caf n'est liée à aucune fiche action.")
    chosen = {a.pk for a in actions}
    if chosen and not chosen <= set(visible_action_ids(by, convention).filter(pk__in=chosen)):
        raise ValidationError("Une fiche choisie n'appartient pas au plan de cette CTG.")
    return actions


def _with_hidden_links(decision: Decision, by: User, actions: list[Action]) -> list[Action]:
    """The fiches chosen, plus those the decision concerns that the user may not see: a
    save never drops a link the user could not see."""
    visible = visible_action_ids(by, decision.meeting.body.convention)
    return [*actions, *decision.actions.exclude(pk__in=visible)]


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    by: User,
    title: str,
    duration: int | None = None,
    presenter: str = "",
    actions: Iterable[Action] = (),
) -> AgendaItem:
    """Add a point at the end of the agenda, possibly about some fiches."""
    actions = _check_actions(meeting, by, actions)
    position = (meeting.agenda.aggregate(m=Max("position"))["m"] or 0) + 1
    item = AgendaItem(
        meeting=meeting, title=title, duration=duration, presenter=presenter, position=position
    )
    _save(item, by)
    item.actions.set(actions)
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, by: User, up: bool) -> bool:
    """Swap the point with the one before it (``up``) or after it; False at either end."""
    siblings = list(item.meeting.agenda.order_by("position", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling._history_user = by  # type: ignore[attr-defined]
            sibling.save(update_fields=["position"])
    return True


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, by: User) -> None:
    item._history_user = by  # type: ignore[attr-defined]
    item.delete()


# ---------------------------------------------------------------------------- invitations


def _invite(
    meeting: Meeting,
    by: User,
    *,
    user: User | None = None,
    contact: Contact | None = None,
    organisation: Organisation | None = None,
) -> Invitation:
    if organisation is None and contact is not None:
        organisation = contact.organisation
    existing = meeting.invitations.filter(
        Q(user=user) if user is not None else Q(contact=contact)
    ).first()
    if existing:
        return existing
    return _save(
        Invitation(meeting=meeting, user=user, contact=contact, organisation=organisation), by
    )


@transaction.atomic
def invitation_add(
    *,
    meeting: Meeting,
    by: User,
    user: User | None = None,
    contact: Contact | None = None,
    organisation: Organisation | None = None,
    notify: bool = True,
) -> Invitation:
    """Invite a member or a directory contact; once convened, they get their convocation
    (not for a meeting that has started: they are recorded, not convened to the past)."""
    if (user is None) == (contact is None):
        raise ValidationError("Choisissez une personne : un membre ou un contact de l'annuaire.")
    _check_people(
        meeting.body,
        [user] if user else [],
        [contact] if contact else [],
        [organisation] if organisation else [],
    )
    if meeting.invitations.filter(Q(user=user) if user else Q(contact=contact)).exists():
        raise ValidationError("Cette personne est déjà invitée.")
    invitation = _invite(meeting, by, user=user, contact=contact, organisation=organisation)
    if notify and meeting.convened_at and not meeting.is_cancelled and not _started(meeting):
        notify_invitees(meeting=meeting, kind="convocation", by=by, invitation_ids=[invitation.pk])
    return invitation


@transaction.atomic
def invitation_add_by_email(*, meeting: Meeting, by: User, email: str) -> Invitation:
    """Invite whoever has this address among the members, the Caf and the directory."""
    email = email.strip().lower()
    body = meeting.body
    user = body_invitable_users(body).filter(email__iexact=email).first()
    if user is not None:
        return invitation_add(meeting=meeting, by=by, user=user)
    if body.convention_id is None:
        raise ValidationError(
            f"Personne ne porte l'adresse « {email} » parmi les chargés de coopération "
            "et les membres de la Caf."
        )
    contact = Contact.objects.filter(convention=body.convention, email__iexact=email).first()
    if contact is not None:
        return invitation_add(meeting=meeting, by=by, contact=contact)
    raise ValidationError(
        f"Personne ne porte l'adresse « {email} » parmi les membres et l'annuaire de la CTG : "
        "ajoutez d'abord cette personne à l'annuaire, puis invitez-la."
    )


@transaction.atomic
def invitation_update(
    *,
    invitation: Invitation,
    by: User,
    status: str,
    organisation: Organisation | None = None,
) -> Invitation:
    """Record an invitee's attendance and the organisation they represent."""
    _check_people(invitation.meeting.body, organisations=[organisation] if organisation else [])
    invitation.status = status
    invitation.organisation = organisation
    return _save(invitation, by)


@transaction.atomic
def invitation_remove(*, invitation: Invitation, by: User) -> None:
    invitation._history_user = by  # type: ignore[attr-defined]
    invitation.delete()


# ---------------------------------------------------------------------------- minutes


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, by: User, minutes: str, expected_version: int | None = None
) -> Meeting:
    """Write the minutes; a published text stays published.

    With ``expected_version`` (the version the form was opened on), minutes someone else
    changed since are not overwritten: ``StaleEdit`` says so. Other changes of the
    meeting in between do not stop it.
    """
    claim(meeting, expected_version=expected_version, fields=("minutes",))
    meeting.minutes = minutes
    return _save(meeting, by)


@transaction.atomic
def minutes_publish(*, meeting: Meeting, by: User, notify: bool = True) -> Meeting:
    """Publish the minutes to every invitee; the meeting is then held.

    The invitees are told by e-mail, after commit (see ``notify_minutes``): once, when the
    minutes are first published, unless ``notify`` is False (minutes of the past, loaded).
    """
    claim(meeting, expected_version=None)
    if meeting.is_cancelled:
        raise ValidationError("Une réunion annulée n'a pas de compte rendu.")
    if not meeting.minutes.strip():
        raise ValidationError("Le compte rendu est vide : rédigez-le avant de le publier.")
    first = not Meeting.objects.filter(pk=meeting.pk, minutes_status=MinutesStatus.PUBLIE).exists()
    meeting.minutes_status = MinutesStatus.PUBLIE
    meeting.minutes_published_at = timezone.now()
    meeting.status = MeetingStatus.TENUE
    _save(meeting, by)
    if first and notify:
        notify_minutes(meeting=meeting, by=by)
    return meeting


@transaction.atomic
def document_add(*, meeting: Meeting, by: User, upload: UploadedFile) -> MeetingDocument:
    """Attach a checked file to a meeting; it is stored under a generated name."""
    checked = check_upload(upload)
    document = MeetingDocument(
        meeting=meeting,
        name=checked.name,
        size=checked.size,
        content_type=checked.content_type,
        uploaded_by=by,
    )
    document.file.save("document", upload, save=False)
    document._history_user = by  # type: ignore[attr-defined]
    document.save()
    return document


@transaction.atomic
def document_delete(*, document: MeetingDocument, by: User) -> None:
    """Remove a document and, after commit, its file."""
    storage, path = document.file.storage, document.file.name
    assert path is not None  # the file is required: a saved document has one
    document._history_user = by  # type: ignore[attr-defined]
    document.delete()
    transaction.on_commit(lambda: storage.delete(path))


# ---------------------------------------------------------------------------- decisions


@transaction.atomic
def decision_add(
    *,
    meeting: Meeting,
    by: User,
    text: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
    status: str = DecisionStatus.A_FAIRE,
    actions: Iterable[Action] = (),
) -> Decision:
    """Add a decision to the meeting's relevé de décisions."""
    actions = _check_actions(meeting, by, actions)
    if owner is not None:
        _check_people(meeting.body, [owner])
    decision = Decision(meeting=meeting, text=text, owner=owner, due_date=due_date, status=status)
    _save(decision, by)
    decision.actions.set(actions)
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    by: User,
    text: str,
    owner: User | None = None,
    due_date: datetime.date | None = None,
    status: str = DecisionStatus.A_FAIRE,
    actions: Iterable[Action] = (),
) -> Decision:
    """Change a decision (its text, owner, due date, status, fiches): ``actions`` replaces
    the fiches the user may see; the links to the others stay."""
    actions = _check_actions(decision.meeting, by, actions)
    if owner is not None:
        _check_people(decision.meeting.body, [owner])
    decision.text, decision.owner, decision.due_date = text, owner, due_date
    decision.status = status
    _save(decision, by)
    decision.actions.set(_with_hidden_links(decision, by, actions))
    return decision


def _comment_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Écrivez votre commentaire."})
    return text


@transaction.atomic
def decision_comment_add(*, decision: Decision, by: User, text: str) -> DecisionComment:
    """Comment a decision, by one who may (``can_comment_decision``); the CTG's CDC is told
    by e-mail (after commit)."""
    if not can_comment_decision(by, decision):
        raise PermissionDenied("Vous ne pouvez pas commenter cette décision.")
    comment = _save(DecisionComment(decision=decision, author=by, text=_comment_text(text)), by)
    notify_decision_comment(comment)
    return comment


@transaction.atomic
def decision_comment_update(
    *, comment: DecisionComment, by: User, text: str, expected_version: int | None = None
) -> DecisionComment:
    """Correct a comment: its author only; the history keeps the old text.

    With ``expected_version`` (the version the form was opened on), a comment changed
    since (in another tab) is not overwritten: ``StaleEdit`` says so.
    """
    if not can_change_decision_comment(by, comment):
        raise PermissionDenied("Seul l'auteur d'un commentaire le modifie.")
    claim(comment, expected_version=expected_version, fields=("text",))
    comment.text = _comment_text(text)
    comment.edited_at = timezone.now()
    return _save(comment, by)


@transaction.atomic
def decision_comment_delete(*, comment: DecisionComment, by: User) -> None:
    """Delete a comment: its author only; the decision's history keeps that it was."""
    if not can_change_decision_comment(by, comment):
        raise PermissionDenied("Seul l'auteur d'un commentaire le supprime.")
    comment._history_user = by  # type: ignore[attr-defined]
    comment.delete()


def decision_reason(decision: Decision) -> str:
    """The reason a fiche's history shows for a change a decision applied."""
    meeting = decision.meeting
    day = timezone.localtime(meeting.start).strftime("%d/%m/%Y")
    text = " ".join(decision.text.split())
    if len(text) > 60:
        text = text[:59] + "…"
    return f"Décision « {meeting.body.name} » du {day} : {text}"[:100]


def _mark_reason(obj: Any, reason: str) -> None:
    record = obj.history.order_by("-history_id").first()
    if record is not None:
        record.history_change_reason = reason
        record.save(update_fields=["history_change_reason"])


@transaction.atomic
def decision_apply(
    *,
    decision: Decision,
    by: User,
    change: str,
    action: Action | None = None,
    status: str = "",
    pilot: User | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    year: int | None = None,
    nature: str = "",
    forecast: Decimal | None = None,
    label: str = "",
    axis: Axis | None = None,
    title: str = "",
) -> Action:
    """Apply a decision to the plan in one step, the meeting recorded as the reason.

    Either everything happens (the fiche changes, the decision is marked applied and
    linked to the fiche) or nothing does. The decision's state is read again inside the
    transaction, its row locked (PostgreSQL; SQLite's immediate transactions already let
    one writer at a time): of simultaneous applications, the first one wins and the others
    see it applied.
    """
    applied_at = (
        Decision.objects.select_for_update()
        .filter(pk=decision.pk)
        .values_list("applied_at", flat=True)
        .get()
    )
    if decision.applied_at or applied_at:
        raise ValidationError("Cette décision a déjà été appliquée au plan d'actions.")
    meeting = decision.meeting
    convention = meeting.body.convention
    if convention is None:
        raise ValidationError("Une décision de la Caf ne modifie pas le plan d'une CTG.")
    plan = plan_of(convention)
    reason = decision_reason(decision)
    if change != PlanChange.NEW_ACTION and (action is None or action.plan_id != plan.pk):
        raise ValidationError("Choisissez une fiche de ce plan d'actions.")
    if change == PlanChange.STATUS:
        if status not in ActionStatus.values:
            raise ValidationError("Choisissez le nouveau statut.")
        assert action is not None  # checked above for every change but a new fiche
        before = action.get_status_display()
        action._change_reason = reason  # type: ignore[attr-defined]
        plan_services.action_update(action=action, by=by, status=status)
        summary = (
            f"Statut de la fiche {action.reference} : {before} → {action.get_status_display()}"
        )
    elif change == PlanChange.PILOT:
        if pilot is None:
            raise ValidationError("Choisissez le nouveau pilote.")
        assert action is not None  # checked above for every change but a new fiche
        _check_people(meeting.body, [pilot])
        action._change_reason = reason  # type: ignore[attr-defined]
        plan_services.action_update(action=action, by=by, pilot=pilot)
        summary = f"Pilote de la fiche {action.reference} : {pilot.full_name}"
    elif change == PlanChange.DATES:
        if start_date is None and end_date is None:
            raise ValidationError("Indiquez au moins une date.")
        assert action is not None  # checked above for every change but a new fiche
        action._change_reason = reason  # type: ignore[attr-defined]
        plan_services.action_update(
            action=action,
            by=by,
            start_date=start_date or action.start_date,
            end_date=end_date or action.end_date,
        )
        summary = (
            f"Dates de la fiche {action.reference} : "
            f"{_day(action.start_date)} – {_day(action.end_date)}"
        )
    elif change == PlanChange.BUDGET:
        if year is None or not nature or forecast is None:
            raise ValidationError("Indiquez l'année, la nature et le montant prévisionnel.")
        assert action is not None  # checked above for every change but a new fiche
        line = plan_services.budget_line_add(
            action=action, by=by, year=year, nature=nature, forecast=forecast, label=label
        )
        _mark_reason(line, reason)
        summary = f"Ligne budgétaire {year} ajoutée à la fiche {action.reference}"
    elif change == PlanChange.NEW_ACTION:
        if axis is None or axis.plan_id != plan.pk or not title.strip():
            raise ValidationError("Choisissez l'axe et l'intitulé de la nouvelle fiche.")
        action = plan_services.action_create(plan=plan, by=by, axis=axis, title=title.strip())
        _mark_reason(action, reason)
        summary = f"Fiche {action.reference} créée : {action.title}"
    else:
        raise ValidationError("Choisissez le changement à appliquer.")
    decision.applied_at = timezone.now()
    decision.applied_by = by
    decision.applied_summary = summary[:500]
    # Applied to the plan, the decision is carried out: no longer « à faire » anywhere.
    if decision.status in (DecisionStatus.A_FAIRE, DecisionStatus.EN_COURS):
        decision.status = DecisionStatus.FAITE
    _save(decision, by)
    decision.actions.add(action)
    return action


def _day(value: datetime.date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "?"


# ---------------------------------------------------------------------------- calendar


@transaction.atomic
def feed_regenerate(*, user: User) -> CalendarFeed:
    """Give the user a new subscription address; the old one stops working at once."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_token()
        feed.save()
    return feed
