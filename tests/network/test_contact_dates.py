"""The last contact with a person or an organisation counts meetings attended and journal
entries, not only the interaction log: the Caf and the CTG's EPCI, present at the COPIL,
are not silent partners."""

from __future__ import annotations

import datetime

from django.utils import timezone

from maillage.activity.models import JournalEntry
from maillage.governance import services as governance
from maillage.network import selectors, services
from maillage.network.selectors import DirectoryFilters

from ..factories import OrganisationFactory
from ..governance.helpers import meeting


def _strategic(world, name):
    return services.partner_add(
        convention=world.a,
        by=world.users["cdc"],
        organisation=OrganisationFactory(caf=world.caf, name=name),
        strategic=True,
    )


def test_an_organisation_present_at_a_meeting_is_not_silent(world):
    cdc = world.users["cdc"]
    epci = _strategic(world, "CA du Grand Chambéry")
    silent = _strategic(world, "MSA")
    copil = meeting(world, days=-20)
    invitation = governance.invitation_add(
        meeting=copil, by=cdc, user=world.users["elu"], organisation=epci.organisation
    )
    governance.attendance_record(meeting=copil, by=cdc, statuses={invitation: "present"})
    _since, listed = selectors.silent_partners(world.a)
    assert listed == [silent]
    [row] = [
        p for p in selectors.directory_partners(cdc, world.a, DirectoryFilters()) if p.pk == epci.pk
    ]
    assert row.last_contact == timezone.localdate(copil.start)


def test_a_contact_present_or_a_journal_entry_sets_the_last_contact(world):
    cdc = world.users["cdc"]
    claire = services.contact_create(convention=world.a, by=cdc, last_name="Fontaine")
    paul = services.contact_create(convention=world.a, by=cdc, last_name="Morel")
    absent = services.contact_create(convention=world.a, by=cdc, last_name="Absente")
    copil = meeting(world, days=-40)
    present = governance.invitation_add(meeting=copil, by=cdc, contact=claire)
    excused = governance.invitation_add(meeting=copil, by=cdc, contact=absent)
    governance.attendance_record(
        meeting=copil, by=cdc, statuses={present: "present", excused: "excuse"}
    )
    day = timezone.localdate() - datetime.timedelta(days=3)
    JournalEntry.objects.create(
        convention=world.a,
        author=cdc,
        date=day,
        duration=30,
        description="Appel",
        attendu="partenariats",
        contact=paul,
    )
    dates = {
        c.last_name: c.last_contact
        for c in selectors.directory_contacts(cdc, world.a, DirectoryFilters())
    }
    assert dates == {
        "Fontaine": timezone.localdate(copil.start),
        "Morel": day,
        "Absente": None,
    }
