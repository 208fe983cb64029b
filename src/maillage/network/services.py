"""Writes on the CTG's directory. Every change is in the history, with its author."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from maillage.conventions.models import Convention
from maillage.core.formats import de
from maillage.core.validators import no_control_characters
from maillage.core.versioning import claim
from maillage.organisations.enums import DEFAULT_CATEGORY
from maillage.organisations.models import Organisation

from .fiches import visible_fiche_ids
from .models import Contact, ContactTheme, Interaction, Partner, PartnerTheme
from .permissions import can_erase_personal_data
from .references import CONTACT_ERASURE, CONTACT_MERGE

if TYPE_CHECKING:
    from maillage.accounts.models import User

# In the form's order: a stale edit lists what changed in this order.
CONTACT_FORM_FIELDS = (
    "first_name",
    "last_name",
    "function",
    "organisation",
    "category",
    "email",
    "phone",
    "notes",
)
CONTACT_FIELDS = {
    "first_name",
    "last_name",
    "function",
    "organisation",
    "email",
    "phone",
    "category",
    "notes",
}


def _check_organisation(contact: Contact) -> None:
    organisation = contact.organisation
    if organisation is not None and organisation.caf_id != contact.convention.caf_id:
        raise ValidationError(
            {"organisation": "Cette organisation n'appartient pas au territoire de la Caf."}
        )


def _set_themes(contact: Contact, themes: Iterable[str]) -> None:
    wanted = set(themes)
    current = set(contact.themes.values_list("theme", flat=True))
    contact.themes.filter(theme__in=current - wanted).delete()
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=contact, theme=theme) for theme in sorted(wanted - current)
    )


@transaction.atomic
def contact_create(
    *,
    convention: Convention,
    by: User,
    last_name: str,
    themes: Iterable[str] = (),
    **fields: Any,
) -> Contact:
    """Add a person to the CTG's directory."""
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"champs inconnus : {sorted(unknown)}")
    contact = Contact(convention=convention, last_name=last_name, **fields)
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    _check_organisation(contact)
    contact._history_user = by  # type: ignore[attr-defined]
    contact.save()
    _set_themes(contact, themes)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    by: User,
    themes: Iterable[str] | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Contact:
    """Change a contact's fields (and thématiques when given).

    With ``expected_version`` (the version its form was opened on), a contact someone
    else saved since is not changed: ``StaleEdit`` says what they changed.
    """
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"champs inconnus : {sorted(unknown)}")
    claim(contact, expected_version=expected_version, fields=CONTACT_FORM_FIELDS, any_change=True)
    for name, value in fields.items():
        setattr(contact, name, value)
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    _check_organisation(contact)
    contact._history_user = by  # type: ignore[attr-defined]
    contact.save()
    if themes is not None:
        _set_themes(contact, themes)
    return contact


@transaction.atomic
def contact_erase(*, contact: Contact, by: User) -> None:
    """Erase a contact and its history (RGPD right to erasure).

    Each module first does what erasure asks of it (``references``): the fiches it
    piloted keep their history but lose the link; the records deleted with it (meeting
    invitations, interactions' links) go. The history rows of the contact itself, which
    hold its personal data, are deleted. Only the CDC erases (``can_erase_personal_data``).
    """
    if not can_erase_personal_data(by, contact.convention):
        raise PermissionDenied("Seul le chargé de coopération efface un contact et son historique.")
    for unlink in CONTACT_ERASURE:
        unlink(contact, by)
    contact_id = contact.pk
    contact.delete()
    Contact.history.filter(id=contact_id).delete()


