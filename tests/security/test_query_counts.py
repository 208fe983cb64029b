"""A page's query count does not grow with the data: the same with 10 CTGs and with 200."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conventions.models import (
    CafMembership,
    Convention,
    ConventionMembership,
    ConventionTheme,
    Signatory,
)
from maillage.organisations.models import Organisation
from maillage.territories.models import Commune

from ..conftest import login
from ..factories import UserFactory


def grow(world, total: int) -> None:
    """Add CTGs (with members, communes, themes, signatories) until the Caf has ``total``."""
    communes = list(Commune.objects.filter(departement__code="73")[:40])
    org, _ = Organisation.objects.get_or_create(
        caf=world.caf, name="Org", kind="association", category="structures_peejp"
    )
    existing = Convention.objects.filter(caf=world.caf).count()
    for i in range(existing, total):
        ctg = Convention.objects.create(
            caf=world.caf,
            name=f"CTG supplémentaire {i}",
            cdt=world.users["cdt"],
            start_date=datetime.date(2023, 1, 1),
            end_date=datetime.date(2027, 12, 31),
        )
        ctg.communes.add(*communes[i % 10 : i % 10 + 5])
        ConventionTheme.objects.create(convention=ctg, theme="parentalite")
        Signatory.objects.create(convention=ctg, organisation=org, role="signataire")
        users = User.objects.bulk_create(
            [User(email=f"m{i}-{j}@example.org", full_name=f"Membre {i}-{j}") for j in range(3)]
        )
        ConventionMembership.objects.bulk_create(
            [ConventionMembership(user=u, convention=ctg, role="technicien") for u in users]
        )
    # More members on the CDC's own CTG, too.
    for j in range(total // 10):
        ConventionMembership.objects.create(
            user=UserFactory(email=f"extra{total}-{j}@example.org"),
            convention=world.a,
            role="partenaire",
        )
    # The CDC of A is also CDC of a few more CTGs.
    for ctg in Convention.objects.filter(caf=world.caf).exclude(pk=world.a.pk)[: total // 20]:
        ConventionMembership.objects.get_or_create(
            user=world.users["cdc"], convention=ctg, defaults={"role": "cdc"}
        )


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {
    "CDC home": ("cdc", lambda w: reverse("web:home")),
    "CTG overview": ("cdc", lambda w: reverse("conventions:detail", args=[w.a.uuid])),
    "members": ("cdc", lambda w: reverse("conventions:members", args=[w.a.uuid])),
    "history": ("cdc", lambda w: reverse("conventions:history", args=[w.a.uuid])),
    "CDT table": ("cdt", lambda w: reverse("web:home")),
    "CDT filtered table": (
        "cdt",
        lambda w: reverse("web:home") + "?statut=en_cours&tri=-population",
    ),
}


@pytest.mark.django_db
def test_key_pages_query_count_is_the_same_with_10_and_200_ctgs(world):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    CafMembership.objects.filter(user=world.users["cdt"]).update(is_active=True)

    def measure() -> dict[str, int]:
        counts = {}
        for label, (role, url) in PAGES.items():
            counts[label] = count(world.client(role), url(world))
        admin_client = login(Client(), admin)
        counts["admin list"] = count(
            admin_client, reverse("admin:conventions_convention_changelist")
        )
        return counts

    grow(world, 10)
    small = measure()
    grow(world, 200)
    assert Convention.objects.filter(caf=world.caf).count() == 200
    large = measure()
    assert small == large
