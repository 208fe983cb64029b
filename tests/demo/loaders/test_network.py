"""The demo network: many organisations of every category, people, two years of contacts."""

from __future__ import annotations

import datetime

from maillage.demo.data.plans import DEMO_TODAY
from maillage.demo.loaders.network import load_network
from maillage.network import selectors
from maillage.network.models import Contact, Interaction, Partner
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ...factories import OrganisationFactory


def counts() -> tuple[int, ...]:
    return (
        Organisation.objects.count(),
        Partner.objects.count(),
        Contact.objects.count(),
        Interaction.objects.count(),
    )


def test_the_demo_network_fills_each_directory_and_a_second_run_creates_nothing(world):
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    orphan = plan_services.action_create(plan=plan, by=cdc, axis=axis, title="Sans pilote")
    structure = OrganisationFactory(caf=world.caf, name="Association Parents en chemin")
    external = plan_services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="Café des parents",
        pilot=world.users["technicien"],
        pilot_organisation=structure,
        notify=False,
    )
    load_network({"chambery": world.a, "arlysere": world.b})
    first = counts()
    load_network({"chambery": world.a, "arlysere": world.b})
    assert counts() == first

    for convention in (world.a, world.b):
        partners = Partner.objects.filter(convention=convention).select_related("organisation")
        assert 40 <= partners.count() <= 80
        categories = {p.organisation.category for p in partners}
        assert categories == set(PartnerCategory.values)
        contacts = Contact.objects.filter(convention=convention)
        assert contacts.count() >= partners.count()
        assert all(c.email.endswith("@example.org") for c in contacts)
        dates = list(
            Interaction.objects.filter(convention=convention).values_list("date", flat=True)
        )
        assert len(dates) >= 70
        assert min(dates) >= DEMO_TODAY - datetime.timedelta(days=731)
        assert max(dates) >= DEMO_TODAY - datetime.timedelta(days=60)
        _since, silent = selectors.silent_partners(convention, today=DEMO_TODAY)
        # The three partners the demo left silent, never the Caf nor a signatory.
        assert len(silent) == 3, [p.organisation.name for p in silent]
        signatories = set(convention.signatories.values_list("organisation_id", flat=True))
        assert all(p.organisation.kind != "caf" for p in silent)
        assert not {p.organisation_id for p in silent} & signatories
    orphan.refresh_from_db()
    assert orphan.pilot_contact is not None and orphan.pilot is None
    assert orphan.pilot_contact.convention == world.a
    # A fiche led by a structure is piloted by that structure's contact.
    external.refresh_from_db()
    assert external.pilot is None
    assert external.pilot_contact.organisation == structure
