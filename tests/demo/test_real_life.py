"""The demo reads like a real département: French that elides, functions worded for each
person, thématiques that cover the plans, spending that follows the work done, reports
only for CTGs under way, and every CTG of the Savoie with its CDC and a plan.

Read from one demo loaded for the module.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity.enums import ReportStatus
from maillage.activity.models import ActivityReport
from maillage.conventions.enums import ConventionRole, ConventionStatus
from maillage.conventions.models import Convention, ConventionMembership
from maillage.demo.data.plans import DEMO_TODAY
from maillage.governance.enums import BodyKind
from maillage.governance.members import members_not_invited
from maillage.governance.models import Body, Meeting
from maillage.network.models import Contact
from maillage.plans.enums import ActionStatus
from maillage.plans.models import Action, ActionTheme, BudgetLine

pytestmark = pytest.mark.xdist_group("demo")

# « de » before a vowel or a mute h, where French writes « d' ».
UNELIDED = re.compile(r"\b[Dd]e (?:[AEIOUÀÂÉÈÊÎÏÔÛaeiouàâéèêîïôû]|H(?:élène|ugo))\w*")

FEMININE_NAMES = {
    "Agnès", "Anaïs", "Aurélie", "Camille", "Cécile", "Céline", "Chloé", "Delphine", "Élise",
    "Émilie", "Florence", "Gaëlle", "Hélène", "Isabelle", "Julie", "Karine", "Laetitia", "Léa",
    "Maud", "Mélanie", "Nadia", "Nathalie", "Noémie", "Pascale", "Pauline", "Sandrine",
    "Sophie", "Sylvie", "Valérie", "Virginie", "Yasmine",
}  # fmt: skip
# The words of a function that say the person's gender, masculine → feminine.
GENDERED = {
    "Adjoint": "Adjointe",
    "Vice-président": "Vice-présidente",
    "Directeur": "Directrice",
    "Infirmier": "Infirmière",
    "Conseiller": "Conseillère",
    "Chargé": "Chargée",
    "Travailleur": "Travailleuse",
    "Principal": "Principale",
    "Délégué": "Déléguée",
    "Éducateur": "Éducatrice",
    "Animateur": "Animatrice",
    "Accueillant": "Accueillante",
    "Coordinateur": "Coordinatrice",
    "Référent": "Référente",
    "Président": "Présidente",
}


@pytest.fixture
def demo(shared_demo, db):
    """The demo, loaded once for this module's tests."""
    return shared_demo


def test_no_text_of_the_demo_leaves_de_unelided_before_a_vowel(demo):
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("maillage.") or model.__name__.startswith("Historical"):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for row in model.objects.values(*fields) if fields else []:
            for name, value in row.items():
                for match in UNELIDED.finditer(value or ""):
                    found.append(f"{model.__name__}.{name}: {match.group(0)}")

    assert sorted(set(found)) == []
    contracted = Action.objects.filter(Q(title__contains="à Le ") | Q(title__contains="à Les "))
    assert list(contracted.values_list("title", flat=True)) == []  # « au », « aux »


def test_the_members_page_elides_before_a_name_that_starts_with_a_vowel(demo):
    client = Client()
    client.force_login(User.objects.get(email="cdc.chambery@example.org"))
    convention = Convention.objects.get(name="CTG Grand Chambéry")

    page = client.get(reverse("conventions:members", args=[convention.uuid])).content.decode()

    assert "Rôle d&#x27;Inès Perrin" in page
    assert "Rôle de Marc Vial" in page
    assert "de Inès" not in page


def test_each_contact_s_function_is_worded_for_their_gender(demo):
    wrong = []
    for contact in Contact.objects.filter(convention__caf__name="Caf de la Savoie"):
        words = set(re.split(r"[ ']", contact.function))
        feminine = contact.first_name in FEMININE_NAMES
        unwanted = set(GENDERED) if feminine else set(GENDERED.values())
        if words & unwanted:
            wrong.append(f"{contact.first_name} {contact.last_name} — {contact.function}")

    assert wrong == []
    assert Contact.objects.filter(function="Conseillère technique").exists() or (
        Contact.objects.filter(function="Conseiller technique").exists()
    )


def test_each_ctg_s_thematiques_cover_the_themes_of_its_plan(demo):
    uncovered = []
    for convention in Convention.objects.prefetch_related("themes"):
        own = {t.theme for t in convention.themes.all()}
        used = set(
            ActionTheme.objects.filter(action__plan__convention=convention).values_list(
                "theme", flat=True
            )
        )
        uncovered += [f"{convention.name}: {theme}" for theme in sorted(used - own)]

    assert uncovered == []


