"""The map of a Caf's département: communes coloured by the CTG covering them, as SVG.

Rendered on the server from the communes' outlines (no tile server, works offline and
in documents). The result is cached; the cache key is a digest of everything drawn, so a
change of a CTG's territory, name or CDT draws a new map.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from shapely import ops
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from maillage.conventions.enums import ConventionStatus
from maillage.conventions.models import Convention, StatusConvention
from maillage.organisations.models import Caf
from maillage.territories.contours import contour_shape
from maillage.territories.models import CommuneContour

from .selectors import detail_visible_ids

if TYPE_CHECKING:
    from maillage.accounts.models import User

WIDTH = 900
PAD = 12
CACHE_SECONDS = 24 * 3600
# Light, distinct fills (dark text stays readable on each). Neighbouring CTGs never share
# one (greedy colouring of the map), so a few colours are enough for any département.
PALETTE = [
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d",
    "#9edae5", "#e0e0e0", "#ffd92f", "#8fd0c3",
]  # fmt: skip
# When CTGs overlap (a renewal, say), the commune takes the colour of the most current one.
PREFERENCE = [
    ConventionStatus.EN_COURS,
    ConventionStatus.EN_RENOUVELLEMENT,
    ConventionStatus.SIGNEE,
    ConventionStatus.EN_PREPARATION,
    ConventionStatus.ECHUE,
]


@dataclass
class MapRow:
    """One CTG on the map and in the table beside it."""

    name: str
    status: str
    cdt: str
    colour: str
    communes: int = 0
    population: int = 0
    url: str | None = None


@dataclass
class CafMap:
    """The SVG and the same information as tables."""

    svg: str
    rows: list[MapRow]
    uncovered: list[tuple[str, str, int]] = field(default_factory=list)  # name, code, population


class _Projection:
    """Longitude/latitude to SVG pixels: equirectangular, true to scale at mid-latitude."""

    def __init__(self, bounds: tuple[float, float, float, float]) -> None:
        self.minx, self.miny, self.maxx, maxy = bounds
        self.maxy = maxy
        self.k = math.cos(math.radians((self.miny + maxy) / 2))
        self.scale = (WIDTH - 2 * PAD) / ((self.maxx - self.minx) * self.k)
        self.height = round((maxy - self.miny) * self.scale + 2 * PAD)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - self.minx) * self.k * self.scale + PAD, 1),
            round((self.maxy - lat) * self.scale + PAD, 1),
        )

    def path(self, shape: BaseGeometry) -> str:
        polygons = shape.geoms if isinstance(shape, MultiPolygon) else [shape]
        parts = []
        for polygon in polygons:
            if not isinstance(polygon, Polygon):
                continue
            for ring in [polygon.exterior, *polygon.interiors]:
                points = [self.point(x, y) for x, y in ring.coords]
                parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        return "".join(parts)


def _ctg_label(name: str) -> str:
    return name.removeprefix("CTG ").strip()


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def _colours(conventions: Sequence[Convention], areas: dict[int, BaseGeometry]) -> dict[int, str]:
    """A fill per CTG, different from its neighbours' (largest number of neighbours first)."""
    neighbours: dict[int, set[int]] = {c.pk: set() for c in conventions}
    ids = [pk for pk, area in areas.items() if not area.is_empty]
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if areas[a].buffer(0.0005).intersects(areas[b]):
                neighbours[a].add(b)
                neighbours[b].add(a)
    colours: dict[int, str] = {}
    for pk in sorted(neighbours, key=lambda pk: (-len(neighbours[pk]), pk)):
        taken = {colours[n] for n in neighbours[pk] if n in colours}
        free = [colour for colour in PALETTE if colour not in taken] or PALETTE
        used = list(colours.values())
        colours[pk] = min(free, key=lambda colour: (used.count(colour), PALETTE.index(colour)))
    return colours


def caf_map(user: User, caf: Caf) -> CafMap:
    """The map of the Caf's CTGs, as the user may see it (links to the CTGs they may open)."""
    conventions = list(
        Convention.objects.filter(caf=caf)
        .with_status()
        .select_related("cdt")
        .order_by("name")
        .only("pk", "uuid", "name", "cdt__full_name", "start_date", "end_date")
    )
    pairs = sorted(
        Convention.communes.through.objects.filter(convention__caf=caf).values_list(
            "convention_id", "commune_id"
        )
    )
    visible = detail_visible_ids(user, caf)
    described = [
        (c.pk, str(c.uuid), c.name, c.status, c.cdt.full_name if c.cdt else "") for c in conventions
    ]
    key = "caf-map:" + _digest(caf.pk, caf.departement_id, described, pairs, sorted(visible))
    result = cache.get(key)
    if result is None:
        result = _draw(caf, conventions, pairs, visible)
        cache.set(key, result, CACHE_SECONDS)
    return result


