"""The CDC's daily use, in a real browser: what she entered is corrected where it is shown,
long lists are searched by typing, the directory is read page by page, and the help and
the glossary explain the référentiel's words. Every page is axe-checked at desktop width
and checked not to scroll sideways on a 390 px phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import log_in, log_out

pytestmark = pytest.mark.browser


def test_a_cdc_corrects_a_fiche_s_steps_budget_and_note(page: Page, live_server, demo, a11y):
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Grand Chambéry").first.click()
    page.get_by_role("link", name="Plan d'actions").click()
    page.get_by_role("link", name="Tableau des fiches").click()
    page.locator("tbody tr").first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Two new steps, the second moved up, then corrected, then the first deleted.
    for name in ("Réunir le comité de suivi", "Écrire le bilan intermédiaire"):
        page.get_by_label("Nouvelle étape").fill(name)
        page.get_by_role("button", name="Ajouter l'étape").click()
        expect(page.get_by_text(name, exact=True)).to_be_visible()
    steps = page.locator("section[aria-labelledby=etapes] li")
    before = steps.all_text_contents()
    page.get_by_role("button", name="Monter l'étape Écrire le bilan intermédiaire").click()
    after = page.locator("section[aria-labelledby=etapes] li").all_text_contents()
    position = next(i for i, t in enumerate(after) if "Écrire le bilan intermédiaire" in t)
    assert position == next(i for i, t in enumerate(before) if "Écrire le bilan" in t) - 1
    a11y.check(page)
    page.get_by_role("link", name="Modifier l'étape Écrire le bilan intermédiaire").click()
    a11y.check(page)
    page.get_by_label(re.compile("^Étape")).fill("Écrire et diffuser le bilan intermédiaire")
    page.get_by_role("button", name="Enregistrer").click()
    expect(
        page.get_by_text("Écrire et diffuser le bilan intermédiaire", exact=True)
    ).to_be_visible()
    page.get_by_role("button", name="Supprimer l'étape Réunir le comité de suivi").click()
    expect(page.get_by_text("Réunir le comité de suivi", exact=True)).to_have_count(0)

    # A budget line corrected with a French decimal comma.
    page.get_by_role("link", name=re.compile("^Modifier la ligne")).first.click()
    a11y.check(page)
    page.get_by_label("Réalisé (€)").fill("1234,50")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("section[aria-labelledby=budget]")).to_contain_text("1 234,50")

    # The CDC's note, corrected then deleted; the fiche's history keeps both.
    page.get_by_label("Note de suivi").fill("Relance du pilote à faire.")
    page.get_by_role("button", name="Ajouter la note").click()
    note = page.locator("section[aria-labelledby=suivi] div.border-start", has_text="Relance")
    note.get_by_role("link", name=re.compile("^Modifier")).click()
    a11y.check(page)
    page.get_by_label("Note de suivi").fill("Relance du pilote faite ce jour.")
    page.get_by_role("button", name="Enregistrer").click()
    notes = page.locator("section[aria-labelledby=suivi]")
    expect(notes).to_contain_text("Relance du pilote faite ce jour.")
    note = page.locator("section[aria-labelledby=suivi] div.border-start", has_text="Relance")
    note.get_by_role("button", name=re.compile("^Supprimer")).click()
    expect(notes).not_to_contain_text("Relance du pilote")
    a11y.check(page)
    log_out(page)


def test_a_cdc_notes_an_interaction_from_searchable_lists_and_reads_the_directory_by_page(
    page: Page, live_server, demo, a11y
):
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Grand Chambéry").first.click()
    page.get_by_role("link", name="Annuaire", exact=True).first.click()
    expect(page).to_have_title(re.compile("Annuaire"))
    pages = page.get_by_role("navigation", name="Pages de l'annuaire")
    expect(pages.first).to_contain_text("Page 1 sur")
    a11y.check(page)
    pages.first.get_by_role("link", name="Suivante").click()
    expect(pages.first).to_contain_text("Page 2 sur")
    a11y.check(page)

    page.get_by_role("link", name="Journal des interactions").click()
    page.get_by_role("main").get_by_role("link", name="Noter une interaction").first.click()
    expect(page).to_have_title(re.compile("Noter une interaction"))
    page.get_by_label("Objet").fill("Point sur l'ouverture de la MAM")
    contact = page.locator("#id_contacts option").first.text_content().strip()
    search = page.get_by_role("combobox", name="Contacts")
    search.fill(contact.split(" (")[0])
    search.press("Enter")
    search.press("Escape")
    organisation = page.locator("#id_organisations option").nth(1).text_content().strip()
    search = page.get_by_role("combobox", name="Organisations")
    search.fill(organisation)
    search.press("Enter")
    search.press("Escape")
    a11y.check(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Point sur l'ouverture de la MAM").first).to_be_visible()
    expect(page.get_by_text(contact.split(" (")[0]).first).to_be_visible()
    a11y.check(page)
    log_out(page)


def test_the_help_page_and_the_glossary_explain_the_words(page: Page, live_server, demo, a11y):
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("link", name="Aide", exact=True).click()
    expect(page).to_have_title(re.compile("Aide"))
    expect(page.get_by_role("main")).to_contain_text("référentiel")
    a11y.check(page)
    term = page.get_by_role("main").locator("abbr.term", has_text="CTG").first
    expect(term).to_have_attribute("title", re.compile("Convention Territoriale Globale"))
    term.focus()  # the definition shows on keyboard focus, not only to the mouse
    assert page.evaluate("document.activeElement.textContent") == "CTG"
    shown = page.evaluate(
        "getComputedStyle(document.activeElement, '::after').getPropertyValue('content')"
    )
    assert "Convention Territoriale Globale" in shown
    log_out(page)
