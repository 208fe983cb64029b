"""The Caf de la Savoie, one CTG per EPCI of Savoie, the Caf's staff, three CTG teams and a
CDC for each other CTG.

Idempotent: every object is looked up by a natural key before being created, so a
second run changes nothing (a demo password changed by hand is kept).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from maillage.accounts.models import User
from maillage.conventions.enums import CafRole, ConventionRole, SignatoryRole
from maillage.conventions.models import (
    CafMembership,
    Convention,
    ConventionMembership,
    ConventionTheme,
    Signatory,
)
from maillage.core.enums import Theme
from maillage.demo.data.ctgs import (
    CAF_ADMIN,
    CAF_MAILBOX,
    CAF_NAME,
    CDT_NAMES,
    CONSEIL_DEPARTEMENTAL,
    CONSEILLERS,
    DEMO_PASSWORD,
    DEPARTEMENT,
    MSA,
    OTHER_CDCS,
    PERIODS,
    PLATFORM_ADMIN,
    SECOND_CTG,
    TEAMS,
    THEMES,
)
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind
from maillage.organisations.models import Caf, Organisation
from maillage.territories.contours import import_contours
from maillage.territories.models import Commune, CommuneContour, Departement, Epci
from maillage.territories.services import import_cog


@dataclass(frozen=True)
class DemoLogin:
    """An account of the demo, as ``load_demo`` prints it."""

    email: str
    role: str
    scope: str


def ctg_name(epci_name: str) -> str:
    """« CA du Grand Chambéry » → « CTG Grand Chambéry »."""
    name = re.sub(r"^(CC|CA|CU|Métropole)\s+(du |de la |de l'|des |de |d')?", "", epci_name)
    name = re.sub(r"\s*\([A-Z]+\)$", "", name)
    return f"CTG {name}"


def _user(email: str, full_name: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
    if created or not user.has_usable_password():
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _org(caf: Caf, name: str, kind: str, **extra: object) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        caf=caf,
        name=name,
        defaults={"kind": kind, "category": DEFAULT_CATEGORY[kind], **extra},
    )
    return org


def _territories() -> Departement:
    """The Savoie's communes and their contours, imported once."""
    if not Commune.objects.filter(departement__code=DEPARTEMENT).exists():
        import_cog(source=settings.COG_DATA_DIR, departement=DEPARTEMENT)
    if not CommuneContour.objects.filter(commune__departement__code=DEPARTEMENT).exists():
        import_contours(settings.CONTOURS_FILE)
    return Departement.objects.get(code=DEPARTEMENT)


