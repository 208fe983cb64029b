"""Convocations, updates, cancellations and reminders of meetings, and the comments on
decisions told to the CDC, queued in the outbox with the change that causes them.

They leave after commit and are retried; an invitee without an address, or whose e-mail
could not be delivered in the end, is shown to the CDC on the meeting's page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention, ConventionMembership
from maillage.conventions.permissions import is_referent_cdt, roles_on
from maillage.outbox.services import Attachment, Email, absolute_url, mailbox, queue_emails

from .enums import Attendance
from .ics import meeting_ics
from .models import Decision, DecisionComment, Invitation, Meeting

SUBJECTS = {
    "convocation": "Convocation",
    "modification": "Réunion modifiée",
    "annulation": "Réunion annulée",
    "rappel": "Rappel",
}
NO_ADDRESS = "Aucune adresse électronique connue pour cette personne."


def when(meeting: Meeting) -> str:
    """« 28/11/2026 de 14:00 à 16:30 », in local time."""
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    if start.date() == end.date():
        return f"{start:%d/%m/%Y} de {start:%H:%M} à {end:%H:%M}"
    return f"du {start:%d/%m/%Y %H:%M} au {end:%d/%m/%Y %H:%M}"


def meeting_url(meeting: Meeting) -> str:
    """The absolute address of the meeting's page: in its CTG, or in the Caf's network."""
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
    return absolute_url(path)


def queue_meeting_emails(
    meeting: Meeting, kind: str, invitation_ids: Iterable[int] = (), *, by: User | None = None
) -> int:
    """Queue one e-mail per invitee (or per given invitation), the .ics attached, in the
    caller's transaction; returns how many invitations were handled.

    An invitee without a valid address gets no e-mail: the reason is kept on the
    invitation for the CDC. Replies go to ``by``, the person who convenes.
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
    common = {
        "meeting": meeting,
        "kind": kind,
        "when": when(meeting),
        "agenda": list(meeting.agenda.all()),
        "owner": meeting.body.owner_name,
        "is_network": meeting.body.caf_id is not None,
        "link": link,
    }
    subject = f"{SUBJECTS[kind]} : {meeting.title} — {common['when']}"
    reply_to = [mailbox(by.full_name, by.email)] if by is not None and by.email else None
    about = f"{SUBJECTS[kind]} de la réunion « {meeting.title} »"
    now = timezone.now()
    emails: list[Email] = []
    mailed: list[Invitation] = []
    for invitation in invitations:
        invitation.email_sent_at, invitation.message = None, None
        invitation.email_error = NO_ADDRESS
        if not invitation.email:
            continue
        try:
            to = mailbox(invitation.name, invitation.email)
        except ValidationError as exc:
            invitation.email_error = exc.messages[0][:500]
            continue
        body = render_to_string(
            "governance/email/meeting.txt", {**common, "invitation": invitation}
        )
        emails.append(
            Email(
                to=[to],
                subject=subject,
                body=body,
                sender=by,
                about=about,
                about_url=link,
                attachments=[ics],
                reply_to=reply_to,
            )
        )
        mailed.append(invitation)
    for invitation, message in zip(mailed, queue_emails(emails), strict=True):
        invitation.email_sent_at, invitation.message, invitation.email_error = now, message, ""
    Invitation.objects.bulk_update(invitations, ["email_sent_at", "email_error", "message"])
    return len(invitations)


def notify_invitees(
    *, meeting: Meeting, kind: str, by: User | None, invitation_ids: Iterable[int] = ()
) -> None:
    """E-mail the invitees about the meeting (convocation, change, cancel): queued now, in
    the caller's transaction, sent after commit."""
    queue_meeting_emails(meeting, kind, invitation_ids, by=by)


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
