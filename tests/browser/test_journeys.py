"""Journeys a new user takes, in a real browser, with an axe-core check on every page."""

from __future__ import annotations

import re
from email.utils import parseaddr
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from maillage.conventions.models import ConventionMembership

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

    page.get_by_role("main").get_by_role("link", name="CTG Coeur de Savoie").first.click()
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


@pytest.mark.parametrize("width", [1366, 390])
def test_the_cdc_s_home_says_what_to_do_and_links_to_it(page: Page, live_server, demo, a11y, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url, "cdc.chambery@example.org", a11y)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=2, name="CTG Grand Chambéry")).to_be_visible()
    for title in ["Fiches en retard", "Prochaines réunions", "Rapports? d'activité"]:
        expect(main.get_by_role("heading", level=3, name=re.compile(title))).to_be_visible()
    # Last year's report is validated: this year's, in draft, is the one to write.
    expect(main.locator("[data-section=rapport]")).to_contain_text(
        re.compile(r"Rapport d'activité \d{4} : Brouillon")
    )
    late = main.locator("[data-section=retard]")
    expect(late).to_contain_text("était prévue le")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    a11y.check(page)

    late.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/plan/fiches/"))
    a11y.check(page)


def test_a_cdt_filters_the_caf_table_and_opens_a_ctg(page: Page, live_server, demo, a11y):
    base = live_server.url
    log_in(page, base, "cdt3@example.org", a11y)
    table = page.locator("#caf-table tbody tr")
    expect(table).to_have_count(18)
    a11y.check(page)

    page.get_by_label("Statut").select_option("en_cours")
    expect(page.locator("#caf-table")).to_contain_text("CTG affichée")
    expect(table).not_to_have_count(18)
    for badge in page.locator("#caf-table tbody .badge[class*='status-']").all_inner_texts():
        assert badge == "En cours"
    assert "statut=en_cours" in page.url
    a11y.check(page)

    page.get_by_label("Statut").select_option("")
    page.get_by_label("Nom de la CTG ou de l'EPCI").fill("Chambéry")
    expect(table).to_have_count(1)
    page.locator("#caf-table").get_by_role("link", name="CTG Grand Chambéry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CTG Grand Chambéry")
    expect(page.get_by_role("link", name="Modifier la CTG")).to_be_visible()  # référent
    a11y.check(page)

    page.get_by_role("button", name=re.compile("^Plus")).click()
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
    # The recovery codes are shown once, before going on.
    expect(page.get_by_role("heading", name="Vos codes de secours")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="J'ai noté mes codes, continuer").click()
    expect(
        page.get_by_role("heading", name=re.compile("Les CTG de la Caf de la Savoie"))
    ).to_be_visible()
    a11y.check(page)
    log_out(page)


def test_a_cdc_follows_the_plan_from_the_tree_to_a_late_fiche_and_the_dashboard(
    page: Page, live_server, demo, a11y, settings
):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Grand Chambéry").first.click()
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

    # The long lists of the fiche form are searched by typing, and chosen with the keyboard.
    page.get_by_role("link", name="Modifier la fiche").click()
    wanted = page.locator("#id_partners option:not(:checked)").first.text_content().strip()
    search = page.get_by_role("combobox", name="Organisations partenaires")
    search.fill(wanted)
    search.press("Enter")
    search.press("Escape")
    # Its planned end moves six months ahead: its overdue steps are offered to move with it.
    new_end = timezone.localdate() + datetime.timedelta(days=182)
    page.get_by_label("Fin prévue").fill(new_end.isoformat())
    a11y.check(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("en retard : les reporter ?")
    a11y.check(page)
    page.get_by_role("button", name="Reporter ces étapes").click()
    expect(page.get_by_role("status").filter(has_text="reportée")).to_be_visible()
    expect(page.locator("dd", has_text=wanted)).to_be_visible()
    expect(page.get_by_text("Reporter les")).to_have_count(0)  # nothing overdue any more

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

    # Re-importing the plan as exported: a worker runs it while its page waits, then the
    # page shows the result without being reloaded.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    workbook = {
        "name": download.value.suggested_filename,
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": download.value.path().read_bytes(),
    }
    page.get_by_label("Classeur Excel (.xlsx)").set_input_files(workbook)
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("status")).to_contain_text("En attente")
    a11y.check(page)
    call_command("worker", batch=True, verbosity=0)
    expect(
        page.get_by_text(re.compile("Import terminé : 0 fiche\\(s\\) créée\\(s\\)"))
    ).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Voir le résultat").click()
    expect(page).to_have_title(re.compile("Plan d'actions"))
    log_out(page)


