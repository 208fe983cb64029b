"""The CTG's network map: organisations linked by the work they share.

Two organisations are linked when they work on the same fiche action (structure pilote,
partners, the organisation of a contact pilot), were present at the same meeting, or
took part in the same interaction; a link's weight counts these occasions. The map is
drawn on the server as SVG (networkx computes the layout, with a fixed seed so the same
data gives the same map) with the same links as a table beside it.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.governance.enums import Attendance, MeetingStatus
from maillage.governance.models import Invitation, Meeting
from maillage.organisations.enums import PartnerCategory
from maillage.organisations.models import Organisation
from maillage.plans.models import Action

from .models import Interaction, Partner

if TYPE_CHECKING:
    from maillage.accounts.models import User

WIDTH, HEIGHT, MARGIN = 900, 620, 70
CATEGORY_COLOURS = {
    PartnerCategory.ELUS: "#0a4c8c",
    PartnerCategory.CAF: "#1e7d32",
    PartnerCategory.SERVICES_COLLECTIVITE: "#6c4a00",
    PartnerCategory.STRUCTURES_PEEJP: "#b02a37",
    PartnerCategory.STRUCTURES_AVS: "#7a2a8c",
    PartnerCategory.INSTITUTIONNELS: "#333333",
    PartnerCategory.RESEAU_CDC: "#00666e",
}
LABELLED = 12  # the most central organisations get their name on the map


@dataclass(frozen=True)
class GraphFilters:
    """Thématique and period of the map, from the query string."""

    theme: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def from_query(cls, params: dict[str, str]) -> GraphFilters:
        def day(name: str) -> datetime.date | None:
            try:
                return datetime.date.fromisoformat(params.get(name, ""))
            except ValueError:
                return None

        theme = params.get("thematique", "")
        start, end = day("debut"), day("fin")
        if start and end and end < start:
            start, end = end, start
        return cls(theme=theme if theme in Theme.values else "", start=start, end=end)


@dataclass
class Link:
    """Two organisations and what they did together."""

    a: str
    b: str
    fiches: int = 0
    meetings: int = 0
    interactions: int = 0

    @property
    def weight(self) -> int:
        return self.fiches + self.meetings + self.interactions


@dataclass
class NetworkMap:
    svg: str
    links: list[Link]
    central: list[tuple[str, int, int]] = field(default_factory=list)  # name, links, weight
    isolated: list[str] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # colour, category label


def _fiche_groups(user: User, convention: Convention, f: GraphFilters) -> list[set[int]]:
    actions = Action.objects.visible_to(user).filter(plan__convention=convention)
    if f.theme:
        actions = actions.filter(themes__theme=f.theme)
    if f.start:
        actions = actions.filter(Q(end_date__isnull=True) | Q(end_date__gte=f.start))
    if f.end:
        actions = actions.filter(Q(start_date__isnull=True) | Q(start_date__lte=f.end))
    actions = actions.distinct()
    groups: dict[int, set[int]] = defaultdict(set)
    for pk, org, contact_org in actions.values_list(
        "pk", "pilot_organisation_id", "pilot_contact__organisation_id"
    ):
        groups[pk].update(o for o in (org, contact_org) if o)
    partners = Action.partners.through.objects.filter(action__in=actions.values("pk"))
    for action_id, org in partners.values_list("action_id", "organisation_id"):
        groups[action_id].add(org)
    return list(groups.values())


def _meeting_groups(user: User, convention: Convention, f: GraphFilters) -> list[set[int]]:
    meetings = Meeting.objects.visible_to(user).filter(
        body__convention=convention, status=MeetingStatus.TENUE
    )
    if f.theme:
        meetings = meetings.filter(body__theme=f.theme)
    if f.start:
        meetings = meetings.filter(start__date__gte=f.start)
    if f.end:
        meetings = meetings.filter(start__date__lte=f.end)
    present = Invitation.objects.filter(
        meeting__in=meetings.values("pk"), status=Attendance.PRESENT
    ).values_list("meeting_id", "organisation_id", "contact__organisation_id")
    groups: dict[int, set[int]] = defaultdict(set)
    for meeting_id, org, contact_org in present:
        groups[meeting_id].update(o for o in (org, contact_org) if o)
    return list(groups.values())


def _interaction_groups(convention: Convention, f: GraphFilters) -> list[set[int]]:
    interactions = Interaction.objects.filter(convention=convention)
    if f.theme:
        interactions = interactions.filter(
            Q(actions__themes__theme=f.theme)
            | Q(
                organisations__directory_entries__convention=convention,
                organisations__directory_entries__themes__theme=f.theme,
            )
        ).distinct()
    if f.start:
        interactions = interactions.filter(date__gte=f.start)
    if f.end:
        interactions = interactions.filter(date__lte=f.end)
    ids = interactions.values("pk")
    groups: dict[int, set[int]] = defaultdict(set)
    direct = Interaction.organisations.through.objects.filter(interaction__in=ids)
    for pk, org in direct.values_list("interaction_id", "organisation_id"):
        groups[pk].add(org)
    people = Interaction.contacts.through.objects.filter(
        interaction__in=ids, contact__organisation__isnull=False
    )
    for pk, org in people.values_list("interaction_id", "contact__organisation_id"):
        groups[pk].add(org)
    return list(groups.values())


def links_rows(links: list[Link]) -> SafeString:
    """The rows of the table of links, built directly: thousands of links stay quick."""
    names: dict[str, str] = {}

    def name(text: str) -> str:
        if text not in names:
            names[text] = escape(text)
        return names[text]

    cell = '<td class="text-end">'
    rows = (
        f"<tr><td>{name(k.a)}</td><td>{name(k.b)}</td>{cell}{k.fiches:d}</td>"
        f"{cell}{k.meetings:d}</td>{cell}{k.interactions:d}</td>{cell}{k.weight:d}</td></tr>"
        for k in links
    )
    return mark_safe("".join(rows))  # noqa: S308 — names escaped, the rest are integers


def network_map(user: User, convention: Convention, filters: GraphFilters) -> NetworkMap:
    """The CTG's network as the user may see it, for a thématique and a period."""
    pairs: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    sources = [
        ("fiches", _fiche_groups(user, convention, filters)),
        ("meetings", _meeting_groups(user, convention, filters)),
        ("interactions", _interaction_groups(convention, filters)),
    ]
    for kind, groups in sources:
        for group in groups:
            for a, b in itertools.combinations(sorted(group), 2):
                pairs[(a, b)][kind] += 1
    partners = Partner.objects.filter(convention=convention)
    if filters.theme:
        partners = partners.filter(themes__theme=filters.theme)
    in_directory = set(partners.values_list("organisation_id", flat=True))
    ids = in_directory | {o for pair in pairs for o in pair}
    organisations = {
        o.pk: o for o in Organisation.objects.filter(pk__in=ids, caf_id=convention.caf_id)
    }
    graph = nx.Graph()
    graph.add_nodes_from(organisations)
    for (a, b), counts in pairs.items():
        if a in organisations and b in organisations:
            graph.add_edge(a, b, weight=sum(counts.values()), counts=counts)
    return _render(graph, organisations)


def _render(graph: nx.Graph, organisations: dict[int, Organisation]) -> NetworkMap:
    name = {pk: o.name for pk, o in organisations.items()}
    strength = {n: sum(d["weight"] for *_, d in graph.edges(n, data=True)) for n in graph}
    links = sorted(
        (
            Link(
                a=name[a],
                b=name[b],
                fiches=d["counts"]["fiches"],
                meetings=d["counts"]["meetings"],
                interactions=d["counts"]["interactions"],
            )
            for a, b, d in graph.edges(data=True)
        ),
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
        return NetworkMap(svg="", links=links, central=central, isolated=isolated, legend=legend)

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
        svg="".join(out), links=links, central=central, isolated=isolated, legend=legend
    )