@transaction.atomic
def contact_merge(*, keep: Contact, other: Contact, by: User) -> Contact:
    """Merge ``other`` into ``keep``: every link of both ends on ``keep``.

    Each module first settles the records both contacts have (``references``: one
    invitation per meeting…). The fiches ``other`` pilots, the interactions it took part
    in and any other record pointing to it are then moved to ``keep`` (through each
    model's own save, so their history records the change); ``keep``'s empty fields take
    ``other``'s values, the notes are put end to end and the thématiques are united.
    ``other`` is then deleted; its history stays.
    """
    if keep.pk == other.pk or keep.convention_id != other.convention_id:
        raise ValidationError("On ne fusionne que deux contacts différents de la même CTG.")
    reason = f"Fusion {de(other.full_name)} dans {keep.full_name}"
    themes = set(keep.themes.values_list("theme", flat=True)) | set(
        other.themes.values_list("theme", flat=True)
    )
    for settle in CONTACT_MERGE:
        settle(keep, other, by, reason)
    for relation in Contact._meta.related_objects:
        if relation.related_model is ContactTheme:
            continue
        accessor = relation.get_accessor_name()
        if accessor is None:  # a symmetrical relation to itself has no reverse accessor
            continue
        related = list(getattr(other, accessor).all())
        for obj in related:
            if relation.many_to_many:
                links = getattr(obj, relation.field.name)
                links.remove(other)
                links.add(keep)
            else:
                setattr(obj, relation.field.name, keep)
                obj._history_user = by
                obj._change_reason = reason
                obj.save(update_fields=[relation.field.name])
    values = {
        name: getattr(other, name)
        for name in ["first_name", "function", "organisation", "email", "phone", "category"]
        if not getattr(keep, name) and getattr(other, name)
    }
    notes = "\n\n".join(n for n in [keep.notes.strip(), other.notes.strip()] if n)
    claim(keep, expected_version=None)
    other._history_user = by  # type: ignore[attr-defined]
    other._change_reason = reason  # type: ignore[attr-defined]
    other.delete()
    for name, value in values.items():
        setattr(keep, name, value)
    keep.notes = notes
    keep.full_clean()
    keep._history_user = by  # type: ignore[attr-defined]
    keep._change_reason = reason  # type: ignore[attr-defined]
    keep.save()
    _set_themes(keep, themes)
    return keep


# --------------------------------------------------------------------------- organisations


def _set_partner_themes(partner: Partner, themes: Iterable[str]) -> None:
    wanted = set(themes)
    current = set(partner.themes.values_list("theme", flat=True))
    partner.themes.filter(theme__in=current - wanted).delete()
    PartnerTheme.objects.bulk_create(
        PartnerTheme(partner=partner, theme=theme) for theme in sorted(wanted - current)
    )


@transaction.atomic
def organisation_create(
    *, convention: Convention, by: User, name: str, kind: str, category: str = ""
) -> Organisation:
    """Create an organisation of the CTG's Caf (its category defaults from its kind).

    Runs of spaces are made one; a line break or another control character is refused.
    """
    try:
        no_control_characters(name)
    except ValidationError as exc:
        raise ValidationError({"name": exc.messages}) from exc
    name = " ".join(name.split())
    if Organisation.objects.filter(caf_id=convention.caf_id, name__iexact=name).exists():
        raise ValidationError(
            {
                "name": f"L'organisation « {name} » existe déjà à la Caf : "
                "choisissez-la dans la liste."
            }
        )
    organisation = Organisation(
        caf_id=convention.caf_id,
        name=name,
        kind=kind,
        category=category or DEFAULT_CATEGORY.get(kind, ""),
    )
    organisation.full_clean()
    organisation._history_user = by  # type: ignore[attr-defined]
    organisation.save()
    return organisation


@transaction.atomic
def partner_add(
    *,
    convention: Convention,
    by: User,
    organisation: Organisation,
    strategic: bool = False,
    notes: str = "",
    themes: Iterable[str] = (),
) -> Partner:
    """Add an organisation of the Caf to the CTG's directory."""
    if organisation.caf_id != convention.caf_id:
        raise ValidationError(
            {"organisation": "Cette organisation n'appartient pas au territoire de la Caf."}
        )
    partner = Partner(
        convention=convention, organisation=organisation, strategic=strategic, notes=notes
    )
    partner.full_clean()
    partner._history_user = by  # type: ignore[attr-defined]
    partner.save()
    _set_partner_themes(partner, themes)
    return partner


@transaction.atomic
def partner_update(
    *,
    partner: Partner,
    by: User,
    strategic: bool | None = None,
    notes: str | None = None,
    themes: Iterable[str] | None = None,
    expected_version: int | None = None,
) -> Partner:
    """Change what the CTG keeps on an organisation of its directory.

    With ``expected_version`` (the version its form was opened on), an entry someone else
    saved since is not changed: ``StaleEdit`` says what they changed.
    """
    claim(
        partner,
        expected_version=expected_version,
        fields=("strategic", "notes"),
        any_change=True,
    )
    if strategic is not None:
        partner.strategic = strategic
    if notes is not None:
        partner.notes = notes
    partner.full_clean()
    partner._history_user = by  # type: ignore[attr-defined]
    partner.save()
    if themes is not None:
        _set_partner_themes(partner, themes)
    return partner