def test_a_cdc_reviews_last_year_s_copil_and_convenes_a_cotech(
    page: Page, live_server, demo, a11y, mailoutbox
):
    import datetime
    import io

    import docx
    from django.utils import timezone

    today = timezone.localdate()
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Grand Chambéry").first.click()
    expect(page.get_by_text("COPIL prévu").first).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Gouvernance", exact=True).click()
    expect(page).to_have_title(re.compile("Gouvernance"))
    expect(page.get_by_role("link", name=f"COPIL annuel {today.year}")).to_be_visible()
    a11y.check(page)

    subnav = page.get_by_role("list", name="Vues de la gouvernance")
    subnav.get_by_role("link", name="Calendrier").click()
    expect(page).to_have_title(re.compile("Calendrier des réunions"))
    a11y.check(page)
    page.get_by_role("link", name="Mois suivant").click()
    expect(page.locator("table.meeting-calendar a").first).to_be_visible()
    a11y.check(page)

    page.get_by_role("list", name="Vues de la gouvernance").get_by_role(
        "link", name="Réunions"
    ).click()
    page.get_by_role("link", name=f"COPIL annuel {today.year - 1}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"COPIL annuel {today.year - 1}")
    invitees = page.get_by_role("table", name="Invités de la réunion et leur présence")
    expect(invitees).to_contain_text("Claire Martin")
    expect(page.get_by_text(re.compile(r"[1-9]\d* présent·e\(s\)"))).to_be_visible()
    decisions = page.get_by_role("table", name="Décisions de la réunion")
    expect(decisions).to_contain_text("Appliquée au plan le")
    expect(page.get_by_text("Le comité de pilotage a présenté le bilan annuel")).to_be_visible()
    a11y.check(page)
    meeting_url = page.url
    decisions.get_by_role("link", name=re.compile("^Commenter la décision")).first.click()
    expect(page.get_by_role("heading", name="Commentaires (0)")).to_be_visible()
    a11y.check(page)
    page.get_by_label("Votre commentaire").fill("Point à faire avec l'élu avant le COTECH.")
    page.get_by_role("button", name="Publier le commentaire").click()
    expect(page.get_by_role("heading", name="Commentaires (1)")).to_be_visible()
    expect(
        page.get_by_role("table", name=re.compile("Modifications de la décision"))
    ).to_contain_text("Commentaire de Claire Martin")
    a11y.check(page)
    page.goto(meeting_url)
    expect(decisions).to_contain_text("Point à faire avec l'élu avant le COTECH.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Compte rendu au format Word").click()
    assert download.value.suggested_filename.endswith(".docx")
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(download.value.path().read_bytes())).paragraphs
    )
    assert "Claire Martin" in text and "CTG Grand Chambéry" in text

    page.get_by_role("link", name="Gouvernance", exact=True).first.click()
    page.get_by_role("list", name="Vues de la gouvernance").get_by_role(
        "link", name="Instances"
    ).click()
    a11y.check(page)
    page.get_by_role("link", name="Comité technique").click()
    a11y.check(page)
    page.get_by_role("link", name="Planifier une réunion").click()
    # The COTECH's members are offered as invitees, every one ticked.
    members = page.get_by_role("group", name="Invités").get_by_role("checkbox")
    expect(members).to_have_count(6)
    for n in range(6):
        expect(members.nth(n)).to_be_checked()
    expect(page.get_by_role("checkbox", name="Claire Martin")).to_be_checked()
    a11y.check(page)
    day = today + datetime.timedelta(days=15)
    page.get_by_label("Titre").fill("COTECH de préparation du COPIL")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("09:30")
    page.get_by_label("Heure de fin").fill("11:30")
    page.get_by_label("Lieu", exact=True).fill("Maison des associations")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("COTECH de préparation du COPIL")
    a11y.check(page)

    page.get_by_text("Ajouter un point", exact=True).click()
    page.get_by_label("Point de l'ordre du jour").fill("Bilan des fiches en retard")
    page.get_by_label("Durée (minutes)").fill("30")
    page.get_by_role("button", name="Ajouter le point").click()
    expect(page.locator("#odj + ol")).to_contain_text("Bilan des fiches en retard")

    page.get_by_text("Inviter une personne", exact=True).click()
    page.get_by_label("Ou son adresse électronique").fill("elu.chambery@example.org")
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Bernard Rolland")).to_be_visible()
    a11y.check(page)
    invited = page.get_by_role("table", name="Invités de la réunion et leur présence")
    count = invited.locator("tbody tr").count()

    page.get_by_role("button", name="Envoyer les convocations").click()
    expect(page.get_by_role("status").filter(has_text="Convocations envoyées")).to_be_visible()
    expect(page.get_by_role("button", name="Renvoyer les convocations")).to_be_visible()
    a11y.check(page)
    assert len(mailoutbox) == count
    elu = next(m for m in mailoutbox if parseaddr(m.to[0])[1] == "elu.chambery@example.org")
    assert "Bilan des fiches en retard" in elu.body
    assert elu.attachments[0][0] == "reunion.ics"

    # Attendance saved inline: the counters above the table follow without a reload.
    counters = page.locator("#attendance-counts")
    expect(counters).to_contain_text(f"0 présent·e(s), 0 excusé·e(s), 0 absent·e(s), {count}")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Présence de Claire Martin").select_option(label="Présent·e")
    page.get_by_role("button", name="Enregistrer la présence de Claire Martin").click()
    expect(page.get_by_role("status").filter(has_text="Enregistré.")).to_be_visible()
    expect(counters).to_have_text(
        f"1 présent·e(s), 0 excusé·e(s), 0 absent·e(s), {count - 1} sans réponse."
    )
    page.get_by_label("Présence de Bernard Rolland").select_option(label="Excusé·e")
    page.get_by_role("button", name="Enregistrer la présence de Bernard Rolland").click()
    expect(counters).to_have_text(
        f"1 présent·e(s), 1 excusé·e(s), 0 absent·e(s), {count - 2} sans réponse."
    )
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#attendance-counts").count() == 1
    log_out(page)


