"""E-mails of meetings, queued in the outbox with the change that causes them:
convocations, updates, cancellations, reminders, the minutes once published, and the
comments on decisions told to the CDC.

They leave after commit and are retried; an invitee without an address, or whose e-mail
could not be delivered in the end, is shown to the CDC on the meeting's page.

An invitee with an account gets the link to the meeting's page. A directory contact has
none and could not open it: their e-mail carries what the page shows instead, the agenda
in full and the meeting's documents attached (within the outbox's size cap; those left
out are named, to ask the organiser), then the minutes' text and PDF.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention, ConventionMembership
from maillage.conventions.permissions import is_referent_cdt, roles_on
from maillage.core.documents.formats import render
from maillage.outbox.services import (
    MAX_ATTACHMENTS_BYTES,
    Attachment,
    Email,
    absolute_url,
    fit_attachments,
    mailbox,
    queue_emails,
)

from .documents import minutes_document, when
from .enums import Attendance
from .ics import meeting_ics
from .models import AgendaItem, Decision, DecisionComment, Invitation, Meeting, MeetingDocument

logger = logging.getLogger(__name__)

SUBJECTS = {
    "convocation": "Convocation",
    "modification": "Réunion modifiée",
    "annulation": "Réunion annulée",
    "rappel": "Rappel",
}
NO_ADDRESS = "Aucune adresse électronique connue pour cette personne."
PDF_TYPE = "application/pdf"


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    """The absolute address of the meeting's page (at ``anchor``): in its CTG, or in the
    Caf's network."""
    body = meeting.body
    if body.convention is not None:
        path = reverse(
            "governance:meeting_detail",
            kwargs={"convention_uuid": body.convention.uuid, "meeting_uuid": meeting.uuid},
        )
    else:
        assert body.caf is not None  # a body belongs to a CTG or to a Caf
        path = reverse(
            "departement:network_meeting",
            kwargs={"caf_uuid": body.caf.uuid, "meeting_uuid": meeting.uuid},
        )
    return absolute_url(path) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class AgendaLine:
    """A point of the agenda as the e-mail lists it, with its time when it can be told."""

    number: int
    item: AgendaItem
    time: str  # « 14:30 », or "" once a point before it has no duration


def agenda_lines(meeting: Meeting, items: Iterable[AgendaItem]) -> list[AgendaLine]:
    """The agenda, each point at the time it starts: the meeting's start plus the durations
    of the points before it, as long as they all have one."""
    at: datetime.datetime | None = timezone.localtime(meeting.start)
    lines = []
    for number, item in enumerate(items, start=1):
        lines.append(AgendaLine(number=number, item=item, time=f"{at:%H:%M}" if at else ""))
        at = at + datetime.timedelta(minutes=item.duration) if at and item.duration else None
    return lines


