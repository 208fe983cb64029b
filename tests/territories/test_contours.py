"""Commune outlines: every current commune of Savoie gets one shape."""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from maillage.territories.contours import ContourImportError, contour_shape, import_contours
from maillage.territories.models import Commune, CommuneContour


@pytest.mark.django_db
def test_every_current_commune_of_savoie_has_one_outline():
    communes = Commune.objects.filter(departement__code="73")
    assert communes.count() == 273
    assert CommuneContour.objects.filter(commune__in=communes).count() == 273


@pytest.mark.django_db
def test_a_commune_merged_since_2018_joins_the_outlines_of_its_former_communes():
    # Saint-Genix-les-Villages (73236) joined Gresin (73127) and Saint-Maurice-de-Rotherens
    # (73260) in 2019: the 2018 file has the three apart.
    merged = CommuneContour.objects.get(commune__code="73236")
    assert merged.source_codes == "73127 73236 73260"
    shape = contour_shape(merged)
    assert shape.is_valid
    parts = json.loads((settings.CONTOURS_FILE).read_text(encoding="utf-8"))["features"]
    areas = [
        contour_shape(type("C", (), {"geojson": json.dumps(f["geometry"])})()).area
        for f in parts
        if f["properties"]["code"] in {"73127", "73236", "73260"}
    ]
    assert len(areas) == 3
    assert shape.area == pytest.approx(sum(areas), rel=0.01)


@pytest.mark.django_db
def test_a_second_import_changes_nothing():
    before = dict(CommuneContour.objects.values_list("commune_id", "geojson"))
    report = import_contours(settings.CONTOURS_FILE)
    assert report.communes == 273 and report.merged >= 1
    assert dict(CommuneContour.objects.values_list("commune_id", "geojson")) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content", ["pas du json", json.dumps({"features": [{"geometry": None}]}), "{}"]
)
def test_a_malformed_file_is_refused_and_nothing_changes(tmp_path, content):
    path = tmp_path / "contours.geojson"
    path.write_text(content, encoding="utf-8")
    before = CommuneContour.objects.count()
    with pytest.raises(ContourImportError):
        import_contours(path)
    assert CommuneContour.objects.count() == before
