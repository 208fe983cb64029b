"""Long lists are searchable: the widgets mark them for the script, which is served."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.urls import reverse

from maillage.network import services as network
from maillage.plans import services
from maillage.plans.forms import ActionForm, BudgetLineForm
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory


def test_the_fiche_form_lists_are_searchable(world):
    form = ActionForm(plan=plan_of(world.a))
    for name in ("partners", "communes", "pilot_contact", "pilot_organisation"):
        assert "data-recherche" in str(form[name]), name


def test_the_financeur_list_shows_the_ctg_s_directory_first(world):
    own = OrganisationFactory(caf=world.caf, name="Zèbre, centre social")
    OrganisationFactory(caf=world.caf, name="Association Alpha")
    OrganisationFactory(caf=world.other_caf, name="Mairie d'ailleurs")
    network.partner_add(convention=world.a, by=world.users["cdc"], organisation=own)
    html = str(BudgetLineForm(convention=world.a)["financeur"])
    assert html.index('label="Annuaire de la CTG"') < html.index("Zèbre")
    assert html.index("Zèbre") < html.index('label="Autres organisations de la Caf"')
    assert html.index('label="Autres organisations de la Caf"') < html.index("Association Alpha")
    assert "Mairie d&#x27;ailleurs" not in html and "Mairie d'ailleurs" not in html


def test_a_financeur_of_another_caf_is_still_refused(world):
    foreign = OrganisationFactory(caf=world.other_caf, name="Mairie d'ailleurs")
    form = BudgetLineForm(
        {"year": "2026", "nature": "fonctionnement", "forecast": "10", "financeur": foreign.pk},
        convention=world.a,
    )
    assert "financeur" in form.errors


def test_the_script_and_its_library_are_served_on_every_page(world):
    assert finders.find("vendor/tom-select/js/tom-select.complete.min.js")
    assert finders.find("vendor/tom-select/css/tom-select.bootstrap5.min.css")
    cdc = world.users["cdc"]
    plan = plan_of(world.a)
    axis = services.axis_create(plan=plan, by=cdc, title="Axe")
    action = services.action_create(plan=plan, by=cdc, axis=axis, title="Fiche")
    page = world.client("cdc").get(reverse("plans:action_edit", args=[world.a.uuid, action.uuid]))
    assert "maillage/selects.js" in page.content.decode()