def test_a_cdc_works_the_directory_and_a_cdt_looks_at_the_departement(
    page: Page, live_server, demo, a11y
):
    base = live_server.url
    log_in(page, base, "cdc.chambery@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Grand Chambéry").first.click()
    page.get_by_role("link", name="Annuaire").click()
    expect(page).to_have_title(re.compile("Annuaire"))
    a11y.check(page)
    page.get_by_label("Nom, fonction, organisation, adresse").fill("centre social")
    page.get_by_role("button", name="Filtrer").click()
    rows = page.locator("main tbody tr")
    expect(rows.first).to_contain_text(re.compile("Centre social", re.IGNORECASE))
    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=2)).to_be_visible()
    a11y.check(page)

    page.get_by_role("link", name="Organisations").click()
    expect(page).to_have_title(re.compile("Organisations"))
    a11y.check(page)
    page.locator("main tbody a").first.click()
    expect(page).not_to_have_title(re.compile("^Organisations"))
    a11y.check(page)
    page.get_by_role("link", name="Journal des interactions").click()
    expect(page).to_have_title(re.compile("interactions", re.IGNORECASE))
    a11y.check(page)
    page.get_by_role("link", name="Carte du réseau").click()
    expect(page.locator("svg.network-map")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Partenaires sans contact").click()
    expect(page).to_have_title(re.compile("sans contact", re.IGNORECASE))
    a11y.check(page)
    page.get_by_role("link", name="Importer des contacts").click()
    expect(page).to_have_title(re.compile("Import", re.IGNORECASE))
    a11y.check(page)
    log_out(page)

    log_in(page, base, "cdt1@example.org", a11y)
    header = page.get_by_role("navigation", name="Navigation principale")
    header.get_by_role("link", name="Carte", exact=True).click()
    expect(header.get_by_role("link", name="Carte", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.locator("svg.caf-map")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Contacts Caf").click()
    expect(page.get_by_role("heading", name="Conseillers thématiques")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Suivi des CTG").click()
    expect(page.locator("main tbody tr")).to_have_count(3)  # the CTGs cdt1 follows
    a11y.check(page)
    page.get_by_label("Toutes les CTG de la Caf").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("main tbody tr")).to_have_count(18)
    expect(page.locator("main tbody")).to_contain_text("COPIL tenu")
    a11y.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporter en Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    header.get_by_role("link", name="Carte", exact=True).click()
    page.locator("svg.caf-map a").first.click()
    expect(page).to_have_url(re.compile(r"/ctg/"))
    log_out(page)


def test_a_cdt_schedules_a_network_meeting_and_follows_the_cdcs_participation(
    page: Page, live_server, demo, a11y, mailoutbox
):
    import datetime

    from django.utils import timezone

    base = live_server.url
    log_in(page, base, "cdt1@example.org", a11y)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Réseau", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Réseau des chargés de coopération")).to_be_visible()
    participation = page.locator("#participation-table tbody tr")
    # One row per CDC of the Caf's CTGs (all 18 CTGs of the demo have one).
    cdcs = (
        ConventionMembership.objects.filter(
            role="cdc", is_active=True, convention__caf__name="Caf de la Savoie"
        )
        .values("user")
        .distinct()
        .count()
    )
    assert cdcs >= 17
    expect(participation).to_have_count(cdcs)
    expect(page.locator("#participation-table")).to_contain_text("Claire Martin")
    a11y.check(page)

    page.get_by_role("table", name="Réunions du réseau passées").get_by_role("link").first.click()
    expect(
        page.get_by_role("table", name="Invités de la réunion et leur présence")
    ).to_contain_text("Présent·e")
    a11y.check(page)

    page.get_by_role("link", name="Réseau des chargés de coopération").click()
    page.get_by_role("link", name="Planifier une réunion du réseau").click()
    a11y.check(page)
    day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Titre").fill("Réseau des CDC — journée départementale")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("09:00")
    page.get_by_label("Heure de fin").fill("16:00")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Réseau des CDC — journée départementale"
    )
    page.get_by_role("button", name="Inviter tous les chargés de coopération de la Caf").click()
    invited = f"{cdcs} chargé·e(s)"
    expect(page.get_by_role("status").filter(has_text=invited)).to_be_visible()
    page.get_by_role("button", name="Envoyer les convocations").click()
    expect(page.get_by_role("status").filter(has_text="Convocations envoyées")).to_be_visible()
    a11y.check(page)
    assert len(mailoutbox) == cdcs
    log_out(page)


