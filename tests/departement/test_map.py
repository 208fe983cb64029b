"""The map of the Caf's département: CTGs, their CDT, uncovered communes; cached."""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.departement.maps import caf_map
from maillage.territories.models import Commune

from ..factories import ConventionFactory

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(world) -> str:
    return reverse("departement:map", args=[world.caf.uuid])


def test_the_cdt_sees_every_ctg_of_the_caf_with_its_cdt_and_a_link(world):
    response = world.client("cdt").get(url(world))
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    svg = ET.fromstring(response.context["svg"])
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert links == {
        reverse("conventions:detail", args=[world.a.uuid]),
        reverse("conventions:detail", args=[world.b.uuid]),
    }
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "Grand Chambéry" in labels and "Arlysère" in labels
    assert f"CDT : {world.users['cdt'].full_name}" in labels
    rows = {row.name: row for row in response.context["map"].rows}
    assert rows["CTG Grand Chambéry"].communes == world.a.communes.count()
    assert rows["CTG Grand Chambéry"].population == sum(
        world.a.communes.values_list("population", flat=True)
    )
    assert "<caption>Les 2 CTG de la Caf de la Savoie" in text


def test_communes_covered_by_no_ctg_stand_out_and_are_listed(world):
    response = world.client("cdt").get(url(world))
    uncovered = {code for _, code, _ in response.context["map"].uncovered}
    covered = set(world.a.communes.values_list("code", flat=True)) | set(
        world.b.communes.values_list("code", flat=True)
    )
    savoie = set(Commune.objects.filter(departement__code="73").values_list("code", flat=True))
    assert uncovered == savoie - covered
    svg = ET.fromstring(response.context["svg"])
    hatched = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "uncovered")
    assert len(hatched.findall(f"{SVG}path")) == len(uncovered)
    assert "Communes couvertes par aucune CTG" in response.content.decode()


def test_a_technicien_sees_the_map_but_links_only_to_their_own_ctg(world):
    response = world.client("technicien").get(url(world))
    assert response.status_code == 200
    svg = ET.fromstring(response.context["svg"])
    assert {a.get("href") for a in svg.iter(f"{SVG}a")} == {
        reverse("conventions:detail", args=[world.a.uuid])
    }
    text = response.content.decode()
    assert reverse("conventions:detail", args=[world.b.uuid]) not in text
    assert "CTG Arlysère" in html.unescape(text)


def test_another_caf_map_is_a_404(world):
    other = reverse("departement:map", args=[world.other_caf.uuid])
    assert world.client("cdt").get(other).status_code == 404
    assert world.client("cdc").get(other).status_code == 404


def test_the_header_links_to_the_map_of_the_users_caf(world):
    page = world.client("elu").get(reverse("web:home")).content.decode()
    assert url(world) in page


def test_the_map_follows_a_change_of_territory(world):
    cdt = world.users["cdt"]
    before = caf_map(cdt, world.caf)
    commune = Commune.objects.get(code=next(code for _, code, _ in before.uncovered))
    world.a.communes.add(commune)
    after = caf_map(cdt, world.caf)
    assert commune.code not in {code for _, code, _ in after.uncovered}
    assert after.svg != before.svg


def test_a_new_ctg_appears_on_the_map(world):
    cdt = world.users["cdt"]
    caf_map(cdt, world.caf)
    new = ConventionFactory(caf=world.caf, name="CTG Cœur de Savoie")
    new.communes.set(Commune.objects.filter(epci__siren="200041010"))
    assert "Cœur de Savoie" in caf_map(cdt, world.caf).svg


def test_the_map_is_cached_and_read_again_in_three_queries(world):
    """Drawn once, then read from the cache (its timings are measured by ``make bench``)."""
    cdt = world.users["cdt"]
    first = caf_map(cdt, world.caf)
    with CaptureQueriesContext(connection) as ctx:
        again = caf_map(cdt, world.caf)
    assert again.svg == first.svg
    assert len(ctx.captured_queries) == 3  # the CTGs, their communes, what the user may open


def test_the_map_page_query_count_does_not_grow_with_ctgs(world):
    client = world.client("cdt")

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(world)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for i in range(5):
        ConventionFactory(caf=world.caf, name=f"CTG test {i}")
    assert count() == small