def _draw(
    caf: Caf,
    conventions: list[StatusConvention],
    pairs: list[tuple[int, int]],
    visible: frozenset[int],
) -> CafMap:
    contours = list(
        CommuneContour.objects.filter(commune__departement_id=caf.departement_id).select_related(
            "commune"
        )
    )
    shapes = {c.commune_id: contour_shape(c) for c in contours}
    communes = {c.commune_id: c.commune for c in contours}
    by_convention: dict[int, list[int]] = defaultdict(list)
    for convention_id, commune_id in pairs:
        by_convention[convention_id].append(commune_id)

    rank: dict[str, int] = {status: i for i, status in enumerate(PREFERENCE)}
    owner: dict[int, StatusConvention] = {}
    for convention in sorted(conventions, key=lambda c: rank.get(c.status, len(rank))):
        for commune_id in by_convention.get(convention.pk, []):
            owner.setdefault(commune_id, convention)

    areas = {
        c.pk: ops.unary_union([shapes[i] for i in by_convention.get(c.pk, []) if i in shapes])
        for c in conventions
    }
    colours = _colours(conventions, areas)
    rows: list[MapRow] = []
    for convention in conventions:
        ids = by_convention.get(convention.pk, [])
        rows.append(
            MapRow(
                name=convention.name,
                status=ConventionStatus(convention.status).label,
                cdt=convention.cdt.full_name if convention.cdt else "",
                colour=colours[convention.pk],
                communes=len(ids),
                population=sum(communes[c].population for c in ids if c in communes),
                url=reverse("conventions:detail", args=[convention.uuid])
                if convention.pk in visible
                else None,
            )
        )
    uncovered = sorted(
        ((c.name, c.code, c.population) for cid, c in communes.items() if cid not in owner),
        key=lambda row: row[0],
    )
    if not shapes:
        return CafMap(svg="", rows=rows, uncovered=uncovered)

    projection = _Projection(ops.unary_union(list(shapes.values())).bounds)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="caf-map" viewBox="0 0 {WIDTH} '
        f'{projection.height}" aria-labelledby="carte-titre carte-desc">',
        f'<title id="carte-titre">Carte des CTG de la {escape(caf.name)}</title>',
        '<desc id="carte-desc">Chaque commune a la couleur de la CTG qui la couvre ; les '
        "communes hachurées ne sont couvertes par aucune CTG. Le tableau qui suit la carte "
        "donne les mêmes informations.</desc>",
        '<defs><pattern id="non-couverte" width="6" height="6" patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#fff"/>'
        '<path d="M0,6L6,0" stroke="#b02a37" stroke-width="1.2"/></pattern></defs>',
        '<g class="uncovered" fill="url(#non-couverte)" stroke="#b02a37" stroke-width="0.8">',
    ]
    for name, code, _ in uncovered:
        commune_id = next(cid for cid, c in communes.items() if c.code == code)
        out.append(
            f'<path d="{projection.path(shapes[commune_id])}">'
            f"<title>{escape(name)} : aucune CTG</title></path>"
        )
    out.append("</g>")
    labels = []
    for convention, row in zip(conventions, rows, strict=True):
        ids = [c for c in by_convention.get(convention.pk, []) if c in shapes]
        if not ids:
            continue
        group = [f'<g fill="{row.colour}" stroke="#fff" stroke-width="0.6">']
        for commune_id in ids:
            if owner.get(commune_id) is not convention:
                continue
            title = f"{communes[commune_id].name} : {convention.name}"
            group.append(
                f'<path d="{projection.path(shapes[commune_id])}">'
                f"<title>{escape(title)}</title></path>"
            )
        area = areas[convention.pk]
        group.append(
            f'<path class="ctg-outline" d="{projection.path(area)}" fill="none" '
            'stroke="#1b1b1b" stroke-width="1.6"/></g>'
        )
        body = "".join(group)
        if row.url:
            label = f"{row.name}, CDT référent : {row.cdt or 'aucun'}"
            body = f'<a href="{escape(row.url)}" aria-label="{escape(label)}">{body}</a>'
        out.append(body)
        x, y = projection.point(*area.representative_point().coords[0])
        labels.append(
            f'<text x="{x}" y="{y}" class="ctg-label">{escape(_ctg_label(row.name))}</text>'
            f'<text x="{x}" y="{y + 12}" class="cdt-label">'
            f"{escape('CDT : ' + (row.cdt or '—'))}</text>"
        )
    out.append('<g aria-hidden="true" text-anchor="middle">' + "".join(labels) + "</g></svg>")
    return CafMap(svg="".join(out), rows=rows, uncovered=uncovered)
