"""Lockout after failed logins: the (account, address) pair, a ceiling per address, and the
client's address read through the trusted proxies only."""

import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from maillage.accounts.client_ip import client_ip

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "mauvais mot de passe"


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **extra
    )


def test_failures_with_made_up_emails_do_not_lock_a_real_user_of_the_same_address():
    UserFactory(email="vraie@example.org")
    client = Client(REMOTE_ADDR="10.0.0.1")
    for i in range(5):
        assert log_in(client, f"invente{i}@example.org", WRONG).status_code == 200

    assert log_in(client, "vraie@example.org").status_code == 302


def test_failures_from_another_address_do_not_lock_the_account():
    UserFactory(email="vraie@example.org")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(6):
        log_in(attacker, "vraie@example.org", WRONG)

    assert log_in(Client(REMOTE_ADDR="10.0.0.2"), "vraie@example.org").status_code == 302


def test_the_pair_is_locked_after_five_failures_with_the_french_page():
    UserFactory(email="vraie@example.org")
    client = Client(REMOTE_ADDR="10.0.0.3")
    for _ in range(4):
        assert log_in(client, "vraie@example.org", WRONG).status_code == 200
    assert log_in(client, "vraie@example.org", WRONG).status_code == 429

    response = log_in(client, "vraie@example.org")

    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_ceiling_per_address_locks_it_across_accounts(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 8
    UserFactory(email="vraie@example.org")
    client = Client(REMOTE_ADDR="10.0.0.4")
    for i in range(8):  # under the limit of each pair, over the ceiling of the address
        log_in(client, f"invente{i}@example.org", WRONG)

    response = log_in(client, "vraie@example.org")

    assert response.status_code == 429
    assert "Connexion temporairement bloquée" in response.content.decode()
    # Another address is not concerned.
    assert log_in(Client(REMOTE_ADDR="10.0.0.5"), "vraie@example.org").status_code == 302


def test_the_default_ceiling_is_much_higher_than_the_limit_per_account(settings):
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS >= 10 * settings.AXES_FAILURE_LIMIT


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert client_ip(request) == "10.0.0.6"


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the left part is the client's word
        (2, "6.6.6.6, 198.51.100.7, 10.1.1.1", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.6"),  # fewer hops than proxies: the peer
        (1, "pas une adresse", "10.0.0.6"),
    ],
)
def test_x_forwarded_for_is_read_from_the_right_through_the_trusted_proxies(
    settings, count, header, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR=header)

    assert client_ip(request) == expected


def test_behind_one_proxy_the_lockout_and_the_log_use_the_forwarded_address(settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="vraie@example.org")
    proxy = Client(REMOTE_ADDR="10.0.0.254")
    with caplog.at_level(logging.WARNING, logger="maillage.security"):
        for _ in range(5):
            log_in(proxy, "vraie@example.org", WRONG, HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert any("address=198.51.100.7" in r.getMessage() for r in caplog.records)
    locked = log_in(proxy, "vraie@example.org", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert locked.status_code == 429
    # Another user behind the same proxy is not locked out.
    other = log_in(
        Client(REMOTE_ADDR="10.0.0.254"), "vraie@example.org", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )
    assert other.status_code == 302
