"""The CTG's network map: organisations linked by the work they share.

Two organisations are linked when they took part in the same occasion: the same fiche
action, the same meeting, the same interaction… each kind of occasion being a source of
links (``links.py``), contributed by the module that holds it. A link's weight counts
these occasions. The map is drawn on the server as SVG (networkx computes the layout,
with a fixed seed so the same data gives the same map) with the same links as a table
beside it.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maillage.conventions.models import Convention
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation

from .links import LINK_SOURCES, GraphFilters, LinkSource
from .models import Partner

if TYPE_CHECKING:
    from maillage.accounts.models import User

__all__ = ["GraphFilters", "Link", "NetworkMap", "links_rows", "network_map"]

WIDTH, HEIGHT, MARGIN = 900, 620, 70
CATEGORY_COLOURS: dict[str, str] = {
    PartnerCategory.ELUS: "#0a4c8c",
    PartnerCategory.CAF: "#1e7d32",
    PartnerCategory.SERVICES_COLLECTIVITE: "#6c4a00",
    PartnerCategory.STRUCTURES_PEEJP: "#b02a37",
    PartnerCategory.STRUCTURES_AVS: "#7a2a8c",
    PartnerCategory.INSTITUTIONNELS: "#333333",
    PartnerCategory.RESEAU_CDC: "#00666e",
}
LABELLED = 12  # the most central organisations get their name on the map


@dataclass
class Link:
    """Two organisations and what they did together: one count per source of links."""

    a: str
    b: str
    counts: tuple[int, ...]

    @property
    def weight(self) -> int:
        return sum(self.counts)


@dataclass
class NetworkMap:
    svg: str
    links: list[Link]
    central: list[tuple[str, int, int]] = field(default_factory=list)  # name, links, weight
    isolated: list[str] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # colour, category label
    sources: list[LinkSource] = field(default_factory=list)  # in the order of Link.counts

    @property
    def columns(self) -> list[str]:
        """The table's column of each count of a link."""
        return [source.column for source in self.sources]

    @property
    def reasons(self) -> str:
        """What links two organisations, for the map's introduction."""
        return _french_list([source.reason for source in self.sources])

    @property
    def nouns(self) -> str:
        """The kinds of occasion, for the message shown when nothing links."""
        return _french_list([source.noun for source in self.sources])

    def count(self, link: Link, key: str) -> int:
        """A link's count for the source ``key`` (0 when no such source is registered)."""
        for source, n in zip(self.sources, link.counts, strict=True):
            if source.key == key:
                return n
        return 0


def _french_list(parts: list[str]) -> str:
    """« a, b ou c »."""
    return " ou ".join(filter(None, [", ".join(parts[:-1]), *parts[-1:]]))


def links_rows(links: list[Link]) -> SafeString:
    """The rows of the table of links, built directly: thousands of links stay quick."""
    names: dict[str, str] = {}

    def name(text: str) -> str:
        if text not in names:
            names[text] = escape(text)
        return names[text]

    if not links:
        return mark_safe("")
    # One format for every row (as many count cells as sources, then the weight); printf
    # style is the quickest way to fill it.
    cells = '<td class="text-end">%d</td>' * (len(links[0].counts) + 1)
    row = "<tr><td>%s</td><td>%s</td>" + cells + "</tr>"
    rows = (row % (name(k.a), name(k.b), *k.counts, k.weight) for k in links)
    return mark_safe("".join(rows))  # noqa: S308 — names escaped, the rest are integers


def network_map(user: User, convention: Convention, filters: GraphFilters) -> NetworkMap:
    """The CTG's network as the user may see it, for a thématique and a period."""
    sources = list(LINK_SOURCES)
    # One list of counts per pair, indexed like ``sources``.
    pairs: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0] * len(sources))
    for index, source in enumerate(sources):
        for group in source.groups(user, convention, filters):
            for a, b in itertools.combinations(sorted(group), 2):
                pairs[(a, b)][index] += 1
    partners = Partner.objects.filter(convention=convention)
    if filters.theme:
        partners = partners.filter(themes__theme=filters.theme)
    in_directory = set(partners.values_list("organisation_id", flat=True))
    ids = in_directory | {o for pair in pairs for o in pair}
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__in=ids, caf_id=convention.caf_id)
    }
    graph: nx.Graph[int] = nx.Graph()
    graph.add_nodes_from(organisations)
    for (a, b), counts in pairs.items():
        if a in organisations and b in organisations:
            graph.add_edge(a, b, weight=sum(counts), counts=tuple(counts))
    return _render(graph, organisations, sources)


