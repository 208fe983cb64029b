"""The élu référent's remarks on the report before approving it: beside the sections for the
CDC, who marks them treated; corrected or withdrawn by their author only."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from maillage.activity import services
from maillage.activity.models import ReportRemark

from ..conftest import login
from ..factories import ConventionMembershipFactory, UserFactory
from ..versioning import page_text
from .helpers import complete_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    return complete_report(world)


def _detail(world, report) -> str:
    return reverse("activity:report_detail", args=[world.a.uuid, report.uuid])


def _add(world, report, role: str = "elu", **data: str):
    return world.client(role).post(
        reverse("activity:remark_add", args=[world.a.uuid, report.uuid]), data
    )


def test_the_elu_remarks_the_cdc_is_told_and_sees_them_beside_the_sections(
    world, report, mailoutbox, django_capture_on_commit_callbacks
):
    elu, cdc = world.users["elu"], world.users["cdc"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(world, report, section_key="elus", text="Citez la réunion avec les maires.")
        _add(world, report, section_key="", text="Un rapport clair, merci.")

    remark = ReportRemark.objects.get(section_key="elus")
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(world, report)}#remarque-{remark.uuid}"
    assert (remark.author, remark.report, remark.is_open) == (elu, report, True)
    assert ReportRemark.objects.get(section_key="").text == "Un rapport clair, merci."
    # One e-mail per remark to the report's author, with the address of its section.
    assert [m.to for m in mailoutbox] == [[cdc.email], [cdc.email]]
    first = mailoutbox[0]
    assert "Remarque de l'élu·e sur le rapport d'activité" in first.subject
    assert "Citez la réunion avec les maires." in first.body
    assert "la section « L'assistance et le conseil auprès des élus" in first.body
    link = settings.SITE_URL.rstrip("/") + _detail(world, report) + "#section-elus"
    assert link in first.body
    assert "l'ensemble du rapport" in mailoutbox[1].body

    # The CDC reads each remark in its section, the overall one at the top, both to treat.
    page = world.client("cdc").get(_detail(world, report))
    text = page_text(page)
    section = text[text.index('id="section-elus"') : text.index('id="section-elus"') + 6000]
    assert "Citez la réunion avec les maires." in section
    assert "2 remarques à traiter" in text
    assert "Marquer traitée" in text
    assert "Faire une remarque" not in text  # the CDC does not remark


def test_the_approval_shows_the_open_remarks_until_the_cdc_treats_them(world, report):
    _add(world, report, section_key="elus", text="Citez la réunion avec les maires.")
    remark = ReportRemark.objects.get()
    elu = world.client("elu")
    text = page_text(elu.get(_detail(world, report)))
    assert "Approuver le rapport avant son envoi (1 remarque non traitée)" in text
    assert "Une remarque n'est pas encore traitée par le chargé de coopération" in text

    treat = reverse("activity:remark_treat", args=[world.a.uuid, report.uuid, remark.uuid])
    assert world.client("cdc").post(treat, {"etat": "traitee"}).status_code == 302
    remark.refresh_from_db()
    assert not remark.is_open and remark.treated_by == world.users["cdc"]
    text = page_text(elu.get(_detail(world, report)))
    assert "Approuver le rapport avant son envoi</button>" in text
    assert "Toutes les remarques sont traitées." in text
    assert "Traitée</span> par " + world.users["cdc"].full_name in text

    # Open again, then an odd state: a French message, nothing changes.
    world.client("cdc").post(treat, {"etat": "ouverte"})
    remark.refresh_from_db()
    assert remark.is_open
    response = world.client("cdc").post(treat, {"etat": "peut-être"}, follow=True)
    assert "choisissez « traitée » ou « à traiter »" in page_text(response)
    remark.refresh_from_db()
    assert remark.is_open


def test_the_elu_corrects_or_withdraws_their_own_remark_only(world, report):
    _add(world, report, section_key="description", text="Dites-en plus sur le territoire.")
    remark = ReportRemark.objects.get()
    services.remark_mark(remark=remark, by=world.users["cdc"], treated=True)
    edit = reverse("activity:remark_edit", args=[world.a.uuid, report.uuid, remark.uuid])
    delete = reverse("activity:remark_delete", args=[world.a.uuid, report.uuid, remark.uuid])

    # Another élu of the CTG reads it, but neither changes nor withdraws it.
    other = UserFactory(email="elu2.a@example.org")
    ConventionMembershipFactory(convention=world.a, role="elu", user=other)
    with pytest.raises(PermissionDenied):
        services.remark_update(remark=remark, by=other, text="Autre texte")
    with pytest.raises(PermissionDenied):
        services.remark_delete(remark=remark, by=other)
    assert world.client("cdc").get(edit).status_code == 403
    assert world.client("cdc").post(delete).status_code == 403

    response = world.client("elu").post(edit, {"text": "Dites-en plus sur les communes."})
    assert response.status_code == 302
    remark.refresh_from_db()
    # Corrected, a treated remark is to treat again: the CDC reads it anew.
    assert (remark.text, remark.is_open) == ("Dites-en plus sur les communes.", True)
    assert [r.history_user for r in remark.history.order_by("history_id")] == [
        world.users["elu"],
        world.users["cdc"],
        world.users["elu"],
    ]

    assert world.client("elu").post(delete).status_code == 302
    assert not ReportRemark.objects.exists()
    assert remark.history.latest("history_id").history_type == "-"


def test_bad_remarks_get_a_french_message_and_save_nothing(world, report):
    response = _add(world, report, section_key="elus", text="   ")
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in page_text(response)
    response = _add(world, report, section_key="inconnue", text="Une remarque.")
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert "Une remarque.</textarea>" in response.content.decode()  # the text stays
    response = _add(world, report, section_key="", text="x" * 5001)
    assert response.status_code == 200
    assert not ReportRemark.objects.exists()
    with pytest.raises(ValidationError, match="Écrivez votre remarque"):
        services.remark_add(report=report, by=world.users["elu"], text="  \r\n ")
    with pytest.raises(ValidationError, match="Cette section n'existe pas"):
        services.remark_add(report=report, by=world.users["elu"], section_key="x", text="Oui")


def test_only_an_elu_of_the_ctg_remarks_only_the_cdc_treats_and_others_get_404(world, report):
    for role in ("cdc", "technicien", "cdt"):
        with pytest.raises(PermissionDenied):
            services.remark_add(report=report, by=world.users[role], text="Remarque")
    assert _add(world, report, "cdc", text="Remarque").status_code == 403
    remark = services.remark_add(report=report, by=world.users["elu"], text="Remarque")
    with pytest.raises(PermissionDenied):
        services.remark_mark(remark=remark, by=world.users["elu"], treated=True)

    # A member of another CTG, or the Caf before the report is sent: not found.
    args = [world.a.uuid, report.uuid, remark.uuid]
    for role in ("cdc_b", "cdt"):
        client = login(Client(), world.users[role])
        assert client.post(reverse("activity:remark_treat", args=args)).status_code == 404
        assert client.get(reverse("activity:remark_edit", args=args)).status_code == 404
    # A remark of another report is not found on this one.
    other = services.report_start(convention=world.a, by=world.users["cdc"], year=2020)
    edit = reverse("activity:remark_edit", args=[world.a.uuid, other.uuid, remark.uuid])
    assert world.client("elu").get(edit).status_code == 404
    assert ReportRemark.objects.get().text == "Remarque"


def test_once_sent_the_remarks_stay_for_the_ctg_and_are_closed_to_change(world, report):
    remark = services.remark_add(
        report=report, by=world.users["elu"], section_key="elus", text="Citez le CLAS."
    )
    services.report_transmit(report=report, by=world.users["cdc"])
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.remark_add(report=report, by=world.users["elu"], text="Trop tard")
    with pytest.raises(PermissionDenied):
        services.remark_update(remark=remark, by=world.users["elu"], text="Trop tard")
    with pytest.raises(PermissionDenied):
        services.remark_mark(remark=remark, by=world.users["cdc"], treated=True)
    assert "Citez le CLAS." in page_text(world.client("cdc").get(_detail(world, report)))
    # The Caf reads the report, not the élus' remarks to their CDC.
    assert "Citez le CLAS." not in page_text(world.client("cdt").get(_detail(world, report)))


def test_an_inactive_author_gets_no_e_mail(
    world, report, mailoutbox, django_capture_on_commit_callbacks
):
    world.users["cdc"].is_active = False
    world.users["cdc"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.remark_add(report=report, by=world.users["elu"], text="Remarque")
    assert mailoutbox == []
