"""The access matrix: for every URL, role, target CTG and method, the expected status.

A URL without a row fails `test_every_url_has_a_row`, so no view ships without its rule.
Targets: ``own`` is CTG A (the user's own, or of the user's Caf), ``other_ctg`` is CTG B
(same Caf, another CTG), ``other_caf`` is CTG C (another Caf).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from maillage.conventions.models import ConventionMembership, Signatory
from maillage.indicators.models import Indicator, Measurement
from maillage.plans import services as plan_services
from maillage.plans.models import Note
from maillage.plans.selectors import plan_of
from maillage.plans.spreadsheet import export_plan
from maillage.territories.models import Epci

from ..conftest import ROLES, World
from ..factories import OrganisationFactory
from . import (
    matrix_activity,
    matrix_departement,
    matrix_governance,
    matrix_jobs,
    matrix_network,
    matrix_outbox,
)
from .matrix_base import (  # noqa: F401
    ALL_ROLES,
    CAF_ROLES,
    COLLECTIVITE_ROLES,
    COMMENT_POST,
    EDIT,
    EDIT_POST,
    FICHE_EDIT,
    FICHE_EDIT_POST,
    HISTORY,
    MANAGE_POST,
    NOTE_AUTHOR,
    NOTE_AUTHOR_POST,
    PLAN_EDIT,
    PLAN_EDIT_POST,
    READ,
    TARGETS,
    Global,
    Rule,
    s,
)
from .matrix_base import ctg as _ctg
from .state import database_state, differences

APP_MATRICES = [
    matrix_network,
    matrix_governance,
    matrix_departement,
    matrix_activity,
    matrix_jobs,
    matrix_outbox,
]

# URL name → {method: rule}. Keyword arguments come from KWARGS below.
MATRIX: dict[str, dict[str, Rule | Global]] = {
    "web:home": {"GET": Global({"*": 200})},
    "web:accessibility": {"GET": Global({"*": 200}, anonymous=200)},
    "web:help": {"GET": Global({"*": 200})},
    "accounts:login": {"GET": Global({"*": 302}, anonymous=200)},
    "accounts:logout": {"POST": Global({"*": 302}, anonymous=302)},
    "accounts:password_reset": {"GET": Global({"*": 200}, anonymous=200)},
    "accounts:password_reset_done": {"GET": Global({"*": 200}, anonymous=200)},
    "accounts:password_reset_confirm": {"GET": Global({"*": 200}, anonymous=200)},
    "accounts:password_reset_complete": {"GET": Global({"*": 200}, anonymous=200)},
    "accounts:invitation": {"GET": Global({"*": 200}, anonymous=200)},
    "accounts:two_factor_setup": {"GET": Global({"*": 200})},
    "web:preferences": {"GET": Global({"*": 200}), "POST": Global({"*": 302})},
    "accounts:two_factor_verify": {"GET": Global({"*": 302})},  # no device yet → setup
    # No device yet → setup; the Caf administrator's is verified: new codes, shown once.
    "accounts:two_factor_recovery_codes": {
        "GET": Global({"*": 302, "caf_admin": 200}),
        "POST": Global({"*": 302, "caf_admin": 200}),
    },
    "conventions:members": {"GET": READ, "POST": MANAGE_POST},
    "conventions:member_role": {"POST": MANAGE_POST},
    "conventions:member_deactivate": {"POST": MANAGE_POST},
    "conventions:create": {
        "GET": Global({"*": 403, "caf_admin": 200}),
        "POST": Global({"*": 403, "caf_admin": 302}),
    },
    "conventions:detail": {"GET": READ},
    "conventions:history": {"GET": HISTORY},
    "conventions:edit": {"GET": EDIT, "POST": EDIT_POST},
    "conventions:territory": {"GET": EDIT, "POST": EDIT_POST},
    "conventions:signatories": {"GET": EDIT, "POST": EDIT_POST},
    "conventions:signatory_remove": {"POST": EDIT_POST},
    "indicators:list": {"GET": READ},
    "indicators:create": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "indicators:detail": {"GET": READ},
    "indicators:edit": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "indicators:measurement_add": {"POST": PLAN_EDIT_POST},
    "indicators:measurement_edit": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "indicators:measurement_delete": {"POST": PLAN_EDIT_POST},
    "plans:tree": {"GET": READ},
    "plans:plan_export": {"GET": READ},
    "plans:plan_import": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:dashboard": {"GET": READ},
    "plans:timeline": {"GET": READ},
    "plans:axis_create": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:axis_edit": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:axis_move": {"POST": PLAN_EDIT_POST},
    "plans:axis_delete": {"POST": PLAN_EDIT_POST},
    "plans:objective_delete": {"POST": PLAN_EDIT_POST},
    "plans:action_delete": {"POST": PLAN_EDIT_POST},
    "plans:objective_create": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:objective_edit": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:action_list": {"GET": READ, "POST": PLAN_EDIT_POST},
    "plans:action_create": {"GET": PLAN_EDIT, "POST": PLAN_EDIT_POST},
    "plans:action_detail": {"GET": READ},
    "plans:plan_document": {"GET": READ},
    "plans:action_document": {"GET": READ},
    "plans:action_edit": {"GET": FICHE_EDIT, "POST": FICHE_EDIT_POST},
    "plans:step_add": {"POST": FICHE_EDIT_POST},
    "plans:step_toggle": {"POST": FICHE_EDIT_POST},
    "plans:step_edit": {"GET": FICHE_EDIT, "POST": FICHE_EDIT_POST},
    "plans:step_delete": {"POST": FICHE_EDIT_POST},
    "plans:step_move": {"POST": FICHE_EDIT_POST},
    "plans:step_reschedule": {"GET": FICHE_EDIT, "POST": FICHE_EDIT_POST},
    "plans:budget_edit": {"GET": FICHE_EDIT, "POST": FICHE_EDIT_POST},
    "plans:note_edit": {"GET": NOTE_AUTHOR, "POST": NOTE_AUTHOR_POST},
    "plans:note_delete": {"POST": NOTE_AUTHOR_POST},
    "plans:budget_add": {"POST": FICHE_EDIT_POST},
    "plans:budget_delete": {"POST": FICHE_EDIT_POST},
    "plans:note_add": {"POST": COMMENT_POST},
    "plans:document_upload": {"POST": FICHE_EDIT_POST},
    "plans:document_download": {"GET": READ},
    "plans:document_delete": {"POST": FICHE_EDIT_POST},
}

# The Django admin is for platform administrators only: covered by test_admin_*.
EXCLUDED_NAMESPACES = {"admin"}


def _membership(world: World, target: str) -> ConventionMembership:
    ctg = _ctg(world, target)
    return ConventionMembership.objects.filter(convention=ctg, role="technicien").first() or (
        ConventionMembership.objects.filter(convention=ctg).exclude(role="cdc").first()
        or ConventionMembership.objects.filter(convention=ctg).first()
    )


def _signatory(world: World, target: str) -> Signatory:
    ctg = _ctg(world, target)
    org = OrganisationFactory(caf=ctg.caf)
    return Signatory.objects.create(convention=ctg, organisation=org, role="signataire")


def _plan(world: World, target: str) -> dict[str, Any]:
    """A plan with an axis, an objectif, a fiche, a step and a budget line in the target CTG."""
    cache = world.__dict__.setdefault("_plans", {})
    if target not in cache:
        ctg = _ctg(world, target)
        plan = plan_of(ctg)
        cdc = ConventionMembership.objects.filter(convention=ctg, role="cdc").first().user
        axis = plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
        objective = plan_services.objective_create(axis=axis, by=cdc, title="Plus de places")
        action = plan_services.action_create(plan=plan, by=cdc, axis=axis, title="Créer une MAM")
        if target == "own":
            action.pilot = world.users["technicien"]
            action.save()
            action.copilots.add(world.users["partenaire"])
        step = plan_services.step_add(action=action, by=cdc, name="Trouver un local")
        line = plan_services.budget_line_add(
            action=action, by=cdc, year=2025, nature="fonctionnement", forecast=Decimal("1000")
        )
        indicator = Indicator.objects.create(convention=ctg, name="Places pour 100 enfants")
        measurement = Measurement.objects.create(
            indicator=indicator, date=datetime.date(2025, 12, 31), value=Decimal("55")
        )
        # A note by the technicien on CTG A (who pilots the fiche), by the CDC elsewhere.
        author = world.users["technicien"] if target == "own" else cdc
        note = Note.objects.create(action=action, author=author, text="Local trouvé.")
        document = plan_services.document_add(
            action=action, by=cdc, upload=SimpleUploadedFile("note.txt", b"Ordre du jour")
        )
        cache[target] = {
            "document": document,
            "indicator": indicator,
            "measurement": measurement,
            "plan": plan,
            "axis": axis,
            "objective": objective,
            "action": action,
            "step": step,
            "line": line,
            "note": note,
        }
    return cache[target]


def _p(*keys: str) -> Callable[[World, str], dict[str, Any]]:
    names = {
        "indicator": "indicator_uuid",
        "measurement": "measurement_uuid",
        "axis": "axis_uuid",
        "objective": "objective_uuid",
        "action": "action_uuid",
        "step": "step_uuid",
        "line": "line_uuid",
        "note": "note_uuid",
        "document": "document_uuid",
    }

    def kwargs(w: World, t: str) -> dict[str, Any]:
        objects = _plan(w, t)
        return {"convention_uuid": _ctg(w, t).uuid, **{names[k]: objects[k].uuid for k in keys}}

    return kwargs


def _doc(kwargs: Callable[[World, str], dict[str, Any]]) -> Callable[[World, str], dict[str, Any]]:
    """The same keyword arguments, plus the document format."""
    return lambda w, t: {**kwargs(w, t), "fmt": "pdf"}


KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "indicators:list": _p(),
    "indicators:create": _p(),
    "indicators:detail": _p("indicator"),
    "indicators:edit": _p("indicator"),
    "indicators:measurement_add": _p("indicator"),
    "indicators:measurement_edit": _p("indicator", "measurement"),
    "indicators:measurement_delete": _p("indicator", "measurement"),
    "plans:tree": _p(),
    "plans:plan_export": _p(),
    "plans:plan_import": _p(),
    "plans:dashboard": _p(),
    "plans:timeline": _p(),
    "plans:action_list": _p(),
    "plans:action_create": _p(),
    "plans:axis_create": _p(),
    "plans:axis_edit": _p("axis"),
    "plans:axis_move": _p("axis"),
    "plans:axis_delete": _p("axis"),
    "plans:objective_delete": _p("objective"),
    "plans:action_delete": _p("action"),
    "plans:objective_create": _p("axis"),
    "plans:objective_edit": _p("objective"),
    "plans:action_detail": _p("action"),
    "plans:plan_document": _doc(_p()),
    "plans:action_document": _doc(_p("action")),
    "plans:action_edit": _p("action"),
    "plans:step_add": _p("action"),
    "plans:step_toggle": _p("action", "step"),
    "plans:step_edit": _p("action", "step"),
    "plans:step_delete": _p("action", "step"),
    "plans:step_move": _p("action", "step"),
    "plans:step_reschedule": _p("action"),
    "plans:budget_edit": _p("action", "line"),
    "plans:note_edit": _p("action", "note"),
    "plans:note_delete": _p("action", "note"),
    "plans:budget_add": _p("action"),
    "plans:budget_delete": _p("action", "line"),
    "plans:note_add": _p("action"),
    "plans:document_upload": _p("action"),
    "plans:document_download": _p("action", "document"),
    "plans:document_delete": _p("action", "document"),
    "accounts:password_reset_confirm": lambda w, t: {"uidb64": "MQ", "token": "mauvais-jeton"},
    "accounts:invitation": lambda w, t: {
        "uidb64": urlsafe_base64_encode(force_bytes(0)),
        "token": "mauvais-jeton",
    },
    "conventions:member_role": lambda w, t: {
        "convention_uuid": _ctg(w, t).uuid,
        "membership_uuid": _membership(w, t).uuid,
    },
    "conventions:member_deactivate": lambda w, t: {
        "convention_uuid": _ctg(w, t).uuid,
        "membership_uuid": _membership(w, t).uuid,
    },
    "conventions:signatory_remove": lambda w, t: {
        "convention_uuid": _ctg(w, t).uuid,
        "signatory_uuid": _signatory(w, t).uuid,
    },
}


def _plan_workbook(w: World, t: str) -> dict[str, Any]:
    """The target plan exported by its CDC: a valid workbook to import."""
    plan = _plan(w, t)["plan"]
    cdc = ConventionMembership.objects.filter(convention=plan.convention, role="cdc").first()
    content = export_plan(plan, cdc.user)
    return {"fichier": SimpleUploadedFile("plan.xlsx", content)}


def _step_moved(w: World, t: str) -> dict[str, Any]:
    """The target fiche's step moved to a month from now."""
    key = _plan(w, t)["step"].uuid.hex
    day = timezone.localdate() + datetime.timedelta(days=30)
    return {"etape": [key], f"reporter-{key}": "on", f"date-{key}": day.isoformat()}


POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "plans:plan_import": _plan_workbook,
    "web:preferences": lambda w, t: {
        "full_name": "Nom Changé",
        "phone": "",
        "notify_assignments": "on",
        "notify_minutes": "on",
    },
    "indicators:create": lambda w, t: {"name": "Familles au LAEP", "periodicity": "annuelle"},
    "indicators:edit": lambda w, t: {
        "name": "Places pour 100 enfants de moins de 3 ans",
        "periodicity": "annuelle",
        "target_value": "60",
    },
    "indicators:measurement_add": lambda w, t: {"date": "2026-06-30", "value": "57.5"},
    "plans:axis_create": lambda w, t: {"title": "Parentalité"},
    "plans:axis_edit": lambda w, t: {"title": "Petite enfance et parentalité"},
    "plans:axis_move": lambda w, t: {"sens": "haut"},
    "plans:objective_create": lambda w, t: {"title": "Soutenir les parents"},
    "plans:objective_edit": lambda w, t: {"title": "Plus de places d'accueil"},
    "plans:action_list": lambda w, t: {
        "actions": [_plan(w, t)["action"].uuid],
        "status": "en_cours",
    },
    "plans:action_create": lambda w, t: {
        "axis": _plan(w, t)["axis"].pk,
        "title": "LAEP itinérant",
        "status": "a_venir",
        "priority": "moyenne",
        "participation": "aucune",
    },
    "plans:action_edit": lambda w, t: {
        "axis": _plan(w, t)["axis"].pk,
        "title": "Créer une MAM",
        "status": "en_cours",
        "priority": "haute",
        "participation": "consultation",
    },
    "plans:step_add": lambda w, t: {"name": "Réunir les assistantes maternelles"},
    "plans:budget_add": lambda w, t: {"year": 2026, "nature": "investissement", "forecast": "5000"},
    "plans:note_add": lambda w, t: {"text": "Point d'étape avec la mairie."},
    "plans:note_edit": lambda w, t: {"text": "Point d'étape avec la mairie, corrigé."},
    "plans:step_edit": lambda w, t: {"name": "Trouver un local", "due_date": "2026-12-15"},
    "plans:step_move": lambda w, t: {"sens": "haut"},
    "plans:step_reschedule": _step_moved,
    "plans:budget_edit": lambda w, t: {
        "year": "2025",
        "nature": "fonctionnement",
        "forecast": "1200",
        "actual": "300",
    },
    "indicators:measurement_edit": lambda w, t: {"date": "2025-12-31", "value": "57"},
    "plans:document_upload": lambda w, t: {
        "fichier": SimpleUploadedFile("compte-rendu.pdf", b"%PDF-1.4\n%fin\n")
    },
    "conventions:create": lambda w, t: {
        "name": "CTG Yenne",
        "epci": Epci.objects.get(siren="247300262").pk,
        "start_date": "2026-01-01",
        "end_date": "2030-12-31",
        "themes": ["parentalite"],
    },
    "conventions:edit": lambda w, t: {
        "name": _ctg(w, t).name,
        "start_date": "2024-01-01",
        "end_date": "2029-12-31",
        "themes": ["logement"],
    },
    "conventions:members": lambda w, t: {
        "full_name": "Nouvelle Personne",
        "email": "nouvelle.personne@example.org",
        "role": "technicien",
    },
    "conventions:member_role": lambda w, t: {"role": "elu"},
    "conventions:territory": lambda w, t: {
        "action": "add_epci",
        "epci-epci": Epci.objects.get(siren="247300262").pk,
    },
    "conventions:signatories": lambda w, t: {
        "new_name": "Centre social des Hauts",
        "new_kind": "centre_social",
        "role": "partenaire_associe",
    },
}


