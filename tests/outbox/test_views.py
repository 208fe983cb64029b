"""The page « Courriels non remis » and the banner that leads to it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db

BANNER = "pas pu être remis"


def undelivered(user, subject="Convocation : COPIL", **fields) -> OutboxMessage:
    return OutboxMessage.objects.create(
        to=["absent@example.org"],
        subject=subject,
        body="Texte",
        from_email="ne-pas-repondre@maillage.example.org",
        sender=user,
        status=OutboxStatus.ECHEC,
        attempts=5,
        last_error="Serveur de messagerie injoignable : [Errno 111] Connection refused",
        about="Convocation de la réunion « COPIL »",
        about_url="http://testserver/ctg/",
        **fields,
    )


def test_the_sender_sees_their_undelivered_emails_and_nobody_else_does(world):
    undelivered(world.users["cdc"])
    undelivered(world.users["elu"], subject="Message de l'élu")
    OutboxMessage.objects.create(
        to=["x@example.org"], subject="Parti", body="x", from_email="x@example.org",
        sender=world.users["cdc"], status=OutboxStatus.ENVOYE,
    )  # fmt: skip
    page = world.client("cdc").get(reverse("outbox:undelivered")).content.decode()
    assert "Convocation : COPIL" in page and "absent@example.org" in page
    assert "Serveur de messagerie injoignable" in page
    assert '<a href="http://testserver/ctg/">Convocation de la réunion « COPIL »</a>' in page
    assert "Message de l&#x27;élu" not in page and "Parti" not in page


def test_the_banner_shows_only_to_a_sender_with_undelivered_emails(world):
    undelivered(world.users["cdc"])
    undelivered(world.users["cdc"])
    home = world.client("cdc").get(reverse("web:home")).content.decode()
    assert "2 courriels envoyés à la suite de vos actions n'ont pas pu être remis" in home
    assert reverse("outbox:undelivered") in home
    assert BANNER not in world.client("elu").get(reverse("web:home")).content.decode()


def test_dismissing_hides_the_email_from_the_page_and_the_banner(world):
    message = undelivered(world.users["cdc"])
    client = world.client("cdc")
    response = client.post(reverse("outbox:dismiss", args=[message.uuid]))
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.dismissed_at is not None
    assert BANNER not in client.get(reverse("web:home")).content.decode()
    assert "Convocation : COPIL" not in client.get(reverse("outbox:undelivered")).content.decode()


def test_nobody_dismisses_an_email_of_someone_else(world):
    message = undelivered(world.users["cdc"])
    response = world.client("elu").post(reverse("outbox:dismiss", args=[message.uuid]))
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.dismissed_at is None
    world.client("elu").post(reverse("outbox:undelivered"))  # « Tout masquer »: theirs only
    message.refresh_from_db()
    assert message.dismissed_at is None


def test_dismissing_all_hides_every_email_of_the_sender(world):
    undelivered(world.users["cdc"])
    undelivered(world.users["cdc"])
    client = world.client("cdc")
    assert client.post(reverse("outbox:undelivered")).status_code == 302
    assert not OutboxMessage.objects.filter(dismissed_at__isnull=True).exists()


def test_the_banner_costs_one_query_whatever_the_number_of_emails(world):
    client = world.client("cdc")
    # A CTG's page: the home also lists the messages themselves (its own query).
    page = reverse("conventions:detail", kwargs={"convention_uuid": world.a.uuid})

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page).status_code == 200
        outbox = [q for q in ctx.captured_queries if "outbox_outboxmessage" in q["sql"]]
        assert len(outbox) == 1
        return len(ctx.captured_queries)

    none = count()
    for _ in range(20):
        undelivered(world.users["cdc"])
    assert count() == none