def ctg_slug(name: str) -> str:
    """« CTG Cœur de Savoie » → « coeur-de-savoie »: the part of a demo e-mail naming a CTG."""
    text = unicodedata.normalize("NFKD", name.removeprefix("CTG ").replace("œ", "oe"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _other_cdcs(conventions: Iterable[Convention]) -> None:
    """A CDC for each CTG that has none yet, named in the order of the CTGs' names."""
    staffed = set(
        ConventionMembership.objects.filter(role=ConventionRole.CDC).values_list(
            "convention_id", flat=True
        )
    )
    unstaffed = sorted((c for c in conventions if c.pk not in staffed), key=lambda c: c.name)
    for convention, full_name in zip(unstaffed, OTHER_CDCS, strict=False):
        user = _user(f"cdc.{ctg_slug(convention.name)}@example.org", full_name)
        ConventionMembership.objects.create(
            user=user, convention=convention, role=ConventionRole.CDC
        )


def load_ctgs() -> tuple[list[DemoLogin], dict[str, Convention]]:
    """Create (or find) the Caf, its people and its CTGs.

    Returns the logins to print and the three detailed CTGs by team slug, which the
    other loaders fill.
    """
    savoie = _territories()
    caf, _ = Caf.objects.get_or_create(
        departement=savoie, defaults={"name": CAF_NAME, "shared_mailbox": CAF_MAILBOX}
    )
    logins: list[DemoLogin] = []

    admin = _user(*CAF_ADMIN)
    CafMembership.objects.get_or_create(user=admin, caf=caf, role=CafRole.CAF_ADMIN)
    logins.append(DemoLogin(admin.email, "Responsable Caf (caf_admin)", caf.name))

    cdts = []
    for i, name in enumerate(CDT_NAMES, start=1):
        cdt = _user(f"cdt{i}@example.org", name)
        CafMembership.objects.get_or_create(user=cdt, caf=caf, role=CafRole.CDT)
        cdts.append(cdt)
    for email, name, theme in CONSEILLERS:
        user = _user(email, name)
        CafMembership.objects.get_or_create(
            user=user, caf=caf, role=CafRole.CONSEILLER, defaults={"theme": theme}
        )

    caf_org = _org(caf, caf.name, OrganisationKind.CAF)
    departement_org = _org(caf, CONSEIL_DEPARTEMENTAL, OrganisationKind.CONSEIL_DEPARTEMENTAL)
    msa = _org(caf, MSA, OrganisationKind.MSA)

    epcis = list(Epci.objects.filter(communes__departement=savoie).distinct().order_by("name"))
    conventions: dict[str, Convention] = {}
    for index, epci in enumerate(epcis):
        start, end, signed, renewal = PERIODS[index % len(PERIODS)]
        name = ctg_name(epci.name)
        convention = Convention.objects.filter(caf=caf, name=name).first()
        if convention is None:
            convention = Convention.objects.create(
                caf=caf,
                name=name,
                epci=epci,
                start_date=datetime.date(*start),
                end_date=datetime.date(*end),
                signed_on=datetime.date(*signed) if signed else None,
                renewal_in_progress=renewal,
                cdt=cdts[index % len(cdts)],
            )
            convention.communes.add(*Commune.objects.filter(epci=epci, departement=savoie))
            for theme in THEMES[index % len(THEMES)]:
                ConventionTheme.objects.get_or_create(convention=convention, theme=theme)
        conventions[epci.siren] = convention
        epci_org = _org(caf, epci.name, OrganisationKind.EPCI, siren=epci.siren, epci=epci)
        for org, signatory_role in [
            (epci_org, SignatoryRole.SIGNATAIRE),
            (caf_org, SignatoryRole.SIGNATAIRE),
            (departement_org, SignatoryRole.PARTENAIRE_ASSOCIE),
            (msa, SignatoryRole.PARTENAIRE_ASSOCIE),
        ]:
            Signatory.objects.get_or_create(
                convention=convention, organisation=org, defaults={"role": signatory_role}
            )

    for slug, (siren, people) in TEAMS.items():
        convention = conventions[siren]
        cdc = None
        for role, full_name in people:
            user = _user(f"{role}.{slug}@example.org", full_name)
            membership, _ = ConventionMembership.objects.get_or_create(
                user=user,
                convention=convention,
                defaults={"role": role, "invited_by": cdc},
            )
            if role == ConventionRole.CDC:
                cdc = user
            logins.append(DemoLogin(user.email, ConventionRole(role).label, convention.name))
    email, siren = SECOND_CTG
    ConventionMembership.objects.get_or_create(
        user=User.objects.get(email=email),
        convention=conventions[siren],
        defaults={"role": ConventionRole.CDC},
    )
    _other_cdcs(conventions.values())
    for i, cdt in enumerate(cdts, start=1):
        referent = ", ".join(c.name for c in Convention.objects.filter(cdt=cdt).order_by("name"))
        logins.append(DemoLogin(cdt.email, f"CDT (cdt{i})", referent))
    for email, _name, theme in CONSEILLERS:
        logins.append(DemoLogin(email, f"Conseiller·ère {Theme(theme).label}", caf.name))

    platform_email, platform_name = PLATFORM_ADMIN
    platform_admin, created = User.objects.get_or_create(
        email=platform_email,
        defaults={"full_name": platform_name, "is_staff": True, "is_superuser": True},
    )
    if created:
        platform_admin.set_password(DEMO_PASSWORD)
        platform_admin.save()
    logins.append(DemoLogin(platform_admin.email, "Administrateur de la plateforme", "/admin/"))
    return logins, {slug: conventions[siren] for slug, (siren, _people) in TEAMS.items()}