# Where a success (302) of each URL leads (see test_access_matrix.check_redirect).
REDIRECTS: dict[str, str | dict[str, str]] = {
    "accounts:login": "web:home",
    "accounts:logout": "accounts:login",
    "conventions:member_deactivate": "conventions:members",
    "conventions:member_role": "conventions:members",
    "conventions:members": "conventions:members",
    "web:preferences": "web:preferences",
    # A second factor already verified (the Caf administrator's) leads home.
    "accounts:two_factor_verify": {"*": "accounts:two_factor_setup", "caf_admin": "web:home"},
    "accounts:two_factor_recovery_codes": "accounts:two_factor_setup",
    "conventions:create": "conventions:detail",
    "conventions:edit": "conventions:detail",
    "conventions:signatories": "conventions:signatories",
    "conventions:signatory_remove": "conventions:signatories",
    "conventions:territory": "conventions:territory",
    "indicators:create": "indicators:detail",
    "indicators:edit": "indicators:detail",
    "indicators:measurement_add": "indicators:detail",
    "indicators:measurement_delete": "indicators:detail",
    "plans:action_create": "plans:action_detail",
    "plans:action_edit": "plans:action_detail",
    "plans:action_list": "plans:action_list",
    "plans:axis_create": "plans:tree",
    "plans:axis_edit": "plans:tree",
    "plans:axis_move": "plans:tree",
    "plans:axis_delete": "plans:tree",
    "plans:objective_delete": "plans:tree",
    "plans:action_delete": "plans:tree",
    "plans:budget_add": "plans:action_detail",
    "plans:budget_delete": "plans:action_detail",
    "plans:document_delete": "plans:action_detail",
    "plans:document_upload": "plans:action_detail",
    "plans:note_add": "plans:action_detail",
    "plans:objective_create": "plans:tree",
    "plans:objective_edit": "plans:tree",
    "plans:plan_import": "jobs:detail",  # the import runs as a job, followed on its page
    "plans:step_add": "plans:action_detail",
    "plans:step_toggle": "plans:action_detail",
    "plans:step_edit": "plans:action_detail",
    "plans:step_delete": "plans:action_detail",
    "plans:step_move": "plans:action_detail",
    "plans:step_reschedule": "plans:action_detail",
    "plans:budget_edit": "plans:action_detail",
    "plans:note_edit": "plans:action_detail",
    "plans:note_delete": "plans:action_detail",
    "indicators:measurement_edit": "indicators:detail",
}

