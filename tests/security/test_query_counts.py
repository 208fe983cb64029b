"""A page's query count does not grow with the data: the same with 10 CTGs and with 200."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity import services as activity
from maillage.activity.enums import ReportEventKind, ReportStatus
from maillage.activity.models import ActivityReport, ReportEvent, ReportSection
from maillage.conventions.models import (
    CafMembership,
    Convention,
    ConventionMembership,
    ConventionTheme,
    Signatory,
)
from maillage.governance import services as governance
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Body, Decision, Invitation, Meeting
from maillage.network import services as network
from maillage.network.models import Partner
from maillage.organisations.models import Organisation
from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage
from maillage.plans.models import Action, ActionPlan, Axis, Step
from maillage.territories.models import Commune

from ..conftest import login
from ..factories import OrganisationFactory, UserFactory
from ..governance.helpers import fiche
from ..governance.helpers import meeting as governance_meeting


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


def grow_home(world, size: int) -> None:
    """Give every role of the home page ``size`` of each thing it lists, over ``size`` CTGs."""
    today = timezone.localdate()
    now = timezone.now()
    roles = ["cdc", "elu", "technicien", "partenaire"]
    network, _ = Body.objects.get_or_create(
        caf=world.caf, kind=BodyKind.RESEAU_CDC, name="Réseau", defaults={"frequency": "annuelle"}
    )
    for i in range(size):
        ctg = Convention.objects.create(
            caf=world.caf,
            name=f"CTG accueil {size}-{i}",
            cdt=world.users["cdt"],
            start_date=datetime.date(2020, 1, 1),
            end_date=datetime.date(2099, 12, 31),
            signed_on=datetime.date(2019, 12, 1),
        )
        for role in roles:
            ConventionMembership.objects.create(user=world.users[role], convention=ctg, role=role)
        plan = ActionPlan.objects.create(convention=ctg)
        axis = Axis.objects.create(plan=plan, number=1, title="Axe")
        for j in range(size):
            action = Action.objects.create(
                plan=plan,
                axis=axis,
                number=j + 1,
                title=f"Fiche {j}",
                pilot=world.users["technicien"],
                elu_referent=world.users["elu"],
                end_date=today - datetime.timedelta(days=j) if j % 2 else None,
                confidential=j % 3 == 0,
            )
            action.copilots.add(world.users["partenaire"])
            Step.objects.create(
                action=action, name="En retard", due_date=today - datetime.timedelta(days=2)
            )
            Step.objects.create(
                action=action, name="Bientôt", due_date=today + datetime.timedelta(days=3)
            )
            org = Organisation.objects.create(
                caf=world.caf,
                name=f"Org {size}-{i}-{j}",
                kind="association",
                category="structures_peejp",
            )
            Partner.objects.create(convention=ctg, organisation=org, strategic=True)
            OutboxMessage.objects.create(
                to=["x@example.org"],
                subject="Rappel",
                body=".",
                from_email="m@example.org",
                sender=world.users["cdc"],
                status=OutboxStatus.ECHEC,
            )
        body = Body.objects.create(
            convention=ctg, kind=BodyKind.COPIL, name="COPIL", frequency="annuelle"
        )
        for j in range(size):
            start = now + datetime.timedelta(days=j + 1)
            m = Meeting.objects.create(
                body=body, title=f"COPIL {j}", start=start, end=start + datetime.timedelta(hours=1)
            )
            Invitation.objects.create(meeting=m, user=world.users["elu"])
            Decision.objects.create(meeting=m, text=f"Décision {j}", owner=world.users["elu"])
            held = Meeting.objects.create(
                body=network,
                title="Réseau",
                start=now - datetime.timedelta(days=j + 1),
                end=now - datetime.timedelta(days=j + 1) + datetime.timedelta(hours=1),
                status=MeetingStatus.TENUE,
            )
            Invitation.objects.create(
                meeting=held, user=world.users["cdc"], status=Attendance.ABSENT
            )
        for author, status in [
            (world.users["cdc"], ReportStatus.A_COMPLETER),
            (world.users["cdc_b"], ReportStatus.TRANSMIS),
        ]:
            report = ActivityReport.objects.create(
                convention=ctg, author=author, year=today.year - 1, status=status
            )
            ReportSection.objects.create(report=report, key="synthese", comment="À préciser")
            ReportEvent.objects.create(report=report, kind=ReportEventKind.TRANSMIS, by=author)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["cdc", "elu", "technicien", "partenaire", "cdt", "caf_admin"])
def test_the_home_query_count_is_the_same_with_little_and_much_to_do(world, role):
    url = reverse("web:home")
    grow_home(world, 2)
    small = count(world.client(role), url)
    grow_home(world, 6)
    large = count(world.client(role), url)

    assert small == large


@pytest.mark.django_db
def test_pages_linking_fiches_take_the_same_queries_with_more_confidential_links(world):
    """The log, a meeting's page, its minutes and the journal keep their query count
    whatever the number of linked fiches, confidential or not, for who sees them all
    and for who sees only some."""
    cdc = world.users["cdc"]
    organisation = network.partner_add(
        convention=world.a, by=cdc, organisation=OrganisationFactory(caf=world.caf)
    ).organisation
    held = governance_meeting(world, kind="groupe_travail", days=-1)
    governance.invitation_add(meeting=held, by=cdc, user=world.users["technicien"])
    governance.minutes_save(meeting=held, by=cdc, minutes="Compte rendu.")
    governance.minutes_publish(meeting=held, by=cdc)
    today = timezone.localdate()

    def add_links(n: int) -> None:
        for i in range(n):
            shown, hidden = fiche(world, f"Fiche {n}-{i}"), fiche(world, f"Secrète {n}-{i}")
            Action.objects.filter(pk=hidden.pk).update(confidential=True)
            links = [shown, hidden] if i % 2 else [hidden]
            network.interaction_create(
                convention=world.a,
                by=cdc,
                date=today,
                kind="appel",
                subject=f"Appel {n}-{i}",
                organisations=[organisation],
                actions=links,
            )
            governance.agenda_item_add(meeting=held, by=cdc, title=f"Point {i}", actions=links)
            governance.decision_add(meeting=held, by=cdc, text=f"Décision {i}", actions=links)
            activity.journal_create(
                convention=world.a,
                by=cdc,
                date=today,
                duration=30,
                description=f"Suivi {n}-{i}",
                attendu="objectifs",
                action=hidden,
            )

    pages = {
        "log": reverse("network:interaction_list", args=[world.a.uuid]),
        "meeting": reverse("governance:meeting_detail", args=[world.a.uuid, held.uuid]),
        "minutes": reverse("governance:minutes_document", args=[world.a.uuid, held.uuid, "odt"]),
    }
    journal = reverse("activity:journal", args=[world.a.uuid])

    def measure() -> dict[str, int]:
        counts = {
            f"{role} {label}": count(world.client(role), url)
            for role in ("cdc", "technicien")
            for label, url in pages.items()
        }
        counts["journal"] = count(world.client("cdc"), journal)
        return counts

    add_links(2)
    small = measure()
    add_links(8)
    assert measure() == small
