#!/usr/bin/env python
"""Time Maillage's key pages against the national-scale database built by build.py.

For every page: the SQL query count (for a large and a small instance of the same page,
which must be equal: a page's query count must not depend on the data size), then the
median and p95 server time over N requests after a warm-up, and the ratio to the
logged-in floor (a minimal view behind the full middleware stack). The bare floor is a
view served by a handler without any middleware. Then the Excel export of the biggest
plan, the drawing of a Caf's map (without and with its cache), the Excel import of the
biggest plan (unchanged, then into an empty plan), the import of 1,000 contacts, the
network map of a CTG of 200 organisations and 5,000 links, the hostile files (a tiny
workbook declaring 16,384 columns by 60,000 rows, a plan workbook of 400,000 rows, a
300 MB body) through their real request paths, and the documents of the biggest activity
report (its facts and the .docx, its facts and the PDF). What the imports and the network
map write is undone after each run.

Prints a table and writes bench/results/latest.json; with ``--hostile``, only the hostile
files (bench/results/hostile.json).

    PYTHONPATH=. .venv/bin/python bench/run.py [-n 50] [--warmup 5] [--hostile]
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT / "src", ROOT):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.client import ClientHandler  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.html import escape  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from tests.hostile_files import (  # noqa: E402
    MB,
    PLAN_ROWS,
    EndlessBody,
    counting_reads,
    declared_dimension_xlsx,
    long_plan_workbook,
    shared_strings_xlsx,
)

from bench.build import ADMIN_EMAIL, BUILD_VERSION, read_marker  # noqa: E402
from maillage.accounts.models import User  # noqa: E402
from maillage.accounts.twofactor import two_factor_required  # noqa: E402
from maillage.activity.models import ActivityReport, JournalEntry  # noqa: E402
from maillage.conventions.enums import CafRole, ConventionRole  # noqa: E402
from maillage.conventions.models import CafMembership, Convention, ConventionMembership  # noqa: E402
from maillage.governance.models import Meeting  # noqa: E402
from maillage.network.graph import GraphFilters, network_map  # noqa: E402
from maillage.network.models import Contact  # noqa: E402
from maillage.organisations.models import Caf  # noqa: E402
from maillage.plans.models import Action, ActionPlan  # noqa: E402
from maillage.plans.spreadsheet import export_plan  # noqa: E402
from maillage.territories.contours import import_contours  # noqa: E402
from maillage.territories.models import CommuneContour  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
# The aim (ENGINEERING.md): a key page keeps at least half of the logged-in floor's
# throughput, i.e. its median time is at most twice the floor's.
AIM_RATIO = 2.0
# The fiches of the CTG whose plan pages are timed (the average plan of the build).
PLAN_FICHES = 40
EXPORT_RUNS = 5
# Imports write hundreds of rows, each run in a transaction undone after it: fewer runs.
IMPORT_RUNS = 3
# The network map's stress case: organisations, interactions, organisations per interaction.
GRAPH_SIZE = (200, 1200, 4)
CONTACTS_IMPORTED = 1000
# Invitees of the meeting whose convocations are sent through the outbox.
CONVOCATIONS = 100
# The activity report's documents (facts of the year and the file): the targets, in ms.
REPORT_DOCUMENT_TARGETS = {"docx": 2000, "pdf": 3000}
# The whole biggest plan in PDF, written by a worker: the aim, in ms.
PLAN_PDF_TARGET_MS = 30_000
# No request answers in more than this (longer work goes to a worker), in ms.
REQUEST_LIMIT_MS = 2000
# Hostile files (issue 14): runs of each, and the time each must stay under, in ms.
HOSTILE_RUNS = 5
HOSTILE_LIMIT_MS = 2000
# BEGIN/COMMIT/SAVEPOINT are not counted as queries.
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


class BareHandler(ClientHandler):
    """The test client's handler with no middleware at all: the bare floor."""

    def load_middleware(self, is_async: bool = False) -> None:
        with override_settings(MIDDLEWARE=[]):
            super().load_middleware(is_async)


def bare_client() -> Client:
    client = Client()
    client.handler = BareHandler(enforce_csrf_checks=False)
    return client


def logged_in(user: User) -> Client:
    """A client with a session for this user; a verified 2FA device when one is due."""
    client = Client()
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@dataclass
class Target:
    """One request: who asks for what, and a fragment the answer must contain."""

    client: Client
    url: str
    expect: str = ""
    describe: str = ""

    def get(self) -> object:
        response = self.client.get(self.url)
        if response.status_code != 200:
            location = response.headers.get("Location", "")
            raise SystemExit(
                f"ERREUR : {self.url} ({self.describe}) a répondu {response.status_code} {location}"
            )
        return response


@dataclass
class Page:
    key: str
    label: str
    large: Target
    small: Target | None = None
    is_floor: bool = False


@dataclass
class Result:
    key: str
    label: str
    url: str
    describe: str
    queries: int
    queries_small: int | None
    median_ms: float
    p95_ms: float
    mean_ms: float
    median_small_ms: float | None = None
    ratio: float = 0.0
    samples_ms: list[float] = field(default_factory=list, repr=False)


def count_queries(target: Target) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = target.get()
    if target.expect and target.expect not in response.content.decode():
        raise SystemExit(f"ERREUR : {target.url} ne contient pas « {target.expect} ».")
    return sum(1 for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"]))


def time_interleaved(targets: list[Target], n: int, warmup: int) -> list[list[float]]:
    """N timings of every target, taken in turns so that a burst of load elsewhere on the
    machine weighs on every page alike (the ratios to the floor stay meaningful)."""
    for target in targets:
        for _ in range(warmup):
            target.get()
    samples: list[list[float]] = [[] for _ in targets]
    for _ in range(n):
        for target, timings in zip(targets, samples, strict=True):
            start = time.perf_counter()
            target.client.get(target.url)
            timings.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def cdc_of(convention: Convention) -> User:
    """The CTG's first chargé·e de coopération."""
    return (
        ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.CDC, is_active=True
        )
        .select_related("user")
        .order_by("pk")
        .first()
        .user
    )


def cdcs_by_ctg_count() -> tuple[User, int, User]:
    """The CDC of the most CTGs (with their number), and a CDC of a single CTG."""
    counts = (
        ConventionMembership.objects.filter(role=ConventionRole.CDC, is_active=True)
        .values("user")
        .annotate(n=Count("pk"))
        .order_by("-n", "user")
    )
    most = counts.first()
    single = counts.filter(n=1).first()
    return (
        User.objects.get(pk=most["user"]),
        most["n"],
        User.objects.get(pk=single["user"]),
    )


def first_cdt(caf: Caf) -> User:
    return (
        CafMembership.objects.filter(caf=caf, role=CafRole.CDT, is_active=True)
        .select_related("user")
        .order_by("user__email")
        .first()
        .user
    )


