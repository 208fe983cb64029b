"""Import of commune outlines (GeoJSON), merged onto today's communes."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from shapely import geometry, ops, set_precision
from shapely.geometry.base import BaseGeometry

from .models import Commune, CommuneContour, FormerCommune

# About a metre: plenty for a map of a département, and a tenth of the text.
PRECISION = 0.00001


class ContourImportError(Exception):
    """The contour file is missing or malformed. Nothing was written."""


@dataclass
class ContourReport:
    """What an import of contours did."""

    communes: int = 0
    merged: int = 0
    unknown: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.communes} contours de communes, dont {self.merged} réunissant des fusions"
        if self.unknown:
            text += f" ; codes inconnus ignorés : {', '.join(sorted(self.unknown))}"
        return text


def _read(path: Path) -> list[tuple[str, BaseGeometry]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            (str(f["properties"]["code"]), geometry.shape(f["geometry"])) for f in data["features"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ContourImportError(f"fichier de contours illisible : {path} ({exc})") from exc


@transaction.atomic
def import_contours(path: Path) -> ContourReport:
    """Give each current commune its outline from a GeoJSON of communes (any vintage).

    A code of the file that is a commune merged since is mapped to today's commune
    through the COG's former communes, and the shapes of one commune are joined.
    Idempotent: a second import rewrites the same outlines.
    """
    features = _read(path)
    codes = {code for code, _ in features}
    current = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    former = {
        f.code: f.commune
        for f in FormerCommune.objects.filter(code__in=codes - set(current)).select_related(
            "commune"
        )
    }
    shapes: dict[Commune, list[tuple[str, BaseGeometry]]] = defaultdict(list)
    report = ContourReport()
    for code, shape in features:
        commune = current.get(code) or former.get(code)
        if commune is None:
            report.unknown.append(code)
            continue
        shapes[commune].append((code, shape))
    for commune, parts in shapes.items():
        merged = ops.unary_union([shape.buffer(0) for _, shape in parts])
        merged = set_precision(merged, PRECISION)
        CommuneContour.objects.update_or_create(
            commune=commune,
            defaults={
                "geojson": json.dumps(geometry.mapping(merged), separators=(",", ":")),
                "source_codes": " ".join(sorted(code for code, _ in parts)),
            },
        )
        report.communes += 1
        report.merged += len(parts) > 1
    return report


def contour_shape(contour: CommuneContour) -> BaseGeometry:
    """The stored outline as a shapely geometry."""
    return geometry.shape(json.loads(contour.geojson))
