"""Journeys a new user takes, in a real browser, with an axe-core check on every page."""

from __future__ import annotations

import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, base: str, email: str, a11y) -> None:
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/connexion/"))
    expect(page).to_have_title(re.compile("Connexion"))
    a11y.check(page)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url(re.compile(r"/connexion/"))


def test_a_cdc_opens_the_ctg_invites_a_member_switches_ctg_and_logs_out(
    page: Page, live_server, demo, a11y
):
    base = live_server.url
    log_in(page, base, "cdc.coeur-de-savoie@example.org", a11y)
    expect(page.get_by_role("heading", name="Mes CTG")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    a11y.check(page)

    page.get_by_role("link", name="CTG Coeur de Savoie").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CTG Coeur de Savoie")
    expect(page.get_by_text("habitants")).not_to_have_count(0)
    a11y.check(page)

    page.get_by_role("link", name="Membres", exact=True).click()
    expect(page).to_have_title(re.compile("Membres"))
    a11y.check(page)
    page.get_by_label("Nom complet").fill("Léa Nouvelle")
    page.get_by_label("Adresse e-mail").fill("lea.nouvelle@example.org")
    page.locator("#id_role").select_option("technicien")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation envoyée")).to_be_visible()
    expect(page.get_by_role("cell", name="lea.nouvelle@example.org")).to_be_visible()
    a11y.check(page)

    # The same address again: a message, no duplicate.
    page.get_by_label("Nom complet").fill("Léa Nouvelle")
    page.get_by_label("Adresse e-mail").fill("lea.nouvelle@example.org")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("alert")).to_contain_text("déjà membre")
    expect(page.get_by_role("cell", name="lea.nouvelle@example.org")).to_have_count(1)

    page.get_by_role("button", name=re.compile("CTG Coeur de Savoie")).click()
    page.get_by_role("link", name="CTG Porte de Maurienne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CTG Porte de Maurienne")
    a11y.check(page)

    page.get_by_role("link", name="Accessibilité : partiellement conforme").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d'accessibilité")
    a11y.check(page)
    log_out(page)


def test_a_cdt_filters_the_caf_table_and_opens_a_ctg(page: Page, live_server, demo, a11y):
    base = live_server.url
    log_in(page, base, "cdt3@example.org", a11y)
    table = page.locator("#caf-table tbody tr")
    expect(table).to_have_count(18)
    a11y.check(page)

    page.get_by_label("Statut").select_option("en_cours")
    expect(page.locator("#caf-table")).to_contain_text("CTG affichée")
    expect(table).not_to_have_count(18)
    for badge in page.locator("#caf-table tbody .badge").all_inner_texts():
        assert badge == "En cours"
    assert "statut=en_cours" in page.url
    a11y.check(page)

    page.get_by_label("Statut").select_option("")
    page.get_by_label("Nom de la CTG ou de l'EPCI").fill("Chambéry")
    expect(table).to_have_count(1)
    page.get_by_role("link", name="CTG Grand Chambéry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CTG Grand Chambéry")
    expect(page.get_by_role("link", name="Modifier la CTG")).to_be_visible()  # référent
    a11y.check(page)

    page.get_by_role("link", name="Historique").click()
    expect(page.get_by_role("heading", name="Historique des modifications")).to_be_visible()
    a11y.check(page)
    log_out(page)


def test_the_caf_admin_enrols_a_second_factor_before_seeing_the_ctgs(
    page: Page, live_server, demo, a11y
):
    base = live_server.url
    log_in(page, base, "admin.caf73@example.org", a11y)
    expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
    a11y.check(page)
    secret = page.locator("code").inner_text()
    import base64

    key = base64.b32decode(secret)
    code = f"{TOTP(key).token():06d}"
    page.get_by_label("Code à 6 chiffres").fill(code)
    page.get_by_role("button", name="Activer").click()
    expect(
        page.get_by_role("heading", name=re.compile("Les CTG de la Caf de la Savoie"))
    ).to_be_visible()
    a11y.check(page)
    log_out(page)


def test_a_cdc_follows_the_plan_from_the_tree_to_a_late_fiche_and_the_dashboard(
    page: Page, live_server, demo, a11y, monkeypatch
):
    from maillage.plans import views_excel

    # The demo plan is small: show its import's progress as a large one's would be shown.
    monkeypatch.setattr(views_excel, "STREAM_FROM", 1)
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("link", name="CTG Grand Chambéry").first.click()
    page.get_by_role("link", name="Plan d'actions").click()
    expect(page).to_have_title(re.compile("Plan d'actions"))
    expect(page.locator("section.card")).to_have_count(4)
    a11y.check(page)

    page.get_by_role("link", name="Tableau des fiches").click()
    page.get_by_label("En retard").check()
    page.get_by_role("button", name="Filtrer").click()
    late_rows = page.locator("tbody tr")
    expect(late_rows.first).to_contain_text("En retard")
    a11y.check(page)

    late_rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check(page)
    page.get_by_label("Note de suivi").fill("Relance du pilote faite ce jour.")
    page.get_by_role("button", name="Ajouter la note").click()
    expect(page.get_by_text("Relance du pilote faite ce jour.")).to_be_visible()

    page.get_by_role("link", name="Plan d'actions").first.click()
    page.get_by_role("link", name="Tableau de bord").click()
    expect(page.get_by_role("heading", name=re.compile("Fiches par statut"))).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Calendrier").click()
    expect(page.locator("svg.timeline-chart")).to_be_visible()
    a11y.check(page)

    page.get_by_role("link", name="Indicateurs").click()
    a11y.check(page)
    page.locator("main table tbody a").first.click()
    expect(page.locator("main figure svg")).to_be_visible()
    a11y.check(page)

    page.get_by_role("link", name="Plan d'actions").click()
    page.get_by_role("link", name="Importer depuis Excel").click()
    a11y.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en Excel").first.click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # Re-importing the plan as exported: the progress streams in, then the result.
    workbook = {
        "name": download.value.suggested_filename,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": download.value.path().read_bytes(),
    }
    page.get_by_label("Classeur Excel (.xlsx)").set_input_files(workbook)
    page.get_by_role("button", name="Importer").click()
    expect(
        page.get_by_text(re.compile("Import terminé : 0 fiche\\(s\\) créée\\(s\\)"))
    ).to_be_visible()
    expect(page.locator(".import-progress").last).to_be_hidden()
    a11y.check(page)
    page.get_by_role("link", name="Voir le plan d'actions").click()
    expect(page).to_have_title(re.compile("Plan d'actions"))
    log_out(page)
