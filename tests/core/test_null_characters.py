"""A NUL character in a query parameter never reaches a query (PostgreSQL refuses it)."""

from __future__ import annotations

from django.urls import reverse


def test_a_nul_character_in_a_query_parameter_is_dropped_before_the_view(world):
    client = world.client("cdc")
    url = reverse("network:directory", args=[world.a.uuid])
    response = client.get(url, {"q": "Fon\x00taine"})
    assert response.status_code == 200
    assert response.wsgi_request.GET["q"] == "Fontaine"
