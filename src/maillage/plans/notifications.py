"""E-mails about a fiche, queued in the outbox: to whoever becomes its pilot or co-pilot,
and to its team when an élu or the Caf writes a note on it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import ConventionMembership
from maillage.outbox.services import Email, absolute_url, queue_emails

if TYPE_CHECKING:
    from .models import Action, Note


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


def notify_note(*, note: Note, by_role: str) -> None:
    """Tell the fiche's pilot, co-pilots and the CTG's CDCs (who have not opted out) that an
    élu or the Caf (``by_role``) wrote a note on it, in the caller's transaction."""
    action = note.action
    convention = action.plan.convention
    cdcs = ConventionMembership.objects.filter(
        convention=convention, role=ConventionRole.CDC, is_active=True
    ).values_list("user_id", flat=True)
    ids = (assignees(action) | set(cdcs)) - {note.author_id}
    recipients = User.objects.filter(pk__in=ids, is_active=True, notify_assignments=True)
    link = absolute_url(
        reverse(
            "plans:action_detail",
            kwargs={"convention_uuid": convention.uuid, "action_uuid": action.uuid},
        )
    )
    queue_emails(
        [
            Email(
                to=[user.email],
                subject=f"Maillage — note de {note.author.full_name} sur la fiche "
                f"{action.reference}",
                body=render_to_string(
                    "plans/email/note.txt",
                    {
                        "user": user,
                        "by": note.author,
                        "by_role": by_role,
                        "reference": action.reference,
                        "title": action.title,
                        "convention": convention,
                        "text": note.text,
                        "link": link,
                    },
                ),
                sender=note.author,
                about=f"Note sur la fiche {action.reference}",
                about_url=link,
            )
            for user in recipients
        ]
    )
