"""Demo network of the three detailed CTGs: organisations, contacts, interactions.

For each CTG: its directory holds the organisations its plan d'actions names (pilots and
partners of the fiches) and about forty more, across every category of the référentiel's
diagram, named after the real kinds of structures of a territory and its communes; one or
two fictitious people for each; interactions over the last two years, linked to the fiches
of the organisation met; a few strategic partners left without contact for more than six
months; and a directory contact as pilot of the fiches that have none.

Every write goes through the network services with the CTG's CDC as author. Choices are
drawn from a ``random.Random`` seeded with the CTG's slug, so the demo is the same on every
run. Idempotent: a CTG whose directory already has organisations is skipped.
"""

from __future__ import annotations

import datetime
import random
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention, ConventionMembership
from maillage.core.enums import Theme
from maillage.core.formats import de
from maillage.demo.data.network import (
    CHILD_NAMES,
    COLLEGE_NAMES,
    DIRECTORY,
    FIRST_NAMES,
    LAST_NAMES,
    NOTES,
    PEOPLE,
    STRATEGIC_KINDS,
    SUBJECTS,
)
from maillage.demo.data.plans import DEMO_TODAY
from maillage.network import services
from maillage.network.enums import InteractionKind
from maillage.network.models import Contact, Partner
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind
from maillage.organisations.models import Organisation
from maillage.plans.models import Action
from maillage.plans.services import action_update
from maillage.territories.models import Commune

K = OrganisationKind


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.lower() if c.isalnum() or c == "-").strip("-")


def _generated(rng: random.Random, epci_name: str, communes: list[str]) -> list[tuple]:
    """About forty (name, kind, category) of the territory, every category represented."""
    c = communes + communes  # enough communes even on a small territory
    dc = [de(name) for name in c]
    kids = rng.sample(CHILD_NAMES, 6)
    colleges = rng.sample(COLLEGE_NAMES, 2)
    return [
        (name.format(c=c, dc=dc, epci=epci_name, kids=kids, colleges=colleges), kind, category)
        for name, kind, category in DIRECTORY
    ]


def _subject(template: str, theme: str) -> str:
    return template.format(theme=theme, de_theme=de(theme))


def _organisation(caf_id: int, name: str, kind: str, category: str | None) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        caf_id=caf_id,
        name=name,
        defaults={"kind": kind, "category": category or DEFAULT_CATEGORY[kind]},
    )
    return organisation


