"""Writes on CTGs: identity, territory, thématiques, signatories, members."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.accounts.services import invitation_path
from maillage.organisations.enums import DEFAULT_CATEGORY
from maillage.organisations.models import Caf, Organisation
from maillage.outbox.services import absolute_url, queue_email
from maillage.territories.models import Commune, Epci

from .enums import ConventionRole
from .models import Convention, ConventionMembership, ConventionTheme, Signatory
from .permissions import CONVENTION_FIELDS, convention_editable_fields

security_log = logging.getLogger("maillage.security")


def _set_themes(convention: Convention, themes: Iterable[str]) -> None:
    wanted = set(themes)
    current = set(convention.themes.values_list("theme", flat=True))
    convention.themes.filter(theme__in=current - wanted).delete()
    ConventionTheme.objects.bulk_create(
        [ConventionTheme(convention=convention, theme=t) for t in sorted(wanted - current)]
    )


@transaction.atomic
def convention_create(
    *,
    caf: Caf,
    by: User,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
    epci: Epci | None = None,
    signed_on: datetime.date | None = None,
    renewal_in_progress: bool = False,
    cdt: User | None = None,
    themes: Iterable[str] = (),
    take_epci_communes: bool = True,
) -> Convention:
    """Create a CTG of a Caf; with an EPCI, its communes become the territory."""
    convention = Convention(
        caf=caf,
        name=name,
        start_date=start_date,
        end_date=end_date,
        epci=epci,
        signed_on=signed_on,
        renewal_in_progress=renewal_in_progress,
        cdt=cdt,
    )
    convention._history_user = by  # type: ignore[attr-defined]
    convention.full_clean()
    convention.save()
    _set_themes(convention, themes)
    if epci is not None and take_epci_communes:
        convention.communes.add(
            *Commune.objects.filter(epci=epci, departement_id=caf.departement_id)
        )
    return convention


@transaction.atomic
def convention_update(
    *, convention: Convention, by: User, themes: Iterable[str] | None = None, **fields: object
) -> Convention:
    """Update a CTG's identity, period, status flags and CDT référent.

    Each field changed must be one ``by`` may change (``convention_editable_fields``): the
    référent CDT is the Caf's choice.
    """
    requested = {**fields, **({"themes": list(themes)} if themes is not None else {})}
    CONVENTION_FIELDS.check(
        convention, requested, allowed=convention_editable_fields(by, convention)
    )
    for key, value in fields.items():
        setattr(convention, key, value)
    convention._history_user = by  # type: ignore[attr-defined]
    convention.full_clean()
    convention.save()
    if themes is not None:
        _set_themes(convention, themes)
    return convention


@transaction.atomic
def convention_add_epci_communes(*, convention: Convention, epci: Epci, by: User) -> int:
    """Add every commune of an EPCI to the CTG's territory in one step; returns how many."""
    communes = list(
        Commune.objects.filter(epci=epci, departement_id=convention.caf.departement_id).exclude(
            conventions=convention
        )
    )
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.add(*communes)
    return len(communes)


@transaction.atomic
def convention_add_communes(
    *, convention: Convention, communes: Iterable[Commune], by: User
) -> int:
    """Add communes to the CTG's territory; returns how many were new."""
    new = [c for c in communes if not convention.communes.filter(pk=c.pk).exists()]
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.add(*new)
    return len(new)


@transaction.atomic
def convention_remove_communes(
    *, convention: Convention, communes: Iterable[Commune], by: User
) -> None:
    """Remove communes from the CTG's territory."""
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.remove(*communes)


