#!/usr/bin/env python
"""Build the national-scale database the benchmark runs against.

Real territory (the whole COG: ~35,000 communes, ~1,255 EPCI), one Caf per département
(metropolitan and overseas départements: 101), one CTG per EPCI with about 20 members
each, the staff of every Caf (6 CDTs, 3 conseillers, 1 responsable), and a plan d'actions
per CTG (4 axes, 12 objectifs, about 40 fiches with steps and budget), a directory of
40 organisations with their contacts and 60 interactions per CTG (one CTG with 200
organisations and about 6,000 links), and 3 instances with 8 meetings per CTG; the activity
journal and this year's activity report of two CTGs (the CTG of the big plan: 1,000 entries
and 50 meetings held this year; a small CTG: a handful of entries), and every Caf's due date
for this year's reports. Everything is written with ``bulk_create`` inside one transaction,
with a single precomputed password hash, so that the build takes a few minutes at most on
two cores.

The database is ``bench/var/bench.sqlite3``, or ``DATABASE_URL`` when it is set. A
marker table records a finished build: a second run only applies new migrations and
stops; ``--rebuild`` wipes the database and builds it again.

    PYTHONPATH=. .venv/bin/python bench/build.py [--cog PATH] [--rebuild]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT / "src", ROOT):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from maillage.accounts.models import User  # noqa: E402
from maillage.activity.enums import ReportEventKind, ReportStatus  # noqa: E402
from maillage.activity.models import (  # noqa: E402
    ActivityReport,
    JournalEntry,
    ReportDueDate,
    ReportEvent,
    ReportSection,
)
from maillage.conventions.enums import (  # noqa: E402
    CafRole,
    ConventionRole,
    SignatoryRole,  # noqa: E402
)
from maillage.conventions.models import (  # noqa: E402
    CafMembership,
    Convention,
    ConventionMembership,
    ConventionTheme,
    Signatory,
)
from maillage.core.enums import Theme  # noqa: E402
from maillage.core.referentiel import SECTIONS, Attendu, Mission, Sphere  # noqa: E402
from maillage.demo.data.ctgs import PERIODS, THEMES  # noqa: E402
from maillage.demo.loaders.ctgs import ctg_name  # noqa: E402
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus  # noqa: E402
from maillage.governance.models import AgendaItem, Body, Invitation, Meeting  # noqa: E402
from maillage.network.enums import InteractionKind  # noqa: E402
from maillage.network.models import Contact, Interaction, Partner  # noqa: E402
from maillage.organisations.enums import (  # noqa: E402
    DEFAULT_CATEGORY,
    OrganisationKind,
    PartnerCategory,  # noqa: E402
)
from maillage.organisations.models import Caf, Organisation  # noqa: E402
from maillage.plans.enums import (  # noqa: E402
    ActionStatus,
    BudgetNature,
    Participation,
    Priority,
)
from maillage.plans.models import (  # noqa: E402
    Action,
    ActionPlan,
    ActionTheme,
    Axis,
    BudgetLine,
    Objective,
    Step,
)
from maillage.territories.models import Commune, Departement, Epci  # noqa: E402
from maillage.territories.services import import_cog  # noqa: E402

# Bump when the generated data changes: an older benchmark database is then rebuilt.
BUILD_VERSION = "5"
# Version 2 had no plan d'actions: such a database gets its plans added in place.
PLANLESS_VERSION = "2"
# Version 3 had no directory nor governance: such a database gets them added in place.
NETWORKLESS_VERSION = "3"
# Version 4 had no activity journal nor report: such a database gets them added in place.
ACTIVITYLESS_VERSION = "4"
MARKER_TABLE = "bench_marker"
DEFAULT_COG = ROOT.parent / "shared" / "data" / "cog"
BENCH_PASSWORD = "Bench-national-2026"
ADMIN_EMAIL = "admin@bench.example.org"
BATCH = 2000

# INSEE's « type de liaison » (TNCC) → the article after « Caf ».
ARTICLES = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'"}
# Collectivités d'outre-mer: no Caf (their own social security funds).
NO_CAF = {"975", "977", "978", "984", "986", "987", "988", "989"}

FIRST_NAMES = [
    "Camille", "Léa", "Hugo", "Chloé", "Louis", "Manon", "Gabriel", "Inès", "Jules", "Sarah",
    "Arthur", "Emma", "Nathan", "Jade", "Raphaël", "Louise", "Adam", "Alice", "Lucas", "Lina",
    "Paul", "Rose", "Théo", "Anna", "Noé", "Julia", "Tom", "Zoé", "Sacha", "Mila",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau",
    "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
    "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent",
    "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier",
    "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
]  # fmt: skip
CONSEILLER_THEMES = [Theme.PARENTALITE, Theme.PETITE_ENFANCE, Theme.ENFANCE_JEUNESSE]

# The plan d'actions of every CTG: 4 axes of 3 objectifs, 30 to 50 fiches (40 on average),
# and one CTG (the last one) with a plan of BIG_PLAN_FICHES fiches for the Excel export.
AXES_PER_PLAN = 4
OBJECTIVES_PER_AXIS = 3
BIG_PLAN_FICHES = 300
AXIS_TITLES = [
    "Accueillir les jeunes enfants et soutenir les familles",
    "Accompagner les enfants et les jeunes dans leur temps libre",
    "Renforcer l'accès aux droits et l'animation de la vie sociale",
    "Piloter et animer le projet de territoire",
]
OBJECTIVE_VERBS = ["Développer", "Coordonner", "Améliorer"]
ACTION_TITLES = [
    "Créer une micro-crèche",
    "Ouvrir un relais petite enfance itinérant",
    "Mettre en place un lieu d'accueil enfants-parents",
    "Organiser des cafés des parents",
    "Développer l'accueil de loisirs du mercredi",
    "Lancer un conseil municipal des jeunes",
    "Créer un point information jeunesse",
    "Structurer un espace de vie sociale",
    "Tenir des permanences d'accès aux droits",
    "Former les animateurs à l'accueil du handicap",
    "Rénover un centre social",
    "Animer un réseau des acteurs de la parentalité",
    "Produire un guide des services aux familles",
    "Suivre les indicateurs de la convention",
]
STATUS_CYCLE = [
    ActionStatus.EN_COURS, ActionStatus.A_VENIR, ActionStatus.EN_COURS, ActionStatus.REALISEE,
    ActionStatus.EN_COURS, ActionStatus.A_VENIR, ActionStatus.EN_PAUSE, ActionStatus.REALISEE,
    ActionStatus.BLOQUEE, ActionStatus.EN_COURS, ActionStatus.ABANDONNEE,
]  # fmt: skip
PRIORITY_CYCLE = [Priority.HAUTE, Priority.MOYENNE, Priority.MOYENNE, Priority.BASSE]
THEME_CYCLE = list(Theme)
NATURES = [BudgetNature.FONCTIONNEMENT, BudgetNature.INVESTISSEMENT]

# The directory and governance of every CTG: 40 organisations of its own (one contact
# each), 60 interactions, a COPIL, a COTECH and a working group with 8 meetings in all.
# The CTG with the big plan also has a big network: 200 organisations and 1,200
# interactions of four organisations each (about 6,000 distinct links).
ORGS_PER_CTG = 40
INTERACTIONS_PER_CTG = 60
BIG_NETWORK_ORGS = 200
BIG_NETWORK_INTERACTIONS = 1200
ORG_KINDS = [
    OrganisationKind.EAJE, OrganisationKind.ALSH, OrganisationKind.LAEP, OrganisationKind.RPE,
    OrganisationKind.CENTRE_SOCIAL, OrganisationKind.EVS, OrganisationKind.ASSOCIATION,
    OrganisationKind.COMMUNE, OrganisationKind.CONSEIL_DEPARTEMENTAL, OrganisationKind.MSA,
]  # fmt: skip
INTERACTION_KINDS = ["reunion", "entretien", "appel", "email", "visite", "evenement"]
BODIES = [
    (BodyKind.COPIL, "Comité de pilotage", 2),
    (BodyKind.COTECH, "Comité technique", 4),
    (BodyKind.GROUPE_TRAVAIL, "Groupe de travail parentalité", 2),
]

# The activity journal and this year's report of the CDC of the CTG with the big plan
# (1,000 entries and 50 meetings held this year, some entries linked to them and to
# interactions) and of a small CTG (a handful of entries), whose pages are compared.
BIG_JOURNAL_ENTRIES = 1000
BIG_HELD_MEETINGS = 50
BIG_LINKED_INTERACTIONS = 100
SMALL_JOURNAL_ENTRIES = 8
JOURNAL_TASKS = [
    "Suivi d'une fiche action avec son pilote",
    "Point avec l'élu·e référent·e sur l'avancement du plan",
    "Mise à jour du diagnostic petite enfance",
    "Rencontre d'un partenaire de l'annuaire",
    "Préparation du comité de pilotage",
    "Café des parents : animation et recueil de la parole des familles",
    "Saisie des indicateurs de la CTG",
    "Montage d'un dossier de financement",
    "Animation du réseau des professionnels de la parentalité",
    "Tâches administratives",
]
REPORT_PARAGRAPH = (
    "Au cours de l'année, le travail a porté sur la mise en œuvre du plan d'actions avec les "
    "pilotes des fiches, le lien avec les élus et la préparation des instances, l'animation "
    "du réseau des partenaires et la participation des familles. Les difficultés tiennent "
    "surtout au recrutement de professionnels et à la disponibilité des porteurs associatifs."
)


def person(n: int) -> str:
    """A deterministic, varied full name for the n-th generated person."""
    return f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {LAST_NAMES[(n * 7 + n // 30) % len(LAST_NAMES)]}"


def caf_name(departement_name: str, liaison: int) -> str:
    """« Caf de l'Ain », « Caf du Nord », « Caf des Bouches-du-Rhône »."""
    return f"Caf {ARTICLES.get(liaison, 'de ')}{departement_name}"


