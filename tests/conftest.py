"""Shared fixtures: the real Savoie territory data and a small two-Caf world."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.models import User
from maillage.accounts.twofactor import two_factor_required
from maillage.conventions.enums import CafRole, ConventionRole
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.models import Caf
from maillage.territories.contours import import_contours
from maillage.territories.models import Commune, Departement, Epci
from maillage.territories.services import import_cog

from .factories import (
    CafFactory,
    CafMembershipFactory,
    ConventionFactory,
    ConventionMembershipFactory,
    DepartementFactory,
    UserFactory,
)

GRAND_CHAMBERY = "200069110"
ARLYSERE = "200068997"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database holds the real Savoie COG subset shipped with Maillage."""
    with django_db_blocker.unblock():
        import_cog(source=settings.COG_DATA_DIR, departement="73")
        import_contours(settings.CONTOURS_FILE)


@contextmanager
def rolled_back(django_db_blocker) -> Iterator[None]:
    """An outer transaction for the objects a module (or class) shares, rolled back at its end.

    What is built inside it is seen by each test of the module, whose ``db`` fixture then
    runs in a savepoint of this transaction: a test's own writes are undone after it, the
    shared objects after the module. The database stays blocked between the two, as for
    any test that does not ask for it.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for a test module and rolled back after its last test.

    Loading the demo takes seconds: the module's read-only tests share it. Each test also
    asks for ``db`` and runs in a savepoint inside this transaction. Mark the module with
    ``pytest.mark.xdist_group("demo")`` so that one worker runs all of its tests.
    """
    from maillage.demo.load import load_demo

    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            logins = load_demo()
        yield logins


def login(client: Client, user: User) -> Client:
    """Log a user in; one who must use a second factor gets a verified device."""
    client.force_login(user)
    if two_factor_required(user):
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@dataclass
class World:
    """Two CTGs of the Caf de la Savoie (A, B) and one CTG of another Caf (C)."""

    caf: Caf
    other_caf: Caf
    a: Convention
    b: Convention
    c: Convention
    users: dict[str, User] = field(default_factory=dict)

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            login(client, self.users[role])
        return client


ROLES = ["cdc", "elu", "technicien", "partenaire", "cdt", "conseiller", "caf_admin"]


def build_world() -> World:
    """The two Cafs, their three CTGs and a user per role (see ``World``)."""
    savoie = Departement.objects.get(code="73")
    caf = CafFactory(departement=savoie, name="Caf de la Savoie")
    other_caf = CafFactory(
        departement=DepartementFactory(code="38", name="Isère"), name="Caf de l'Isère"
    )
    a = ConventionFactory(
        caf=caf, name="CTG Grand Chambéry", epci=Epci.objects.get(siren=GRAND_CHAMBERY)
    )
    a.communes.set(Commune.objects.filter(epci__siren=GRAND_CHAMBERY))
    a.themes.create(theme=Theme.PETITE_ENFANCE)
    b = ConventionFactory(caf=caf, name="CTG Arlysère", epci=Epci.objects.get(siren=ARLYSERE))
    b.communes.set(Commune.objects.filter(epci__siren=ARLYSERE))
    c = ConventionFactory(caf=other_caf, name="CTG Voironnais")
    w = World(caf=caf, other_caf=other_caf, a=a, b=b, c=c)
    for role in ConventionRole.values:
        w.users[role] = ConventionMembershipFactory(
            convention=a, role=role, user=UserFactory(email=f"{role}.a@example.org")
        ).user
    for role in CafRole.values:
        w.users[role] = CafMembershipFactory(
            caf=caf,
            role=role,
            user=UserFactory(email=f"{role}.savoie@example.org"),
            theme=Theme.PARENTALITE if role == CafRole.CONSEILLER else "",
        ).user
    a.cdt = w.users["cdt"]
    a.save()
    w.users["cdc_b"] = ConventionMembershipFactory(
        convention=b, role="cdc", user=UserFactory(email="cdc.b@example.org")
    ).user
    w.users["cdc_c"] = ConventionMembershipFactory(
        convention=c, role="cdc", user=UserFactory(email="cdc.c@example.org")
    ).user
    w.users["cdt_other_caf"] = CafMembershipFactory(
        caf=other_caf, role="cdt", user=UserFactory(email="cdt.isere@example.org")
    ).user
    return w


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The world, built once per test module (per xdist worker) and rolled back at its end.

    A module may override this fixture to add objects every test of it reads (the access
    matrix does); tests never receive it directly but a copy, through ``world``.
    """
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_world()
        yield built


@pytest.fixture
def world(module_world: World, db, request) -> World:
    """The module's world, as fresh Python objects for this test.

    The test runs in a savepoint (``db``) rolled back after it, so the database comes back
    to the module's world; the deep copy does the same for the objects in memory: what a
    test changes on them or caches on them (``world.__dict__``) never reaches another test.
    Django's caches are emptied too.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    if transactional or "transactional_db" in request.fixturenames:
        pytest.fail("`world` vit dans la transaction du module : pas de test transactionnel")
    # The module's tests share its keys: what one test cached about its own changes (the
    # Caf's map…) must not answer the next one, as it could not when each test had its own.
    for cache in caches.all():
        cache.clear()
    return copy.deepcopy(module_world)
