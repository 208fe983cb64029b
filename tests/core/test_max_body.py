"""An oversized body is refused (413) on its announced length, before anything reads it."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
CTG = {"convention_uuid": uuid.uuid4()}
UPLOAD_VIEWS = [
    ("plans:document_upload", {**CTG, "action_uuid": uuid.uuid4()}, 10 * MB),
    ("governance:document_upload", {**CTG, "meeting_uuid": uuid.uuid4()}, 10 * MB),
    ("plans:plan_import", CTG, 5 * MB),
    ("network:contact_import", CTG, 2 * MB),
]


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("le corps de la requête a été lu")

    readline = read


def _post(client, url: str, length: int):
    return client.generic(
        "POST",
        url,
        CONTENT_LENGTH=str(length),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        **{"wsgi.input": UnreadableBody()},
    )


@pytest.mark.parametrize(("name", "kwargs", "cap"), UPLOAD_VIEWS)
def test_a_300_mb_upload_is_refused_unread(client, name, kwargs, cap):
    response = _post(client, reverse(name, kwargs=kwargs), 300 * MB)
    assert response.status_code == 413
    assert f"le fichier dépasse {cap // MB} Mo" in response.content.decode()


@pytest.mark.parametrize(("name", "kwargs", "cap"), UPLOAD_VIEWS)
def test_a_body_within_the_cap_and_its_margin_goes_on(client, name, kwargs, cap):
    response = client.post(reverse(name, kwargs=kwargs), {"x": "y"})
    assert response.status_code != 413


def test_a_view_without_files_accepts_the_form_limit_only(client):
    url = reverse("accounts:login")
    response = _post(client, url, settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    assert response.status_code == 413