class _People:
    """Fictitious people, each e-mail unique in the CTG's directory."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.emails: set[str] = set()

    def person(self) -> tuple[str, str, str, str]:
        """(first name, last name, e-mail, gender « M » or « F »)."""
        (first, gender), last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        base = f"{_ascii(first)}.{_ascii(last)}"
        email, n = f"{base}@example.org", 1
        while email in self.emails:
            n += 1
            email = f"{base}{n}@example.org"
        self.emails.add(email)
        return first, last, email, gender


def _load(slug: str, convention: Convention, cdc: User) -> None:
    rng = random.Random(f"network-{slug}")  # noqa: S311 - a reproducible demo, not a secret
    caf_id = convention.caf_id
    fiches = list(
        Action.objects.filter(plan__convention=convention)
        .select_related("axis", "pilot_organisation")
        .prefetch_related("partners")
        .order_by("axis__number", "number")
    )
    # The organisations of the plan first: pilots and partners of its fiches.
    organisations: dict[int, Organisation] = {}
    for fiche in fiches:
        for org in [fiche.pilot_organisation, *fiche.partners.all()]:
            if org is not None:
                organisations[org.pk] = org
    communes = list(
        Commune.objects.filter(epci=convention.epci_id)
        .order_by("-population", "name")
        .values_list("name", flat=True)[:12]
    ) or [convention.name]
    epci_name = convention.epci.name if convention.epci is not None else convention.name
    caf_org = _organisation(caf_id, convention.caf.name, K.CAF, None)
    organisations[caf_org.pk] = caf_org
    for name, kind, category in _generated(rng, epci_name, communes):
        org = _organisation(caf_id, name, kind, category)
        organisations[org.pk] = org

    ordered = sorted(organisations.values(), key=lambda o: o.name)
    partners: list[Partner] = []
    for org in ordered:
        themes = PEOPLE[org.kind][1]
        partners.append(
            services.partner_add(
                convention=convention,
                by=cdc,
                organisation=org,
                strategic=org.kind in STRATEGIC_KINDS or rng.random() < 0.1,
                themes=rng.sample(themes, k=min(len(themes), rng.randint(1, 2))),
                notes=rng.choice(NOTES),
            )
        )

    _date_partners(rng, convention, partners, caf_org)

    people = _People(rng)
    contacts_of: dict[int, list[Contact]] = {}
    for org in ordered:
        functions, themes = PEOPLE[org.kind]
        for forms in rng.sample(functions, k=min(len(functions), rng.choice([1, 1, 2]))):
            first, last, email, gender = people.person()
            function = forms[1] if gender == "F" else forms[0]
            contact = services.contact_create(
                convention=convention,
                by=cdc,
                first_name=first,
                last_name=last,
                function=function,
                organisation=org,
                category=org.category,
                email=email,
                phone=f"04 79 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                themes=rng.sample(themes, k=1),
            )
            contacts_of.setdefault(org.pk, []).append(contact)

    # Strategic partners: most are met often; three have been silent for 7 months or more.
    strategic = [p for p in partners if p.strategic]
    # The Caf and the signatory collectivités are met all year: never the silent ones.
    signatories = set(convention.signatories.values_list("organisation_id", flat=True))
    quiet = [
        p
        for p in strategic
        if p.organisation_id != caf_org.pk and p.organisation_id not in signatories
    ]
    silent = {p.organisation_id for p in rng.sample(quiet, k=min(3, len(quiet)))}
    fiches_of: dict[int, list[Action]] = {}
    for fiche in fiches:
        for org in [fiche.pilot_organisation, *fiche.partners.all()]:
            if org is not None:
                fiches_of.setdefault(org.pk, []).append(fiche)
    weights = [5 if p.strategic else 1 for p in partners]
    for _ in range(rng.randint(70, 90)):
        partner = rng.choices(partners, weights=weights)[0]
        org = partner.organisation
        days = rng.randint(0, 730)
        if org.pk in silent:
            days = rng.randint(215, 730)
        kind = rng.choice(InteractionKind.values)
        theme = rng.choice(PEOPLE[org.kind][1])
        linked = fiches_of.get(org.pk, [])
        services.interaction_create(
            convention=convention,
            by=cdc,
            date=DEMO_TODAY - datetime.timedelta(days=days),
            kind=kind,
            subject=_subject(rng.choice(SUBJECTS[kind]), Theme(theme).label.lower()),
            notes=rng.choice(NOTES),
            contacts=rng.sample(contacts_of.get(org.pk, []), k=1) if org.pk in contacts_of else [],
            organisations=[org],
            actions=rng.sample(linked, k=1) if linked and rng.random() < 0.5 else [],
        )

    # The other strategic partners were met in the last four months.
    for partner in strategic:
        org = partner.organisation
        if org.pk in silent:
            continue
        kind = rng.choice(InteractionKind.values)
        services.interaction_create(
            convention=convention,
            by=cdc,
            date=DEMO_TODAY - datetime.timedelta(days=rng.randint(3, 120)),
            kind=kind,
            subject=_subject(
                rng.choice(SUBJECTS[kind]), Theme(rng.choice(PEOPLE[org.kind][1])).label.lower()
            ),
            notes=rng.choice(NOTES),
            contacts=rng.sample(contacts_of[org.pk], k=1) if org.pk in contacts_of else [],
            organisations=[org],
        )

    # A directory contact pilots the fiches that have no pilot, and three fiches led by a
    # structure without an account on Maillage are piloted by that structure's contact.
    unpiloted = [f for f in fiches if f.pilot_id is None and f.pilot_contact_id is None][:5]
    for fiche in unpiloted:
        candidates = contacts_of.get(fiche.pilot_organisation_id or 0) or [
            c for cs in contacts_of.values() for c in cs
        ]
        if candidates:
            action_update(action=fiche, by=cdc, pilot_contact=rng.choice(candidates))
    external = [
        f
        for f in fiches
        if f not in unpiloted and f.pilot_id and contacts_of.get(f.pilot_organisation_id or 0)
    ]
    for fiche in rng.sample(external, k=min(3, len(external))):
        contact = rng.choice(contacts_of[fiche.pilot_organisation_id or 0])
        action_update(action=fiche, by=cdc, pilot=None, pilot_contact=contact)


def _date_partners(
    rng: random.Random, convention: Convention, partners: list[Partner], caf_org: Organisation
) -> None:
    """The directory grew over the CTG's life: most partners were there from its start (the
    Caf first), a handful joined this year (the report's « nouveaux partenaires »)."""
    start = min(convention.signed_on or convention.start_date, DEMO_TODAY)
    this_year = datetime.date(DEMO_TODAY.year, 1, 5)
    others = [p for p in partners if p.organisation_id != caf_org.pk]
    recent = {p.pk for p in rng.sample(others, k=min(5, len(others)))}
    for partner in partners:
        if partner.pk in recent and start < this_year:
            day = this_year + datetime.timedelta(days=rng.randint(0, (DEMO_TODAY - this_year).days))
        elif partner.organisation_id == caf_org.pk or start >= this_year:
            day = start
        else:
            day = start + datetime.timedelta(days=rng.randint(0, max(0, (this_year - start).days)))
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        Partner.objects.filter(pk=partner.pk).update(created_at=moment)


def load_network(conventions: dict[str, Convention]) -> None:
    """Write the directory and interaction log of the detailed CTGs, given by team slug."""
    for slug, convention in conventions.items():
        if Partner.objects.filter(convention=convention).exists():
            continue
        cdc = (
            ConventionMembership.objects.filter(
                Q(convention=convention) & Q(role=ConventionRole.CDC)
            )
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if cdc is None:
            continue
        with transaction.atomic():
            _load(slug, convention, cdc.user)