def caf_admin_of(caf: Caf) -> User:
    """The Caf's responsable."""
    return (
        CafMembership.objects.filter(caf=caf, role=CafRole.CAF_ADMIN, is_active=True)
        .select_related("user")
        .order_by("user__email")
        .first()
        .user
    )


def plans_by_size() -> tuple[ActionPlan, ActionPlan, ActionPlan]:
    """A plan of about PLAN_FICHES fiches, one with the fewest, and the biggest one."""
    plans = ActionPlan.objects.annotate(n=Count("actions")).select_related("convention")
    typical = plans.filter(n__gte=PLAN_FICHES).order_by("n", "pk").first()
    smallest = plans.order_by("n", "pk").first()
    biggest = plans.order_by("-n", "pk").first()
    if typical is None or smallest is None or smallest.n == 0:
        raise SystemExit("ERREUR : la base n'a pas de plans d'actions : lancez bench/build.py.")
    return typical, smallest, biggest


def a_fiche(plan: ActionPlan) -> Action:
    """A non-confidential fiche of the plan with steps and budget lines."""
    return (
        Action.objects.filter(plan=plan, confidential=False, steps__isnull=False)
        .filter(budget_lines__isnull=False)
        .order_by("pk")
        .first()
    )


def plan_pages(client: Callable[[User], Client]) -> list[Page]:
    """The plan d'actions pages, for the CDC of a CTG with ~40 fiches and of a smaller one."""
    typical, smallest, _biggest = plans_by_size()

    def targets(name: str, expect: str, fiche: bool = False) -> tuple[Target, Target]:
        pair = []
        for plan in (typical, smallest):
            c = plan.convention
            if fiche:
                action = a_fiche(plan)
                url = reverse("plans:action_detail", args=[c.uuid, action.uuid])
                text, describe = escape(action.title), f"{c.name}, fiche {action.reference}"
            else:
                url = reverse(name, args=[c.uuid])
                text, describe = expect, f"{c.name}, {plan.n} fiches"
            pair.append(Target(client(cdc_of(c)), url, text, describe))
        return pair[0], pair[1]

    return [
        Page("plan_tree", "Plan : arborescence", *targets("plans:tree", "A1")),
        Page("plan_table", "Plan : tableau des fiches", *targets("plans:action_list", "A1.1")),
        Page("plan_dashboard", "Plan : tableau de bord", *targets("plans:dashboard", "")),
        Page("plan_timeline", "Plan : calendrier", *targets("plans:timeline", "<svg")),
        Page("fiche_detail", "Fiche action", *targets("", "", fiche=True)),
    ]


def network_pages(client: Callable[[User], Client]) -> list[Page]:
    """The directory, a contact's timeline and the network map, then the meetings: for the
    CDC of a typical CTG (40 organisations) and of the CTG with the big network (200
    organisations, about 6,000 links)."""
    typical = plans_by_size()[0].convention
    big = Convention.objects.annotate(n=Count("partners")).order_by("-n", "pk").first()

    def pair(name: str, expect: str, label: str) -> tuple[Target, Target]:
        return tuple(  # type: ignore[return-value]
            Target(client(cdc_of(c)), reverse(name, args=[c.uuid]), expect, f"{c.name}, {label}")
            for c in (big, typical)
        )

    def contact(c: Convention) -> Target:
        person = (
            Contact.objects.filter(convention=c, interactions__isnull=False).order_by("pk").first()
        )
        url = reverse("network:contact_detail", args=[c.uuid, person.uuid])
        return Target(client(cdc_of(c)), url, escape(person.last_name), f"{c.name}, un contact")

    def meeting(c: Convention) -> Target:
        held = Meeting.objects.filter(body__convention=c, status="tenue").order_by("pk").first()
        url = reverse("governance:meeting_detail", args=[c.uuid, held.uuid])
        return Target(client(cdc_of(c)), url, escape(held.title), f"{c.name}, réunion tenue")

    month = reverse("governance:meeting_list", args=[typical.uuid]) + "?vue=mois"
    return [
        Page("directory", "Annuaire : contacts", *pair("network:directory", "", "annuaire")),
        Page("partners", "Annuaire : organisations", *pair("network:partner_list", "", "")),
        Page("contact", "Contact et son historique", contact(big), contact(typical)),
        Page("network_map", "Carte du réseau", *pair("network:graph", "<svg", "réseau")),
        Page("meetings", "Gouvernance : réunions", *pair("governance:meeting_list", "", "")),
        Page(
            "calendar",
            "Gouvernance : mois",
            Target(client(cdc_of(typical)), month, "", f"{typical.name}, mois courant"),
        ),
        Page("meeting", "Réunion (ordre du jour, présences)", meeting(big), meeting(typical)),
    ]


def caf_pages(client: Callable[[User], Client]) -> list[Page]:
    """The Caf's pages: the map of the Savoie (the département whose outlines are shipped),
    and the compliance table of the Caf with the most CTGs and of the one with the fewest."""
    if not CommuneContour.objects.filter(commune__departement__code="73").exists():
        import_contours(settings.CONTOURS_FILE)
    savoie = Caf.objects.get(departement__code="73")
    by_ctg = Caf.objects.annotate(n=Count("conventions")).filter(n__gt=0).order_by("-n", "pk")
    big_caf, small_caf = by_ctg.first(), by_ctg.last()
    map_url = reverse("departement:map", args=[savoie.uuid])

    def compliance(caf: Caf) -> Target:
        url = reverse("departement:compliance", args=[caf.uuid]) + "?toutes=1"
        return Target(
            client(first_cdt(caf)), url, f"{caf.n} CTG affichée", f"{caf.name}, {caf.n} CTG"
        )

    savoie_ctgs = savoie.conventions.count()
    return [
        Page(
            "caf_map",
            "Carte du département (en cache)",
            Target(client(first_cdt(savoie)), map_url, "<svg", f"{savoie.name}, {savoie_ctgs} CTG"),
        ),
        Page(
            "compliance", "Suivi des CTG (CDT, toutes)", compliance(big_caf), compliance(small_caf)
        ),
    ]


def activity_reports() -> tuple[ActivityReport, int, ActivityReport, int]:
    """The latest year's report of the CDC with the most journal entries that year, and of
    the one with the fewest, each with its number of entries."""
    year = ActivityReport.objects.order_by("-year").values_list("year", flat=True).first()
    if year is None:
        raise SystemExit("ERREUR : la base n'a pas de rapport d'activité : lancez bench/build.py.")
    sized = sorted(
        (
            JournalEntry.objects.filter(
                convention_id=r.convention_id, author_id=r.author_id, date__year=year
            ).count(),
            r.pk,
            r,
        )
        for r in ActivityReport.objects.filter(year=year).select_related("convention", "author")
    )
    (small_n, _pk, small), (big_n, _pk2, big) = sized[0], sized[-1]
    return big, big_n, small, small_n


