#!/usr/bin/env python
"""Build the national-scale database the benchmark runs against.

Real territory (the whole COG: ~35,000 communes, ~1,255 EPCI), one Caf per département
(metropolitan and overseas départements: 101), one CTG per EPCI with about 20 members
each, and the staff of every Caf (6 CDTs, 3 conseillers, 1 responsable). Everything is
written with ``bulk_create`` inside one transaction, with a single precomputed password
hash, so that the build takes a few minutes at most on two cores.

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

from maillage.accounts.enums import CafRole, ConventionRole  # noqa: E402
from maillage.accounts.models import CafMembership, ConventionMembership, User  # noqa: E402
from maillage.conventions.enums import SignatoryRole  # noqa: E402
from maillage.conventions.models import Convention, ConventionTheme, Signatory  # noqa: E402
from maillage.core.demo import PERIODS, THEMES, ctg_name  # noqa: E402
from maillage.core.enums import Theme  # noqa: E402
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind  # noqa: E402
from maillage.organisations.models import Caf, Organisation  # noqa: E402
from maillage.territories.models import Commune, Departement, Epci  # noqa: E402
from maillage.territories.services import import_cog  # noqa: E402

# Bump when the generated data changes: an older benchmark database is then rebuilt.
BUILD_VERSION = "2"
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
    }


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
