"""Navigation: the Caf roles' header menu, the CTG's tab bar, the glossary words and the
« Aide » page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from maillage.core.glossary import GLOSSARY
from maillage.core.referentiel import Attendu, Mission
from maillage.web.context_processors import navigation

from ..factories import CafMembershipFactory

CAF_ROLES = ["cdt", "conseiller", "caf_admin"]
CTG_ROLES = ["cdc", "elu", "technicien", "partenaire"]


class Links(HTMLParser):
    """The links of one element (found by a tag and an attribute), with their attributes."""

    def __init__(self, tag: str, attr: tuple[str, str]) -> None:
        super().__init__()
        self.tag, self.attr = tag, attr
        self.depth = 0
        self.links: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.depth:
            if tag == self.tag:
                self.depth += 1
            if tag == "a":
                self._open = {**values, "text": ""}
        elif tag == self.tag and values.get(self.attr[0]) == self.attr[1]:
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "a" and self._open is not None:
            self._open["text"] = self._open["text"].strip()
            self.links.append(self._open)
            self._open = None
        elif self.depth and tag == self.tag:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data


def links_of(html: str, tag: str, attr: tuple[str, str]) -> list[dict[str, str]]:
    parser = Links(tag, attr)
    parser.feed(html)
    return parser.links


def header_links(response) -> list[dict[str, str]]:
    return links_of(response.content.decode(), "nav", ("aria-label", "Navigation principale"))


def caf_urls(caf) -> dict[str, str]:
    return {
        "Suivi des CTG": reverse("departement:compliance", args=[caf.uuid]),
        "Rapports": reverse("activity:caf_reports", args=[caf.uuid]),
        "Carte": reverse("departement:map", args=[caf.uuid]),
        "Contacts Caf": reverse("departement:contacts", args=[caf.uuid]),
        "Réseau": reverse("departement:network", args=[caf.uuid]),
    }


# ------------------------------------------------------------------ the Caf menu


@pytest.mark.parametrize("role", CAF_ROLES)
def test_caf_roles_get_the_caf_menu_in_the_header(world, role):
    links = header_links(world.client(role).get(reverse("web:home")))

    by_text = {link["text"]: link["href"] for link in links}
    for label, url in caf_urls(world.caf).items():
        assert by_text.get(label) == url
    assert by_text.get("Aide") == reverse("web:help")
    current = [link["text"] for link in links if link.get("aria-current") == "page"]
    assert current == ["Accueil"]


@pytest.mark.parametrize(
    ("label", "url_name"),
    [
        ("Suivi des CTG", "departement:compliance"),
        ("Rapports", "activity:caf_reports"),
        ("Carte", "departement:map"),
        ("Contacts Caf", "departement:contacts"),
        ("Réseau", "departement:network"),
    ],
)
def test_the_caf_menu_marks_the_current_page(world, label, url_name):
    response = world.client("cdt").get(reverse(url_name, args=[world.caf.uuid]))

    assert response.status_code == 200
    current = [link for link in header_links(response) if link.get("aria-current") == "page"]
    assert [link["text"] for link in current] == [label]
    # The header holds the Caf's pages: no second row of tabs under it.
    assert 'aria-label="Pages de la Caf"' not in response.content.decode()


def test_a_page_below_a_menu_entry_marks_that_entry(world):
    response = world.client("caf_admin").get(
        reverse("departement:team_two_factor", args=[world.caf.uuid])
    )

    current = [link["text"] for link in header_links(response) if link.get("aria-current")]
    assert current == ["Contacts Caf"]


@pytest.mark.parametrize("role", CTG_ROLES)
def test_ctg_roles_get_no_caf_menu(world, role):
    links = header_links(world.client(role).get(reverse("web:home")))

    texts = [link["text"] for link in links]
    assert "Suivi des CTG" not in texts and "Rapports" not in texts and "Réseau" not in texts
    hrefs = {link["href"] for link in links}
    assert reverse("departement:compliance", args=[world.caf.uuid]) not in hrefs
    # They keep the map of their Caf, and the help.
    assert reverse("departement:map", args=[world.caf.uuid]) in hrefs
    assert reverse("web:help") in hrefs


def test_the_cdc_keeps_the_caf_tabs_under_the_map(world):
    response = world.client("cdc").get(reverse("departement:map", args=[world.caf.uuid]))

    tabs = links_of(response.content.decode(), "nav", ("aria-label", "Pages de la Caf"))
    assert [t["text"] for t in tabs] == ["Carte du territoire", "Contacts Caf", "Réseau des CDC"]
    current = [link for link in header_links(response) if link.get("aria-current") == "page"]
    assert [link["text"] for link in current] == ["Carte du territoire"]


def test_with_roles_at_two_cafs_the_menu_follows_the_page_caf(world):
    cdt = world.users["cdt"]
    CafMembershipFactory(caf=world.other_caf, user=cdt, role="cdt")
    client = world.client("cdt")

    other = header_links(client.get(reverse("departement:compliance", args=[world.other_caf.uuid])))
    by_text = {link["text"]: link for link in other}
    assert by_text["Suivi des CTG"]["href"] == caf_urls(world.other_caf)["Suivi des CTG"]
    assert by_text["Suivi des CTG"].get("aria-current") == "page"
    home = {link["text"]: link["href"] for link in header_links(client.get(reverse("web:home")))}
    first = min([world.caf, world.other_caf], key=lambda c: c.name)
    assert home["Carte"] == caf_urls(first)["Carte"]


@pytest.mark.parametrize("role", ["cdt", "cdc"])
def test_the_header_costs_one_query_for_the_cafs_whatever_their_number(world, role):
    user = world.users[role]
    request = RequestFactory().get(reverse("departement:map", args=[world.caf.uuid]))
    request.user = user
    request.resolver_match = resolve(request.path)
    context = navigation(request)

    with CaptureQueriesContext(connection) as ctx:
        bool(context["nav_caf_menu"])
        bool(context["nav_map_caf"])
        str(context["nav_map_caf"])
    assert len(ctx.captured_queries) == 1


# ------------------------------------------------------------------ the CTG's tab bar


def test_the_ctg_tabs_group_territory_signatories_and_history_in_one_menu(world):
    client = world.client("cdc")
    page = client.get(reverse("conventions:history", args=[world.a.uuid])).content.decode()

    tabs = links_of(page, "nav", ("aria-label", "Pages de la CTG"))
    texts = [t["text"] for t in tabs]
    assert texts[-3:] == ["Territoire", "Signataires", "Historique"]
    assert 'class="dropdown-item' in page and 'data-bs-toggle="dropdown"' in page
    assert [t["text"] for t in tabs if t.get("aria-current") == "page"] == ["Historique"]
    # The menu's button names the current page, so the bar says where one is.
    assert '>Historique<span class="visually-hidden"> : autres pages de la CTG</span>' in page


def test_a_reader_of_the_history_sees_it_as_a_plain_tab(world):
    page = world.client("conseiller").get(reverse("conventions:detail", args=[world.a.uuid]))
    html = page.content.decode()
    tabs = [t["text"] for t in links_of(html, "nav", ("aria-label", "Pages de la CTG"))]

    assert "Territoire" not in tabs
    assert 'id="ctg-more"' not in html


# ------------------------------------------------------------------ the glossary


def render(source: str, **context) -> str:
    return Template("{% load glossary %}" + source).render(Context(context))


def test_the_term_filter_wraps_a_known_word_in_an_abbr():
    html = render('{{ "COPIL"|term }}')

    assert html.startswith('<abbr class="term" title="Comité de pilotage')
    assert 'tabindex="0"' in html and html.endswith(">COPIL</abbr>")
    assert render('{{ "Attendus"|term }}').startswith('<abbr class="term" title="Ce que la Caf')
    assert render("{{ word|term }}", word="inconnu<b>") == "inconnu&lt;b&gt;"


def test_glossed_explains_the_first_occurrence_of_each_word_and_escapes_the_rest():
    html = render("{{ text|glossed }}", text="COPIL <b> et CDT, puis COPIL ; ctg, CTG-X, missions")

    assert html.count("<abbr") == 3  # COPIL, CDT and missions: not the second COPIL
    assert "&lt;b&gt;" in html
    assert "ctg," in html and "CTG-X" in html  # lower-case acronym, compound: left alone
    assert f'title="{GLOSSARY["mission"]}"'.replace("'", "&#x27;") in html


def test_the_glossary_explains_every_word_of_the_brief():
    assert {"COPIL", "CDT", "CDC", "CTG", "EPCI", "attendu", "sphère", "mission"} <= set(GLOSSARY)


def test_the_overview_and_the_caf_pages_explain_their_words(world):
    overview = world.client("cdc").get(reverse("conventions:detail", args=[world.a.uuid]))
    compliance = world.client("cdt").get(reverse("departement:compliance", args=[world.caf.uuid]))

    assert '<abbr class="term" title="Comité de pilotage' in overview.content.decode()
    assert ">COPIL</abbr> de l&#x27;année" in overview.content.decode() or (
        ">COPIL</abbr> de l'année" in overview.content.decode()
    )
    assert ">CDC</abbr></th>" in compliance.content.decode()


# ------------------------------------------------------------------ the help page


def test_the_help_page_lists_the_missions_and_attendus_with_the_ctg_pages(world):
    response = world.client("cdc").get(reverse("web:help"))

    assert response.status_code == 200
    html = response.content.decode()
    for mission in Mission:
        assert mission.label.replace("'", "&#x27;") in html
    for attendu in Attendu:
        assert attendu.label.replace("'", "&#x27;") in html
    hrefs = {link["href"] for link in links_of(html, "main", ("id", "contenu"))}
    uuid = world.a.uuid
    for name in ["plans:tree", "governance:meeting_list", "indicators:list", "network:directory"]:
        assert reverse(name, args=[uuid]) in hrefs
    assert reverse("activity:journal", args=[uuid]) in hrefs  # the CDC keeps the journal
    assert reverse("departement:network", args=[world.caf.uuid]) in hrefs
    assert "CTG Grand Chambéry" in html


def test_the_help_page_links_the_reports_for_a_member_who_keeps_no_journal(world):
    html = world.client("elu").get(reverse("web:help")).content.decode()
    hrefs = {link["href"] for link in links_of(html, "main", ("id", "contenu"))}

    assert reverse("activity:report_list", args=[world.a.uuid]) in hrefs
    assert reverse("activity:journal", args=[world.a.uuid]) not in hrefs
    assert reverse("departement:network", args=[world.caf.uuid]) not in hrefs  # not theirs


def test_the_help_page_explains_where_to_go_without_a_single_ctg(world):
    response = world.client("cdt").get(reverse("web:help"))
    html = response.content.decode()
    hrefs = {link["href"] for link in links_of(html, "main", ("id", "contenu"))}

    assert "ouvrez une CTG depuis" in html
    assert not any("/ctg/" in href for href in hrefs)
    assert reverse("departement:network", args=[world.caf.uuid]) in hrefs
    current = [link["text"] for link in header_links(response) if link.get("aria-current")]
    assert current == ["Aide"]


def test_the_help_page_asks_to_log_in(client):
    response = client.get(reverse("web:help"))

    assert response.status_code == 302
