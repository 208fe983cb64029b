"""E-mails sent when someone becomes pilot or co-pilot of a fiche (after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from maillage.accounts.models import User

if TYPE_CHECKING:
    from .models import Action


def assignees(action: Action) -> set[int]:
    """The ids of the fiche's pilot and co-pilots."""
    ids = set(action.copilots.values_list("pk", flat=True))
    if action.pilot_id:
        ids.add(action.pilot_id)
    return ids


def notify_new_assignees(*, action: Action, before: Iterable[int], by: User) -> None:
    """After commit, tell each new pilot or co-pilot (who has not opted out) by e-mail."""
    new = assignees(action) - set(before) - {by.pk}
    if not new:
        return
    recipients = list(User.objects.filter(pk__in=new, is_active=True, notify_assignments=True))
    reference, title = action.reference, action.title
    convention = action.plan.convention

    def send() -> None:
        for user in recipients:
            role = "pilote" if user.pk == action.pilot_id else "copilote"
            body = render_to_string(
                "plans/email/assignment.txt",
                {
                    "user": user,
                    "role": role,
                    "reference": reference,
                    "title": title,
                    "convention": convention,
                    "by": by,
                },
            )
            send_mail(
                f"Maillage — vous êtes {role} de la fiche {reference}", body, None, [user.email]
            )

    transaction.on_commit(send)