@contextmanager
def step(label: str) -> Iterator[None]:
    start = time.perf_counter()
    print(f"  {label}…", end="", flush=True)
    yield
    print(f" {time.perf_counter() - start:.1f} s", flush=True)


# --- marker ---------------------------------------------------------------------------


def read_marker() -> dict[str, str] | None:
    """The finished build recorded in the database, or None."""
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version, built_at, seconds, summary FROM {MARKER_TABLE}")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    return {"version": row[0], "built_at": row[1], "seconds": row[2], "summary": row[3]}


def write_marker(seconds: float, counts: dict[str, int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} "
            "(version varchar(20), built_at varchar(40), seconds varchar(20), summary text)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s, %s)",  # noqa: S608
            [
                BUILD_VERSION,
                datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                f"{seconds:.1f}",
                json.dumps(counts),
            ],
        )


def is_sqlite() -> bool:
    return connection.vendor == "sqlite"


def wipe() -> None:
    """Start from an empty database: delete the SQLite file, or flush the tables."""
    if is_sqlite():
        connection.close()
        name = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        return
    migrate()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MARKER_TABLE}")
    call_command("flush", interactive=False, verbosity=0)


def migrate() -> None:
    if is_sqlite():
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)


# --- the data -------------------------------------------------------------------------