def organiser(meeting: Meeting, by: User | None) -> User | None:
    """Who convenes: the person who acts, or else the CTG's chargé·e de coopération."""
    if by is not None or meeting.body.convention_id is None:
        return by
    membership = (
        ConventionMembership.objects.filter(
            convention_id=meeting.body.convention_id,
            role=ConventionRole.CDC,
            is_active=True,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


@dataclass(frozen=True)
class LeftOut:
    """A document too big to go with the others, named in the e-mail."""

    name: str
    size: int


def documents_to_attach(meeting: Meeting, *, room: int) -> tuple[list[Attachment], list[LeftOut]]:
    """The meeting's documents as attachments, oldest first, as many as fit in ``room``
    bytes (chosen on their recorded size, then read); the others, and any file the
    storage cannot give back, as left out."""
    documents = list(meeting.documents.order_by("uploaded_at", "pk"))
    fitting, too_big = fit_attachments(documents, size=lambda d: d.size, room=room)
    attached: list[Attachment] = []
    left = [LeftOut(d.name, d.size) for d in too_big]
    for document in fitting:
        content = _read(document)
        if content is None or len(content) > room:
            left.append(LeftOut(document.name, document.size))
            continue
        room -= len(content)
        attached.append(Attachment(document.name, content, document.content_type))
    return attached, left


def _read(document: MeetingDocument) -> bytes | None:
    try:
        with document.file.open("rb") as file:
            return file.read()
    except OSError:  # a file missing from the storage: named instead of attached
        logger.warning("Document de réunion illisible : %s", document.pk)
        return None


def _recipient(invitation: Invitation) -> str | None:
    """The invitee's address as « Nom <adresse> », or None with the reason kept on the
    invitation for the CDC."""
    invitation.email_error = NO_ADDRESS
    if not invitation.email:
        return None
    try:
        to = mailbox(invitation.name, invitation.email)
    except ValidationError as exc:
        invitation.email_error = exc.messages[0][:500]
        return None
    invitation.email_error = ""
    return to


def _reply_to(person: User | None) -> list[str] | None:
    return (
        [mailbox(person.full_name, person.email)] if person is not None and person.email else None
    )


def queue_meeting_emails(
    meeting: Meeting, kind: str, invitation_ids: Iterable[int] = (), *, by: User | None = None
) -> int:
    """Queue one e-mail per invitee (or per given invitation), the .ics attached, in the
    caller's transaction; returns how many invitations were handled.

    An invitee with an account gets the link to the meeting's page; a contact without one
    gets the meeting's documents attached instead (but with a cancellation). An invitee
    without a valid address gets no e-mail: the reason is kept on the invitation for the
    CDC. Replies go to the organiser (``by``, or the CTG's CDC for a reminder).
    """
    meeting = (
        Meeting.objects.select_related("body__convention", "body__caf")
        .prefetch_related("agenda")
        .get(pk=meeting.pk)
    )
    method = "CANCEL" if kind == "annulation" else "REQUEST"
    ics = Attachment(
        name="reunion.ics",
        content=meeting_ics(meeting, method=method),
        mimetype=f"text/calendar; charset=utf-8; method={method}",
    )
    invitations = list(meeting.invitations.select_related("user", "contact"))
    ids = set(invitation_ids)
    if ids:
        invitations = [i for i in invitations if i.pk in ids]
    if kind == "rappel":
        invitations = [i for i in invitations if i.status != Attendance.EXCUSE]
    link = meeting_url(meeting)
    convener = organiser(meeting, by)
    common = {
        "meeting": meeting,
        "kind": kind,
        "when": when(meeting),
        "agenda": agenda_lines(meeting, meeting.agenda.all()),
        "owner": meeting.body.owner_name,
        "is_network": meeting.body.caf_id is not None,
        "link": link,
        "organiser": convener,
    }
    attached: list[Attachment] = []
    left: list[LeftOut] = []
    if kind != "annulation" and any(i.user_id is None and i.email for i in invitations):
        # Read once for every contact, stored once by the outbox.
        attached, left = documents_to_attach(meeting, room=MAX_ATTACHMENTS_BYTES - len(ics.content))
    subject = f"{SUBJECTS[kind]} : {meeting.title} — {common['when']}"
    reply_to = _reply_to(convener)
    about = f"{SUBJECTS[kind]} de la réunion « {meeting.title} »"
    now = timezone.now()
    emails: list[Email] = []
    mailed: list[Invitation] = []
    for invitation in invitations:
        invitation.email_sent_at, invitation.message = None, None
        to = _recipient(invitation)
        if to is None:
            continue
        account = invitation.user_id is not None
        body = render_to_string(
            "governance/email/meeting.txt",
            {
                **common,
                "invitation": invitation,
                "account": account,
                "attached": [] if account else attached,
                "left_out": [] if account else left,
            },
        )
        emails.append(
            Email(
                to=[to],
                subject=subject,
                body=body,
                sender=by,
                about=about,
                about_url=link,
                attachments=[ics] if account else [ics, *attached],
                reply_to=reply_to,
                recipient_can_open=account,
            )
        )
        mailed.append(invitation)
    for invitation, message in zip(mailed, queue_emails(emails), strict=True):
        invitation.email_sent_at, invitation.message = now, message
    Invitation.objects.bulk_update(invitations, ["email_sent_at", "email_error", "message"])
    return len(invitations)


def notify_invitees(
    *, meeting: Meeting, kind: str, by: User | None, invitation_ids: Iterable[int] = ()
) -> None:
    """E-mail the invitees about the meeting (convocation, change, cancel): queued now, in
    the caller's transaction, sent after commit."""
    queue_meeting_emails(meeting, kind, invitation_ids, by=by)


def notify_minutes(*, meeting: Meeting, by: User | None) -> int:
    """Tell the invitees that the minutes are published, in the caller's transaction;
    returns how many e-mails were queued.

    Invitees with an account (active, who have not opted out in « Mon compte ») get the
    link to the minutes on the meeting's page; contacts without one get the minutes' text
    and decisions in the e-mail, and the minutes as a PDF (the fiches it names: only those
    that are not confidential). The publisher gets none; an address Maillage cannot write
    to is skipped.
    """
    meeting = Meeting.objects.select_related("body__convention", "body__caf").get(pk=meeting.pk)
    publisher = by.pk if by is not None else None
    invitations = [
        i
        for i in meeting.invitations.select_related("user", "contact")
        if i.user is None or (i.user_id != publisher and i.user.is_active and i.user.notify_minutes)
    ]
    link = meeting_url(meeting, "compte-rendu")
    common = {
        "meeting": meeting,
        "when": when(meeting),
        "owner": meeting.body.owner_name,
        "link": link,
        "decisions": list(meeting.decisions.select_related("owner")),
        "preferences": absolute_url(reverse("web:preferences")),
        "organiser": by,
    }
    pdf: list[Attachment] = []
    if any(i.user_id is None and i.email for i in invitations):
        document = minutes_document(meeting, None)
        pdf = [Attachment(f"{document.filename}.pdf", render(document, "pdf"), PDF_TYPE)]
    emails: list[Email] = []
    for invitation in invitations:
        to = _recipient(invitation)
        if to is None:
            continue
        account = invitation.user_id is not None
        emails.append(
            Email(
                to=[to],
                subject=f"Compte rendu : {meeting.title} — {common['when']}",
                body=render_to_string(
                    "governance/email/minutes.txt",
                    {**common, "invitation": invitation, "account": account},
                ),
                sender=by,
                about=f"Compte rendu de la réunion « {meeting.title} »",
                about_url=link,
                attachments=[] if account else pdf,
                reply_to=_reply_to(by),
                recipient_can_open=account,
            )
        )
    return len(queue_emails(emails))


def decision_url(decision: Decision) -> str:
    """The absolute address of a decision's page (its comments and history)."""
    meeting = decision.meeting
    convention = meeting.body.convention
    assert convention is not None  # decisions are commented in a CTG's meetings
    return absolute_url(
        reverse(
            "governance:decision_detail",
            kwargs={
                "convention_uuid": convention.uuid,
                "meeting_uuid": meeting.uuid,
                "decision_uuid": decision.uuid,
            },
        )
    )


def role_label(user: User, convention: Convention) -> str:
    """How the author of a comment is introduced: « élu·e référent·e », « CDT de la Caf »…"""
    roles = roles_on(user, convention)
    for role in ConventionRole:
        if role in roles:
            return role.label[0].lower() + role.label[1:]
    if is_referent_cdt(user, convention):
        return "CDT référent·e de la Caf"
    return ""


def notify_decision_comment(comment: DecisionComment) -> int:
    """Tell the CTG's chargés de coopération (but the author) that a decision was
    commented, in the caller's transaction; returns how many e-mails were queued."""
    decision = comment.decision
    meeting = decision.meeting
    convention = meeting.body.convention
    assert convention is not None  # decisions are commented in a CTG's meetings
    recipients = list(
        User.objects.filter(
            pk__in=ConventionMembership.objects.filter(
                convention=convention, role=ConventionRole.CDC, is_active=True
            ).values("user_id"),
            is_active=True,
        )
        .exclude(pk=comment.author_id)
        .exclude(email="")
    )
    if not recipients:
        return 0
    link = decision_url(decision)
    author = comment.author
    context = {
        "by": author,
        "by_role": role_label(author, convention),
        "meeting": meeting,
        "day": f"{timezone.localtime(meeting.start):%d/%m/%Y}",
        "convention": convention,
        "decision": " ".join(decision.text.split()),
        "text": comment.text,
        "link": link,
    }
    emails = []
    for user in recipients:
        try:
            to = mailbox(user.full_name, user.email)
        except ValidationError:
            continue  # an address Maillage cannot write to: the comment stands
        emails.append(
            Email(
                to=[to],
                subject=f"Commentaire de {author.full_name} sur une décision : {meeting.title}",
                body=render_to_string(
                    "governance/email/decision_comment.txt", {**context, "user": user}
                ),
                sender=author,
                about=f"Commentaire sur une décision de la réunion « {meeting.title} »",
                about_url=link,
            )
        )
    return len(queue_emails(emails))
