"""The interaction log: quick entry, timelines, last contact, silent strategic partners."""

from __future__ import annotations

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.network import selectors, services, timeline
from maillage.network.models import Interaction, Partner
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory

TODAY = timezone.localdate()


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


@pytest.fixture
def hauts(world, cdc) -> Partner:
    org = OrganisationFactory(caf=world.caf, name="Centre social des Hauts")
    return services.partner_add(convention=world.a, by=cdc, organisation=org, strategic=True)


@pytest.fixture
def claire(world, cdc, hauts):
    return services.contact_create(
        convention=world.a,
        by=cdc,
        first_name="Claire",
        last_name="Fontaine",
        organisation=hauts.organisation,
    )


def log(world, cdc, days_ago=0, **fields) -> Interaction:
    values = {"kind": "appel", "subject": "Point d'étape", **fields}
    return services.interaction_create(
        convention=world.a, by=cdc, date=TODAY - datetime.timedelta(days=days_ago), **values
    )


def fiche(world, cdc, title="PIJ", **fields):
    plan = plan_of(world.a)
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title=title, **fields)


def test_the_technicien_logs_a_call_with_a_contact_in_one_form(world, claire, hauts):
    action = fiche(world, world.users["cdc"])
    response = world.client("technicien").post(
        reverse("network:interaction_create", args=[world.a.uuid]),
        {
            "date": "2026-11-02",
            "kind": "appel",
            "subject": "Relance du comité",
            "contacts": [claire.pk],
            "organisations": [hauts.organisation.pk],
            "actions": [action.pk],
            "notes": "Rappeler en janvier.",
        },
    )
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert interaction.author == world.users["technicien"]
    assert interaction.date == datetime.date(2026, 11, 2)
    assert list(interaction.contacts.all()) == [claire]
    assert list(interaction.actions.all()) == [action]
    log_page = text_of(world.client("elu").get(response["Location"]))
    assert "Relance du comité" in log_page and "02/11/2026" in log_page


def test_the_quick_entry_from_a_contact_page_is_prefilled_and_comes_back_to_it(world, claire):
    detail = reverse("network:contact_detail", args=[world.a.uuid, claire.uuid])
    page = world.client("cdc").get(detail)
    create = page.context["log_url"]
    assert f"contact={claire.uuid}" in create
    form_page = world.client("cdc").get(create)
    form = form_page.context["form"]
    assert form.initial["contacts"] == [claire.pk]
    assert form.initial["organisations"] == [claire.organisation_id]
    response = world.client("cdc").post(
        create,
        {"date": "2026-11-02", "kind": "visite", "subject": "Visite", "contacts": [claire.pk]},
    )
    assert response["Location"] == detail


def test_the_quick_entry_never_redirects_to_another_site(world, claire):
    url = (
        reverse("network:interaction_create", args=[world.a.uuid]) + "?suivant=https://evil.example"
    )
    response = world.client("cdc").post(
        url, {"date": "2026-11-02", "kind": "appel", "subject": "Appel", "contacts": [claire.pk]}
    )
    assert response["Location"] == reverse("network:interaction_list", args=[world.a.uuid])


def test_an_interaction_needs_someone_a_subject_and_a_date(world, claire):
    response = world.client("cdc").post(
        reverse("network:interaction_create", args=[world.a.uuid]),
        {"date": "pas une date", "kind": "pigeon", "subject": ""},
    )
    page = text_of(response)
    assert response.status_code == 200
    assert "Saisissez une date valide" in page
    assert "Choisissez au moins un contact ou une organisation" in page
    assert not Interaction.objects.exists()


def test_an_interaction_in_the_future_is_refused_and_nothing_is_saved(world, claire):
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = world.client("cdc").post(
        reverse("network:interaction_create", args=[world.a.uuid]),
        {"date": tomorrow.isoformat(), "kind": "appel", "subject": "x", "contacts": [claire.pk]},
    )
    assert response.status_code == 200
    assert "Un échange se note une fois qu'il a eu lieu" in text_of(response)
    assert not Interaction.objects.exists()


