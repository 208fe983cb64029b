"""Who an instance's members are at its meetings: who may be invited, who a new meeting
invites by default, and which members a meeting leaves out, with why.

A member of an instance is a user, a directory contact or an organisation. A user or a
contact is invited in person; an organisation through its contacts in the CTG's
directory. A member no meeting can invite (an account closed, an organisation without a
contact in the directory) is said, with what fixes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.network.models import Contact
from maillage.organisations.models import Caf, Organisation

from .models import Body, BodyMember, Invitation

if TYPE_CHECKING:
    from maillage.conventions.models import Convention


def invitable_users(convention: Convention) -> QuerySet[User]:
    """Who may be invited with an account: the CTG's members and the Caf's staff."""
    return User.objects.filter(
        Q(convention_memberships__convention=convention, convention_memberships__is_active=True)
        | Q(caf_memberships__caf_id=convention.caf_id, caf_memberships__is_active=True),
        is_active=True,
    ).distinct()


def network_invitable_users(caf: Caf) -> QuerySet[User]:
    """Who may be invited to the Caf's network meetings: the active CDCs of its CTGs and its
    staff."""
    return User.objects.filter(
        Q(
            convention_memberships__convention__caf=caf,
            convention_memberships__role=ConventionRole.CDC,
            convention_memberships__is_active=True,
        )
        | Q(caf_memberships__caf=caf, caf_memberships__is_active=True),
        is_active=True,
    ).distinct()


def body_invitable_users(body: Body) -> QuerySet[User]:
    """Who may be invited to the instance's meetings (see the two functions above)."""
    owner = body.owner
    if isinstance(owner, Caf):
        return network_invitable_users(owner)
    return invitable_users(owner)


NO_EMAIL = "sans adresse électronique : la convocation ne lui sera pas envoyée"


@dataclass(frozen=True)
class Invitee:
    """A person a meeting may invite for a member: the member itself (a user, a contact)
    or a contact of a member organisation (``via``)."""

    user: User | None = None
    contact: Contact | None = None
    via: Organisation | None = None

    @property
    def key(self) -> str:
        """The invitee's value in a form: « u-<uuid> » or « c-<uuid> »."""
        if self.user is not None:
            return f"u-{self.user.uuid}"
        assert self.contact is not None  # an invitee is a user or a contact
        return f"c-{self.contact.uuid}"

    @property
    def person(self) -> User | Contact:
        person = self.user or self.contact
        assert person is not None  # an invitee is a user or a contact
        return person

    @property
    def name(self) -> str:
        if self.user is not None:
            return self.user.full_name or self.user.email
        assert self.contact is not None  # an invitee is a user or a contact
        return self.contact.full_name

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def label(self) -> str:
        """« Léa Arnaud (Conseil départemental) », with a word when no e-mail can reach
        them."""
        organisation = self.via or (self.contact.organisation if self.contact else None)
        text = f"{self.name} ({organisation.name})" if organisation is not None else self.name
        return f"{text} — {NO_EMAIL}" if not self.email else text


@dataclass(frozen=True)
class MemberGap:
    """A member of the instance the meeting does not invite, and why.

    ``invitable`` lists who can be invited for it now (the member, or its organisation's
    contacts); ``add_contact`` is the organisation to add a contact of to the directory
    (it has none); ``fix_members`` says the instance's members need correcting (the
    member's account is closed or no longer of the CTG).
    """

    name: str
    reason: str
    invitable: list[Invitee] = field(default_factory=list)
    add_contact: Organisation | None = None
    fix_members: bool = False


@dataclass(frozen=True)
class MemberInvitees:
    """What an instance's members give a new meeting: who it invites by default, and the
    members it cannot invite."""

    body: Body
    invitees: list[Invitee]
    cannot: list[MemberGap]


def _members(body: Body) -> list[BodyMember]:
    return list(
        body.members.select_related("user", "contact", "contact__organisation", "organisation")
    )