# The objects of each target that the rows name (a plan and its fiche, a COPIL, a report…).
TARGET_OBJECTS: list[Callable[[World, str], Any]] = [_plan]

# Each app with its own rows: merged here, so test_every_url_has_a_row sees them all.
for _module in APP_MATRICES:
    MATRIX.update(_module.MATRIX)
    KWARGS.update(_module.KWARGS)
    POST_DATA.update(_module.POST_DATA)
    REDIRECTS.update(_module.REDIRECTS)
    TARGET_OBJECTS.extend(_module.TARGET_OBJECTS)


@pytest.fixture(scope="module")
def module_world(module_world: World, django_db_blocker) -> World:
    """The world with every target's objects, built once for the module's thousands of rows.

    GET rows only read them. A POST row may change them: its savepoint's rollback restores
    the database and ``world``'s deep copy the objects in memory, so the next row finds
    them as built. Objects a row creates for itself (a signatory to remove, a duplicate to
    merge) are created in its savepoint, on its own copy of the world.
    """
    with django_db_blocker.unblock():
        for target in TARGETS:
            for build in TARGET_OBJECTS:
                build(module_world, target)
    return module_world


def _kwargs(name: str, world: World, target: str) -> dict[str, Any]:
    if name in KWARGS:
        return KWARGS[name](world, target)
    rule = next(iter(MATRIX[name].values()))
    if isinstance(rule, Rule):
        return {"convention_uuid": _ctg(world, target).uuid}
    return {}