def build(cog: Path) -> dict[str, int]:
    """Write the whole national dataset; returns the counts of what was created."""
    with step("COG (communes, EPCI, communes déléguées)"):
        import_cog(source=cog, departement=None)

    password = make_password(BENCH_PASSWORD)
    unusable = make_password(None)  # an invitation not yet accepted
    liaison = {
        row["code"]: row.get("typeLiaison", 0)
        for row in json.loads((cog / "departements.json").read_text(encoding="utf-8"))
    }

    with step("Caf, organisations et équipes Caf"):
        departements = [d for d in Departement.objects.order_by("code") if d.code not in NO_CAF]
        cafs = Caf.objects.bulk_create(
            [
                Caf(
                    name=caf_name(d.name, liaison.get(d.code, 0)),
                    departement=d,
                    shared_mailbox=f"partenaires@caf{d.code.lower()}.example.org",
                )
                for d in departements
            ]
        )
        caf_by_departement = {caf.departement_id: caf for caf in cafs}
        code_of = {d.pk: d.code.lower() for d in departements}

        staff: list[tuple[Caf, str, str, User]] = []
        n = 0
        for caf in cafs:
            code = code_of[caf.departement_id]
            plan = [(CafRole.CDT, f"cdt{i}", "") for i in range(1, 7)]
            plan += [
                (CafRole.CONSEILLER, f"conseiller{i}", t) for i, t in enumerate(CONSEILLER_THEMES)
            ]
            plan.append((CafRole.CAF_ADMIN, "responsable", ""))
            for role, slug, theme in plan:
                user = User(
                    email=f"{slug}.caf{code}@bench.example.org",
                    full_name=person(n),
                    password=password,
                )
                staff.append((caf, role, theme, user))
                n += 1
        User.objects.bulk_create([s[3] for s in staff], batch_size=BATCH)
        CafMembership.objects.bulk_create(
            [
                CafMembership(user=u, caf=caf, role=role, theme=theme)
                for caf, role, theme, u in staff
            ],
            batch_size=BATCH,
        )
        cdts_by_caf: dict[int, list[User]] = defaultdict(list)
        for caf, role, _theme, user in staff:
            if role == CafRole.CDT:
                cdts_by_caf[caf.pk].append(user)

        institutions = Organisation.objects.bulk_create(
            [
                Organisation(caf=caf, name=name, kind=kind, category=DEFAULT_CATEGORY[kind])
                for caf in cafs
                for name, kind in [
                    (caf.name, OrganisationKind.CAF),
                    (
                        caf.name.replace("Caf", "Conseil départemental", 1),
                        OrganisationKind.CONSEIL_DEPARTEMENTAL,
                    ),
                    (caf.name.replace("Caf", "MSA", 1), OrganisationKind.MSA),
                ]
            ],
            batch_size=BATCH,
        )
        org_of = {(o.caf_id, o.kind): o for o in institutions}

    with step("CTG (une par EPCI) et leurs territoires"):
        communes_of: dict[int, list[int]] = defaultdict(list)
        departements_of: dict[int, Counter[int]] = defaultdict(Counter)
        for pk, epci_id, departement_id in Commune.objects.filter(epci__isnull=False).values_list(
            "pk", "epci_id", "departement_id"
        ):
            communes_of[epci_id].append(pk)
            departements_of[epci_id][departement_id] += 1
        conventions: list[Convention] = []
        epci_orgs: list[Organisation] = []
        per_caf: Counter[int] = Counter()
        names: set[tuple[int, str]] = set()
        for index, epci in enumerate(Epci.objects.order_by("siren")):
            if not communes_of[epci.pk]:
                continue
            majority = departements_of[epci.pk].most_common(1)[0][0]
            caf = caf_by_departement.get(majority)
            if caf is None:
                continue
            name = ctg_name(epci.name)
            if (caf.pk, name) in names:
                name = f"{name} ({epci.siren})"
            names.add((caf.pk, name))
            start, end, signed, renewal = PERIODS[index % len(PERIODS)]
            cdts = cdts_by_caf[caf.pk]
            conventions.append(
                Convention(
                    caf=caf,
                    name=name,
                    epci=epci,
                    start_date=datetime.date(*start),
                    end_date=datetime.date(*end),
                    signed_on=datetime.date(*signed) if signed else None,
                    renewal_in_progress=renewal,
                    cdt=cdts[per_caf[caf.pk] % len(cdts)],
                )
            )
            per_caf[caf.pk] += 1
            epci_orgs.append(
                Organisation(
                    caf=caf,
                    name=epci.name,
                    kind=OrganisationKind.EPCI,
                    category=DEFAULT_CATEGORY[OrganisationKind.EPCI],
                    siren=epci.siren,
                    epci=epci,
                )
            )
        Convention.objects.bulk_create(conventions, batch_size=BATCH)
        Organisation.objects.bulk_create(epci_orgs, batch_size=BATCH)
        Through = Convention.communes.through
        Through.objects.bulk_create(
            [
                Through(convention_id=c.pk, commune_id=commune_id)
                for c in conventions
                for commune_id in communes_of[c.epci_id]
            ],
            batch_size=BATCH,
        )

    with step("Thématiques et signataires"):
        ConventionTheme.objects.bulk_create(
            [
                ConventionTheme(convention=c, theme=theme)
                for i, c in enumerate(conventions)
                for theme in THEMES[i % len(THEMES)]
            ],
            batch_size=BATCH,
        )
        signatories = []
        for c, epci_org in zip(conventions, epci_orgs, strict=True):
            for org, role in [
                (epci_org, SignatoryRole.SIGNATAIRE),
                (org_of[(c.caf_id, OrganisationKind.CAF)], SignatoryRole.SIGNATAIRE),
                (
                    org_of[(c.caf_id, OrganisationKind.CONSEIL_DEPARTEMENTAL)],
                    SignatoryRole.PARTENAIRE_ASSOCIE,
                ),
                (org_of[(c.caf_id, OrganisationKind.MSA)], SignatoryRole.PARTENAIRE_ASSOCIE),
            ]:
                signatories.append(Signatory(convention=c, organisation=org, role=role))
        Signatory.objects.bulk_create(signatories, batch_size=BATCH)

    with step("Membres des CTG (~20 par CTG)"):
        members: list[tuple[Convention, int, User]] = []
        now = datetime.datetime.now(datetime.UTC)
        for i, c in enumerate(conventions):
            size = 16 + (i * 7) % 9  # 16 to 24 members, 20 on average
            for k in range(size):
                user = User(
                    email=f"ctg{i + 1}.membre{k + 1}@bench.example.org",
                    full_name=person(n),
                    password=unusable if (i % 4 == 0 and k == size - 2) else password,
                )
                n += 1
                members.append((c, k, user))
        User.objects.bulk_create([m[2] for m in members], batch_size=BATCH)
        memberships = []
        cdc: User | None = None
        for c, k, user in members:
            if k == 0:
                cdc = user
                role = ConventionRole.CDC
            elif k <= 2:
                role = ConventionRole.ELU
            elif k <= 6:
                role = ConventionRole.TECHNICIEN
            else:
                role = ConventionRole.PARTENAIRE
            # Every third CTG keeps the trace of a member who left.
            left = k == 5 and c.pk % 3 == 0
            memberships.append(
                ConventionMembership(
                    user=user,
                    convention=c,
                    role=role,
                    invited_by=None if k == 0 else cdc,
                    is_active=not left,
                    deactivated_at=now if left else None,
                )
            )
        # Some CDCs work for three neighbouring CTGs (their home page lists all three).
        cdcs = [m for m in memberships if m.role == ConventionRole.CDC]
        for i in range(0, len(cdcs) - 2, 50):
            for other in cdcs[i + 1 : i + 3]:
                memberships.append(
                    ConventionMembership(
                        user=cdcs[i].user,
                        convention=other.convention,
                        role=ConventionRole.CDC,
                        invited_by=other.user,
                    )
                )
        ConventionMembership.objects.bulk_create(memberships, batch_size=BATCH)

    counts_plans = {**build_plans(), **build_network_and_governance(), **build_activity()}

    with step("Administrateur de la plateforme"):
        admin = User.objects.create(
            email=ADMIN_EMAIL,
            full_name="Administrateur plateforme",
            password=password,
            is_staff=True,
            is_superuser=True,
        )
        # The platform administrator must pass 2FA: the timing script uses this device.
        TOTPDevice.objects.create(user=admin, name="bench", confirmed=True)

    return {
        "communes": Commune.objects.count(),
        "epci": Epci.objects.count(),
        "caf": len(cafs),
        "ctg": len(conventions),
        "ctg_communes": Through.objects.count(),
        "users": User.objects.count(),
        "convention_memberships": len(memberships),
        "caf_memberships": len(staff),
        "signatories": len(signatories),
        **counts_plans,
    }


