"""Governance pages: who sees which meeting, forms that refuse bad input, applying decisions."""

import datetime

from django.urls import reverse
from django.utils import timezone

from maillage.governance import services
from maillage.governance.models import Meeting
from maillage.plans import services as plan_services

from .helpers import body, fiche, meeting


def _detail(m):
    return reverse("governance:meeting_detail", args=[m.body.convention.uuid, m.uuid])


def test_a_technicien_sees_only_the_meetings_they_are_invited_to(world):
    m = meeting(world, kind="groupe_travail")
    client = world.client("technicien")
    assert client.get(_detail(m)).status_code == 404
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["technicien"])
    assert client.get(_detail(m)).status_code == 200


def test_elus_and_caf_roles_see_the_copil_but_not_an_uninvited_working_group(world):
    copil = meeting(world, kind="copil")
    group = meeting(world, kind="groupe_travail")
    for role in ("elu", "cdt", "conseiller", "caf_admin"):
        client = world.client(role)
        assert client.get(_detail(copil)).status_code == 200, role
        assert client.get(_detail(group)).status_code == 404, role


def test_a_meeting_of_another_caf_is_not_found(world):
    m = meeting(world, convention=world.b)
    assert world.client("cdt").get(_detail(m)).status_code == 200
    assert world.client("cdc").get(_detail(m)).status_code == 404


def test_the_list_only_shows_the_meetings_the_user_may_see(world):
    meeting(world, kind="groupe_travail", title="Groupe parentalité")
    meeting(world, kind="copil", title="COPIL annuel")
    page = world.client("elu").get(reverse("governance:meeting_list", args=[world.a.uuid]))
    assert "COPIL annuel" in page.content.decode()
    assert "Groupe parentalité" not in page.content.decode()


def test_an_invitee_reads_the_minutes_only_once_published(world):
    m = meeting(world, kind="groupe_travail")
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["partenaire"])
    services.minutes_save(meeting=m, by=world.users["cdc"], minutes="Texte secret du brouillon")
    client = world.client("partenaire")
    assert "Texte secret du brouillon" not in client.get(_detail(m)).content.decode()
    url = reverse("governance:minutes_document", args=[world.a.uuid, m.uuid, "docx"])
    assert client.get(url).status_code == 403
    services.minutes_publish(meeting=m, by=world.users["cdc"])
    assert "Texte secret du brouillon" in client.get(_detail(m)).content.decode()
    assert client.get(url).status_code == 200


def test_the_month_calendar_shows_the_meeting_and_survives_a_bad_month(world):
    m = meeting(world, title="COPIL de novembre")
    month = timezone.localtime(m.start).strftime("%Y-%m")
    url = reverse("governance:meeting_list", args=[world.a.uuid])
    client = world.client("cdc")
    assert "COPIL de novembre" in client.get(url, {"vue": "mois", "mois": month}).content.decode()
    assert client.get(url, {"vue": "mois", "mois": "9999-99"}).status_code == 200


def test_a_meeting_ending_before_it_starts_gets_a_french_error_and_nothing_is_saved(world):
    m = meeting(world)
    url = reverse("governance:meeting_create", args=[world.a.uuid, m.body.uuid])
    response = world.client("cdc").post(
        url, {"title": "COPIL", "date": "2026-12-01", "start_time": "15:00", "end_time": "14:00"}
    )
    assert response.status_code == 200
    assert "heure de fin doit suivre" in response.content.decode()
    assert Meeting.objects.count() == 1


