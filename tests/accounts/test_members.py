"""Managing the members of a CTG: who may invite, change a role, remove an access."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conventions.models import ConventionMembership

FORBIDDEN_ROLES = ["elu", "technicien", "partenaire", "cdt", "conseiller"]
OUTSIDERS = ["cdc_b", "cdt_other_caf"]


def members_url(convention):
    return reverse("conventions:members", kwargs={"convention_uuid": convention.uuid})


def role_url(membership):
    return reverse(
        "conventions:member_role",
        kwargs={"convention_uuid": membership.convention.uuid, "membership_uuid": membership.uuid},
    )


def deactivate_url(membership):
    return reverse(
        "conventions:member_deactivate",
        kwargs={"convention_uuid": membership.convention.uuid, "membership_uuid": membership.uuid},
    )


def membership_of(user, convention):
    return ConventionMembership.objects.get(user=user, convention=convention)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


INVITATION = {"full_name": "Nina Nouvelle", "email": "nina@example.org", "role": "technicien"}


# --- Who may do what -------------------------------------------------------------------


@pytest.mark.parametrize("role", [*FORBIDDEN_ROLES, "cdc", "caf_admin"])
def test_every_member_and_caf_role_may_see_the_members_of_the_ctg(world, role):
    response = world.client(role).get(members_url(world.a))

    assert response.status_code == 200
    assert "elu.a@example.org" in response.content.decode()
    assert response.context["can_manage"] is (role in {"cdc", "caf_admin"})


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_only_the_cdc_and_caf_admin_may_invite(world, role, mailoutbox):
    users_before = User.objects.count()

    response = world.client(role).post(members_url(world.a), INVITATION)

    assert response.status_code == 403
    assert User.objects.count() == users_before
    assert not ConventionMembership.objects.filter(user__email="nina@example.org").exists()
    assert mailoutbox == []


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_only_the_cdc_and_caf_admin_may_change_a_role(world, role):
    target = membership_of(world.users["technicien"], world.a)

    response = world.client(role).post(role_url(target), {"role": "cdc"})

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == "technicien"


@pytest.mark.parametrize("role", FORBIDDEN_ROLES)
def test_only_the_cdc_and_caf_admin_may_remove_an_access(world, role):
    target = membership_of(world.users["partenaire"], world.a)

    response = world.client(role).post(deactivate_url(target))

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    assert target.deactivated_at is None


@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_people_outside_the_ctg_get_404_on_its_member_pages(world, outsider, mailoutbox):
    client = world.client(outsider)
    target = membership_of(world.users["elu"], world.a)

    assert client.get(members_url(world.a)).status_code == 404
    assert client.post(members_url(world.a), INVITATION).status_code == 404
    assert client.post(role_url(target), {"role": "cdc"}).status_code == 404
    assert client.post(deactivate_url(target)).status_code == 404

    target.refresh_from_db()
    assert (target.role, target.is_active) == ("elu", True)
    assert not User.objects.filter(email="nina@example.org").exists()
    assert mailoutbox == []


def test_anonymous_visitors_are_sent_to_the_login_page(world):
    target = membership_of(world.users["elu"], world.a)

    for response in [
        Client().get(members_url(world.a)),
        Client().post(deactivate_url(target)),
    ]:
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    target.refresh_from_db()
    assert target.is_active


def test_a_membership_of_another_ctg_cannot_be_reached_through_this_ctg(world):
    other = membership_of(world.users["cdc_b"], world.b)
    url = reverse(
        "conventions:member_deactivate",
        kwargs={"convention_uuid": world.a.uuid, "membership_uuid": other.uuid},
    )

    response = world.client("cdc").post(url)

    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active


def test_the_caf_admin_may_invite_change_a_role_and_remove_an_access(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    client = world.client("caf_admin")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(members_url(world.a), INVITATION).status_code == 302
    assert len(mailoutbox) == 1
    nina = membership_of(User.objects.get(email="nina@example.org"), world.a)

    assert client.post(role_url(nina), {"role": "elu"}).status_code == 302
    assert client.post(deactivate_url(nina)).status_code == 302

    nina.refresh_from_db()
    assert nina.role == "elu"
    assert not nina.is_active


# --- Removing an access ----------------------------------------------------------------


def test_removing_an_access_keeps_the_membership_and_closes_the_ctg_to_the_member(world):
    elu = world.users["elu"]
    target = membership_of(elu, world.a)
    detail = reverse("conventions:detail", kwargs={"convention_uuid": world.a.uuid})
    elu_client = world.client("elu")
    assert elu_client.get(detail).status_code == 200

    response = world.client("cdc").post(deactivate_url(target))

    assert response.status_code == 302
    assert response.url == members_url(world.a)
    assert messages_of(response) == [f"{elu} n'a plus accès à cette CTG."]
    target.refresh_from_db()
    assert target.is_active is False
    assert target.deactivated_at is not None
    assert ConventionMembership.objects.filter(user=elu, convention=world.a).count() == 1
    assert elu_client.get(detail).status_code == 404
    assert elu_client.get(members_url(world.a)).status_code == 404
    assert list(elu_client.get(reverse("web:home")).context["own_conventions"]) == []


def test_a_removed_member_stays_listed_as_removed(world):
    target = membership_of(world.users["elu"], world.a)
    world.client("cdc").post(deactivate_url(target))

    response = world.client("cdc").get(members_url(world.a))

    assert "Retiré le" in response.content.decode()
    assert target in response.context["memberships"]


def test_a_cdc_cannot_remove_their_own_access(world):
    own = membership_of(world.users["cdc"], world.a)

    response = world.client("cdc").post(deactivate_url(own))

    assert response.status_code == 302
    assert messages_of(response) == ["Vous ne pouvez pas retirer votre propre accès."]
    own.refresh_from_db()
    assert own.is_active
    assert own.deactivated_at is None


# --- Changing a role -------------------------------------------------------------------


def test_the_cdc_changes_the_role_of_a_member(world):
    target = membership_of(world.users["technicien"], world.a)

    response = world.client("cdc").post(role_url(target), {"role": "elu"})

    assert response.status_code == 302
    assert response.url == members_url(world.a)
    target.refresh_from_db()
    assert target.role == "elu"
    assert messages_of(response) == [f"Rôle de {target.user} : Élu·e référent·e."]


@pytest.mark.parametrize("role", ["admin", "cdt", "caf_admin", ""])
def test_an_invalid_role_changes_nothing(world, role):
    target = membership_of(world.users["technicien"], world.a)

    response = world.client("cdc").post(role_url(target), {"role": role})

    assert response.status_code == 302
    assert messages_of(response) == ["Rôle inconnu : rien n'a été modifié."]
    target.refresh_from_db()
    assert target.role == "technicien"


def test_an_invitation_with_an_invalid_role_creates_nothing(world, mailoutbox):
    response = world.client("cdc").post(members_url(world.a), {**INVITATION, "role": "cdt"})

    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(email="nina@example.org").exists()
    assert mailoutbox == []