def test_what_a_fiche_has_spent_follows_its_progress(demo):
    overspent = []
    actions = Action.objects.with_progress(today=DEMO_TODAY).annotate(
        forecast=Sum("budget_lines__forecast"), spent=Sum("budget_lines__actual")
    )
    for action in actions:
        spent = action.spent or Decimal(0)
        if action.status == ActionStatus.A_VENIR and spent:
            overspent.append(f"{action.title}: {spent} € spent, à venir")
        bound = (action.forecast or 0) * (Decimal(action.progress) / 100 + Decimal("0.1"))
        if spent > bound:
            overspent.append(f"{action.title}: {spent} € spent at {action.progress} %")

    assert overspent == []
    assert BudgetLine.objects.filter(actual__gt=0).exists()


def test_a_ctg_en_preparation_has_no_report_on_last_year(demo):
    today = timezone.localdate()
    preparing = Convention.objects.with_status(today=today).filter(
        status=ConventionStatus.EN_PREPARATION
    )

    reports = ActivityReport.objects.filter(convention__in=preparing, year__lt=today.year)

    assert preparing.exists()
    assert list(reports.values_list("convention__name", "year", "status")) == []
    assert ActivityReport.objects.filter(status=ReportStatus.VALIDE).exists()


def test_every_ctg_of_the_savoie_has_an_active_cdc_and_a_plan_with_steps(demo):
    conventions = Convention.objects.filter(caf__name="Caf de la Savoie")
    lacking = []
    for convention in conventions:
        cdc = ConventionMembership.objects.filter(
            convention=convention, role=ConventionRole.CDC, is_active=True
        )
        actions = Action.objects.filter(plan__convention=convention)
        if not cdc.exists() or not actions.exists() or not actions.filter(steps__isnull=False):
            lacking.append(convention.name)

    assert conventions.count() == 18
    assert lacking == []
    statuses = set(
        Action.objects.filter(plan__convention__in=conventions).values_list("status", flat=True)
    )
    assert len(statuses) >= 4


def test_the_readme_names_the_ctgs_each_demo_cdt_is_referent_of(demo):
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    rows = dict(re.findall(r"^\| `(cdt\d@example\.org)` [^|]*\| ([^|]+) \|$", readme, re.M))

    expected = {
        cdt.email: ", ".join(
            Convention.objects.filter(cdt=cdt).order_by("name").values_list("name", flat=True)
        )
        for cdt in User.objects.filter(email__regex=r"^cdt\d@").order_by("email")
    }
    assert rows == expected
    assert len(rows) == 6


def test_the_directory_grew_over_the_ctg_s_life_and_new_partners_are_a_handful(demo):
    """« Nouveaux partenaires en 2026 : 59 » counted the Caf and the CTG's EPCI: the demo's
    directory dates its partners over the CTG's life, and the fact leaves out signatories."""
    from maillage.activity import services
    from maillage.activity.facts import gather

    year = timezone.localdate().year
    checked = 0
    for report in ActivityReport.objects.filter(year=year).select_related("convention"):
        partners = next(
            f
            for f in gather(services.scope_of(report))["partenariats"]
            if f.key == "reseau.nouveaux_partenaires"
        )
        names = {row[0] for row in partners.rows}
        signatories = set(
            report.convention.signatories.values_list("organisation__name", flat=True)
        )
        assert not names & signatories, report.convention.name
        assert "Caf de la Savoie" not in names
        started = report.convention.signed_on or report.convention.start_date
        if started.year < year:  # a CTG signed this year built its whole directory this year
            assert len(partners.rows) <= 6, (report.convention.name, names)
            checked += 1
    assert checked >= 2


def test_every_member_of_a_demo_instance_is_invited_to_its_meetings(demo):
    """The Grand Chambéry COPIL's organisations come through their contacts: no member of
    any instance is left out of its meetings."""
    copil = Body.objects.get(convention__name="CTG Grand Chambéry", kind=BodyKind.COPIL)
    assert copil.members.filter(organisation__isnull=False).count() >= 3
    for meeting in Meeting.objects.select_related("body__convention", "body__caf"):
        invitations = list(meeting.invitations.all())
        assert members_not_invited(meeting.body, invitations) == [], meeting.title
    represented = {i.organisation_id for m in copil.meetings.all() for i in m.invitations.all()}
    assert set(copil.members.values_list("organisation_id", flat=True)) - {None} <= represented