def build_plans(today: datetime.date | None = None) -> dict[str, int]:
    """A plan d'actions for every CTG, written with ``bulk_create``; returns the counts.

    Reads the CTGs, their members and their Caf's organisations from the database, so that
    it also adds the plans to a database built before they existed.
    """
    today = today or datetime.date.today()
    conventions = list(Convention.objects.order_by("pk"))
    members: dict[int, list[int]] = defaultdict(list)
    for convention_id, user_id in (
        ConventionMembership.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("convention_id", "user_id")
    ):
        members[convention_id].append(user_id)
    caf_orgs: dict[int, list[int]] = defaultdict(list)
    epci_org: dict[int, int] = {}
    for pk, caf_id, kind, epci_id in Organisation.objects.order_by("pk").values_list(
        "pk", "caf_id", "kind", "epci_id"
    ):
        if kind == OrganisationKind.EPCI:
            epci_org[epci_id] = pk
        else:
            caf_orgs[caf_id].append(pk)

    with step("Plans d'actions, axes et objectifs"):
        plans = ActionPlan.objects.bulk_create(
            [ActionPlan(convention=c) for c in conventions], batch_size=BATCH
        )
        axes = Axis.objects.bulk_create(
            [
                Axis(plan=plan, number=a + 1, position=a, title=AXIS_TITLES[a])
                for plan in plans
                for a in range(AXES_PER_PLAN)
            ],
            batch_size=BATCH,
        )
        objectives = Objective.objects.bulk_create(
            [
                Objective(
                    axis=axis,
                    number=o + 1,
                    position=o,
                    title=f"{OBJECTIVE_VERBS[o]} l'offre — objectif {axis.number}.{o + 1}",
                )
                for axis in axes
                for o in range(OBJECTIVES_PER_AXIS)
            ],
            batch_size=BATCH,
        )
        axes_of: dict[int, list[Axis]] = defaultdict(list)
        for axis in axes:
            axes_of[axis.plan_id].append(axis)
        objectives_of: dict[int, list[int]] = defaultdict(list)
        for objective in objectives:
            objectives_of[objective.axis_id].append(objective.pk)

    with step("Fiches actions (~40 par CTG)"):
        actions: list[Action] = []
        n = 0
        for i, (c, plan) in enumerate(zip(conventions, plans, strict=True)):
            size = BIG_PLAN_FICHES if i == len(conventions) - 1 else 30 + (i * 13) % 21
            people = members[c.pk] or [None]
            span = max((c.end_date - c.start_date).days, 1)
            per_axis: Counter[int] = Counter()
            for k in range(size):
                axis = axes_of[plan.pk][k % AXES_PER_PLAN]
                per_axis[axis.pk] += 1
                start = c.start_date + datetime.timedelta(days=(n * 37) % max(span * 2 // 3, 1))
                end = start + datetime.timedelta(days=90 + (n * 53) % (span // 3 + 1))
                end = min(end, c.end_date)
                status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
                actions.append(
                    Action(
                        plan=plan,
                        axis=axis,
                        number=per_axis[axis.pk],
                        position=per_axis[axis.pk] - 1,
                        title=f"{ACTION_TITLES[n % len(ACTION_TITLES)]} ({k + 1})",
                        description="Fiche générée pour le benchmark."
                        if n % 3
                        else "Fiche générée pour le benchmark : objectifs, public, moyens.\n"
                        "Deuxième paragraphe de la description.",
                        pilot_id=None if k % 10 == 9 else people[(k * 3) % len(people)],
                        pilot_organisation_id=epci_org.get(c.epci_id) if k % 4 == 0 else None,
                        status=status,
                        priority=PRIORITY_CYCLE[n % len(PRIORITY_CYCLE)],
                        start_date=start if k % 12 else None,
                        end_date=end if k % 12 else None,
                        progress_manual=(n * 17) % 101 if k % 7 == 3 else None,
                        participation=list(Participation)[n % len(Participation)],
                        confidential=k % 15 == 14,
                    )
                )
                n += 1
        Action.objects.bulk_create(actions, batch_size=BATCH)

    with step("Thématiques, objectifs servis, étapes et budget des fiches"):
        themes, links, steps, lines = [], [], [], []
        Link = Action.objectives.through
        convention_of = {plan.pk: c for c, plan in zip(conventions, plans, strict=True)}
        for n, action in enumerate(actions):
            c = convention_of[action.plan_id]
            for t in range(1 + n % 2):
                theme = THEME_CYCLE[(n + t * 3) % len(THEME_CYCLE)]
                themes.append(ActionTheme(action_id=action.pk, theme=theme))
            own = objectives_of[action.axis_id]
            for o in range(1 + (n // 2) % 2):
                links.append(Link(action_id=action.pk, objective_id=own[(n + o) % len(own)]))
            base = action.start_date or c.start_date
            for s in range(3):
                due = base + datetime.timedelta(days=60 * (s + 1) + n % 30)
                # Earlier steps are done more often; some past ones are left overdue.
                done = action.status == ActionStatus.REALISEE or (due < today and (n + s) % 3 != 0)
                steps.append(
                    Step(
                        action_id=action.pk,
                        name=f"Étape {s + 1}",
                        due_date=due,
                        done=done,
                        position=s,
                    )
                )
            financeurs = caf_orgs[c.caf_id] + [epci_org.get(c.epci_id)]
            year = (action.start_date or c.start_date).year
            for b in range(2):
                forecast = Decimal(1000 * (5 + (n * 7 + b * 11) % 60))
                lines.append(
                    BudgetLine(
                        action_id=action.pk,
                        year=year + b,
                        nature=BudgetNature.FONCTIONNEMENT
                        if b == 0
                        else BudgetNature.INVESTISSEMENT,
                        label="Personnel" if b == 0 else "Équipement",
                        financeur_id=financeurs[(n + b) % len(financeurs)],
                        forecast=forecast,
                        actual=forecast * Decimal("0.8") if year + b < today.year else None,
                    )
                )
        ActionTheme.objects.bulk_create(themes, batch_size=BATCH)
        Link.objects.bulk_create(links, batch_size=BATCH)
        Step.objects.bulk_create(steps, batch_size=BATCH)
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)

    return {
        "plans": len(plans),
        "axes": len(axes),
        "objectives": len(objectives),
        "actions": len(actions),
        "action_themes": len(themes),
        "action_objectives": len(links),
        "steps": len(steps),
        "budget_lines": len(lines),
    }


def build_network_and_governance(today: datetime.date | None = None) -> dict[str, int]:
    """Every CTG's directory, interaction log and instances with their meetings.

    Written with ``bulk_create``, from what the database holds, so that it also adds
    them to a database built before they existed.
    """
    today = today or datetime.date.today()
    tz = datetime.UTC
    conventions = list(Convention.objects.order_by("pk").values_list("pk", "caf_id", "name"))
    big = conventions[-1][0]  # the CTG of the big plan
    members: dict[int, list[int]] = defaultdict(list)
    for convention_id, user_id in (
        ConventionMembership.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("convention_id", "user_id")
    ):
        members[convention_id].append(user_id)

    with step("Annuaire : organisations, partenaires et contacts"):
        organisations = []
        for i, (pk, caf_id, name) in enumerate(conventions):
            count = BIG_NETWORK_ORGS if pk == big else ORGS_PER_CTG
            for k in range(count):
                kind = ORG_KINDS[(i + k) % len(ORG_KINDS)]
                organisations.append(
                    Organisation(
                        caf_id=caf_id,
                        name=f"{kind.label} {k + 1} — {name}"[:200],
                        kind=kind,
                        category=DEFAULT_CATEGORY[kind],
                    )
                )
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        orgs_of: dict[int, list[Organisation]] = defaultdict(list)
        cursor = 0
        for pk, _caf_id, _name in conventions:
            count = BIG_NETWORK_ORGS if pk == big else ORGS_PER_CTG
            orgs_of[pk] = organisations[cursor : cursor + count]
            cursor += count
        partners = [
            Partner(convention_id=pk, organisation_id=o.pk, strategic=k % 8 == 0)
            for pk, orgs in orgs_of.items()
            for k, o in enumerate(orgs)
        ]
        Partner.objects.bulk_create(partners, batch_size=BATCH)
        contacts = []
        for pk, orgs in orgs_of.items():
            for k, o in enumerate(orgs):
                first, last = FIRST_NAMES[k % 30], LAST_NAMES[(k * 7 + pk) % len(LAST_NAMES)]
                contacts.append(
                    Contact(
                        convention_id=pk,
                        first_name=first,
                        last_name=last,
                        function="Directrice" if k % 2 else "Coordinateur",
                        organisation_id=o.pk,
                        email=f"contact{k}.ctg{pk}@bench.example.org",
                        category=o.category or PartnerCategory.STRUCTURES_PEEJP,
                    )
                )
        Contact.objects.bulk_create(contacts, batch_size=BATCH)
        contacts_of: dict[int, list[Contact]] = defaultdict(list)
        for contact in contacts:
            contacts_of[contact.convention_id].append(contact)

    with step("Journal des interactions"):
        interactions, org_links, contact_links = [], [], []
        for pk in orgs_of:
            count = BIG_NETWORK_INTERACTIONS if pk == big else INTERACTIONS_PER_CTG
            people = members[pk] or [None]
            for k in range(count):
                interactions.append(
                    Interaction(
                        convention_id=pk,
                        date=today - datetime.timedelta(days=(k * 11 + pk) % 720),
                        kind=INTERACTION_KINDS[k % len(INTERACTION_KINDS)],
                        subject=f"Échange {k + 1}",
                        author_id=people[k % len(people)],
                    )
                )
        Interaction.objects.bulk_create(interactions, batch_size=BATCH)
        OrgLink = Interaction.organisations.through
        ContactLink = Interaction.contacts.through
        for n, interaction in enumerate(interactions):
            orgs = orgs_of[interaction.convention_id]
            size = len(orgs)
            width = 4 if interaction.convention_id == big else 2
            # Spread the pairs over the whole directory: 4 organisations from far apart.
            chosen = {(n * 7 + j * (n % 13 + 1) * 37) % size for j in range(width)}
            org_links += [OrgLink(interaction_id=interaction.pk, organisation_id=orgs[c].pk)
                          for c in chosen]  # fmt: skip
            contact = contacts_of[interaction.convention_id][n % size]
            contact_links.append(ContactLink(interaction_id=interaction.pk, contact_id=contact.pk))
        OrgLink.objects.bulk_create(org_links, batch_size=BATCH)
        ContactLink.objects.bulk_create(contact_links, batch_size=BATCH)

    with step("Instances, réunions, ordres du jour et invitations"):
        bodies = [
            Body(convention_id=pk, kind=kind, name=name, theme=Theme.PARENTALITE if n == 2 else "")
            for pk, _caf_id, _name in conventions
            for n, (kind, name, _count) in enumerate(BODIES)
        ]
        Body.objects.bulk_create(bodies, batch_size=BATCH)
        meetings = []
        for i, body in enumerate(bodies):
            count = BODIES[i % len(BODIES)][2]
            for k in range(count):
                day = today + datetime.timedelta(days=60 - 120 * k - (i % 30))
                start = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=tz)
                meetings.append(
                    Meeting(
                        body=body,
                        title=f"{body.name} n° {k + 1}",
                        start=start,
                        end=start + datetime.timedelta(hours=2),
                        place="Salle du conseil",
                        status=MeetingStatus.TENUE if day < today else MeetingStatus.PREVUE,
                        minutes="Relevé des échanges." if day < today else "",
                    )
                )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        agenda, invitations = [], []
        convention_of_body = {b.pk: b.convention_id for b in bodies}
        for n, meeting in enumerate(meetings):
            pk = convention_of_body[meeting.body_id]
            for a in range(3):
                agenda.append(
                    AgendaItem(meeting=meeting, position=a + 1, title=f"Point {a + 1}", duration=20)
                )
            held = meeting.status == MeetingStatus.TENUE
            for u, user_id in enumerate(members[pk][:6]):
                status = Attendance.PRESENT if held and (n + u) % 4 else Attendance.INVITE
                invitations.append(Invitation(meeting=meeting, user_id=user_id, status=status))
            people = contacts_of[pk]
            for c in range(4):
                # 11 × c differs for c < 4 modulo 40 or more: four different contacts.
                contact = people[(n * 5 + c * 11) % len(people)]
                status = Attendance.PRESENT if held and (n + c) % 3 else Attendance.EXCUSE
                invitations.append(
                    Invitation(
                        meeting=meeting,
                        contact=contact,
                        organisation_id=contact.organisation_id,
                        status=status,
                    )
                )
        AgendaItem.objects.bulk_create(agenda, batch_size=BATCH)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)

    return {
        "organisations_annuaire": len(organisations),
        "partners": len(partners),
        "contacts": len(contacts),
        "interactions": len(interactions),
        "bodies": len(bodies),
        "meetings": len(meetings),
        "agenda_items": len(agenda),
        "invitations": len(invitations),
    }


def build_activity(today: datetime.date | None = None) -> dict[str, int]:
    """The activity journal and this year's report of the CDC of two CTGs, and every Caf's
    due date for this year's reports.

    The CTG of the big plan gets BIG_JOURNAL_ENTRIES entries this year (some linked to its
    fiches, contacts, meetings and interactions) and BIG_HELD_MEETINGS meetings held this
    year; a small CTG whose CDC works for it alone gets SMALL_JOURNAL_ENTRIES entries in the
    last days. Each report is a draft with every section written. Written with
    ``bulk_create``, from what the database holds, so that it also adds them to a database
    built before they existed.
    """
    today = today or datetime.date.today()
    tz = datetime.UTC
    year = today.year
    conventions = list(Convention.objects.order_by("pk").values_list("pk", flat=True))
    big = conventions[-1]  # the CTG of the big plan
    cdc_of: dict[int, int] = {}
    ctgs_of: Counter[int] = Counter()
    for convention_id, user_id in (
        ConventionMembership.objects.filter(role=ConventionRole.CDC, is_active=True)
        .order_by("pk")
        .values_list("convention_id", "user_id")
    ):
        cdc_of.setdefault(convention_id, user_id)
        ctgs_of[user_id] += 1
    small = next(
        pk for pk in conventions if pk != big and pk in cdc_of and ctgs_of[cdc_of[pk]] == 1
    )
    # The working days of the year so far (today at least, early in January).
    days = [
        d
        for d in (datetime.date(year, 1, 1) + datetime.timedelta(days=n) for n in range(366))
        if d <= today and d.weekday() < 5
    ] or [today]

    with step("Réunions tenues cette année (CTG du grand plan)"):
        bodies = list(
            Body.objects.filter(convention_id=big).exclude(kind=BodyKind.COPIL).order_by("pk")
        )
        held = Meeting.objects.filter(
            body__convention_id=big, status=MeetingStatus.TENUE, start__year=year
        ).count()
        people = list(
            ConventionMembership.objects.filter(convention_id=big, is_active=True)
            .order_by("pk")
            .values_list("user_id", flat=True)[:6]
        )
        meetings = []
        for k in range(max(0, BIG_HELD_MEETINGS - held)):
            body = bodies[k % len(bodies)]
            day = days[k * len(days) // BIG_HELD_MEETINGS]
            start = datetime.datetime.combine(day, datetime.time(9 + k % 2 * 5), tzinfo=tz)
            meetings.append(
                Meeting(
                    body=body,
                    title=f"{body.name} — séance {k + 1} de {year}",
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    place="Salle du conseil",
                    status=MeetingStatus.TENUE,
                    minutes="Relevé des échanges.",
                )
            )
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        AgendaItem.objects.bulk_create(
            [
                AgendaItem(meeting=m, position=a + 1, title=f"Point {a + 1}", duration=30)
                for m in meetings
                for a in range(2)
            ],
            batch_size=BATCH,
        )
        Invitation.objects.bulk_create(
            [
                Invitation(
                    meeting=m,
                    user_id=user_id,
                    status=Attendance.PRESENT if (n + u) % 5 else Attendance.EXCUSE,
                )
                for n, m in enumerate(meetings)
                for u, user_id in enumerate(people)
            ],
            batch_size=BATCH,
        )

    with step("Journal d'activité (1 000 entrées pour une CTG) et rapports de l'année"):
        missions, attendus, spheres = Mission.values, Attendu.values, Sphere.values
        entries: list[JournalEntry] = []

        def entry(pk: int, k: int, day: datetime.date, **links: object) -> JournalEntry:
            return JournalEntry(
                convention_id=pk,
                author_id=cdc_of[pk],
                date=day,
                duration=15 * (1 + k % 16),
                description=f"{JOURNAL_TASKS[k % len(JOURNAL_TASKS)]} ({k + 1})",
                mission=missions[k % len(missions)],
                attendu=attendus[k % len(attendus)],
                sphere=spheres[k % len(spheres)],
                **links,
            )

        actions = list(
            Action.objects.filter(plan__convention_id=big, confidential=False)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        contacts = list(
            Contact.objects.filter(convention_id=big)
            .order_by("pk")
            .values_list("pk", "organisation_id")
        )
        held_meetings = list(
            Meeting.objects.filter(
                body__convention_id=big, status=MeetingStatus.TENUE, start__year=year
            )
            .select_related("body")
            .order_by("start", "pk")[:BIG_HELD_MEETINGS]
        )
        interactions = list(
            Interaction.objects.filter(convention_id=big, date__year=year, date__lte=today)
            .order_by("date", "pk")
            .values_list("pk", "date", "kind", "subject")[:BIG_LINKED_INTERACTIONS]
        )
        for k in range(BIG_JOURNAL_ENTRIES - len(held_meetings) - len(interactions)):
            links: dict[str, object] = {}
            if actions and k % 5 == 0:
                links["action_id"] = actions[k % len(actions)]
            if contacts and k % 7 == 0:
                links["contact_id"], links["organisation_id"] = contacts[k % len(contacts)]
            day = days[k * len(days) // BIG_JOURNAL_ENTRIES]
            entries.append(entry(big, k, day, **links))
        for k, meeting in enumerate(held_meetings):
            e = entry(big, k, meeting.start.date(), meeting_id=meeting.pk)
            e.duration, e.description = 120, f"{meeting.body.name} : {meeting.title}"[:500]
            entries.append(e)
        for k, (pk, day, kind, subject) in enumerate(interactions):
            e = entry(big, k, day, interaction_id=pk)
            e.description = f"{InteractionKind(kind).label} : {subject}"[:500]
            entries.append(e)
        for k in range(SMALL_JOURNAL_ENTRIES):
            entries.append(entry(small, k, days[-1 - k % len(days)]))
        JournalEntry.objects.bulk_create(entries, batch_size=BATCH)

        reports = ActivityReport.objects.bulk_create(
            [
                ActivityReport(
                    convention_id=pk, author_id=cdc_of[pk], year=year, status=ReportStatus.BROUILLON
                )
                for pk in (big, small)
            ]
        )
        sections = [
            ReportSection(
                report=report,
                key=section.key,
                position=n,
                text="\n\n".join([REPORT_PARAGRAPH] * (4 if report.convention_id == big else 1)),
            )
            for report in reports
            for n, section in enumerate(SECTIONS)
        ]
        ReportSection.objects.bulk_create(sections, batch_size=BATCH)
        ReportEvent.objects.bulk_create(
            [
                ReportEvent(report=report, kind=ReportEventKind.CREE, by_id=report.author_id)
                for report in reports
            ]
        )
        due_dates = ReportDueDate.objects.bulk_create(
            [
                ReportDueDate(caf_id=pk, year=year, due_date=datetime.date(year + 1, 3, 31))
                for pk in Caf.objects.exclude(report_due_dates__year=year).values_list(
                    "pk", flat=True
                )
            ],
            batch_size=BATCH,
        )

    return {
        "meetings_this_year": len(meetings),
        "journal_entries": len(entries),
        "activity_reports": len(reports),
        "report_sections": len(sections),
        "report_due_dates": len(due_dates),
    }


def add_activity(marker: dict[str, str]) -> int:
    """Add the activity journal and reports to a database built before they existed (v4)."""
    start = time.perf_counter()
    print(f"Données de la version {marker['version']}, sans journal d'activité : ajout.")
    with transaction.atomic():
        counts = {**json.loads(marker["summary"]), **build_activity()}
        seconds = time.perf_counter() - start
        write_marker(float(marker["seconds"]) + seconds, counts)
    with step("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - start
    print(f"Ajout en {seconds:.1f} s : " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def add_network(marker: dict[str, str]) -> int:
    """Add the directory and governance to a database built before they existed (v3)."""
    start = time.perf_counter()
    print(f"Données de la version {marker['version']}, sans annuaire ni gouvernance : ajout.")
    with transaction.atomic():
        counts = {
            **json.loads(marker["summary"]),
            **build_network_and_governance(),
            **build_activity(),
        }
        seconds = time.perf_counter() - start
        write_marker(float(marker["seconds"]) + seconds, counts)
    with step("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - start
    print(f"Ajout en {seconds:.1f} s : " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def add_plans(marker: dict[str, str]) -> int:
    """Add the plans d'actions to a database built before they existed (version 2)."""
    start = time.perf_counter()
    print(f"Données de la version {marker['version']}, sans plans d'actions : ajout des plans.")
    with transaction.atomic():
        counts = {
            **json.loads(marker["summary"]),
            **build_plans(),
            **build_network_and_governance(),
            **build_activity(),
        }
        plans_seconds = time.perf_counter() - start
        write_marker(float(marker["seconds"]) + plans_seconds, counts)
    with step("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - start
    print(f"Plans ajoutés en {seconds:.1f} s : " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cog",
        type=Path,
        default=Path(os.environ.get("BENCH_COG_DIR") or DEFAULT_COG),
        help="folder holding communes.json, epci.json and departements.json",
    )
    parser.add_argument("--rebuild", action="store_true", help="wipe and build again")
    args = parser.parse_args()

    db = settings.DATABASES["default"]
    target = db["NAME"] if is_sqlite() else f"{db['ENGINE'].rsplit('.', 1)[-1]} {db['NAME']}"
    print(f"Base du benchmark : {target}")

    if not args.rebuild:
        if is_sqlite() and not Path(db["NAME"]).exists():
            marker = None
        else:
            migrate()
            marker = read_marker()
        if marker and marker["version"] == BUILD_VERSION:
            print(
                f"Données déjà construites le {marker['built_at']} en {marker['seconds']} s "
                f"({marker['summary']}) : rien à faire (--rebuild pour reconstruire)."
            )
            return 0
        if marker and marker["version"] == PLANLESS_VERSION and not ActionPlan.objects.exists():
            return add_plans(marker)
        if marker and marker["version"] == NETWORKLESS_VERSION and not Partner.objects.exists():
            return add_network(marker)
        if (
            marker
            and marker["version"] == ACTIVITYLESS_VERSION
            and not JournalEntry.objects.exists()
        ):
            return add_activity(marker)
        if marker:
            print(f"Données d'une autre version ({marker['version']}) : reconstruction.")

    needed = ("communes.json", "epci.json", "departements.json")
    missing = [name for name in needed if not (args.cog / name).is_file()]
    if missing:
        print(
            f"ERREUR : fichiers COG introuvables dans {args.cog} : {', '.join(missing)}.\n"
            "Indiquez le dossier avec --cog ou BENCH_COG_DIR "
            "(format @etalab/decoupage-administratif).",
            file=sys.stderr,
        )
        return 2

    start = time.perf_counter()
    print("Construction de la base nationale :")
    with step("Remise à zéro et migrations"):
        wipe()
        migrate()
    with transaction.atomic():
        counts = build(args.cog)
        seconds = time.perf_counter() - start
        write_marker(seconds, counts)
    # Fresh planner statistics, as a long-lived production database would have.
    with step("ANALYZE"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds = time.perf_counter() - start
    print(
        f"Base construite en {seconds:.1f} s : " + ", ".join(f"{v} {k}" for k, v in counts.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