@transaction.atomic
def partner_remove(*, partner: Partner, by: User) -> None:
    """Take an organisation out of the CTG's directory.

    The organisation itself stays (other CTGs of the Caf may use it), and so do the
    contacts, fiches and interactions linked to it; the CTG's notes on it are deleted.
    """
    partner._history_user = by  # type: ignore[attr-defined]
    partner.delete()


def ensure_partner(*, convention: Convention, by: User, organisation: Organisation) -> Partner:
    """The organisation's entry in the CTG's directory, added if it is not there yet."""
    partner = Partner.objects.filter(convention=convention, organisation=organisation).first()
    return partner or partner_add(convention=convention, by=by, organisation=organisation)


# --------------------------------------------------------------------------- interactions


def _check_links(
    convention: Convention,
    by: User,
    contacts: Iterable[Contact],
    organisations: Iterable[Organisation],
    actions: Iterable[Any],
) -> None:
    errors: dict[str, str] = {}
    if any(c.convention_id != convention.pk for c in contacts):
        errors["contacts"] = "Un contact choisi n'est pas dans l'annuaire de la CTG."
    if any(o.caf_id != convention.caf_id for o in organisations):
        errors["organisations"] = "Une organisation choisie n'appartient pas à la Caf."
    chosen = {a.pk for a in actions}
    if chosen and not chosen <= set(visible_fiche_ids(by, convention).filter(pk__in=chosen)):
        # The CTG's fiches the author may see: another CTG's, or a confidential one kept
        # from them, is refused alike.
        errors["actions"] = "Une fiche choisie n'est pas dans le plan d'actions de la CTG."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def interaction_create(
    *,
    convention: Convention,
    by: User,
    date: datetime.date,
    kind: str,
    subject: str,
    notes: str = "",
    contacts: Iterable[Contact] = (),
    organisations: Iterable[Organisation] = (),
    actions: Iterable[Any] = (),
) -> Interaction:
    """Log a moment of contact with people and organisations of the directory."""
    contacts, organisations, actions = list(contacts), list(organisations), list(actions)
    _check_links(convention, by, contacts, organisations, actions)
    interaction = Interaction(
        convention=convention, date=date, kind=kind, subject=subject, notes=notes, author=by
    )
    interaction.full_clean()
    interaction._history_user = by  # type: ignore[attr-defined]
    interaction.save()
    interaction.contacts.set(contacts)
    interaction.organisations.set(organisations)
    interaction.actions.set(actions)
    return interaction


@transaction.atomic
def interaction_update(
    *,
    interaction: Interaction,
    by: User,
    contacts: Iterable[Contact] | None = None,
    organisations: Iterable[Organisation] | None = None,
    actions: Iterable[Any] | None = None,
    **fields: Any,
) -> Interaction:
    """Change an interaction's fields and links (those given).

    ``actions`` replaces the fiches the user may see; the links to the others (a
    confidential fiche kept from a technicien) stay as they are.
    """
    unknown = set(fields) - {"date", "kind", "subject", "notes"}
    if unknown:
        raise TypeError(f"champs inconnus : {sorted(unknown)}")
    contacts = None if contacts is None else list(contacts)
    organisations = None if organisations is None else list(organisations)
    actions = None if actions is None else list(actions)
    convention = interaction.convention
    _check_links(convention, by, contacts or [], organisations or [], actions or [])
    for name, value in fields.items():
        setattr(interaction, name, value)
    interaction.full_clean()
    interaction._history_user = by  # type: ignore[attr-defined]
    interaction.save()
    if contacts is not None:
        interaction.contacts.set(contacts)
    if organisations is not None:
        interaction.organisations.set(organisations)
    if actions is not None:
        hidden = interaction.actions.exclude(pk__in=visible_fiche_ids(by, convention))
        interaction.actions.set([*actions, *hidden])
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction, by: User) -> None:
    """Remove an interaction from the log (its history keeps the trace)."""
    interaction._history_user = by  # type: ignore[attr-defined]
    interaction.delete()
