"""Convocations, updates, cancellations and reminders of meetings, e-mailed after commit.

A failed e-mail never undoes the meeting: the error is stored on the invitation and shown
to the CDC on the meeting's page.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .enums import Attendance
from .ics import meeting_ics
from .models import Invitation, Meeting

SUBJECTS = {
    "convocation": "Convocation",
    "modification": "Réunion modifiée",
    "annulation": "Réunion annulée",
    "rappel": "Rappel",
}


def when(meeting: Meeting) -> str:
    """« 28/11/2026 de 14:00 à 16:30 », in local time."""
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    if start.date() == end.date():
        return f"{start:%d/%m/%Y} de {start:%H:%M} à {end:%H:%M}"
    return f"du {start:%d/%m/%Y %H:%M} au {end:%d/%m/%Y %H:%M}"


def _send_one(meeting: Meeting, invitation: Invitation, kind: str, ics: bytes) -> None:
    address = invitation.email
    if not address:
        Invitation.objects.filter(pk=invitation.pk).update(
            email_error="Aucune adresse électronique connue pour cette personne."
        )
        return
    body = render_to_string(
        "governance/email/meeting.txt",
        {
            "invitation": invitation,
            "meeting": meeting,
            "kind": kind,
            "when": when(meeting),
            "agenda": list(meeting.agenda.all()),
            "owner": meeting.body.owner_name,
            "is_network": meeting.body.caf_id is not None,
        },
    )
    subject = f"{SUBJECTS[kind]} : {meeting.title} — {when(meeting)}"
    message = EmailMessage(subject.replace("\n", " "), body, None, [address])
    method = "CANCEL" if kind == "annulation" else "REQUEST"
    message.attach("reunion.ics", ics, f"text/calendar; charset=utf-8; method={method}")
    try:
        message.send()
    except Exception as exc:  # any failure is kept for the CDC to see; the meeting stays
        Invitation.objects.filter(pk=invitation.pk).update(
            email_error=f"Échec de l'envoi ({SUBJECTS[kind].lower()}) : {exc}"[:500]
        )
    else:
        Invitation.objects.filter(pk=invitation.pk).update(
            email_error="", email_sent_at=timezone.now()
        )


def send_meeting_emails(meeting: Meeting, kind: str, invitation_ids: Iterable[int] = ()) -> int:
    """Send now: one e-mail per invitee (or per given invitation), the .ics attached."""
    meeting = (
        Meeting.objects.select_related("body__convention", "body__caf")
        .prefetch_related("agenda")
        .get(pk=meeting.pk)
    )
    method = "CANCEL" if kind == "annulation" else "REQUEST"
    ics = meeting_ics(meeting, method=method)
    invitations = meeting.invitations.select_related("user", "contact")
    ids = list(invitation_ids)
    if ids:
        invitations = invitations.filter(pk__in=ids)
    if kind == "rappel":
        invitations = invitations.exclude(status=Attendance.EXCUSE)
    count = 0
    for invitation in invitations:
        _send_one(meeting, invitation, kind, ics)
        count += 1
    return count


def notify_invitees(*, meeting: Meeting, kind: str, invitation_ids: Iterable[int] = ()) -> None:
    """After commit, e-mail the invitees about the meeting (convocation, change, cancel)."""
    ids = list(invitation_ids)
    transaction.on_commit(lambda: send_meeting_emails(meeting, kind, ids))
