"""The home page says what needs doing, per role and per CTG, each item linking to its page."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.activity.enums import ReportEventKind, ReportStatus
from maillage.activity.models import ActivityReport, ReportDueDate, ReportEvent, ReportSection
from maillage.conventions.models import ConventionMembership
from maillage.governance import services as governance_services
from maillage.governance.enums import Attendance, BodyKind, MeetingStatus
from maillage.governance.models import Body, Invitation, Meeting
from maillage.network import services as network_services
from maillage.organisations.models import Organisation
from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage
from maillage.plans import services as plan_services
from maillage.plans.models import Step
from maillage.plans.selectors import plan_of

from ..governance.helpers import fiche as _fiche
from ..governance.helpers import meeting

TODAY = timezone.localdate()
YEAR = TODAY.year


def fr(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def agenda(world, role):
    response = world.client(role).get(reverse("web:home"))
    assert response.status_code == 200
    return response, response.context["agenda"]


def section(blocks, title, key):
    [block] = [b for b in blocks if b.title == title]
    [found] = [s for s in block.sections if s.key == key]
    return found


def texts(sec):
    return [i.text for i in sec.items]


def fiche(world, title="Créer une MAM", convention=None):
    """A fiche of the CTG (A by default), created by its CDC."""
    if convention in (None, world.a):
        return _fiche(world, title)
    plan = plan_of(convention)
    cdc = world.users["cdc_b"]
    axis = plan.axes.first() or plan_services.axis_create(plan=plan, by=cdc, title="Jeunesse")
    return plan_services.action_create(plan=plan, by=cdc, axis=axis, title=title, notify=False)


def step(action, name, days, done=False):
    return Step.objects.create(
        action=action, name=name, due_date=TODAY + datetime.timedelta(days=days), done=done
    )


# --------------------------------------------------------------------------- CDC


def test_a_late_fiche_with_an_overdue_step_says_which_step_and_links_to_the_fiche(world):
    action = fiche(world, "Créer une MAM")
    step(action, "Réunir les partenaires", -3)
    step(action, "Choisir le local", -1, done=True)
    on_time = fiche(world, "Ouvrir un LAEP")
    step(on_time, "Trouver une salle", 2)

    response, data = agenda(world, "cdc")

    late = section(data.ctgs, "CTG Grand Chambéry", "retard")
    assert texts(late) == [f"{action.reference} — Créer une MAM"]
    item = late.items[0]
    yesterday3 = TODAY - datetime.timedelta(days=3)
    assert item.detail == f"L'étape « Réunir les partenaires » était prévue le {fr(yesterday3)}"
    assert item.url == reverse("plans:action_detail", args=[world.a.uuid, action.uuid])
    assert item.url in response.content.decode()


def test_a_fiche_past_its_end_date_says_so(world):
    action = fiche(world, "Relais petite enfance")
    end = TODAY - datetime.timedelta(days=10)
    plan_services.action_update(
        action=action,
        by=world.users["cdc"],
        start_date=end - datetime.timedelta(days=100),
        end_date=end,
    )

    _, data = agenda(world, "cdc")

    [item] = section(data.ctgs, "CTG Grand Chambéry", "retard").items
    assert item.detail == f"La fin était prévue le {fr(end)}"


def test_steps_due_within_14_days_are_listed_and_later_ones_are_not(world):
    action = fiche(world)
    step(action, "Envoyer le questionnaire", 5)
    step(action, "Analyser les réponses", 20)
    step(action, "Déjà faite", 3, done=True)

    _, data = agenda(world, "cdc")

    steps = section(data.ctgs, "CTG Grand Chambéry", "etapes")
    assert texts(steps) == [f"Envoyer le questionnaire ({action.reference})"]
    assert steps.items[0].detail == f"Échéance le {fr(TODAY + datetime.timedelta(days=5))}"


def test_the_next_meetings_flag_the_convocations_not_sent(world):
    planned = meeting(world, kind="cotech", days=3, title="COTECH de rentrée")

    response, data = agenda(world, "cdc")

    meetings = section(data.ctgs, "CTG Grand Chambéry", "reunions")
    [item] = meetings.items
    assert item.text.startswith("COTECH de rentrée — ")
    assert item.detail == "Convocations non envoyées"
    assert item.urgent
    assert item.url == reverse("governance:meeting_detail", args=[world.a.uuid, planned.uuid])


def test_a_copil_missing_this_year_is_flagged(world):
    _, data = agenda(world, "cdc")

    [item] = section(data.ctgs, "CTG Grand Chambéry", "copil").items
    assert item.text == f"Aucun COPIL tenu ni prévu en {YEAR}"
    assert item.urgent
    assert item.url == reverse("governance:instance_list", args=[world.a.uuid])


def test_a_copil_planned_this_year_is_shown_with_its_date(world):
    start = timezone.now() + datetime.timedelta(hours=2)
    if timezone.localtime(start).year != YEAR:  # the last evening of the year
        start = timezone.now() - datetime.timedelta(hours=2)
    copil = meeting(world, kind="copil", days=0)
    Meeting.objects.filter(pk=copil.pk).update(start=start, end=start + datetime.timedelta(hours=1))

    _, data = agenda(world, "cdc")

    [item] = section(data.ctgs, "CTG Grand Chambéry", "copil").items
    assert item.text.startswith(f"COPIL {YEAR} prévu")
    assert not item.urgent


def test_the_report_section_gives_the_due_date_and_the_comments_waiting(world):
    due = TODAY + datetime.timedelta(days=20)
    ReportDueDate.objects.create(caf=world.caf, year=YEAR - 1, due_date=due)

    _, data = agenda(world, "cdc")
    [item] = section(data.ctgs, "CTG Grand Chambéry", "rapport").items
    assert item.text == f"Rapport d'activité {YEAR - 1} : Pas commencé"
    assert item.detail == f"À transmettre au plus tard le {fr(due)}"
    assert item.url == reverse("activity:report_list", args=[world.a.uuid])

    report = ActivityReport.objects.create(
        convention=world.a,
        author=world.users["cdc"],
        year=YEAR - 1,
        status=ReportStatus.A_COMPLETER,
    )
    ReportSection.objects.create(report=report, key="synthese", comment="Précisez les chiffres.")

    _, data = agenda(world, "cdc")
    items = section(data.ctgs, "CTG Grand Chambéry", "rapport").items
    assert texts(section(data.ctgs, "CTG Grand Chambéry", "rapport")) == [
        f"Rapport d'activité {YEAR - 1} : À compléter",
        "1 commentaire de la Caf en attente",
    ]
    assert items[1].url == reverse("activity:report_detail", args=[world.a.uuid, report.uuid])

    # Once last year's report is validated, this year's is the one to write.
    report.status = ReportStatus.VALIDE
    report.save()
    _, data = agenda(world, "cdc")
    rapport = section(data.ctgs, "CTG Grand Chambéry", "rapport")
    assert texts(rapport) == [
        f"Rapport d'activité {YEAR - 1} : Validé",
        f"Rapport d'activité {YEAR} : pas encore commencé",
    ]
    this_year = ActivityReport.objects.create(
        convention=world.a, author=world.users["cdc"], year=YEAR
    )
    _, data = agenda(world, "cdc")
    items = section(data.ctgs, "CTG Grand Chambéry", "rapport").items
    assert items[1].text == f"Rapport d'activité {YEAR} : Brouillon"
    assert items[1].url == reverse("activity:report_detail", args=[world.a.uuid, this_year.uuid])


def test_strategic_partners_without_contact_are_listed(world):
    org = Organisation.objects.create(
        caf=world.caf,
        name="Centre social des Hauts",
        kind="association",
        category="structures_peejp",
    )
    quiet = Organisation.objects.create(
        caf=world.caf, name="Mission locale", kind="association", category="structures_peejp"
    )
    partner = network_services.partner_add(
        convention=world.a, by=world.users["cdc"], organisation=org, strategic=True
    )
    network_services.partner_add(
        convention=world.a, by=world.users["cdc"], organisation=quiet, strategic=False
    )

    _, data = agenda(world, "cdc")

    partners = section(data.ctgs, "CTG Grand Chambéry", "partenaires")
    assert texts(partners) == ["Centre social des Hauts"]
    assert partners.items[0].detail == "Aucun contact enregistré"
    assert partners.items[0].url == reverse(
        "network:partner_detail", args=[world.a.uuid, partner.uuid]
    )


def test_failed_reminders_are_listed_for_the_cdc(world):
    OutboxMessage.objects.create(
        to=["x@example.org"],
        subject="Convocation : COPIL annuel",
        body="…",
        from_email="maillage@example.org",
        sender=world.users["cdc"],
        status=OutboxStatus.ECHEC,
    )

    _, data = agenda(world, "cdc")

    assert texts(data.failed) == ["Convocation : COPIL annuel"]
    assert data.failed.items[0].url == reverse("outbox:undelivered")


def test_a_cdc_with_nothing_to_do_reads_rien_a_faire_and_no_empty_list(world):
    response, data = agenda(world, "cdc_b")

    assert [b.title for b in data.ctgs] == ["CTG Arlysère"]
    assert section(data.ctgs, "CTG Arlysère", "retard").items == []
    content = response.content.decode()
    assert "Rien à faire." in content
    assert '<ul class="list-unstyled mb-2 home-items">\n  \n</ul>' not in content
    assert '<h3 class="h6 card-title"' in content


def test_another_ctgs_items_never_appear(world):
    other = fiche(world, "Fiche secrète d'Arlysère", convention=world.b)
    step(other, "Étape d'Arlysère", -2)
    meeting(world, kind="cotech", days=3, convention=world.b, title="COTECH d'Arlysère")

    response, data = agenda(world, "cdc")

    assert [b.title for b in data.ctgs] == ["CTG Grand Chambéry"]
    content = response.content.decode()
    assert "Fiche secrète" not in content
    assert "COTECH d'Arlysère" not in content
    assert "Étape d'Arlysère" not in content


def test_a_cdc_of_two_ctgs_sees_each_ctg_under_its_own_heading(world):
    ConventionMembership.objects.create(user=world.users["cdc"], convention=world.b, role="cdc")
    other = fiche(world, "Fiche d'Arlysère", convention=world.b)
    step(other, "Étape d'Arlysère", -2)

    _, data = agenda(world, "cdc")

    assert [b.title for b in data.ctgs] == ["CTG Arlysère", "CTG Grand Chambéry"]
    assert texts(section(data.ctgs, "CTG Arlysère", "retard")) == [
        f"{other.reference} — Fiche d'Arlysère"
    ]
    assert section(data.ctgs, "CTG Grand Chambéry", "retard").items == []


# --------------------------------------------------------------------------- élu


def test_the_elu_sees_the_report_to_approve_the_decisions_and_their_fiches(world):
    elu = world.users["elu"]
    report = ActivityReport.objects.create(
        convention=world.a, author=world.users["cdc"], year=YEAR - 1
    )
    copil = meeting(world, kind="copil", days=5, title="COPIL de printemps")
    governance_services.invitation_add(meeting=copil, by=world.users["cdc"], user=elu)
    decision = governance_services.decision_add(
        meeting=copil,
        by=world.users["cdc"],
        text="Lancer l'étude sur les modes de garde",
        owner=elu,
    )
    mine = fiche(world, "Fiche suivie par l'élu")
    type(mine).objects.filter(pk=mine.pk).update(elu_referent=elu)
    fiche(world, "Fiche d'un autre")

    response, data = agenda(world, "elu")

    approve = section(data.ctgs, "CTG Grand Chambéry", "approuver")
    assert texts(approve) == [
        f"Rapport d'activité {YEAR - 1} à approuver",
        f"Décision : {decision.text}",
    ]
    assert approve.items[0].url == reverse(
        "activity:report_detail", args=[world.a.uuid, report.uuid]
    )
    assert texts(section(data.ctgs, "CTG Grand Chambéry", "reunions"))[0].startswith(
        "COPIL de printemps"
    )
    assert texts(section(data.ctgs, "CTG Grand Chambéry", "referent")) == [
        f"{mine.reference} — Fiche suivie par l'élu"
    ]
    assert data.failed is None
    assert "Fiches en retard" not in response.content.decode()


# --------------------------------------------------------------------------- pilots


@pytest.mark.parametrize("role", ["technicien", "partenaire"])
def test_pilots_see_the_fiches_they_pilot_with_their_next_steps(world, role):
    user = world.users[role]
    piloted = fiche(world, "Fiche pilotée")
    type(piloted).objects.filter(pk=piloted.pk).update(pilot=user)
    step(piloted, "Rédiger le cahier des charges", 4)
    copiloted = fiche(world, "Fiche copilotée")
    copiloted.copilots.add(user)
    fiche(world, "Fiche d'un autre")
    secret = fiche(world, "Fiche confidentielle")
    type(secret).objects.filter(pk=secret.pk).update(pilot=user, confidential=role == "partenaire")

    _, data = agenda(world, role)

    fiches = section(data.ctgs, "CTG Grand Chambéry", "pilotees")
    expected = [f"{piloted.reference} — Fiche pilotée", f"{copiloted.reference} — Fiche copilotée"]
    if role == "technicien":
        expected.append(f"{secret.reference} — Fiche confidentielle")
    assert sorted(texts(fiches)) == sorted(expected)
    first = next(i for i in fiches.items if "pilotée" in i.text)
    in4 = fr(TODAY + datetime.timedelta(days=4))
    assert first.detail == f"Prochaines étapes : Rédiger le cahier des charges (le {in4})"
    assert [s.key for s in data.ctgs[0].sections] == ["pilotees"]
    step(copiloted, "Valider le budget", -6)
    _, data = agenda(world, role)
    late = next(
        i
        for i in section(data.ctgs, "CTG Grand Chambéry", "pilotees").items
        if "copilotée" in i.text
    )
    ago6 = fr(TODAY - datetime.timedelta(days=6))
    assert late.urgent
    assert late.detail.startswith(
        f"En retard. L'étape « Valider le budget » était prévue le {ago6}."
    )


def test_a_partner_never_sees_a_confidential_fiche_even_piloted(world):
    user = world.users["partenaire"]
    secret = fiche(world, "Fiche confidentielle")
    type(secret).objects.filter(pk=secret.pk).update(pilot=user, confidential=True)

    response, data = agenda(world, "partenaire")

    assert section(data.ctgs, "CTG Grand Chambéry", "pilotees").items == []
    assert "Fiche confidentielle" not in response.content.decode()


# --------------------------------------------------------------------------- Caf roles


def transmitted(world, convention, author):
    report = ActivityReport.objects.create(
        convention=convention, author=author, year=YEAR - 1, status=ReportStatus.TRANSMIS
    )
    ReportEvent.objects.create(report=report, kind=ReportEventKind.TRANSMIS, by=author)
    return report


def test_a_sent_report_appears_for_the_referent_cdt_with_a_link_to_it(world):
    report = transmitted(world, world.a, world.users["cdc"])
    transmitted(world, world.c, world.users["cdc_c"])

    response, data = agenda(world, "cdt")

    [block] = data.cafs
    assert block.title == "Caf de la Savoie"
    valider = section(data.cafs, "Caf de la Savoie", "valider")
    assert texts(valider) == [f"CTG Grand Chambéry — rapport {YEAR - 1}"]
    assert valider.items[0].url == reverse(
        "activity:report_detail", args=[world.a.uuid, report.uuid]
    )
    assert "CTG Voironnais" not in response.content.decode()


def test_the_responsable_sees_every_sent_report_of_the_caf_and_goes_to_the_caf_reports(world):
    transmitted(world, world.a, world.users["cdc"])
    transmitted(world, world.b, world.users["cdc_b"])
    transmitted(world, world.c, world.users["cdc_c"])

    _, data = agenda(world, "caf_admin")

    valider = section(data.cafs, "Caf de la Savoie", "valider")
    assert sorted(texts(valider)) == [
        f"CTG Arlysère — rapport {YEAR - 1}",
        f"CTG Grand Chambéry — rapport {YEAR - 1}",
    ]
    assert {i.url for i in valider.items} == {
        reverse("activity:caf_reports", args=[world.caf.uuid])
    }


def test_missing_copils_are_listed_for_the_caf_and_held_ones_are_not(world):
    _, data = agenda(world, "caf_admin")
    assert texts(section(data.cafs, "Caf de la Savoie", "copil")) == [
        "CTG Arlysère",
        "CTG Grand Chambéry",
    ]

    held = meeting(world, kind="copil", days=0, convention=world.b)
    start = timezone.now() - datetime.timedelta(hours=3)
    if timezone.localtime(start).year != YEAR:
        start = timezone.now()
    Meeting.objects.filter(pk=held.pk).update(
        status=MeetingStatus.TENUE, start=start, end=start + datetime.timedelta(hours=1)
    )

    _, data = agenda(world, "caf_admin")
    copil = section(data.cafs, "Caf de la Savoie", "copil")
    assert texts(copil) == ["CTG Grand Chambéry"]
    assert copil.items[0].url == reverse("governance:meeting_list", args=[world.a.uuid])


def test_ctgs_whose_cdc_missed_network_meetings_are_listed(world):
    body = Body.objects.create(
        caf=world.caf, kind=BodyKind.RESEAU_CDC, name="Réseau des CDC", frequency="trimestrielle"
    )
    for days, status in [(30, Attendance.ABSENT), (60, Attendance.PRESENT)]:
        start = timezone.now() - datetime.timedelta(days=days)
        held = Meeting.objects.create(
            body=body,
            title="Réunion du réseau",
            start=start,
            end=start + datetime.timedelta(hours=2),
            status=MeetingStatus.TENUE,
        )
        Invitation.objects.create(meeting=held, user=world.users["cdc"], status=status)
        Invitation.objects.create(
            meeting=held, user=world.users["cdc_b"], status=Attendance.PRESENT
        )

    _, data = agenda(world, "caf_admin")

    reseau = section(data.cafs, "Caf de la Savoie", "reseau")
    assert texts(reseau) == ["CTG Grand Chambéry"]
    assert "présent·e à 1 réunion du réseau sur 2" in reseau.items[0].detail
    assert reseau.items[0].url == reverse("departement:network", args=[world.caf.uuid])


def test_due_dates_this_month_list_the_report_due_date(world):
    ReportDueDate.objects.create(caf=world.caf, year=YEAR - 1, due_date=TODAY)
    ReportDueDate.objects.create(caf=world.other_caf, year=YEAR - 1, due_date=TODAY)

    _, data = agenda(world, "cdt")

    echeances = section(data.cafs, "Caf de la Savoie", "echeances")
    assert texts(echeances) == [f"Rapports d'activité {YEAR - 1} à recevoir"]
    assert echeances.items[0].detail == fr(TODAY)


def test_a_cdt_of_another_caf_sees_none_of_this_caf(world):
    transmitted(world, world.a, world.users["cdc"])

    response, data = agenda(world, "cdt_other_caf")

    assert [b.title for b in data.cafs] == ["Caf de l'Isère"]
    content = response.content.decode()
    assert "CTG Grand Chambéry" not in content
    assert "CTG Arlysère" not in content