def activity_pages(client: Callable[[User], Client]) -> list[Page]:
    """The activity journal and the annual report, for their CDC: the CTG of the big plan
    (1,000 entries this year, 50 meetings held) and a CTG with a handful of entries."""
    big, big_n, small, small_n = activity_reports()

    def pair(url: Callable[[ActivityReport], str], expect: str) -> tuple[Target, Target]:
        return tuple(  # type: ignore[return-value]
            Target(
                client(r.author),
                url(r),
                expect,
                f"{r.convention.name}, {n} entrées en {r.year}",
            )
            for r, n in ((big, big_n), (small, small_n))
        )

    def week(r: ActivityReport) -> str:
        # The week of the CDC's latest entry: the page shows a week with entries.
        last = (
            JournalEntry.objects.filter(convention=r.convention, author=r.author)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        url = reverse("activity:journal", args=[r.convention.uuid])
        return f"{url}?jour={last.isoformat()}" if last else url

    def totals(r: ActivityReport) -> str:
        url = reverse("activity:journal_totals", args=[r.convention.uuid])
        return f"{url}?du={r.year}-01-01&au={r.year}-12-31"

    return [
        Page(
            "report_list",
            "Rapports d'activité : liste",
            *pair(
                lambda r: reverse("activity:report_list", args=[r.convention.uuid]), "Rapports d"
            ),
        ),
        Page(
            "report_detail",
            "Rapport d'activité (faits)",
            *pair(
                lambda r: reverse("activity:report_detail", args=[r.convention.uuid, r.uuid]),
                "Description des activités",
            ),
        ),
        Page("journal_week", "Journal : semaine", *pair(week, "Semaine précédente")),
        Page("journal_totals", "Journal : totaux de l'année", *pair(totals, "")),
    ]


def time_report_documents() -> dict[str, object]:
    """Median (of EXPORT_RUNS) of the biggest activity report's documents: the facts of its
    year (``report_content``) then the file, in .docx and in PDF (the PDF is what a worker
    writes: its page only hands it over)."""
    from maillage.activity.documents import report_content, report_document
    from maillage.core.documents.formats import render

    report, entries, _small, _small_n = activity_reports()
    result: dict[str, object] = {
        "ctg": report.convention.name,
        "year": report.year,
        "journal_entries": entries,
    }
    for fmt, target in REPORT_DOCUMENT_TARGETS.items():
        render(report_document(report), fmt)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            content = report_content(report)
        size = len(render(report_document(report, content), fmt))
        timings = []
        for _ in range(EXPORT_RUNS):
            start = time.perf_counter()
            render(report_document(report), fmt)
            timings.append((time.perf_counter() - start) * 1000)
        result[fmt] = {
            "queries": sum(
                1 for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])
            ),
            "bytes": size,
            "median_ms": statistics.median(timings),
            "max_ms": max(timings),
            "target_ms": target,
            "samples_ms": timings,
        }
    return result


def time_plan_documents() -> dict[str, object]:
    """The whole biggest plan's documents, as a worker writes them: gathering then writing,
    once per format (the PDF of hundreds of fiches takes long: one run)."""
    from maillage.core.documents.formats import render
    from maillage.plans.documents import plan_document

    _typical, _smallest, plan = plans_by_size()
    user = cdc_of(plan.convention)
    convention = Convention.objects.visible_to(user).for_listing().get(pk=plan.convention_id)
    result: dict[str, object] = {"ctg": plan.convention.name, "fiches": plan.n}
    for fmt in ("docx", "odt", "pdf"):
        start = time.perf_counter()
        document = plan_document(user, convention)
        gathered = (time.perf_counter() - start) * 1000
        content = render(document, fmt)
        total = (time.perf_counter() - start) * 1000
        result[fmt] = {
            "gather_ms": gathered,
            "total_ms": total,
            "bytes": len(content),
            "target_ms": PLAN_PDF_TARGET_MS,
        }
    return result


def time_job_requests(n: int, warmup: int) -> dict[str, object]:
    """The requests that hand long work to a worker, with the database task backend of
    production: the whole biggest plan in PDF (a redirection to the job's page), the job's
    page and its htmx fragment while the job waits. Each job is removed after."""
    from maillage.jobs.models import Job

    _typical, _smallest, plan = plans_by_size()
    user = cdc_of(plan.convention)
    client = logged_in(user)
    url = reverse("plans:plan_document", args=[plan.convention.uuid, "pdf"])
    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result: dict[str, object] = {"ctg": plan.convention.name, "fiches": plan.n}
    with override_settings(TASKS=database_tasks), rolled_back():
        start_samples = []
        for i in range(warmup + n):
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 302:
                raise SystemExit(f"ERREUR : le PDF du plan répond {response.status_code}")
            if i >= warmup:
                start_samples.append(elapsed)
        job_url = response["Location"]
        page_samples, fragment_samples = [], []
        for i in range(warmup + n):
            start = time.perf_counter()
            page = client.get(job_url)
            middle = time.perf_counter()
            fragment = client.get(job_url, HTTP_HX_REQUEST="true")
            end = time.perf_counter()
            if page.status_code != 200 or b"En attente" not in fragment.content:
                raise SystemExit("ERREUR : la page du traitement ne répond pas comme attendu")
            if i >= warmup:
                page_samples.append((middle - start) * 1000)
                fragment_samples.append((end - middle) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(job_url, HTTP_HX_REQUEST="true")
        result["jobs_created"] = Job.objects.filter(owner=user).count()
    result["start"] = _timing(start_samples)
    result["page"] = _timing(page_samples)
    result["fragment"] = _timing(fragment_samples)
    result["fragment_queries"] = sum(
        1 for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])
    )
    return result


