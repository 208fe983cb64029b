"""E-mails to whoever becomes pilot or co-pilot of a fiche, queued in the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.urls import reverse

from maillage.accounts.models import User
from maillage.outbox.services import Email, absolute_url, queue_emails

if TYPE_CHECKING:
    from .models import Action


def assignees(action: Action) -> set[int]:
    """The ids of the fiche's pilot and co-pilots."""
    ids = set(action.copilots.values_list("pk", flat=True))
    if action.pilot_id:
        ids.add(action.pilot_id)
    return ids


def notify_new_assignees(*, action: Action, before: Iterable[int], by: User) -> None:
    """Tell each new pilot or co-pilot (who has not opted out) by e-mail, in the caller's
    transaction (the e-mail leaves after commit)."""
    new = assignees(action) - set(before) - {by.pk}
    if not new:
        return
    recipients = list(User.objects.filter(pk__in=new, is_active=True, notify_assignments=True))
    convention = action.plan.convention
    link = absolute_url(
        reverse(
            "plans:action_detail",
            kwargs={"convention_uuid": convention.uuid, "action_uuid": action.uuid},
        )
    )
    emails = []
    for user in recipients:
        role = "pilote" if user.pk == action.pilot_id else "copilote"
        body = render_to_string(
            "plans/email/assignment.txt",
            {
                "user": user,
                "role": role,
                "reference": action.reference,
                "title": action.title,
                "convention": convention,
                "by": by,
                "link": link,
            },
        )
        emails.append(
            Email(
                to=[user.email],
                subject=f"Maillage — vous êtes {role} de la fiche {action.reference}",
                body=body,
                sender=by,
                about=f"Fiche {action.reference} : {user.full_name or user.email} {role}",
                about_url=link,
            )
        )
    queue_emails(emails)
