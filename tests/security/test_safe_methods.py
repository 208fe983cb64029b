"""No GET request changes data: every GET of the access matrix leaves the history as it was."""

import pytest
from django.apps import apps

from ..conftest import ROLES
from .test_access_matrix import MATRIX, _url


def snapshot() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.label.split(".")[-1].startswith("Historical")
        or m._meta.app_label
        in {"conventions", "accounts", "organisations", "territories", "otp_totp", "axes"}
    }


GETS = [name for name, methods in MATRIX.items() if "GET" in methods]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["cdc", "caf_admin"])
def test_get_requests_change_nothing(world, role):
    assert role in ROLES
    client = world.client(role)
    urls = [_url(name, world, "own") for name in GETS]
    before = snapshot()
    for url in urls:
        client.get(url)
    assert snapshot() == before