def sweep_largest_ctg(runs: int = 3) -> dict[str, object]:
    """Every page of the largest plan's CTG that needs no other object (each URL whose only
    parameter is the CTG, plus the plan's documents and a fiche), requested by its CDC with
    the database task backend of production: the slowest of ``runs`` requests each."""
    from django.urls import URLPattern, URLResolver, get_resolver

    _typical, _smallest, plan = plans_by_size()
    convention = plan.convention
    user = cdc_of(convention)
    client = logged_in(user)

    def names(patterns: list[object], namespace: str | None = None) -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from names(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace:
                params = set(pattern.pattern.converters)
                if params == {"convention_uuid"}:
                    yield f"{namespace}:{pattern.name}"

    urls = [
        reverse(name, args=[convention.uuid])
        for name in sorted(set(names(get_resolver().url_patterns)))
    ]
    urls += [
        reverse("plans:plan_document", args=[convention.uuid, f]) for f in ("docx", "odt", "pdf")
    ]
    urls.append(reverse("plans:action_detail", args=[convention.uuid, a_fiche(plan).uuid]))
    database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    slowest: dict[str, float] = {}
    statuses: dict[str, int] = {}
    with override_settings(TASKS=database_tasks), rolled_back():
        for url in urls:
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                slowest[url] = max(slowest.get(url, 0.0), elapsed)
                statuses[url] = response.status_code
    errors = {url: code for url, code in statuses.items() if code >= 500}
    if errors:
        raise SystemExit(f"ERREUR : pages en erreur : {errors}")
    worst = max(slowest, key=lambda url: slowest[url])
    return {
        "ctg": convention.name,
        "fiches": plan.n,
        "pages": len(urls),
        "slowest_ms": slowest,
        "statuses": statuses,
        "worst_url": worst,
        "worst_ms": slowest[worst],
    }


def time_convocations() -> dict[str, object]:
    """Convening CONVOCATIONS invitees of a meeting of the biggest plan's CTG: the request's
    part (the outbox's rows, with the .ics), then the worker's (sending them to a local SMTP
    server), with the number of SMTP connections. Undone after."""
    import socket

    from aiosmtpd.controller import Controller

    from maillage.governance import services as governance
    from maillage.governance.models import Invitation
    from maillage.outbox import sending

    class Sink:
        def __init__(self) -> None:
            self.messages = 0
            self.sessions: set[int] = set()

        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            self.sessions.add(id(session))
            self.messages += 1
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    _typical, _smallest, plan = plans_by_size()
    cdc = cdc_of(plan.convention)
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
    }
    try:
        with override_settings(**smtp), rolled_back():
            meeting = next(
                (
                    m
                    for m in Meeting.objects.filter(body__convention=plan.convention)
                    if not m.is_cancelled
                ),
                None,
            )
            if meeting is None:
                raise SystemExit("ERREUR : aucune réunion dans la CTG du plus grand plan")
            meeting.invitations.all().delete()
            contacts = Contact.objects.bulk_create(
                Contact(
                    convention=plan.convention,
                    first_name=f"Invité {n}",
                    last_name="Banc",
                    email=f"invite{n}@banc.example.org",
                )
                for n in range(CONVOCATIONS)
            )
            Invitation.objects.bulk_create(Invitation(meeting=meeting, contact=c) for c in contacts)
            start = time.perf_counter()
            count = governance.convocations_send(meeting=meeting, by=cdc)
            queued = (time.perf_counter() - start) * 1000
            start = time.perf_counter()
            sent = sending.send_due()
            send_ms = (time.perf_counter() - start) * 1000
    finally:
        controller.stop()
    return {
        "ctg": plan.convention.name,
        "convocations": count,
        "queue_ms": queued,
        "sent": sent,
        "send_ms": send_ms,
        "received": sink.messages,
        "smtp_connections": len(sink.sessions),
    }


def time_map() -> dict[str, object]:
    """Median (of EXPORT_RUNS) time to draw the Savoie map without its cache."""
    from django.core.cache import cache

    from maillage.departement.maps import caf_map

    savoie = Caf.objects.get(departement__code="73")
    user = first_cdt(savoie)
    timings, cached = [], []
    for _ in range(EXPORT_RUNS):
        cache.clear()
        start = time.perf_counter()
        result = caf_map(user, savoie)
        timings.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        caf_map(user, savoie)
        cached.append((time.perf_counter() - start) * 1000)
    return {
        "caf": savoie.name,
        "ctgs": len(result.rows),
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "samples_ms": timings,
        "cached_median_ms": statistics.median(cached),
        "cached_samples_ms": cached,
    }


