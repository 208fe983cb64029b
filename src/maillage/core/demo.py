"""The demo: the Caf de la Savoie, one CTG per EPCI of Savoie, fictitious people.

Idempotent: every object is looked up by a natural key before being created, so a
second run changes nothing (a demo password changed by hand is kept).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from maillage.accounts.models import User
from maillage.conventions.enums import CafRole, ConventionRole, SignatoryRole
from maillage.conventions.models import (
    CafMembership,
    Convention,
    ConventionMembership,
    ConventionTheme,
    Signatory,
)
from maillage.core.demo_activity import load_demo_activity
from maillage.core.demo_governance import load_demo_governance
from maillage.core.demo_network import load_demo_network
from maillage.core.demo_plans import load_demo_plans
from maillage.core.enums import Theme
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind
from maillage.organisations.models import Caf, Organisation
from maillage.territories.contours import import_contours
from maillage.territories.models import Commune, CommuneContour, Departement, Epci
from maillage.territories.services import import_cog

DEMO_PASSWORD = "Savoie-demo-2026"

# (start, end, signed_on or None, renewal_in_progress) — varied periods 2022–2029.
PERIODS = [
    ((2022, 1, 1), (2026, 12, 31), (2022, 3, 15), True),
    ((2023, 1, 1), (2027, 12, 31), (2023, 2, 10), False),
    ((2024, 1, 1), (2028, 12, 31), (2024, 1, 25), False),
    ((2025, 1, 1), (2029, 12, 31), (2025, 4, 3), False),
    ((2022, 1, 1), (2025, 12, 31), (2022, 5, 20), False),
    ((2027, 1, 1), (2031, 12, 31), None, False),
    ((2027, 1, 1), (2030, 12, 31), (2026, 10, 14), False),
]

THEMES = [
    [Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.PARENTALITE, Theme.AVS],
    [Theme.PETITE_ENFANCE, Theme.PARENTALITE, Theme.ACCES_AUX_DROITS],
    [Theme.ENFANCE_JEUNESSE, Theme.AVS, Theme.LOGEMENT],
    [Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE, Theme.HANDICAP],
]

CDT_NAMES = [
    "Camille Arnaud",
    "Sophie Berthier",
    "Julien Carrel",
    "Nadia Dumas",
    "Pauline Estève",
    "Thomas Favre",
]
CONSEILLERS = [
    ("conseiller.parentalite@example.org", "Morgane Girard", Theme.PARENTALITE),
    ("conseiller.petite-enfance@example.org", "Laure Hugon", Theme.PETITE_ENFANCE),
    ("conseiller.enfance-jeunesse@example.org", "Gaël Imbert", Theme.ENFANCE_JEUNESSE),
]

# Three CTGs with their collectivité-side team: slug → (EPCI SIREN, people).
TEAMS = {
    "chambery": (
        "200069110",
        [
            ("cdc", "Claire Martin"),
            ("elu", "Bernard Rolland"),
            ("technicien", "Inès Perrin"),
            ("partenaire", "Marc Vial"),
        ],
    ),
    "arlysere": (
        "200068997",
        [
            ("cdc", "Lucas Bonnet"),
            ("elu", "Monique Fournier"),
            ("technicien", "Hugo Garnier"),
            ("partenaire", "Élodie Roux"),
        ],
    ),
    "coeur-de-savoie": (
        "200041010",
        [
            ("cdc", "Amandine Chevalier"),
            ("elu", "Robert Lambert"),
            ("technicien", "Yanis Mercier"),
            ("partenaire", "Sarah Blanc"),
        ],
    ),
}


@dataclass(frozen=True)
class DemoLogin:
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


@transaction.atomic
def load_demo() -> list[DemoLogin]:
    """Create (or refresh) the demo and return the logins to print."""
    if not Commune.objects.filter(departement__code="73").exists():
        import_cog(source=settings.COG_DATA_DIR, departement="73")
    if not CommuneContour.objects.filter(commune__departement__code="73").exists():
        import_contours(settings.CONTOURS_FILE)
    savoie = Departement.objects.get(code="73")
    caf, _ = Caf.objects.get_or_create(
        departement=savoie,
        defaults={
            "name": "Caf de la Savoie",
            "shared_mailbox": "actionsociale-partenaires@caf73.example.org",
        },
    )
    logins: list[DemoLogin] = []

    admin = _user("admin.caf73@example.org", "Hélène Jacquier")
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
    departement_org = _org(
        caf, "Conseil départemental de la Savoie", OrganisationKind.CONSEIL_DEPARTEMENTAL
    )
    msa = _org(caf, "MSA Alpes du Nord", OrganisationKind.MSA)

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
        for org, role in [
            (epci_org, SignatoryRole.SIGNATAIRE),
            (caf_org, SignatoryRole.SIGNATAIRE),
            (departement_org, SignatoryRole.PARTENAIRE_ASSOCIE),
            (msa, SignatoryRole.PARTENAIRE_ASSOCIE),
        ]:
            Signatory.objects.get_or_create(
                convention=convention, organisation=org, defaults={"role": role}
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
    # A CDC who works for two CTGs, to show the CTG switcher.
    ConventionMembership.objects.get_or_create(
        user=User.objects.get(email="cdc.coeur-de-savoie@example.org"),
        convention=conventions["247300676"],
        defaults={"role": ConventionRole.CDC},
    )
    for i, cdt in enumerate(cdts, start=1):
        referent = ", ".join(c.name for c in Convention.objects.filter(cdt=cdt).order_by("name"))
        logins.append(DemoLogin(cdt.email, f"CDT (cdt{i})", referent))
    for email, _name, theme in CONSEILLERS:
        logins.append(DemoLogin(email, f"Conseiller·ère {Theme(theme).label}", caf.name))

    platform_admin, created = User.objects.get_or_create(
        email="admin@example.org",
        defaults={"full_name": "Administrateur plateforme", "is_staff": True, "is_superuser": True},
    )
    if created:
        platform_admin.set_password(DEMO_PASSWORD)
        platform_admin.save()
    logins.append(DemoLogin(platform_admin.email, "Administrateur de la plateforme", "/admin/"))
    load_demo_plans({slug: conventions[siren] for slug, (siren, _people) in TEAMS.items()})
    load_demo_network({slug: conventions[siren] for slug, (siren, _people) in TEAMS.items()})
    load_demo_governance({slug: conventions[siren] for slug, (siren, _people) in TEAMS.items()})
    load_demo_activity({slug: conventions[siren] for slug, (siren, _people) in TEAMS.items()})
    return logins
