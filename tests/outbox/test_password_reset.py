"""The password reset e-mail goes through the outbox like every other one."""

from __future__ import annotations

from django.urls import reverse

from maillage.outbox.enums import OutboxStatus
from maillage.outbox.models import OutboxMessage

from ..factories import UserFactory


def test_a_reset_asked_while_smtp_is_down_answers_and_waits_in_the_outbox(
    db, client, smtp_down, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://maillage.example.org"
    user = UserFactory(email="claire.fontaine@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"email": "Claire.Fontaine@example.org"}
        )
    assert response.status_code == 302
    message = OutboxMessage.objects.get()
    assert message.to == [user.email]
    assert message.status == OutboxStatus.A_ENVOYER and message.attempts == 1
    # The link is built on SITE_URL, never on the Host header of the request.
    assert "https://maillage.example.org/mot-de-passe/" in message.body
    assert "testserver" not in message.body