def _organisation_contacts(body: Body, members: list[BodyMember]) -> dict[int, list[Contact]]:
    """The directory contacts of each member organisation, by organisation id (one query)."""
    ids = [m.organisation_id for m in members if m.organisation_id]
    found: dict[int, list[Contact]] = {pk: [] for pk in ids}
    if ids and body.convention_id is not None:
        for contact in (
            Contact.objects.filter(convention_id=body.convention_id, organisation_id__in=ids)
            .select_related("organisation")
            .order_by("last_name", "first_name", "pk")
        ):
            assert contact.organisation_id is not None  # filtered on it
            found[contact.organisation_id].append(contact)
    return found


def _user_gap(body: Body, user: User, allowed: set[int]) -> MemberGap | None:
    """Why a user member cannot be invited (None: they can)."""
    name = user.full_name or user.email
    if not user.is_active:
        return MemberGap(name, "son compte est désactivé", fix_members=True)
    if user.pk not in allowed:
        where = "de la CTG ni de sa Caf" if body.convention_id else "du réseau de la Caf"
        return MemberGap(name, f"n'est plus membre {where}", fix_members=True)
    return None


def _no_contact(organisation: Organisation) -> MemberGap:
    return MemberGap(
        organisation.name,
        "aucun contact de cette organisation dans l'annuaire de la CTG : personne ne peut "
        "être invité pour elle",
        add_contact=organisation,
    )


def member_invitees(body: Body) -> MemberInvitees:
    """Who a new meeting of the instance invites by default: its users and contacts, and
    the directory contacts of its organisations, each once; and the members it cannot
    invite, with why (a fixed number of queries)."""
    members = _members(body)
    allowed = set(body_invitable_users(body).values_list("pk", flat=True))
    contacts_of = _organisation_contacts(body, members)
    invitees: list[Invitee] = []
    cannot: list[MemberGap] = []
    seen: set[str] = set()

    def add(invitee: Invitee) -> None:
        if invitee.key not in seen:
            seen.add(invitee.key)
            invitees.append(invitee)

    for member in members:
        if member.user is not None:
            gap = _user_gap(body, member.user, allowed)
            if gap is not None:
                cannot.append(gap)
            else:
                add(Invitee(user=member.user))
        elif member.contact is not None:
            add(Invitee(contact=member.contact))
        elif member.organisation is not None:
            contacts = contacts_of.get(member.organisation.pk, [])
            if not contacts:
                cannot.append(_no_contact(member.organisation))
            for contact in contacts:
                add(Invitee(contact=contact, via=member.organisation))
    return MemberInvitees(body=body, invitees=invitees, cannot=cannot)


def members_not_invited(body: Body, invitations: list[Invitation]) -> list[MemberGap]:
    """The instance's members a meeting leaves out, with why and what can be done: those
    it cannot invite, those not invited (or no longer), and the organisations none of
    whose contacts is invited."""
    members = _members(body)
    if not members:
        return []
    allowed = set(body_invitable_users(body).values_list("pk", flat=True))
    contacts_of = _organisation_contacts(body, members)
    users = {i.user_id for i in invitations if i.user_id}
    contacts = {i.contact_id for i in invitations if i.contact_id}
    represented = {i.organisation_id for i in invitations if i.organisation_id}
    gaps: list[MemberGap] = []
    not_invited = "n'est pas invité·e à cette réunion"
    for member in members:
        if member.user is not None:
            if member.user.pk in users:
                continue
            gap = _user_gap(body, member.user, allowed)
            invitee = Invitee(user=member.user)
            gaps.append(gap or MemberGap(invitee.name, not_invited, invitable=[invitee]))
        elif member.contact is not None:
            if member.contact.pk not in contacts:
                invitee = Invitee(contact=member.contact)
                gaps.append(MemberGap(invitee.label, not_invited, invitable=[invitee]))
        elif member.organisation is not None:
            organisation = member.organisation
            listed = contacts_of.get(organisation.pk, [])
            if organisation.pk in represented or any(c.pk in contacts for c in listed):
                continue
            if not listed:
                gaps.append(_no_contact(organisation))
            else:
                gaps.append(
                    MemberGap(
                        organisation.name,
                        "aucun de ses contacts de l'annuaire n'est invité",
                        invitable=[Invitee(contact=c, via=organisation) for c in listed],
                    )
                )
    return gaps