@contextmanager
def rolled_back() -> Iterator[None]:
    """A transaction undone at its end: a timed import leaves the database as built."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _timing(samples: list[float]) -> dict[str, object]:
    return {
        "median_ms": statistics.median(samples),
        "max_ms": max(samples),
        "samples_ms": samples,
    }


def time_plan_import() -> dict[str, object]:
    """Median (of IMPORT_RUNS) of the Excel import of the biggest plan: back into itself
    (nothing changes), then into the empty plan of a new CTG of its Caf, with its team and
    the contacts who pilot its fiches (every fiche created). Each run is undone."""
    from maillage.plans.selectors import plan_of
    from maillage.plans.spreadsheet import import_plan

    _typical, _smallest, plan = plans_by_size()
    user = cdc_of(plan.convention)
    content = export_plan(plan, user)
    team = list(ConventionMembership.objects.filter(convention=plan.convention))
    pilots = list(Contact.objects.filter(pk__in=plan.actions.values("pilot_contact")))
    unchanged, created = [], []
    for run in range(IMPORT_RUNS):
        with rolled_back():
            start = time.perf_counter()
            report = import_plan(plan, user, SimpleUploadedFile("plan.xlsx", content))
            unchanged.append((time.perf_counter() - start) * 1000)
            if not report.ok or report.actions_unchanged != plan.n:
                raise SystemExit(f"ERREUR : import du plan inchangé : {report.errors[:3]}")
        with rolled_back():
            empty = Convention.objects.create(
                caf=plan.convention.caf,
                name=f"CTG du banc d'essai {run}",
                start_date=plan.convention.start_date,
                end_date=plan.convention.end_date,
            )
            # The same team and pilots: the workbook names them.
            ConventionMembership.objects.bulk_create(
                ConventionMembership(user_id=m.user_id, convention=empty, role=m.role) for m in team
            )
            Contact.objects.bulk_create(
                Contact(
                    convention=empty,
                    first_name=c.first_name,
                    last_name=c.last_name,
                    email=c.email,
                )
                for c in pilots
            )
            target = plan_of(empty)
            start = time.perf_counter()
            report = import_plan(target, user, SimpleUploadedFile("plan.xlsx", content))
            created.append((time.perf_counter() - start) * 1000)
            if not report.ok or report.actions_created != plan.n:
                raise SystemExit(f"ERREUR : import dans un plan vide : {report.errors[:3]}")
    return {
        "ctg": plan.convention.name,
        "fiches": plan.n,
        "unchanged": _timing(unchanged),
        "created": _timing(created),
    }


def _selected_columns(html: str) -> dict[str, str]:
    """What a browser sends from the mapping page: each ``col-*`` select's chosen option
    (the page's own guess), or "" when none is selected."""
    mapping = {}
    for name, options in re.findall(
        r'<select[^>]*name="(col-[^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        mapping[name] = chosen.group(1) if chosen else ""
    return mapping


def time_contact_import() -> dict[str, object]:
    """Median (of IMPORT_RUNS) of a CSV of CONTACTS_IMPORTED contacts of 50 organisations
    imported into the directory of the biggest CTG by its CDC, through both steps of the
    page (the file, then the columns). Each run is undone."""
    _typical, _smallest, plan = plans_by_size()
    convention = plan.convention
    lines = ["Nom;Prénom;Adresse électronique;Organisation;Thématiques"]
    lines += [
        f"Banc{i};Prénom{i};banc.personne{i}@example.org;Structure du banc {i % 50};Parentalité"
        for i in range(CONTACTS_IMPORTED)
    ]
    content = "\r\n".join(lines).encode()
    start_url = reverse("network:contact_import", args=[convention.uuid])
    map_url = reverse("network:contact_import_map", args=[convention.uuid])
    timings = []
    for _ in range(IMPORT_RUNS):
        client = logged_in(cdc_of(convention))
        with rolled_back():
            start = time.perf_counter()
            first = client.post(start_url, {"fichier": SimpleUploadedFile("c.csv", content)})
            page = client.get(map_url)
            mapping = _selected_columns(page.content.decode())
            done = client.post(map_url, {**mapping, "action": "importer"})
            timings.append((time.perf_counter() - start) * 1000)
            imported = Contact.objects.filter(email__startswith="banc.personne").count()
        if (first.status_code, done.status_code, imported) != (302, 302, CONTACTS_IMPORTED):
            raise SystemExit(
                f"ERREUR : import de contacts : {first.status_code}, {done.status_code}, "
                f"{imported} contacts"
            )
    return {"ctg": convention.name, "contacts": CONTACTS_IMPORTED, **_timing(timings)}


def _hostile_case(
    label: str, send: Callable[[], object], check: Callable[[object], str]
) -> dict[str, object]:
    """Time *send* (one request path, undone after) HOSTILE_RUNS times after a warm-up;
    then once more with tracemalloc and the reader's row and cell counts. *check* raises
    if the answer is not the expected refusal or result, and returns the answer's page."""
    with rolled_back():
        check(send())  # warm-up
    timings = []
    for _ in range(HOSTILE_RUNS):
        with rolled_back():
            start = time.perf_counter()
            answer = send()
            timings.append((time.perf_counter() - start) * 1000)
        check(answer)
    tracemalloc.start()
    try:
        with rolled_back(), counting_reads() as counted:
            page = check(send())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    median = statistics.median(timings)
    return {
        "label": label,
        "rows_read": counted.rows,
        "cells_read": counted.cells,
        "page_bytes": len(page.encode()),
        "peak_bytes": peak,
        "limit_ms": HOSTILE_LIMIT_MS,
        "ok": median < HOSTILE_LIMIT_MS,
        **_timing(timings),
    }


def time_hostile_files() -> dict[str, object]:
    """The hostile files of issue 14 through their real request paths, as the CDC of the
    typical plan's CTG: a 1.6 KB .xlsx declaring A1:XFD60000 sent to the contact import
    (the upload, then the page of columns it leads to); a plan workbook of 400,000 rows
    without a declared size sent to the plan import (the upload, which records the job;
    the job, as a worker runs it; then the job's page with the errors); a 300 MB body sent
    to a fiche's documents, refused (413) before it is read."""
    typical, _smallest, _biggest = plans_by_size()
    convention = typical.convention
    client = logged_in(cdc_of(convention))
    contacts = declared_dimension_xlsx("A1:XFD60000")
    strings = shared_strings_xlsx()
    workbook = long_plan_workbook()
    contact_url = reverse("network:contact_import", args=[convention.uuid])
    plan_url = reverse("plans:plan_import", args=[convention.uuid])
    fiche = a_fiche(typical)
    document_url = reverse("plans:document_upload", args=[convention.uuid, fiche.uuid])
    bodies: list[EndlessBody] = []

    def page(response: object, status: int, fragment: str) -> str:
        text = response.content.decode()  # type: ignore[attr-defined]
        code = response.status_code  # type: ignore[attr-defined]
        if code != status or fragment not in text:
            raise SystemExit(f"ERREUR : fichier hostile : {code}, « {fragment} » attendu")
        return text

    def post_contacts() -> object:
        return client.post(
            contact_url,
            {"fichier": SimpleUploadedFile("carnet.xlsx", contacts)},
            follow=True,
        )

    def post_strings() -> object:
        return client.post(
            contact_url,
            {"fichier": SimpleUploadedFile("textes.xlsx", strings)},
            follow=True,
        )

    phases: list[tuple[float, float, float]] = []

    def post_plan() -> object:
        # As in production: the request records the job (database task backend), a worker
        # runs it, then the job's page gives the result. The job's heartbeat (another
        # connection) would wait on this run's open transaction: it is put off.
        from maillage.jobs.execution import execute_job
        from maillage.jobs.models import Job

        database_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        with override_settings(TASKS=database_tasks, JOBS_HEARTBEAT_SECONDS=3600):
            start = time.perf_counter()
            response = client.post(plan_url, {"fichier": SimpleUploadedFile("plan.xlsx", workbook)})
            recorded = time.perf_counter()
            job_url = response["Location"]
            job = Job.objects.filter(owner__pk=client.session["_auth_user_id"]).latest("pk")
            execute_job(job.pk)
            ran = time.perf_counter()
            answer = client.get(job_url)
            shown = time.perf_counter()
        phases.append(((recorded - start) * 1000, (ran - recorded) * 1000, (shown - ran) * 1000))
        return answer

    def post_document() -> object:
        body = EndlessBody(300 * MB)
        bodies.append(body)
        return client.generic(
            "POST",
            document_url,
            CONTENT_LENGTH=str(body.length),
            CONTENT_TYPE="multipart/form-data; boundary=banc",
            **{"wsgi.input": body},
        )

    def refused_unread(response: object) -> str:
        if bodies[-1].read_bytes:
            raise SystemExit(f"ERREUR : {bodies[-1].read_bytes} octets lus du corps de 300 Mo")
        return page(response, 413, "dépasse 10 Mo")

    cases = {
        "contacts": _hostile_case(
            "import de contacts",
            post_contacts,
            lambda r: page(r, 200, "Benali"),
        ),
        "strings": _hostile_case(
            "import de contacts",
            post_strings,
            lambda r: page(r, 200, "trop de textes différents"),
        ),
        "plan": _hostile_case(
            "import du plan",
            post_plan,
            lambda r: page(r, 200, "dépasse 10000 lignes"),
        ),
        "document": _hostile_case("document d'une fiche", post_document, refused_unread),
    }
    cases["contacts"]["file_bytes"] = len(contacts)
    cases["strings"]["file_bytes"] = len(strings)
    cases["plan"]["file_bytes"] = len(workbook)
    cases["plan"]["file_rows"] = PLAN_ROWS
    timed = phases[1 : 1 + HOSTILE_RUNS]  # not the warm-up, nor the run under tracemalloc
    for index, phase in enumerate(("request", "job", "page")):
        cases["plan"][f"{phase}_median_ms"] = statistics.median(p[index] for p in timed)
    cases["document"]["file_bytes"] = 300 * MB
    cases["document"]["body_bytes_read"] = max(b.read_bytes for b in bodies)
    return {"ctg": convention.name, "fiche": fiche.reference, **cases}


def _size(n: float) -> str:
    """A size in French: « 1,6 Kio », « 2,8 Mio »."""
    for unit, scale in (("Mio", 1024 * 1024), ("Kio", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}".replace(".", ",")
    return f"{n:.0f} o"


def print_hostile(hostile: dict[str, object]) -> None:
    """The hostile files' lines, in the style of the other measures."""
    print(
        f"\nFichiers hostiles, par la requête réelle ({hostile['ctg']}, fiche "
        f"{hostile['fiche']}), annulés après chaque essai :"
    )
    describe = {
        "contacts": lambda c: f".xlsx de {_size(c['file_bytes'])} déclarant A1:XFD60000",
        "strings": lambda c: (
            f".xlsx de {_size(c['file_bytes'])} dont la table des textes en compte 600 000"
        ),
        "plan": lambda c: (
            f".xlsx de {_size(c['file_bytes'])}, "
            + f"{c['file_rows']:,}".replace(",", " ")
            + " lignes sans dimension déclarée"
        ),
        "document": lambda c: (
            f"corps de {c['file_bytes'] // MB} Mo refusé (413), {c['body_bytes_read']} octet lu"
        ),
    }
    for key in ("contacts", "strings", "plan", "document"):
        case = hostile[key]
        assert isinstance(case, dict)
        verdict = "ok" if case["ok"] else "NON"
        print(
            f"  {case['label']}, {describe[key](case)} : {case['rows_read']} lignes et "
            f"{case['cells_read']} cellules lues, réponse {_size(case['page_bytes'])}, "
            f"mémoire de pointe {_size(case['peak_bytes'])} ; médiane "
            f"{case['median_ms']:.0f} ms (max {case['max_ms']:.0f} ms) sur {HOSTILE_RUNS} ; "
            f"objectif < {case['limit_ms'] / 1000:g} s : {verdict}"
        )
        if key == "plan":
            print(
                "    dont la requête (envoi, traitement enregistré) "
                f"{case['request_median_ms']:.0f} ms, le traitement par le worker "
                f"{case['job_median_ms']:.0f} ms, la page du "
                f"résultat {case['page_median_ms']:.0f} ms (médianes)."
            )


def time_network_graph() -> dict[str, object]:
    """Median (of EXPORT_RUNS) of the network map page of a CTG given GRAPH_SIZE's
    organisations and interactions (5,000 links and more), for its CDC. Undone after."""
    import random

    from django.utils import timezone

    from maillage.network.models import Interaction, Partner
    from maillage.organisations.models import Organisation

    organisations, interactions, per_interaction = GRAPH_SIZE
    _typical, _smallest, plan = plans_by_size()
    convention = plan.convention
    client = logged_in(cdc_of(convention))
    url = reverse("network:graph", args=[convention.uuid])
    with rolled_back():
        orgs = Organisation.objects.bulk_create(
            Organisation(
                caf=convention.caf,
                name=f"Structure du banc {i}",
                kind="association",
                category="elus",
            )
            for i in range(organisations)
        )
        Partner.objects.bulk_create(Partner(convention=convention, organisation=o) for o in orgs)
        talks = Interaction.objects.bulk_create(
            Interaction(
                convention=convention, date=timezone.localdate(), kind="reunion", subject="Banc"
            )
            for _ in range(interactions)
        )
        rng = random.Random(3)  # noqa: S311 (a fixed draw, the same network each run)
        through = Interaction.organisations.through
        through.objects.bulk_create(
            through(interaction_id=talk.pk, organisation_id=org.pk)
            for talk in talks
            for org in rng.sample(orgs, per_interaction)
        )
        client.get(url)  # warm-up
        # The same map the page draws, counted directly (no template context here).
        links = len(network_map(cdc_of(convention), convention, GraphFilters()).links)
        timings = []
        for _ in range(EXPORT_RUNS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"ERREUR : carte du réseau : {response.status_code}")
    return {
        "ctg": convention.name,
        "organisations": organisations,
        "links": links,
        **_timing(timings),
    }


def time_export() -> dict[str, object]:
    """Median (of EXPORT_RUNS) of the Excel export of the biggest plan, for its CDC."""
    _typical, _smallest, plan = plans_by_size()
    user = cdc_of(plan.convention)
    export_plan(plan, user)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        size = len(export_plan(plan, user))
    timings = []
    for _ in range(EXPORT_RUNS):
        start = time.perf_counter()
        export_plan(plan, user)
        timings.append((time.perf_counter() - start) * 1000)
    return {
        "ctg": plan.convention.name,
        "fiches": plan.n,
        "queries": sum(1 for q in ctx.captured_queries if not TRANSACTION_CONTROL.match(q["sql"])),
        "bytes": size,
        "median_ms": statistics.median(timings),
        "max_ms": max(timings),
        "samples_ms": timings,
    }


def pages() -> list[Page]:
    """The key pages, each for a large and a small instance of its data."""
    by_communes = Convention.objects.annotate(n=Count("communes")).order_by("-n", "pk")
    big, tiny = by_communes.first(), by_communes.last()
    by_members = Convention.objects.annotate(n=Count("memberships")).order_by("-n", "pk")
    crowded, quiet = by_members.first(), by_members.last()
    by_ctg = Caf.objects.annotate(n=Count("conventions")).filter(n__gt=0).order_by("-n", "pk")
    big_caf, small_caf = by_ctg.first(), by_ctg.last()
    admin = User.objects.get(email=ADMIN_EMAIL)

    clients: dict[int, Client] = {}

    def client(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = logged_in(user)
        return clients[user.pk]

    cdc_big, cdc_tiny = cdc_of(big), cdc_of(tiny)
    cdc_multi, multi_count, cdc_single = cdcs_by_ctg_count()
    cdt_big, cdt_small = first_cdt(big_caf), first_cdt(small_caf)
    home = reverse("web:home")
    _, smallest_plan, biggest_plan = plans_by_size()
    largest, smallest = biggest_plan.convention, smallest_plan.convention
    changelist = reverse("admin:conventions_convention_changelist")

    def detail(c: Convention) -> str:
        return reverse("conventions:detail", args=[c.uuid])

    def members(c: Convention) -> str:
        return reverse("conventions:members", args=[c.uuid])

    return [
        Page(
            "floor_bare",
            "Plancher nu (sans middleware)",
            Target(bare_client(), reverse("bench_bare"), "ok", "anonyme"),
            is_floor=True,
        ),
        Page(
            "floor_logged_in",
            "Plancher connecté (middlewares)",
            Target(client(cdc_big), reverse("bench_floor"), "ok", "CDC"),
            is_floor=True,
        ),
        Page(
            "cdc_home",
            "Accueil CDC",
            Target(client(cdc_multi), home, "Mes CTG", f"CDC de {multi_count} CTG"),
            Target(client(cdc_single), home, "Mes CTG", "CDC d'une seule CTG"),
        ),
        Page(
            "cdc_home_todo",
            "Accueil CDC : à faire",
            Target(
                client(cdc_of(largest)),
                home,
                "Fiches en retard",
                f"CDC de {largest.name}, {biggest_plan.n} fiches",
            ),
            Target(
                client(cdc_of(smallest)),
                home,
                "Fiches en retard",
                f"CDC de {smallest.name}, {smallest_plan.n} fiches",
            ),
        ),
        Page(
            "cdt_home_todo",
            "Accueil CDT : à faire",
            Target(
                client(cdt_big),
                home,
                "Rapports transmis en attente de validation",
                f"CDT, {big_caf.name}, {big_caf.n} CTG",
            ),
            Target(
                client(cdt_small),
                home,
                "Rapports transmis en attente de validation",
                f"CDT, {small_caf.name}, {small_caf.n} CTG",
            ),
        ),
        Page(
            "caf_admin_home_todo",
            "Accueil responsable Caf : à faire",
            Target(
                client(caf_admin_of(big_caf)),
                home,
                "CTG sans COPIL",
                f"responsable, {big_caf.name}, {big_caf.n} CTG",
            ),
            Target(
                client(caf_admin_of(small_caf)),
                home,
                "CTG sans COPIL",
                f"responsable, {small_caf.name}, {small_caf.n} CTG",
            ),
        ),
        Page(
            "ctg_overview",
            "Vue d'ensemble CTG",
            Target(client(cdc_big), detail(big), big.name, f"{big.name}, {big.n} communes"),
            Target(client(cdc_tiny), detail(tiny), tiny.name, f"{tiny.name}, {tiny.n} communes"),
        ),
        Page(
            "members",
            "Membres d'une CTG",
            Target(
                client(cdc_of(crowded)),
                members(crowded),
                crowded.name,
                f"{crowded.name}, {crowded.n} membres",
            ),
            Target(
                client(cdc_of(quiet)),
                members(quiet),
                quiet.name,
                f"{quiet.name}, {quiet.n} membres",
            ),
        ),
        Page(
            "cdt_table",
            "Tableau des CTG (CDT)",
            Target(
                client(cdt_big),
                home,
                f"{big_caf.n} CTG affiché",
                f"{big_caf.name}, {big_caf.n} CTG",
            ),
            Target(
                client(cdt_small),
                home,
                f"{small_caf.n} CTG affiché",
                f"{small_caf.name}, {small_caf.n} CTG",
            ),
        ),
        Page(
            "admin_changelist",
            "Admin : liste des CTG",
            Target(
                client(admin), changelist, "CTG", f"superuser, {Convention.objects.count()} CTG"
            ),
            Target(
                client(admin),
                f"{changelist}?caf__id__exact={small_caf.pk}",
                "CTG",
                f"superuser, filtre {small_caf.name}",
            ),
        ),
        *plan_pages(client),
        *network_pages(client),
        *caf_pages(client),
        *activity_pages(client),
    ]


def measure(all_pages: list[Page], n: int, warmup: int) -> list[Result]:
    results = []
    targets: list[Target] = []
    for page in all_pages:
        print(f"  {page.label} — {page.large.describe}", flush=True)
        targets += [page.large] + ([page.small] if page.small else [])
    timings = iter(time_interleaved(targets, n, warmup))
    for page in all_pages:
        samples = next(timings)
        small = next(timings) if page.small else None
        results.append(
            Result(
                key=page.key,
                label=page.label,
                url=page.large.url,
                describe=page.large.describe,
                queries=count_queries(page.large),
                queries_small=count_queries(page.small) if page.small else None,
                median_ms=statistics.median(samples),
                p95_ms=p95(samples),
                mean_ms=statistics.fmean(samples),
                median_small_ms=statistics.median(small) if small else None,
                samples_ms=samples,
            )
        )
    return results


def print_table(results: list[Result], write: Callable[[str], None] = print) -> None:
    header = (
        f"{'page':<34} {'SQL':>4} {'SQL petit':>9} {'médiane ms':>10} {'p95 ms':>8} "
        f"{'méd. petit':>10} {'req/s/cœur':>10} {'× plancher':>10} {'objectif':>8}"
    )
    write(header)
    write("-" * len(header))
    for r in results:
        small = "" if r.queries_small is None else str(r.queries_small)
        if r.queries_small is not None and r.queries_small != r.queries:
            small += " !"
        median_small = "" if r.median_small_ms is None else f"{r.median_small_ms:.2f}"
        aim = "" if r.key.startswith("floor") else ("ok" if r.ratio <= AIM_RATIO else "NON")
        write(
            f"{r.label:<34} {r.queries:>4} {small:>9} {r.median_ms:>10.2f} {r.p95_ms:>8.2f} "
            f"{median_small:>10} {1000 / r.median_ms:>10.0f} {r.ratio:>10.2f} {aim:>8}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first")
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="only the hostile files (results in bench/results/hostile.json)",
    )
    args = parser.parse_args()

    marker = read_marker()
    if not marker or marker["version"] != BUILD_VERSION:
        print("ERREUR : la base du benchmark n'est pas construite : lancez bench/build.py.")
        return 2
    db = settings.DATABASES["default"]
    database = f"{connection.vendor} {db['NAME']}"
    print(f"Base : {database} (construite le {marker['built_at']} en {marker['seconds']} s)")
    print(f"Données : {marker['summary']}")
    if args.hostile:
        hostile = time_hostile_files()
        print_hostile(hostile)
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / "hostile.json"
        payload = {
            "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "database": {"vendor": connection.vendor, "name": str(db["NAME"])},
            "hostile_files": hostile,
        }
        out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"\nRésultats écrits dans {out.relative_to(ROOT)}")
        return (
            0 if all(hostile[k]["ok"] for k in ("contacts", "strings", "plan", "document")) else 1
        )
    print(f"{args.requests} requêtes mesurées par page après {args.warmup} de chauffe.\n")

    results = measure(pages(), args.requests, args.warmup)
    floor = next(r for r in results if r.key == "floor_logged_in")
    for r in results:
        r.ratio = r.median_ms / floor.median_ms
    print()
    print_table(results)
    print(
        "\nSQL : requêtes SQL d'une page (hors BEGIN/COMMIT) ; SQL petit : la même page pour "
        "une instance petite\n(moins de communes, de membres, de CTG) ; « ! » signale un nombre "
        "de requêtes qui dépend de la taille des données ;\nméd. petit : la médiane de cette "
        "petite instance.\nreq/s/cœur : 1000 / médiane, le débit "
        "d'un processus qui ne ferait que servir cette page."
        f"\nObjectif : médiane ≤ {AIM_RATIO:g} × le plancher connecté "
        "(au moins la moitié de son débit)."
    )
    size_dependent = [r.label for r in results if r.queries_small not in (None, r.queries)]
    if size_dependent:
        print(
            "ATTENTION : requêtes dépendant de la taille des données : " + ", ".join(size_dependent)
        )

    print("\nExport Excel (maillage.plans.spreadsheet.export_plan) :", flush=True)
    export = time_export()
    print(
        f"  {export['ctg']}, {export['fiches']} fiches : {export['queries']} requêtes SQL, "
        f"{export['bytes'] / 1024:.0f} Kio, médiane {export['median_ms']:.0f} ms "
        f"(max {export['max_ms']:.0f} ms) sur {EXPORT_RUNS} exports."
    )

    print("\nCarte du département dessinée sans cache (maillage.departement.maps.caf_map) :")
    drawn = time_map()
    print(
        f"  {drawn['caf']}, {drawn['ctgs']} CTG : médiane {drawn['median_ms']:.0f} ms "
        f"(max {drawn['max_ms']:.0f} ms) sur {EXPORT_RUNS} dessins."
    )

    print(f"  en cache : médiane {drawn['cached_median_ms']:.1f} ms.")

    print(
        "\nImport Excel du plan, durée de la tâche du worker "
        "(maillage.plans.spreadsheet.import_plan), annulé après chaque essai :"
    )
    plan_import = time_plan_import()
    for key, label in (
        ("unchanged", "dans le même plan (rien ne change)"),
        ("created", "dans le plan vide d'une autre CTG (tout est créé)"),
    ):
        timing = plan_import[key]
        print(
            f"  {plan_import['ctg']}, {plan_import['fiches']} fiches, {label} : médiane "
            f"{timing['median_ms']:.0f} ms (max {timing['max_ms']:.0f} ms) sur {IMPORT_RUNS}."
        )

    print("\nImport de contacts (CSV, les deux étapes de la page), annulé après chaque essai :")
    contacts = time_contact_import()
    print(
        f"  {contacts['ctg']}, {contacts['contacts']} contacts, 50 organisations : médiane "
        f"{contacts['median_ms']:.0f} ms (max {contacts['max_ms']:.0f} ms) sur {IMPORT_RUNS}."
    )

    hostile = time_hostile_files()
    print_hostile(hostile)

    print("\nCarte du réseau (page) d'une CTG très maillée, annulée après :")
    graph = time_network_graph()
    print(
        f"  {graph['ctg']}, {graph['organisations']} organisations, {graph['links']} liens : "
        f"médiane {graph['median_ms']:.0f} ms (max {graph['max_ms']:.0f} ms) sur {EXPORT_RUNS}."
    )

    print("\nRapport d'activité : faits de l'année et document (le PDF est écrit par un worker) :")
    documents = time_report_documents()
    for fmt, label in (("docx", "faits + .docx"), ("pdf", "faits + PDF")):
        timing = documents[fmt]
        verdict = "ok" if timing["median_ms"] <= timing["target_ms"] else "NON"
        print(
            f"  {documents['ctg']}, {documents['year']} ({documents['journal_entries']} entrées) "
            f"— {label} : {timing['queries']} requêtes SQL, {timing['bytes'] / 1024:.0f} Kio, "
            f"médiane {timing['median_ms']:.0f} ms (max {timing['max_ms']:.0f} ms) sur "
            f"{EXPORT_RUNS} ; objectif < {timing['target_ms'] / 1000:g} s : {verdict}"
        )

    print("\nTravail long confié à un worker (base de tâches de production) :")
    jobs = time_job_requests(args.requests, args.warmup)
    for key, label in (
        ("start", "demande du PDF du plan (redirection vers la page du traitement)"),
        ("page", "page du traitement"),
        ("fragment", "fragment htmx interrogé chaque seconde"),
    ):
        timing = jobs[key]
        verdict = "ok" if timing["max_ms"] < 200 else "NON"
        print(
            f"  {jobs['ctg']}, {jobs['fiches']} fiches — {label} : médiane "
            f"{timing['median_ms']:.0f} ms (max {timing['max_ms']:.0f} ms) ; objectif < 200 ms : "
            f"{verdict}"
        )
    print(f"  fragment : {jobs['fragment_queries']} requêtes SQL.")

    print("\nPlan entier écrit par le worker (rassemblement puis document), un essai :")
    plan_documents = time_plan_documents()
    for fmt in ("docx", "odt", "pdf"):
        timing = plan_documents[fmt]
        verdict = "ok" if timing["total_ms"] <= timing["target_ms"] else "NON"
        print(
            f"  {plan_documents['ctg']}, {plan_documents['fiches']} fiches — {fmt} : "
            f"{timing['total_ms'] / 1000:.1f} s dont {timing['gather_ms']:.0f} ms de lecture, "
            f"{timing['bytes'] / 1024:.0f} Kio ; objectif < {timing['target_ms'] / 1000:g} s : "
            f"{verdict}"
        )

    print(
        f"\nConvocations de {CONVOCATIONS} invités (boîte d'envoi, serveur SMTP local), annulées :"
    )
    convocations = time_convocations()
    print(
        f"  {convocations['ctg']} : requête {convocations['queue_ms']:.0f} ms "
        f"({convocations['convocations']} messages écrits avec leur .ics) ; envoi par le worker "
        f"{convocations['send_ms']:.0f} ms, {convocations['received']} messages reçus par "
        f"{convocations['smtp_connections']} connexion(s) SMTP."
    )

    print("\nToutes les pages de la plus grande CTG (3 requêtes chacune, la plus lente) :")
    sweep = sweep_largest_ctg()
    print(
        f"  {sweep['ctg']}, {sweep['fiches']} fiches : {sweep['pages']} pages, la plus lente "
        f"{sweep['worst_url']} en {sweep['worst_ms']:.0f} ms."
    )

    slow = [r.label for r in results if r.samples_ms and max(r.samples_ms) > REQUEST_LIMIT_MS]
    slow += [url for url, ms in sweep["slowest_ms"].items() if ms > REQUEST_LIMIT_MS]
    print(
        f"\nAucune requête au-delà de {REQUEST_LIMIT_MS / 1000:g} s : "
        + ("ok" if not slow else "NON : " + ", ".join(slow))
    )

    RESULTS.mkdir(exist_ok=True)
    payload = {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": connection.vendor, "name": str(db["NAME"])},
        "build": marker,
        "requests": args.requests,
        "warmup": args.warmup,
        "aim_ratio": AIM_RATIO,
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "pages": [asdict(r) for r in results],
        "excel_export": export,
        "map_drawing": drawn,
        "plan_import": plan_import,
        "contact_import": contacts,
        "hostile_files": hostile,
        "network_graph": graph,
        "report_documents": documents,
        "job_requests": jobs,
        "plan_documents": plan_documents,
        "convocations": convocations,
        "largest_ctg_pages": sweep,
        "requests_over_limit": slow,
    }
    out = RESULTS / "latest.json"
    out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nRésultats écrits dans {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