def test_a_cdc_writes_the_annual_report_the_elu_remarks_the_cdt_sends_it_back_then_validates(
    page: Page, live_server, demo, a11y
):
    import io

    import docx
    from django.utils import timezone

    year = timezone.localdate().year
    base = live_server.url

    # The CDC notes an hour and a half in the journal, then reads the year's totals.
    log_in(page, base, "cdc.arlysere@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Activité", exact=True).click()
    expect(page).to_have_title(re.compile("Journal d'activité"))
    a11y.check(page)
    page.get_by_role("link", name="Nouvelle entrée").click()
    expect(page).to_have_title(re.compile("Nouvelle entrée"))
    page.get_by_label("Durée").fill("1h30")
    page.get_by_label("Description").fill("Entretien avec la coordinatrice du RPE")
    page.get_by_label("Attendu").select_option("partenariats")
    a11y.check(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status").filter(has_text="1 h 30")).to_be_visible()
    expect(page.get_by_text("Entretien avec la coordinatrice du RPE")).to_be_visible()
    a11y.check(page)
    page.get_by_role("link", name="Temps par mission, attendu et sphère").click()
    expect(page.locator("svg.time-chart")).to_have_count(3)
    a11y.check(page)

    # This year's draft: facts inserted, every section written, sent to the Caf.
    page.get_by_role("link", name="Rapports d'activité").click()
    expect(page).to_have_title(re.compile("Rapports d'activité"))
    a11y.check(page)
    page.get_by_role("link", name=f"Rapport {year}").click()
    expect(page).to_have_title(re.compile(f"Rapport d'activité {year}"))
    # Section 1 quotes the year's time, which the new entry changed: the facts say so, and
    # are updated in one click, the CDC's own text kept.
    stale = page.locator("#perimes-description")
    expect(stale).to_contain_text("ne correspond")
    expect(stale).to_contain_text("Temps consigné au journal")
    a11y.check(page)
    written = page.locator("#section-description textarea").input_value()
    all_of_them = stale.get_by_role("button", name=re.compile("Tout mettre à jour"))
    if all_of_them.count():
        all_of_them.click()
    else:
        stale.get_by_role("button", name=re.compile("Mettre à jour")).click()
    expect(page.get_by_role("status").filter(has_text="mis à jour")).to_be_visible()
    expect(page.locator("#perimes-description")).to_have_count(0)
    updated = page.locator("#section-description textarea").input_value()
    assert updated != written and updated.split("\n")[0] == written.split("\n")[0]
    # A fact's definition is at hand.
    expect(page.locator(".fact-definition").first).to_contain_text("Définition")
    page.get_by_role("button", name="Tout insérer dans la section 3").click()
    expect(page.locator("#section-elus textarea")).to_contain_text(
        re.compile(f"COPIL (s'est tenu|se sont tenus|tenu) en {year}")
    )
    sections = page.locator("main section[id^=section-] textarea").all()
    for n, textarea in enumerate(sections, start=1):
        if not textarea.input_value().strip():
            textarea.fill(f"Bilan de la section {n}, rédigé pour la Caf.")
            page.get_by_role("button", name=f"Enregistrer la section {n}", exact=True).click()
            expect(page.get_by_role("status").filter(has_text="enregistrée")).to_be_visible()
    log_out(page)

    # Before approving it, the élue référente remarks on the diagnostics section.
    log_in(page, base, "elu.arlysere@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Rapport d'activité", exact=True).click()
    page.get_by_role("link", name=f"Rapport {year}").click()
    diagnostics = page.locator("#section-diagnostics")
    diagnostics.get_by_text("Faire une remarque sur cette section").click()
    diagnostics.get_by_label(re.compile("Votre remarque sur")).fill(
        "Citez l'analyse des besoins sociaux menée avec les communes."
    )
    diagnostics.get_by_role("button", name="Envoyer la remarque").click()
    expect(page.get_by_role("status").filter(has_text="Remarque enregistrée")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile(r"Approuver .*\(1 remarque non traitée\)"))
    ).to_be_visible()
    a11y.check(page)
    log_out(page)

    # The CDC reads it beside the section, completes the text and marks it treated.
    log_in(page, base, "cdc.arlysere@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Activité", exact=True).click()
    page.get_by_role("link", name="Rapports d'activité").click()
    page.get_by_role("link", name=f"Rapport {year}").click()
    expect(page.locator("#remarques")).to_contain_text("Une remarque à traiter")
    diagnostics = page.locator("#section-diagnostics")
    expect(diagnostics).to_contain_text("Citez l'analyse des besoins sociaux")
    a11y.check(page)
    diagnostics.locator("textarea[name$=text]").fill(
        "Le diagnostic s'appuie sur l'analyse des besoins sociaux menée avec les communes."
    )
    page.get_by_role("button", name="Enregistrer la section 2", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="enregistrée")).to_be_visible()
    diagnostics.get_by_role("button", name=re.compile("Marquer traitée")).click()
    expect(page.locator("#remarques")).to_contain_text("Toutes les remarques sont traitées.")
    page.get_by_label("Message à la Caf (facultatif)").fill("Bonne lecture.")
    page.get_by_role("button", name=f"Transmettre le rapport {year} à la Caf").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Transmis à la Caf")
    a11y.check(page)
    log_out(page)

    # The référent CDT sends it back with a comment on the diagnostics.
    log_in(page, base, "cdt1@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Rapport d'activité", exact=True).click()
    page.get_by_role("link", name=f"Rapport {year}").click()
    a11y.check(page)
    page.get_by_role("link", name="Renvoyer avec des commentaires").click()
    expect(page).to_have_title(re.compile("Renvoyer"))
    a11y.check(page)
    page.get_by_label("Commentaire : Diagnostics territoriaux ou thématiques").fill(
        "Précisez les outils utilisés pour actualiser le diagnostic."
    )
    page.get_by_role("button", name="Renvoyer pour compléments").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("À compléter")
    log_out(page)

    # The CDC completes the section and sends it again.
    log_in(page, base, "cdc.arlysere@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Activité", exact=True).click()
    page.get_by_role("link", name="Rapports d'activité").click()
    page.get_by_role("link", name=f"Rapport {year}").click()
    expect(page.locator("#section-diagnostics")).to_contain_text("Précisez les outils")
    a11y.check(page)
    page.locator("#section-diagnostics textarea").fill(
        "Le diagnostic a été actualisé avec les données de la Caf et l'ABS de 2025."
    )
    page.get_by_role("button", name="Enregistrer la section 2", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="enregistrée")).to_be_visible()
    page.get_by_role("button", name=f"Transmettre le rapport {year} à la Caf").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Transmis à la Caf")
    log_out(page)

    # The CDT validates it and downloads the Word file.
    log_in(page, base, "cdt1@example.org", a11y)
    page.get_by_role("main").get_by_role("link", name="CTG Arlysère").first.click()
    page.get_by_role("link", name="Rapport d'activité", exact=True).click()
    page.get_by_role("link", name=f"Rapport {year}").click()
    page.get_by_role("button", name="Valider le rapport").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text("Validé")
    a11y.check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Word").click()
    document = docx.Document(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"Rapport d'activité {year}" in text
    assert "actualisé avec les données de la Caf" in text
    # The Caf's page of reports shows it validated.
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Rapports", exact=True
    ).click()
    page.get_by_label("Année", exact=True).select_option(str(year))
    page.get_by_role("button", name="Afficher").click()
    expect(page.get_by_role("row", name=re.compile("CTG Arlysère"))).to_contain_text("Validé")
    a11y.check(page)
    log_out(page)