def _url(name: str, world: World, target: str) -> str:
    return reverse(name, kwargs=_kwargs(name, world, target))


def _all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return {n for n in names if n.split(":")[0] not in EXCLUDED_NAMESPACES}


def test_every_url_has_a_row():
    missing = _all_url_names() - set(MATRIX)
    assert not missing, f"URL sans règle dans la matrice d'accès : {sorted(missing)}"
    stale = set(MATRIX) - _all_url_names()
    assert not stale, f"Règles pour des URL qui n'existent plus : {sorted(stale)}"


def _cases():
    for name, methods in MATRIX.items():
        for method, rule in methods.items():
            targets = TARGETS if isinstance(rule, Rule) else ["-"]
            for target in targets:
                for role in [*ROLES, "anonymous"]:
                    yield pytest.param(
                        name, method, role, target, id=f"{name}-{method}-{role}-{target}"
                    )


@pytest.mark.parametrize(("name", "method", "role", "target"), list(_cases()))
def test_access(world, name, method, role, target):
    rule = MATRIX[name][method]
    expected = rule.expected(role, target)
    client = world.client(role)
    kwargs = _kwargs(name, world, target)
    url = reverse(name, kwargs=kwargs)
    if method == "GET":
        response = client.get(url)
    else:
        data = POST_DATA.get(name, lambda w, t: {})(world, target)
        refused = expected in (403, 404) or role == "anonymous"
        before = database_state(world, kwargs) if refused else None
        response = client.post(url, data)
    assert response.status_code == expected, (
        f"{method} {name} en tant que {role} sur {target} : "
        f"{response.status_code} au lieu de {expected}"
    )
    if role == "anonymous" and expected == 302 and name != "accounts:logout":
        assert response["Location"].startswith(reverse("accounts:login"))
    elif expected == 302:
        check_redirect(client, response, name, role, kwargs)
    if method == "POST" and refused:
        changes = differences(before, database_state(world, kwargs))
        assert not changes, f"POST {name} refusé à {role} sur {target} a modifié : {changes}"