def test_an_interaction_cannot_link_another_ctgs_contact(world, cdc):
    other = services.contact_create(convention=world.b, by=world.users["cdc_b"], last_name="B")
    with pytest.raises(ValidationError):
        log(world, cdc, contacts=[other])
    response = world.client("cdc").post(
        reverse("network:interaction_create", args=[world.a.uuid]),
        {"date": "2026-11-02", "kind": "appel", "subject": "x", "contacts": [other.pk]},
    )
    assert "Sélectionnez un choix valide" in text_of(response)
    assert not Interaction.objects.exists()


def test_the_contact_timeline_mixes_interactions_and_piloted_fiches_newest_first(
    world, cdc, claire
):
    log(world, cdc, days_ago=400, subject="Premier rendez-vous")
    Interaction.objects.get().contacts.add(claire)
    log(world, cdc, days_ago=2, subject="Appel récent", contacts=[claire], notes="Secret")
    action = fiche(world, cdc, pilot_contact=claire, start_date=TODAY - datetime.timedelta(30))
    entries = timeline.contact_timeline(cdc, world.a, claire)
    assert [e.title for e in entries] == [
        "Appel récent",
        f"{action.reference} PIJ",
        "Premier rendez-vous",
    ]
    page = text_of(
        world.client("elu").get(reverse("network:contact_detail", args=[world.a.uuid, claire.uuid]))
    )
    assert page.index("Appel récent") < page.index("Premier rendez-vous")
    assert "Secret" in page


def test_the_organisation_timeline_includes_interactions_with_its_people(world, cdc, hauts, claire):
    log(world, cdc, days_ago=5, subject="Avec Claire", contacts=[claire])
    log(world, cdc, days_ago=3, subject="Avec la structure", organisations=[hauts.organisation])
    other = OrganisationFactory(caf=world.caf, name="Autre")
    log(world, cdc, days_ago=1, subject="Sans rapport", organisations=[other])
    action = fiche(world, cdc)
    action.partners.add(hauts.organisation)
    titles = [e.title for e in timeline.partner_timeline(cdc, world.a, hauts)]
    assert "Avec la structure" in titles and "Avec Claire" in titles
    assert "Sans rapport" not in titles
    assert f"{action.reference} PIJ" in titles


def test_a_partner_never_sees_the_interaction_log_nor_its_notes(world, cdc, claire):
    fiche(world, cdc, pilot_contact=claire)
    log(world, cdc, subject="Négociation budget", notes="Très tendu", contacts=[claire])
    client = world.client("partenaire")
    assert client.get(reverse("network:interaction_list", args=[world.a.uuid])).status_code == 403
    page = text_of(client.get(reverse("network:contact_detail", args=[world.a.uuid, claire.uuid])))
    assert "Claire Fontaine" in page
    assert "Négociation budget" not in page and "Très tendu" not in page


def test_the_lists_show_the_date_of_the_last_contact(world, cdc, claire, hauts):
    log(world, cdc, days_ago=40, contacts=[claire])
    recent = log(world, cdc, days_ago=10, organisations=[hauts.organisation])
    contacts = world.client("cdc").get(reverse("network:directory", args=[world.a.uuid]))
    assert contacts.context["contacts"][0].last_contact == TODAY - datetime.timedelta(40)
    partners = world.client("cdc").get(reverse("network:partner_list", args=[world.a.uuid]))
    assert partners.context["partners"][0].last_contact == recent.date
    assert recent.date.strftime("%d/%m/%Y") in text_of(partners)


def test_an_organisations_last_contact_counts_its_people_and_itself(world, cdc, claire, hauts):
    url = reverse("network:partner_list", args=[world.a.uuid])
    client = world.client("cdc")

    def last() -> datetime.date | None:
        return client.get(url).context["partners"][0].last_contact

    assert last() is None
    log(world, cdc, days_ago=30, contacts=[claire])  # only through one of its people
    assert last() == TODAY - datetime.timedelta(30)
    log(world, cdc, days_ago=50, organisations=[hauts.organisation])  # older, direct
    assert last() == TODAY - datetime.timedelta(30)
    log(world, cdc, days_ago=5, organisations=[hauts.organisation])  # newer, direct
    assert last() == TODAY - datetime.timedelta(5)