def _render(
    graph: nx.Graph[int], organisations: dict[int, Organisation], sources: list[LinkSource]
) -> NetworkMap:
    name = {pk: o.name for pk, o in organisations.items()}
    strength = {n: sum(d["weight"] for *_, d in graph.edges(n, data=True)) for n in graph}
    links = sorted(
        (Link(a=name[a], b=name[b], counts=d["counts"]) for a, b, d in graph.edges(data=True)),
        key=lambda link: (-link.weight, link.a, link.b),
    )
    ranked = sorted(
        (n for n in graph if graph.degree(n)),
        key=lambda n: (-strength[n], -graph.degree(n), name[n]),
    )
    central = [(name[n], graph.degree(n), strength[n]) for n in ranked[:10]]
    isolated = sorted(name[n] for n in graph if not graph.degree(n))
    used = {organisations[n].category for n in graph}
    legend = [
        (colour, PartnerCategory(category).label)
        for category, colour in CATEGORY_COLOURS.items()
        if category in used
    ]
    if not graph.number_of_edges():
        return NetworkMap(
            svg="",
            links=links,
            central=central,
            isolated=isolated,
            legend=legend,
            sources=sources,
        )

    connected = graph.subgraph(ranked).copy()
    # Fewer iterations on a big network: the layout settles sooner than its cost grows.
    iterations = 200 if connected.number_of_nodes() <= 80 else 80
    layout = nx.spring_layout(connected, weight="weight", seed=7, iterations=iterations)
    xs = [p[0] for p in layout.values()]
    ys = [p[1] for p in layout.values()]
    low_x, low_y = min(xs), min(ys)
    scale_x = (WIDTH - 2 * MARGIN) / ((max(xs) - low_x) or 1)
    scale_y = (HEIGHT - MARGIN) / ((max(ys) - low_y) or 1)
    points = {
        n: (
            round(MARGIN + (x - low_x) * scale_x, 1),
            round(MARGIN / 2 + (y - low_y) * scale_y, 1),
        )
        for n, (x, y) in layout.items()
    }
    at = points.__getitem__

    heaviest = max(d["weight"] for *_, d in connected.edges(data=True))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="network-map" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" role="img" aria-labelledby="reseau-titre reseau-desc">',
        '<title id="reseau-titre">Carte du réseau des partenaires</title>',
        '<desc id="reseau-desc">Les organisations, reliées quand elles travaillent ensemble ; '
        "le tableau qui suit donne chaque lien et son poids.</desc>",
        '<g stroke="#6c757d" stroke-linecap="round">',
    ]
    for a, b, d in sorted(connected.edges(data=True), key=lambda e: e[2]["weight"]):
        (x1, y1), (x2, y2) = at(a), at(b)
        width = round(1 + 5 * d["weight"] / heaviest, 1)
        opacity = round(0.35 + 0.5 * d["weight"] / heaviest, 2)
        out.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke-width="{width}" '
            f'stroke-opacity="{opacity}"/>'
        )
    out.append('</g><g stroke="#fff" stroke-width="1.5">')
    top = max(strength.values()) or 1
    for n in ranked:
        x, y = at(n)
        radius = round(5 + 11 * math.sqrt(strength[n] / top), 1)
        colour = CATEGORY_COLOURS.get(organisations[n].category, "#333333")
        title = f"{name[n]} : {graph.degree(n)} lien(s), poids {strength[n]}"
        out.append(
            f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{colour}">'
            f"<title>{escape(title)}</title></circle>"
        )
    out.append('</g><g class="network-label" text-anchor="middle">')
    for n in ranked[:LABELLED]:
        x, y = at(n)
        out.append(f'<text x="{x}" y="{y - 14}">{escape(name[n])}</text>')
    out.append("</g></svg>")
    return NetworkMap(
        svg="".join(out),
        links=links,
        central=central,
        isolated=isolated,
        legend=legend,
        sources=sources,
    )
