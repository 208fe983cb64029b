"""Logging in with an e-mail address, and what a deactivated account can no longer do."""

import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from maillage.accounts import services
from maillage.settings import base

from ..factories import PASSWORD

LOGIN_ERROR = "Adresse e-mail ou mot de passe incorrect."


def log_in(client, email, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def sessions_of(user):
    return [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_a_member_logs_in_with_email_and_password_and_lands_on_home(world):
    client = Client()

    response = log_in(client, "cdc.a@example.org")

    assert response.status_code == 302
    assert response.url == reverse("web:home")
    home = client.get(reverse("web:home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == world.users["cdc"]


def test_home_requires_login(world):
    response = Client().get(reverse("web:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("cdc.a@example.org", "pas le bon mot de passe du tout"),
        ("personne.inconnue@example.org", PASSWORD),
    ],
    ids=["wrong-password", "unknown-email"],
)
def test_wrong_password_and_unknown_email_get_the_same_french_message(world, email, password):
    client = Client()

    response = log_in(client, email, password)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_ERROR]
    assert "_auth_user_id" not in client.session


def test_a_deactivated_user_cannot_log_in_and_gets_the_same_message(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_deactivate(user=world.users["elu"])
    client = Client()

    response = log_in(client, "elu.a@example.org")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [LOGIN_ERROR]
    assert "_auth_user_id" not in client.session


def test_deactivating_a_user_ends_their_open_sessions(world, django_capture_on_commit_callbacks):
    elu = world.users["elu"]
    client = Client()
    assert log_in(client, "elu.a@example.org").status_code == 302
    assert client.get(reverse("web:home")).status_code == 200
    assert len(sessions_of(elu)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.user_deactivate(user=elu, by=world.users["caf_admin"])

    assert sessions_of(elu) == []
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_a_session_of_a_deactivated_user_is_refused_even_before_it_is_deleted(world):
    """Without running the on-commit clean-up, the request is still not authenticated."""
    client = Client()
    assert log_in(client, "elu.a@example.org").status_code == 302

    services.user_deactivate(user=world.users["elu"])

    response = client.get(reverse("conventions:detail", kwargs={"convention_uuid": world.a.uuid}))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_already_logged_in_user_is_sent_home_from_the_login_page(world):
    response = world.client("cdc").get(reverse("accounts:login"))

    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_the_email_is_matched_whatever_its_case_at_login(world):
    client = Client()

    response = log_in(client, "CDC.A@Example.org")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["cdc"].pk)


def test_an_old_pbkdf2_hash_is_replaced_by_argon2_at_login(world):
    """Production hashers: Argon2 first, the former ones still read and rehashed."""
    production_hashers = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = world.users["elu"]
    with override_settings(PASSWORD_HASHERS=production_hashers):
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save(update_fields=["password"])
        response = log_in(Client(), "elu.a@example.org")

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    with override_settings(PASSWORD_HASHERS=production_hashers):
        assert check_password(PASSWORD, user.password)


def test_the_production_settings_hash_with_argon2_first():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in base.PASSWORD_HASHERS