def check_redirect(
    client: Client, response: Any, name: str, role: str, kwargs: dict[str, Any]
) -> None:
    """A 302 counts as a success only if it leads where this URL's success leads.

    The destination is declared per URL (REDIRECTS, per role where it differs); it must
    name the same CTG and the same Caf as the request did, and it must open (200) for the
    same user, so that a redirect to the login page, to an error or to another CTG never
    passes for a success.
    """
    location = urlsplit(response["Location"])
    assert not location.netloc, f"{name} : redirection hors du site : {response['Location']}"
    match = resolve(location.path)
    declared = REDIRECTS[name]
    destination = declared if isinstance(declared, str) else declared.get(role, declared["*"])
    assert match.view_name == destination, (
        f"{name} en tant que {role} : redirigé vers {match.view_name} au lieu de {destination}"
    )
    for key in ("convention_uuid", "caf_uuid"):
        if key in kwargs and key in match.kwargs:
            assert str(match.kwargs[key]) == str(kwargs[key]), f"{name} : {key} changé"
    landing = client.get(response["Location"])
    assert landing.status_code == 200, (
        f"{name} : la page d'arrivée {response['Location']} répond {landing.status_code}"
    )


def _redirecting_rows() -> set[str]:
    """The URLs that answer a signed-in role with a 302 somewhere in the matrix."""
    return {
        name
        for name, methods in MATRIX.items()
        for rule in methods.values()
        for target in TARGETS
        for role in ROLES
        if rule.expected(role, target) == 302
    }


