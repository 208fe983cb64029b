"""The request context: a page's CTG or Caf resolved once, with the user's roles and rights."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from maillage.accounts.models import User
from maillage.conventions.context import caf_context, caf_view, ctg_context, ctg_view
from maillage.conventions.permissions import (
    can_edit_convention,
    can_view_cdc_network,
    can_view_compliance,
    is_cdc,
    roles_on,
)
from maillage.plans.permissions import can_edit_plan, plan_permissions

from ..factories import UserFactory

SEEN: dict[str, object] = {}


def _page(request, **kwargs):
    """A page that records what the decorator gave it."""
    SEEN.clear()
    SEEN.update(request=request, kwargs=kwargs)
    return HttpResponse("ok")


def _call(decorator, user, **kwargs):
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk) if user.is_authenticated else user
    return decorator(_page)(request, **kwargs), request


# ----------------------------------------------------------------------------- CTG


@pytest.mark.django_db
def test_a_ctg_page_gets_the_ctg_the_roles_and_the_flags_without_the_uuid(world):
    response, request = _call(ctg_view(), world.users["cdc"], convention_uuid=world.a.uuid)
    assert response.status_code == 200
    assert request.ctg == world.a
    assert request.ctg_roles == {"cdc"}
    assert request.ctg_perms["can_keep_journal"] is True
    assert request.ctg_perms["can_edit"] is True
    assert SEEN["kwargs"] == {}  # the view no longer takes the CTG's UUID


@pytest.mark.django_db
def test_other_url_arguments_reach_the_view(world):
    other = uuid.uuid4()
    _call(ctg_view(), world.users["cdc"], convention_uuid=world.a.uuid, meeting_uuid=other)
    assert SEEN["kwargs"] == {"meeting_uuid": other}


@pytest.mark.django_db
def test_a_caf_role_holds_its_caf_role_on_each_ctg_of_its_caf(world):
    _, request = _call(ctg_view(), world.users["cdt"], convention_uuid=world.b.uuid)
    assert request.ctg == world.b
    assert request.ctg_roles == {"cdt"}
    assert request.ctg_perms["can_keep_journal"] is False


@pytest.mark.django_db
def test_a_missing_ctg_and_a_ctg_one_may_not_see_are_the_same_404(world):
    cdc = world.users["cdc"]
    with pytest.raises(Http404) as missing:
        _call(ctg_view(), cdc, convention_uuid=uuid.uuid4())
    with pytest.raises(Http404) as forbidden:
        _call(ctg_view(), cdc, convention_uuid=world.b.uuid)  # same Caf, not a member
    with pytest.raises(Http404) as other_caf:
        _call(ctg_view(), world.users["cdt"], convention_uuid=world.c.uuid)
    assert str(missing.value) == str(forbidden.value) == str(other_caf.value) == "CTG introuvable."


@pytest.mark.django_db
def test_an_anonymous_user_and_an_inactive_member_see_no_ctg(world):
    with pytest.raises(Http404):
        _call(ctg_view(), AnonymousUser(), convention_uuid=world.a.uuid)
    elu = world.users["elu"]
    User.objects.filter(pk=elu.pk).update(is_active=False)
    with pytest.raises(Http404):
        _call(ctg_view(), elu, convention_uuid=world.a.uuid)


@pytest.mark.django_db
def test_a_required_right_the_user_lacks_on_a_visible_ctg_is_a_403(world):
    response, _ = _call(ctg_view("can_edit"), world.users["cdc"], convention_uuid=world.a.uuid)
    assert response.status_code == 200
    with pytest.raises(PermissionDenied):
        _call(ctg_view("can_edit"), world.users["technicien"], convention_uuid=world.a.uuid)
    # Invisible stays 404, whatever the right: the CTG's existence is not revealed.
    with pytest.raises(Http404):
        _call(ctg_view("can_edit"), world.users["technicien"], convention_uuid=world.b.uuid)


@pytest.mark.django_db
def test_a_required_right_may_come_from_an_apps_flags_or_be_a_predicate(world):
    plan_page = ctg_view("can_edit_plan", flags=(plan_permissions,))
    _, request = _call(plan_page, world.users["cdc"], convention_uuid=world.a.uuid)
    assert request.ctg_perms["can_edit_plan"] is True
    with pytest.raises(PermissionDenied):
        _call(plan_page, world.users["cdt"], convention_uuid=world.a.uuid)
    with pytest.raises(PermissionDenied):
        _call(ctg_view(can_edit_plan), world.users["elu"], convention_uuid=world.a.uuid)


@pytest.mark.django_db
def test_a_misspelt_right_fails_loudly(world):
    with pytest.raises(ImproperlyConfigured):
        _call(ctg_view("can_edit_plna"), world.users["cdc"], convention_uuid=world.a.uuid)


@pytest.mark.django_db
def test_a_platform_administrator_sees_every_ctg_with_every_right(world):
    root = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    _, request = _call(ctg_view("can_edit"), root, convention_uuid=world.c.uuid)
    assert request.ctg == world.c
    assert request.ctg_roles == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["cdc", "technicien", "cdt", "caf_admin"])
def test_the_ctg_and_the_roles_cost_one_query_and_the_rights_none_after(world, role):
    user = User.objects.get(pk=world.users[role].pk)
    request = RequestFactory().get("/")
    request.user = user
    page = ctg_view(flags=(plan_permissions,))(_page)
    with CaptureQueriesContext(connection) as resolving:
        page(request, convention_uuid=world.a.uuid)
    assert len(resolving.captured_queries) == 1
    with CaptureQueriesContext(connection) as checking:
        roles_on(user, request.ctg)
        is_cdc(user, request.ctg)
        can_edit_convention(user, request.ctg)
        can_edit_plan(user, request.ctg)
        ctg_context(request)
    assert checking.captured_queries == []


@pytest.mark.django_db
def test_the_roles_read_with_the_ctg_are_those_the_predicates_read(world):
    for role in ["cdc", "elu", "technicien", "partenaire", "cdt", "conseiller", "caf_admin"]:
        _, request = _call(ctg_view(), world.users[role], convention_uuid=world.a.uuid)
        fresh = User.objects.get(pk=world.users[role].pk)
        assert request.ctg_roles == roles_on(fresh, world.a), role


@pytest.mark.django_db
def test_a_page_that_prints_the_territory_asks_for_the_listing(world):
    _, plain = _call(ctg_view(), world.users["cdc"], convention_uuid=world.a.uuid)
    assert "population" not in plain.ctg.__dict__
    _, listed = _call(ctg_view(listing=True), world.users["cdc"], convention_uuid=world.a.uuid)
    assert listed.ctg.commune_count == world.a.communes.count() > 0
    assert listed.ctg.population > 0


@pytest.mark.django_db
def test_the_page_context_holds_the_ctg_its_flags_then_the_views_own(world):
    _, request = _call(
        ctg_view(flags=(plan_permissions,)), world.users["cdc"], convention_uuid=world.a.uuid
    )
    context = ctg_context(request, title="Plan", can_edit=False)
    assert context["convention"] == context["ctg"] == world.a
    assert context["ctg_roles"] == {"cdc"}
    assert context["can_edit_plan"] is True
    assert context["title"] == "Plan"
    assert context["can_edit"] is False  # the view's own value wins


# ----------------------------------------------------------------------------- Caf


@pytest.mark.django_db
def test_a_caf_page_gets_the_caf_the_roles_and_the_flags(world):
    _, request = _call(caf_view(), world.users["caf_admin"], caf_uuid=world.caf.uuid)
    assert request.caf == world.caf
    assert request.caf_roles == {"caf_admin"}
    assert request.caf_perms == {
        "can_view_compliance": True,
        "can_edit_caf_contacts": True,
        "can_manage_cdc_network": True,
        "can_view_cdc_network": True,
    }
    assert SEEN["kwargs"] == {}


@pytest.mark.django_db
def test_a_ctg_member_belongs_to_its_caf_without_a_caf_role(world):
    _, request = _call(caf_view(), world.users["cdc"], caf_uuid=world.caf.uuid)
    assert request.caf_roles == frozenset()
    assert request.caf_perms["can_view_compliance"] is False
    assert request.caf_perms["can_view_cdc_network"] is True  # a CDC of one of its CTGs
    _, request = _call(caf_view(), world.users["elu"], caf_uuid=world.caf.uuid)
    assert request.caf_perms["can_view_cdc_network"] is False


@pytest.mark.django_db
def test_a_missing_caf_and_another_users_caf_are_the_same_404(world):
    with pytest.raises(Http404) as missing:
        _call(caf_view(), world.users["cdt"], caf_uuid=uuid.uuid4())
    with pytest.raises(Http404) as forbidden:
        _call(caf_view(), world.users["cdt"], caf_uuid=world.other_caf.uuid)
    assert str(missing.value) == str(forbidden.value) == "Caf introuvable."


@pytest.mark.django_db
def test_a_caf_right_the_user_lacks_is_a_403(world):
    response, _ = _call(
        caf_view("can_view_compliance"), world.users["cdt"], caf_uuid=world.caf.uuid
    )
    assert response.status_code == 200
    with pytest.raises(PermissionDenied):
        _call(caf_view("can_view_compliance"), world.users["elu"], caf_uuid=world.caf.uuid)
    with pytest.raises(PermissionDenied):
        _call(caf_view("can_edit_caf_contacts"), world.users["cdt"], caf_uuid=world.caf.uuid)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["cdc", "elu", "cdt", "caf_admin"])
def test_the_caf_and_the_roles_cost_one_query_and_the_rights_none_after(world, role):
    user = User.objects.get(pk=world.users[role].pk)
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as resolving:
        caf_view()(_page)(request, caf_uuid=world.caf.uuid)
    assert len(resolving.captured_queries) == 1
    with CaptureQueriesContext(connection) as checking:
        can_view_compliance(user, request.caf)
        can_view_cdc_network(user, request.caf)
        caf_context(request)
    assert checking.captured_queries == []