@transaction.atomic
def signatory_add(
    *,
    convention: Convention,
    by: User,
    role: str,
    organisation: Organisation | None = None,
    new_name: str = "",
    new_kind: str = "",
) -> Signatory:
    """Add an organisation (existing, or created in the Caf's directory) as signatory."""
    if organisation is None:
        name = new_name.strip()
        organisation = Organisation.objects.filter(caf=convention.caf, name=name).first()
        if organisation is None:
            organisation = Organisation(
                caf=convention.caf,
                name=name,
                kind=new_kind,
                category=DEFAULT_CATEGORY.get(new_kind, ""),
            )
            organisation._history_user = by  # type: ignore[attr-defined]
            organisation.full_clean()
            organisation.save()
    if organisation.caf_id != convention.caf_id:
        raise ValidationError("Cette organisation n'appartient pas au territoire de la Caf.")
    if Signatory.objects.filter(convention=convention, organisation=organisation).exists():
        raise ValidationError(f"{organisation} figure déjà parmi les signataires.")
    signatory = Signatory(convention=convention, organisation=organisation, role=role)
    signatory._history_user = by  # type: ignore[attr-defined]
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by: User) -> None:
    """Remove a signatory from the CTG (the organisation stays in the directory)."""
    signatory._history_user = by  # type: ignore[attr-defined]
    signatory.delete()


@dataclass(frozen=True)
class Invitation:
    membership: ConventionMembership
    new_user: bool


def _queue_invitation(*, membership: ConventionMembership, new_user: bool, by: User) -> None:
    user = membership.user
    convention = membership.convention
    ctg_url = absolute_url(
        reverse("conventions:detail", kwargs={"convention_uuid": convention.uuid})
    )
    context = {
        "membership": membership,
        "convention": convention,
        "invited_by": membership.invited_by,
        "link": absolute_url(invitation_path(user)) if new_user else ctg_url,
        "ctg_url": ctg_url,
        "new_user": new_user,
    }
    queue_email(
        to=[user.email],
        subject=f"Maillage — invitation à la {convention.ctg_name}",
        body=render_to_string("conventions/email/invitation.txt", context),
        sender=by,
        about=f"Invitation de {user.email} à la {convention.ctg_name}",
        about_url=ctg_url,
    )


@transaction.atomic
def member_invite(
    *, convention: Convention, by: User, email: str, full_name: str, role: str
) -> Invitation:
    """Invite a person to a CTG with a role; the e-mail is queued in the outbox.

    A new address gets an account without password and a link to choose one; an
    existing account gets the membership (reactivated if it had been deactivated).
    Raises ValidationError if the person is already an active member.
    """
    if role not in ConventionRole.values:
        raise ValidationError("Rôle inconnu.")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_user = user is None or not user.has_usable_password()
    if user is None:
        user = User(email=email, full_name=full_name.strip())
        user.set_unusable_password()
        user.full_clean()
        user.save()
    membership = ConventionMembership.objects.filter(user=user, convention=convention).first()
    if membership is not None and membership.is_active:
        raise ValidationError(f"{user.email} est déjà membre de cette CTG.")
    if membership is None:
        membership = ConventionMembership(user=user, convention=convention)
    membership.role = role
    membership.is_active = True
    membership.deactivated_at = None
    membership.invited_by = by
    membership._history_user = by  # type: ignore[attr-defined]
    membership.full_clean()
    membership.save()
    _queue_invitation(membership=membership, new_user=new_user, by=by)
    return Invitation(membership=membership, new_user=new_user)


@transaction.atomic
def member_change_role(*, membership: ConventionMembership, by: User, role: str) -> None:
    """Give a member another role on the CTG."""
    if role not in ConventionRole.values:
        raise ValidationError("Rôle inconnu.")
    membership.role = role
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save(update_fields=["role"])


@transaction.atomic
def member_deactivate(*, membership: ConventionMembership, by: User) -> None:
    """End a member's access to the CTG; the membership is kept for history."""
    if membership.user_id == by.pk:
        raise ValidationError("Vous ne pouvez pas retirer votre propre accès.")
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save(update_fields=["is_active", "deactivated_at"])
    security_log.info(
        "membership deactivated user=%s convention=%s by=%s",
        membership.user.uuid,
        membership.convention.uuid,
        by.uuid,
    )