def test_every_redirecting_url_declares_where_its_success_leads():
    missing = _redirecting_rows() - set(REDIRECTS)
    assert not missing, f"Destination de redirection non déclarée : {sorted(missing)}"
    stale = set(REDIRECTS) - _redirecting_rows()
    assert not stale, f"Destinations déclarées pour des URL qui ne redirigent pas : {stale}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_platform_administrators_only(world, role):
    response = world.client(role).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_opens_for_a_verified_platform_administrator(world):
    from ..conftest import login
    from ..factories import UserFactory

    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    from django.test import Client

    client = login(Client(), admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:conventions_convention_changelist")).status_code == 200


# Models whose admin has no "add" form for anyone (their records are made by Maillage
# itself): a platform administrator gets 403 there, 200 everywhere else.
# django-axes's records of login attempts are written by the lockout alone.
# Records that their own machinery writes: the lockout log, the task queue, the jobs.
ADMIN_ADD_REFUSED = {
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "django_tasks_database.dbtaskresult",
    "jobs.job",
}


def test_every_admin_list_and_form_answers_a_platform_administrator_as_declared(world):
    from django.contrib import admin as django_admin
    from django.test import Client

    from ..conftest import login
    from ..factories import UserFactory

    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client = login(Client(), root)
    registered = {model._meta.label_lower for model in django_admin.site._registry}
    assert registered >= ADMIN_ADD_REFUSED, ADMIN_ADD_REFUSED - registered
    wrong = []
    for model in django_admin.site._registry:
        meta = model._meta
        for view, expected in (
            ("changelist", 200),
            ("add", 403 if meta.label_lower in ADMIN_ADD_REFUSED else 200),
        ):
            url = reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}")
            status = client.get(url).status_code
            if status != expected:
                wrong.append(f"{meta.label_lower} {view} : {status} au lieu de {expected}")
    assert not wrong, wrong


def test_the_refused_write_check_sees_a_new_row_and_a_changed_field(world):
    """The check behind every refused POST can fail: a row added, a field changed."""
    kwargs = KWARGS["plans:action_edit"](world, "own")
    before = database_state(world, kwargs)
    assert differences(before, database_state(world, kwargs)) == []

    action = _plan(world, "own")["action"]
    type(action).objects.filter(pk=action.pk).update(title="Autre titre")
    OrganisationFactory(caf=world.caf)
    changes = differences(before, database_state(world, kwargs))
    assert any(".title : 'Créer une MAM' → 'Autre titre'" in c for c in changes), changes
    assert any(c.startswith("organisations_organisation : ") for c in changes), changes
