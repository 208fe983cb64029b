"""The security baseline (OWASP ASVS level 2), one behaviour per test."""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.services import user_deactivate

from ..factories import PASSWORD, UserFactory

LOGIN = "/connexion/"


def post_login(client: Client, email: str, password: str):
    return client.post(LOGIN, {"username": email, "password": password})


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


# Passwords --------------------------------------------------------------------------


def test_a_password_needs_at_least_12_characters():
    with pytest.raises(ValidationError, match="12 caractères"):
        validate_password("court-11car")


def test_a_common_password_is_refused_even_when_long():
    with pytest.raises(ValidationError, match="trop courant"):
        validate_password("password1234")


def test_no_composition_rule_a_long_lowercase_passphrase_is_accepted():
    validate_password("une phrase de passe toute simple")


# Lockout ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_same_message_for_unknown_user_and_wrong_password():
    UserFactory(email="connue@example.org")
    unknown = post_login(Client(), "inconnue@example.org", "n'importe quoi 123")
    wrong = post_login(Client(), "connue@example.org", "mauvais mot de passe")
    message = "Adresse e-mail ou mot de passe incorrect."
    assert message in unknown.content.decode()
    assert message in wrong.content.decode()


@pytest.mark.django_db
def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(caplog):
    UserFactory(email="cible@example.org")
    client = Client(REMOTE_ADDR="10.9.9.8")
    with caplog.at_level(logging.WARNING, logger="maillage.security"):
        for _ in range(5):
            post_login(client, "cible@example.org", "mauvais mot de passe")
    failures = [r for r in caplog.records if "login failed" in r.getMessage()]
    assert len(failures) == 5
    response = post_login(client, "cible@example.org", PASSWORD)
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_with_made_up_emails_do_not_lock_the_real_users_of_that_address():
    UserFactory(email="autre@example.org")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for i in range(5):
        post_login(client, f"essai{i}@example.org", "mauvais mot de passe")
    assert post_login(client, "autre@example.org", PASSWORD).status_code == 302


# Sessions ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_session_key_changes_at_login():
    UserFactory(email="session@example.org")
    client = Client()
    client.get(LOGIN)
    client.session.save()
    before = client.session.session_key
    assert post_login(client, "session@example.org", PASSWORD).status_code == 302
    assert client.session.session_key != before


def test_idle_timeout_is_two_hours_and_renewed_on_each_request(settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


@pytest.mark.django_db(transaction=False)
def test_deactivating_a_user_ends_their_sessions(django_capture_on_commit_callbacks):
    from django.contrib.sessions.models import Session

    user = UserFactory(email="partant@example.org")
    client = Client()
    assert post_login(client, "partant@example.org", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        user_deactivate(user=user)
    assert not Session.objects.filter(session_key=client.session.session_key).exists()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


# Two-factor authentication ----------------------------------------------------------


@pytest.mark.django_db
def test_every_user_can_enrol_and_is_then_asked_for_a_code_at_login(world):
    client = Client()
    assert post_login(client, "elu.a@example.org", PASSWORD).status_code == 302
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 200
    assert not TOTPDevice.objects.filter(user=world.users["elu"]).exists()  # GET saves nothing
    pending = TOTPDevice(key=client.session["maillage_2fa_pending_key"])
    response = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(pending)})
    assert response.status_code == 200
    assert "Vos codes de secours" in response.content.decode()
    assert TOTPDevice.objects.get(user=world.users["elu"]).confirmed

    again = Client()
    post_login(again, "elu.a@example.org", PASSWORD)
    response = again.get(reverse("conventions:detail", args=[world.a.uuid]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


@pytest.mark.django_db
def test_a_caf_admin_must_enrol_before_any_page_with_personal_data(world):
    client = Client()
    assert post_login(client, "caf_admin.savoie@example.org", PASSWORD).status_code == 302
    for url in [
        "/",
        reverse("conventions:detail", args=[world.a.uuid]),
        reverse("conventions:members", args=[world.a.uuid]),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert client.get(reverse("web:accessibility")).status_code == 200


@pytest.mark.django_db
def test_a_platform_administrator_must_enrol_too():
    UserFactory(email="plateforme@example.org", is_staff=True, is_superuser=True)
    client = Client()
    post_login(client, "plateforme@example.org", PASSWORD)
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(world):
    user = world.users["caf_admin"]
    device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    code = current_code(device)
    first = Client()
    post_login(first, user.email, PASSWORD)
    assert first.post(reverse("accounts:two_factor_verify"), {"token": code}).status_code == 302
    assert first.get("/").status_code == 200

    second = Client()
    post_login(second, user.email, PASSWORD)
    response = second.post(reverse("accounts:two_factor_verify"), {"token": code})
    assert response.status_code == 200
    assert "déjà servi" in response.content.decode()
    assert second.get("/").status_code == 302


@pytest.mark.django_db
def test_password_reset_does_not_bypass_the_second_factor(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    user = world.users["caf_admin"]
    TOTPDevice.objects.create(user=user, name="t", confirmed=True)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/]+(/mot-de-passe/nouveau/\S+)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    new = "un tout nouveau mot de passe"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # not logged in by the reset
    post_login(client, user.email, new)
    response = client.get("/")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


# Headers ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_nonce_based_csp_and_the_security_headers(world):
    response = world.client("cdc").get(reverse("conventions:detail", args=[world.a.uuid]))
    csp = response["Content-Security-Policy"]
    assert re.search(r"script-src 'self' 'nonce-[\w+/=-]+'", csp)
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_no_inline_script_or_style_without_the_nonce(world):
    for role, url in [
        ("cdc", "/"),
        ("cdt", "/"),
        ("cdc", reverse("conventions:detail", args=[world.a.uuid])),
        ("anonymous", LOGIN),
    ]:
        html = world.client(role).get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)", html), url
        assert not re.search(r"<style(?![^>]*\bnonce=)", html), url
        assert not re.search(r"\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_production_settings_turn_on_hsts_and_secure_cookies(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "maillage.example.org")
    production = importlib.import_module("maillage.settings.production")
    importlib.reload(production)
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.DEBUG is False


# CSRF -------------------------------------------------------------------------------


POSTS = ["conventions:members", "conventions:territory", "conventions:signatories"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", POSTS)
def test_a_state_changing_request_without_csrf_token_is_refused(world, name):
    from ..conftest import login

    client = login(Client(enforce_csrf_checks=True), world.users["cdc"])
    before = world.a.communes.count(), world.a.memberships.count(), world.a.signatories.count()
    response = client.post(
        reverse(name, args=[world.a.uuid]),
        {
            "action": "add_epci",
            "full_name": "X",
            "email": "x@example.org",
            "role": "elu",
        },
    )
    assert response.status_code == 403
    after = world.a.communes.count(), world.a.memberships.count(), world.a.signatories.count()
    assert before == after


@pytest.mark.django_db
def test_logout_by_get_is_refused(world):
    client = world.client("cdc")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get("/").status_code == 200
