"""A confidential fiche's reference and link never show to those who may not see it.

Interactions, agenda items, decisions and journal entries link fiches. A technicien or a
partner who may not see a confidential fiche (only the CDC, the élus and the Caf may)
finds neither its reference, nor its title, nor its address in the pages and documents
that show those records, even when a record links nothing else; the CDC sees them all.
Saving such a record keeps the links its author could not see.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.activity import selectors as activity_selectors
from maillage.activity import services as activity
from maillage.activity.models import JournalEntry
from maillage.conventions.permissions import can_open_reports
from maillage.governance import services as governance
from maillage.governance.enums import PlanChange
from maillage.network import services as network
from maillage.network.models import Interaction
from maillage.plans.enums import ActionStatus
from maillage.plans.models import Action
from maillage.plans.selectors import visible_action_ids

from ..activity.helpers import complete_report
from ..factories import OrganisationFactory
from ..governance.helpers import fiche, meeting

TODAY = timezone.localdate()
SECRET_TITLE = "Accompagner une famille signalée"


class Linked:
    """CTG A's records linking a visible fiche and a confidential one."""

    def __init__(self, world) -> None:
        cdc = world.users["cdc"]
        self.world = world
        self.visible = fiche(world, "Relais petite enfance")
        self.secret = fiche(world, SECRET_TITLE)
        Action.objects.filter(pk=self.secret.pk).update(confidential=True, start_date=TODAY)
        self.secret.refresh_from_db()
        self.organisation = network.partner_add(
            convention=world.a,
            by=cdc,
            organisation=OrganisationFactory(caf=world.caf, name="Centre social des Hauts"),
        ).organisation
        self.both = network.interaction_create(
            convention=world.a,
            by=cdc,
            date=TODAY,
            kind="appel",
            subject="Point d'étape",
            organisations=[self.organisation],
            actions=[self.visible, self.secret],
        )
        self.only_secret = network.interaction_create(
            convention=world.a,
            by=cdc,
            date=TODAY,
            kind="entretien",
            subject="Entretien confidentiel",
            organisations=[self.organisation],
            actions=[self.secret],
        )
        self.meeting = meeting(world, kind="groupe_travail", days=-1)
        for role in ("technicien", "partenaire"):
            governance.invitation_add(meeting=self.meeting, by=cdc, user=world.users[role])
        governance.agenda_item_add(
            meeting=self.meeting, by=cdc, title="Point commun", actions=[self.visible, self.secret]
        )
        governance.agenda_item_add(
            meeting=self.meeting, by=cdc, title="Point réservé", actions=[self.secret]
        )
        self.decision = governance.decision_add(
            meeting=self.meeting,
            by=cdc,
            text="Suivre les deux fiches",
            actions=[self.visible, self.secret],
        )
        governance.decision_apply(
            decision=self.decision,
            by=cdc,
            change=PlanChange.STATUS,
            action=self.secret,
            status=ActionStatus.EN_COURS,
        )
        governance.minutes_save(meeting=self.meeting, by=cdc, minutes="Le groupe avance.")
        governance.minutes_publish(meeting=self.meeting, by=cdc)

    @property
    def secret_marks(self) -> list[str]:
        """What would give the confidential fiche away: reference, title, address."""
        a = self.world.a
        return [
            self.secret.reference,
            SECRET_TITLE,
            str(self.secret.uuid),
            reverse("plans:action_detail", args=[a.uuid, self.secret.uuid]),
        ]

    def pages(self) -> dict[str, str]:
        a, m = self.world.a, self.meeting
        return {
            "journal des interactions": reverse("network:interaction_list", args=[a.uuid]),
            "réunion (ordre du jour, décisions)": reverse(
                "governance:meeting_detail", args=[a.uuid, m.uuid]
            ),
            "fiche visible (décisions qui la concernent)": reverse(
                "plans:action_detail", args=[a.uuid, self.visible.uuid]
            ),
        }


