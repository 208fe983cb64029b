"""Inviting a person to a CTG, and the link that lets a new person choose a password."""

import re

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import resolve, reverse

from maillage.accounts.models import User
from maillage.conventions.models import ConventionMembership

NEW_EMAIL = "nouvelle.personne@example.org"
GOOD_PASSWORD = "une phrase de passe bien longue"


def members_url(convention):
    return reverse("conventions:members", kwargs={"convention_uuid": convention.uuid})


def invite(client, convention, email=NEW_EMAIL, role="technicien", full_name="Nina Nouvelle"):
    return client.post(
        members_url(convention), {"full_name": full_name, "email": email, "role": role}
    )


def link_path(message) -> str:
    """The path of the link the e-mail asks to open first (then comes the CTG's page)."""
    links = re.findall(r"http://testserver(/\S*)", message.body)
    assert links, message.body
    return links[0]


@pytest.fixture
def invited(world, mailoutbox, django_capture_on_commit_callbacks):
    """The CDC of CTG A has invited a new person; returns the path of the e-mailed link."""
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world.client("cdc"), world.a)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    return link_path(mailoutbox[0])


def choose_password(client, path, password=GOOD_PASSWORD, confirmation=None):
    """Open the invitation link, then post the password to the page it leads to."""
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True
    return client.post(
        page.redirect_chain[-1][0] if page.redirect_chain else path,
        {"new_password1": password, "new_password2": confirmation or password},
    )


def test_the_cdc_invites_a_new_person_who_gets_an_account_without_password_and_an_email(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world.client("cdc"), world.a, role="technicien")

    assert response.status_code == 302
    assert response.url == members_url(world.a)
    user = User.objects.get(email=NEW_EMAIL)
    assert user.full_name == "Nina Nouvelle"
    assert not user.has_usable_password()
    membership = ConventionMembership.objects.get(user=user)
    assert membership.convention == world.a
    assert membership.role == "technicien"
    assert membership.is_active
    assert membership.invited_by == world.users["cdc"]
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [NEW_EMAIL]
    assert world.a.name in mailoutbox[0].subject
    assert resolve(link_path(mailoutbox[0])).view_name == "accounts:invitation"


def test_the_invitation_email_leaves_only_when_the_transaction_commits(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = invite(world.client("cdc"), world.a)
    assert response.status_code == 302
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert [m.to for m in mailoutbox] == [[NEW_EMAIL]]


def test_the_invited_person_chooses_a_password_then_logs_in_and_sees_the_ctg(world, invited):
    client = Client()

    response = choose_password(client, invited)

    assert response.status_code == 302
    assert response.url == reverse("accounts:login")
    user = User.objects.get(email=NEW_EMAIL)
    assert user.check_password(GOOD_PASSWORD)
    login = client.post(
        reverse("accounts:login"), {"username": NEW_EMAIL, "password": GOOD_PASSWORD}
    )
    assert login.status_code == 302
    home = client.get(reverse("web:home"))
    assert [c.name for c in home.context["own_conventions"]] == ["CTG Grand Chambéry"]
    detail = client.get(reverse("conventions:detail", kwargs={"convention_uuid": world.a.uuid}))
    assert detail.status_code == 200


def test_an_invitation_link_cannot_be_used_twice(world, invited):
    assert choose_password(Client(), invited).status_code == 302

    again = Client().get(invited, follow=True)

    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert "Ce lien d" in again.content.decode()
    assert authenticate(username=NEW_EMAIL, password=GOOD_PASSWORD) is not None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        (
            "Court-11car",
            "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères.",
        ),
        ("telechargement", "Ce mot de passe est trop courant."),
    ],
    ids=["shorter-than-12", "common"],
)
def test_a_short_or_common_password_is_refused_in_french(world, invited, password, message):
    response = choose_password(Client(), invited, password=password)

    assert response.status_code == 200
    assert message in response.context["form"].errors["new_password2"]
    assert not User.objects.get(email=NEW_EMAIL).has_usable_password()


def test_two_different_passwords_are_refused_in_french(world, invited):
    response = choose_password(Client(), invited, confirmation="une autre phrase bien longue")

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"] == [
        "Les deux mots de passe ne correspondent pas."
    ]
    assert not User.objects.get(email=NEW_EMAIL).has_usable_password()


@pytest.mark.parametrize("email", ["elu.a@example.org", "Elu.A@Example.org"])
def test_inviting_an_active_member_again_is_refused_without_duplicate_nor_email(
    world, mailoutbox, django_capture_on_commit_callbacks, email
):
    elu = world.users["elu"]

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world.client("cdc"), world.a, email=email, role="partenaire")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "elu.a@example.org est déjà membre de cette CTG."
    ]
    assert ConventionMembership.objects.filter(user=elu, convention=world.a).count() == 1
    assert ConventionMembership.objects.get(user=elu, convention=world.a).role == "elu"
    assert User.objects.filter(email__iexact=email).count() == 1
    assert mailoutbox == []


def test_inviting_a_member_of_another_ctg_adds_a_membership_to_their_existing_account(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    cdc_b = world.users["cdc_b"]
    users_before = User.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            world.client("cdc"), world.a, email="cdc.b@example.org", role="partenaire"
        )

    assert response.status_code == 302
    assert User.objects.count() == users_before
    membership = ConventionMembership.objects.get(user=cdc_b, convention=world.a)
    assert membership.is_active
    assert membership.role == "partenaire"
    assert cdc_b.convention_memberships.filter(is_active=True).count() == 2
    assert len(mailoutbox) == 1
    assert link_path(mailoutbox[0]) == reverse(
        "conventions:detail", kwargs={"convention_uuid": world.a.uuid}
    )
    assert cdc_b.has_usable_password()
    detail = world.client("cdc_b").get(link_path(mailoutbox[0]))
    assert detail.status_code == 200


def test_reinviting_a_removed_member_reactivates_the_same_membership(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    membership = world.users["elu"].convention_memberships.get()
    membership.is_active = False
    membership.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = invite(
            world.client("cdc"), world.a, email="elu.a@example.org", role="technicien"
        )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_active
    assert membership.deactivated_at is None
    assert membership.role == "technicien"
    assert ConventionMembership.objects.filter(user=world.users["elu"]).count() == 1
    assert len(mailoutbox) == 1


def test_reinviting_someone_who_never_chose_a_password_sends_a_new_password_link(
    world, invited, mailoutbox, django_capture_on_commit_callbacks
):
    cdc = world.client("cdc")
    membership = ConventionMembership.objects.get(user__email=NEW_EMAIL)
    removed = cdc.post(
        reverse(
            "conventions:member_deactivate",
            kwargs={"convention_uuid": world.a.uuid, "membership_uuid": membership.uuid},
        )
    )
    assert removed.status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        assert invite(cdc, world.a).status_code == 302

    assert len(mailoutbox) == 2
    assert resolve(link_path(mailoutbox[1])).view_name == "accounts:invitation"


def test_an_invited_person_without_password_can_get_a_link_by_password_reset(
    world, invited, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("accounts:password_reset"), {"email": NEW_EMAIL})

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == [NEW_EMAIL]