def test_strategic_partners_silent_for_more_than_the_threshold_are_listed(world, cdc, hauts):
    quiet = services.partner_add(
        convention=world.a,
        by=cdc,
        organisation=OrganisationFactory(caf=world.caf, name="MSA"),
        strategic=True,
    )
    never = services.partner_add(
        convention=world.a,
        by=cdc,
        organisation=OrganisationFactory(caf=world.caf, name="CPAM"),
        strategic=True,
    )
    not_strategic = services.partner_add(
        convention=world.a, by=cdc, organisation=OrganisationFactory(caf=world.caf, name="MJC")
    )
    log(world, cdc, days_ago=20, organisations=[hauts.organisation])
    log(world, cdc, days_ago=250, organisations=[quiet.organisation])
    _since, silent = selectors.silent_partners(world.a)
    assert silent == [never, quiet]
    assert not_strategic not in silent
    page = text_of(world.client("cdt").get(reverse("network:partner_silent", args=[world.a.uuid])))
    assert "plus de 6 mois" in page and "jamais" in page
    with override_settings(MAILLAGE_PARTNER_SILENCE_MONTHS=12):
        assert selectors.silent_partners(world.a)[1] == [never]


def test_months_before_handles_short_months_and_years():
    assert selectors.months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert selectors.months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)
    assert selectors.months_before(datetime.date(2026, 12, 1), 12) == datetime.date(2025, 12, 1)


def test_editing_and_deleting_an_interaction(world, cdc, claire):
    interaction = log(world, cdc, contacts=[claire])
    client = world.client("technicien")
    url = reverse("network:interaction_edit", args=[world.a.uuid, interaction.uuid])
    response = client.post(
        url,
        {"date": "2026-10-01", "kind": "reunion", "subject": "Réunion", "contacts": [claire.pk]},
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert interaction.kind == "reunion" and interaction.subject == "Réunion"
    response = client.post(
        reverse("network:interaction_delete", args=[world.a.uuid, interaction.uuid])
    )
    assert response.status_code == 302
    assert not Interaction.objects.exists()
    assert Interaction.history.filter(history_type="-").count() == 1


def test_an_interaction_of_another_ctg_is_a_404(world, cdc):
    other_contact = services.contact_create(
        convention=world.b, by=world.users["cdc_b"], last_name="B"
    )
    other = services.interaction_create(
        convention=world.b,
        by=world.users["cdc_b"],
        date=TODAY,
        kind="appel",
        subject="B",
        contacts=[other_contact],
    )
    url = reverse("network:interaction_edit", args=[world.a.uuid, other.uuid])
    assert world.client("cdc").get(url).status_code == 404


def test_the_log_and_timeline_query_counts_do_not_grow_with_interactions(world, cdc, claire, hauts):
    client = world.client("cdc")
    urls = [
        reverse("network:interaction_list", args=[world.a.uuid]),
        reverse("network:contact_detail", args=[world.a.uuid, claire.uuid]),
        reverse("network:partner_detail", args=[world.a.uuid, hauts.uuid]),
        reverse("network:partner_silent", args=[world.a.uuid]),
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            result.append(len(ctx.captured_queries))
        return result

    log(world, cdc, contacts=[claire])
    small = counts()
    for i in range(30):
        org = OrganisationFactory(caf=world.caf, name=f"Structure {i}")
        services.partner_add(convention=world.a, by=cdc, organisation=org, strategic=True)
        log(world, cdc, days_ago=i, contacts=[claire], organisations=[org, hauts.organisation])
        action = fiche(world, cdc, title=f"Fiche {i}", pilot_contact=claire)
        action.partners.add(hauts.organisation)
    large = counts()
    print("queries (log, contact, organisation, silent):", small, large)
    assert large == small