@pytest.fixture
def linked(world) -> Linked:
    return Linked(world)


def _text(response) -> str:
    return response.content.decode()


def _zip_text(data: bytes) -> str:
    """Every XML part of a Word or ODT file, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


@pytest.mark.parametrize("role", ["technicien", "partenaire"])
def test_pages_showing_linked_records_hide_a_confidential_fiche(world, linked, role):
    client = world.client(role)
    shown = 0
    for page, url in linked.pages().items():
        response = client.get(url)
        if response.status_code != 200:
            continue  # a partner does not read the interaction log at all
        shown += 1
        text = _text(response)
        for mark in linked.secret_marks:
            assert mark not in text, (role, page, mark)
    assert shown >= 2, role


def test_the_meeting_page_still_shows_the_fiches_the_technicien_may_see(world, linked):
    page = linked.pages()["réunion (ordre du jour, décisions)"]
    text = _text(world.client("technicien").get(page))
    visible = reverse("plans:action_detail", args=[world.a.uuid, linked.visible.uuid])
    assert visible in text
    assert "Point réservé" in text  # the point itself is there, without its fiche
    assert "Appliquée au plan le" in text  # the summary names the hidden fiche: left out


def test_the_interaction_log_shows_the_technicien_only_the_visible_fiche(world, linked):
    text = _text(world.client("technicien").get(linked.pages()["journal des interactions"]))
    assert "Entretien confidentiel" in text
    assert linked.visible.reference in text
    for mark in linked.secret_marks:
        assert mark not in text


def test_the_cdc_sees_the_confidential_fiche_everywhere(world, linked):
    client = world.client("cdc")
    for page, url in linked.pages().items():
        if page.startswith("fiche visible"):
            continue  # the decision's summary shows on the fiche it changed
        text = _text(client.get(url))
        assert linked.secret.reference in text, page
        assert reverse("plans:action_detail", args=[world.a.uuid, linked.secret.uuid]) in text
    fiche_page = _text(client.get(linked.pages()["fiche visible (décisions qui la concernent)"]))
    assert linked.secret.reference in fiche_page  # in the applied decision's summary


@pytest.mark.parametrize("fmt", ["docx", "odt"])
@pytest.mark.parametrize("role", ["technicien", "partenaire"])
def test_the_minutes_document_hides_a_confidential_fiche(world, linked, role, fmt):
    url = reverse("governance:minutes_document", args=[world.a.uuid, linked.meeting.uuid, fmt])
    response = world.client(role).get(url)
    assert response.status_code == 200
    text = _zip_text(response.content)
    assert linked.visible.reference in text
    assert linked.secret.reference not in text
    assert SECRET_TITLE not in text
    cdc_text = _zip_text(world.client("cdc").get(url).content)
    assert linked.secret.reference in cdc_text


def test_the_interaction_form_does_not_offer_a_confidential_fiche(world, linked):
    url = reverse("network:interaction_edit", args=[world.a.uuid, linked.both.uuid])
    text = _text(world.client("technicien").get(url))
    assert "Relais petite enfance" in text
    assert SECRET_TITLE not in text
    assert linked.secret.reference not in text


def test_saving_an_interaction_keeps_the_fiche_the_technicien_cannot_see(world, linked):
    url = reverse("network:interaction_edit", args=[world.a.uuid, linked.both.uuid])
    response = world.client("technicien").post(
        url,
        {
            "date": TODAY.isoformat(),
            "kind": "appel",
            "subject": "Point d'étape revu",
            "organisations": [linked.organisation.pk],
            "actions": [linked.visible.pk],
            "notes": "",
        },
    )
    assert response.status_code == 302
    linked.both.refresh_from_db()
    assert linked.both.subject == "Point d'étape revu"
    assert set(linked.both.actions.all()) == {linked.visible, linked.secret}


def test_unlinking_the_visible_fiche_keeps_the_hidden_one(world, linked):
    network.interaction_update(
        interaction=linked.both, by=world.users["technicien"], actions=[], subject="Sans fiche"
    )
    assert list(linked.both.actions.all()) == [linked.secret]
    # The CDC, who sees both, unlinks them both.
    network.interaction_update(interaction=linked.both, by=world.users["cdc"], actions=[])
    assert not linked.both.actions.exists()


def test_a_technicien_cannot_link_a_confidential_fiche_even_by_forging_its_id(world, linked):
    url = reverse("network:interaction_edit", args=[world.a.uuid, linked.both.uuid])
    response = world.client("technicien").post(
        url,
        {
            "date": TODAY.isoformat(),
            "kind": "appel",
            "subject": "Forgé",
            "organisations": [linked.organisation.pk],
            "actions": [linked.secret.pk],
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert Interaction.objects.get(pk=linked.both.pk).subject == "Point d'étape"
    with pytest.raises(ValidationError):
        network.interaction_create(
            convention=world.a,
            by=world.users["technicien"],
            date=TODAY,
            kind="appel",
            subject="Forgé",
            organisations=[linked.organisation],
            actions=[linked.secret],
        )


def test_saving_a_decision_keeps_the_fiche_its_author_cannot_see(world, linked):
    governance.decision_update(
        decision=linked.decision,
        by=world.users["technicien"],
        text="Suivre la fiche visible",
        actions=[],
    )
    assert list(linked.decision.actions.all()) == [linked.secret]
    with pytest.raises(ValidationError):
        governance.agenda_item_add(
            meeting=linked.meeting,
            by=world.users["technicien"],
            title="Forgé",
            actions=[linked.secret],
        )


def test_the_journal_shows_a_fiche_only_to_who_may_see_it(world, linked):
    cdc, technicien = world.users["cdc"], world.users["technicien"]
    mine = activity.journal_create(
        convention=world.a,
        by=cdc,
        date=TODAY,
        duration=30,
        description="Suivi de la famille",
        attendu="objectifs",
        action=linked.secret,
    )
    shown = list(activity_selectors.journal_entries(cdc, world.a, TODAY, TODAY))
    assert [e.action for e in shown] == [linked.secret]
    page = _text(world.client("cdc").get(reverse("activity:journal", args=[world.a.uuid])))
    assert linked.secret.reference in page
    # The same entry, read by someone who may not see the fiche (a CDC since made
    # technicien keeps their entries): no fiche.
    JournalEntry.objects.filter(pk=mine.pk).update(author=technicien)
    shown = list(activity_selectors.journal_entries(technicien, world.a, TODAY, TODAY))
    assert [e.description for e in shown] == ["Suivi de la famille"]
    assert shown[0].action is None


def test_an_interaction_added_to_the_journal_links_only_a_fiche_its_author_sees(world, linked):
    entry, created = activity.journal_from_interaction(
        interaction=linked.only_secret, by=world.users["cdc"]
    )
    assert created and entry.action == linked.secret


def test_report_facts_are_read_only_by_roles_that_see_confidential_fiches(world, linked):
    """The report's facts list the CTG's fiches; whoever may open the reports may see
    every fiche, and the others open neither the report nor its documents."""
    report = complete_report(world)
    detail = reverse("activity:report_detail", args=[world.a.uuid, report.uuid])
    assert linked.secret.reference in _text(world.client("cdc").get(detail))
    for role, user in world.users.items():
        if can_open_reports(user, world.a):
            assert visible_action_ids(user, world.a).filter(pk=linked.secret.pk).exists(), role
    for role in ("technicien", "partenaire"):
        client = world.client(role)
        assert client.get(detail).status_code in (403, 404), role
        export = reverse("activity:report_export", args=[world.a.uuid, report.uuid, "docx"])
        assert client.get(export).status_code in (403, 404), role