def test_attendance_is_updated_inline_and_a_bad_value_changes_nothing(world):
    m = meeting(world)
    invitation = services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    url = reverse("governance:invitation_update", args=[world.a.uuid, m.uuid, invitation.uuid])
    client = world.client("cdc")
    bad = client.post(url, {f"{invitation.uuid}-status": "volatilise"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    invitation.refresh_from_db()
    assert invitation.status == "invite"
    ok = client.post(url, {f"{invitation.uuid}-status": "excuse"}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 200 and "Enregistré" in ok.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == "excuse"


def _apply_setup(world):
    action = fiche(world)
    m = meeting(world, days=-3)
    decision = services.decision_add(
        meeting=m, by=world.users["cdc"], text="Démarrer la MAM", actions=[action]
    )
    url = reverse("governance:decision_apply", args=[world.a.uuid, m.uuid, decision.uuid])
    data = {"change": "statut", "action": action.uuid, "status": "en_cours"}
    return action, decision, url, data


def test_applying_a_decision_without_confirmation_changes_nothing(world):
    action, decision, url, data = _apply_setup(world)
    response = world.client("cdc").post(url, data)
    assert response.status_code == 200
    assert "Cochez la case pour confirmer" in response.content.decode()
    action.refresh_from_db()
    decision.refresh_from_db()
    assert action.status == "a_venir" and decision.applied_at is None


def test_a_confirmed_decision_moves_the_plan_and_the_fiche_shows_it(world):
    action, decision, url, data = _apply_setup(world)
    response = world.client("cdc").post(url, {**data, "confirm": "on"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "en_cours"
    page = (
        world.client("cdc")
        .get(reverse("plans:action_detail", args=[world.a.uuid, action.uuid]))
        .content.decode()
    )
    assert "Décisions qui concernent cette fiche" in page
    assert "Motif : Décision" in page


def test_a_fiche_changed_since_the_decision_needs_a_second_confirmation(world):
    action, decision, url, data = _apply_setup(world)
    decision.created_at = timezone.now() - datetime.timedelta(days=1)
    decision.save()
    plan_services.action_update(action=action, by=world.users["cdc"], priority="haute")
    client = world.client("cdc")
    first = client.post(url, {**data, "confirm": "on"})
    assert first.status_code == 200
    assert "La fiche a été modifiée après la décision" in first.content.decode()
    action.refresh_from_db()
    assert action.status == "a_venir"
    second = client.post(url, {**data, "confirm": "on", "confirmer_malgre_changements": "1"})
    assert second.status_code == 302
    action.refresh_from_db()
    assert action.status == "en_cours"


def test_the_cdc_reorders_the_agenda_and_a_bad_direction_changes_nothing(world):
    m = meeting(world)
    cdc = world.users["cdc"]
    for title in ["Accueil", "Bilan du plan", "Ajustements"]:
        services.agenda_item_add(meeting=m, by=cdc, title=title)
    bilan = m.agenda.get(title="Bilan du plan")
    url = reverse("governance:agenda_move", args=[world.a.uuid, m.uuid, bilan.uuid])
    client = world.client("cdc")

    def order() -> list[str]:
        return list(m.agenda.order_by("position", "pk").values_list("title", flat=True))

    client.post(url, {"sens": "haut"})
    assert order() == ["Bilan du plan", "Accueil", "Ajustements"]
    client.post(url, {"sens": "haut"})  # already first: nothing moves
    assert order() == ["Bilan du plan", "Accueil", "Ajustements"]
    client.post(url, {"sens": "bas"})
    client.post(url, {"sens": "bas"})
    assert order() == ["Accueil", "Ajustements", "Bilan du plan"]
    response = client.post(url, {"sens": "gauche"}, follow=True)
    assert "Choisissez de monter ou de descendre le point." in response.content.decode()
    assert order() == ["Accueil", "Ajustements", "Bilan du plan"]
    assert world.client("elu").post(url, {"sens": "haut"}).status_code == 403


def test_the_attendance_offers_the_ctgs_directory_as_represented_organisations(world):
    from maillage.network.models import Partner

    from ..factories import OrganisationFactory

    listed = OrganisationFactory(caf=world.caf, name="Centre social des Hauts")
    Partner.objects.create(convention=world.a, organisation=listed)
    other = OrganisationFactory(caf=world.caf, name="Crèche d'Albertville")  # CTG B's partner
    Partner.objects.create(convention=world.b, organisation=other)
    m = meeting(world)
    services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    url = reverse("governance:meeting_detail", args=[world.a.uuid, m.uuid])
    page = world.client("cdc").get(url).content.decode()
    assert "Centre social des Hauts" in page
    assert "Crèche d&#x27;Albertville" not in page and "Crèche d'Albertville" not in page


def test_nouvelle_reunion_on_the_governance_page_asks_which_instance(world):
    copil = body(world, kind="copil", name="Comité de pilotage de la CTG")
    client = world.client("cdc")
    listing = client.get(reverse("governance:meeting_list", args=[world.a.uuid]))
    start = reverse("governance:meeting_start", args=[world.a.uuid])
    assert start in listing.content.decode()
    page = client.get(start).content.decode()
    assert "Instance qui se réunit" in page and "Comité de pilotage de la CTG (COPIL)" in page
    response = client.get(start, {"instance": str(copil.uuid)})
    assert response["Location"] == reverse(
        "governance:meeting_create", args=[world.a.uuid, copil.uuid]
    )
    foreign = body(world, kind="copil", convention=world.b)
    refused = client.get(start, {"instance": str(foreign.uuid)})
    assert refused.status_code == 200 and "Choisissez une instance" in refused.content.decode()
    technicien = world.client("technicien")
    assert (
        start
        not in technicien.get(
            reverse("governance:meeting_list", args=[world.a.uuid])
        ).content.decode()
    )


def _counts(page: str) -> str:
    start = page.index('id="attendance-counts"')
    return page[start : page.index("</p>", start)]


def test_saving_attendance_inline_redraws_the_counters_in_the_same_response(world):
    m = meeting(world)
    cdc = world.users["cdc"]
    elu = services.invitation_add(meeting=m, by=cdc, user=world.users["elu"])
    services.invitation_add(meeting=m, by=cdc, user=world.users["technicien"])
    url = reverse("governance:invitation_update", args=[world.a.uuid, m.uuid, elu.uuid])
    client = world.client("cdc")
    assert "0 présent·e(s)" in _counts(client.get(_detail(m)).content.decode())
    response = client.post(url, {f"{elu.uuid}-status": "present"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith(f'<tr id="invitation-{elu.uuid}">')
    # Out of band, in a template that keeps it apart from the row: htmx swaps it in place.
    assert '<template><p class="small" id="attendance-counts" hx-swap-oob="true">' in page
    assert _counts(page).endswith("1 présent·e(s), 0 excusé·e(s), 0 absent·e(s), 1 sans réponse.")


def test_saving_attendance_without_javascript_redirects_to_the_page_counted_anew(world):
    m = meeting(world)
    elu = services.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    url = reverse("governance:invitation_update", args=[world.a.uuid, m.uuid, elu.uuid])
    client = world.client("cdc")
    response = client.post(url, {f"{elu.uuid}-status": "excuse"})
    assert response.status_code == 302 and response["Location"].endswith("#invites")
    page = client.get(response["Location"]).content.decode()
    assert "hx-swap-oob" not in _counts(page)
    assert "0 présent·e(s), 1 excusé·e(s)" in _counts(page)
