"""Import of contacts (CSV, Excel) with column mapping and duplicates; CSV, Excel, vCard export."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from maillage.core.tabular import read as tabular_read
from maillage.network import exports, imports, services
from maillage.network.models import Contact, Partner
from maillage.organisations.models import Organisation

from ..factories import OrganisationFactory
from ..hostile_files import counting_reads, declared_dimension_xlsx, shared_strings_xlsx

HEADER = "Nom;Prénom;Fonction;Organisation;Catégorie;Thématiques;Adresse électronique;Téléphone"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


def upload(client, world, name: str, content: bytes):
    return client.post(
        reverse("network:contact_import", args=[world.a.uuid]),
        {"fichier": SimpleUploadedFile(name, content)},
    )


def mapping_page(client, world):
    return client.get(reverse("network:contact_import_map", args=[world.a.uuid]))


def submit(client, world, action="importer", mapping=None, **extra):
    """Post the mapping step with the mapping the page proposed (or the one given)."""
    if mapping is None:
        page = mapping_page(client, world)
        mapping = {f"col-{f.key}": "" if i is None else str(i) for f, i in page.context["fields"]}
    return client.post(
        reverse("network:contact_import_map", args=[world.a.uuid]),
        {**mapping, "action": action, **extra},
    )


def import_file(world, name: str, content: bytes, role="cdc", **extra):
    client = world.client(role)
    response = upload(client, world, name, content)
    assert response.status_code == 302, text_of(response)
    return client, submit(client, world, **extra)


def csv_bytes(lines: list[str], encoding="utf-8", bom=False) -> bytes:
    data = "\r\n".join(lines).encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


# --------------------------------------------------------------------------- reading files


def test_a_utf8_csv_with_bom_and_semicolons_imports_with_the_guessed_columns(world, cdc):
    content = csv_bytes(
        [
            HEADER,
            "Fontaine;Claire;Directrice;Centre social des Hauts;Structures AVS (centres sociaux, "
            "EVS);Parentalité, Animation de la vie sociale;Claire.Fontaine@Example.org;"
            "04 79 00 00 00",
            "Benali;Malik;;;élus;;;",
        ],
        bom=True,
    )
    _client, response = import_file(world, "carnet.csv", content)
    assert response.status_code == 302
    claire = Contact.objects.get(last_name="Fontaine")
    assert claire.first_name == "Claire" and claire.email == "claire.fontaine@example.org"
    assert claire.category == "structures_avs"
    assert sorted(t.theme for t in claire.themes.all()) == ["avs", "parentalite"]
    assert claire.organisation.name == "Centre social des Hauts"
    assert claire.organisation.caf == world.caf
    assert Partner.objects.filter(convention=world.a, organisation=claire.organisation).exists()
    assert Contact.objects.get(last_name="Benali").category == "elus"
    assert claire.history.first().history_user == cdc


def test_a_windows_1252_csv_with_commas_keeps_its_accents(world):
    content = csv_bytes(
        ["Nom,Prénom,Fonction", 'Lefèvre,Hélène,"Coordinatrice enfance, jeunesse"'],
        encoding="cp1252",
    )
    assert b"\xe8" in content  # è in Windows-1252, not valid UTF-8
    import_file(world, "export-excel.csv", content)
    contact = Contact.objects.get()
    assert (contact.last_name, contact.first_name) == ("Lefèvre", "Hélène")
    assert contact.function == "Coordinatrice enfance, jeunesse"


def test_a_utf16_text_file_from_excel_imports(world):
    content = "Nom\tPrénom\r\nÉtienne\tZoé\r\n".encode("utf-16")
    import_file(world, "unicode.txt", content)
    assert Contact.objects.get().first_name == "Zoé"


def test_an_excel_workbook_imports_its_first_sheet(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["Nom de famille", "Prénom", "Courriel", "Tél"])
    ws.append(["Durand", "Léa", "lea.durand@example.org", 479000000])
    ws.append([None, None, None, None])
    ws.append(["Morel", None, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    import_file(world, "contacts.xlsx", buffer.getvalue())
    lea = Contact.objects.get(last_name="Durand")
    assert lea.email == "lea.durand@example.org" and lea.phone == "479000000"
    assert Contact.objects.filter(last_name="Morel").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "faux.xlsx",
            b"PK\x03\x04 not really a zip",
            "n'est pas un classeur Excel (.xlsx) lisible",
        ),
        ("photo.png", b"\x89PNG\r\n", "choisissez un fichier .csv ou un classeur Excel .xlsx"),
        ("binaire.csv", b"Nom\x00\x01\x02", "n'est pas un fichier texte CSV"),
        ("vide.csv", b"\r\n \r\n", "le fichier est vide"),
        ("entete.csv", b"Nom;Prenom\r\n", "aucune ligne de contact"),
        ("gros.csv", b"Nom\r\n" + b"x" * (2 * 1024 * 1024), "dépasse 2 Mo"),
    ],
)
def test_an_unreadable_file_is_refused_in_french_and_nothing_changes(world, name, content, message):
    client = world.client("cdc")
    response = upload(client, world, name, content)
    assert response.status_code == 200
    assert message in text_of(response)
    assert not client.session.keys() & {f"network-import-{world.a.pk}"}
    assert not Contact.objects.exists()


def test_the_mapping_step_without_a_file_sends_back_to_the_upload(world):
    response = world.client("cdc").get(reverse("network:contact_import_map", args=[world.a.uuid]))
    assert response["Location"] == reverse("network:contact_import", args=[world.a.uuid])


# --------------------------------------------------------------------------- checking rows


def test_one_bad_row_and_nothing_is_imported_with_a_french_report_per_row(world):
    content = csv_bytes(
        [
            HEADER,
            "Fontaine;Claire;;;;;claire@example.org;",
            "Benali;Malik;;;;;pas-une-adresse;",
            ";Sans nom;;;;;;",
            "Durand;Léa;;;Catégorie imaginaire;;;",
            "Morel;Paul;;;;Cuisine;;",
            f"{'X' * 101};Trop long;;;;;;",
            "Petit;Jean;;;;;;" + "0" * 31,
        ]
    )
    _client, response = import_file(world, "carnet.csv", content)
    page = text_of(response)
    assert response.status_code == 200
    assert "Rien n'a été importé : 6 erreurs" in page
    errors = [(e.row, e.message) for e in response.context["checked"].errors]
    assert errors == [
        (3, "l'adresse électronique « pas-une-adresse » n'est pas valide."),
        (4, "le nom est manquant."),
        (5, errors[2][1]),
        (6, "la thématique « Cuisine » est inconnue."),
        (7, "« Nom » dépasse 100 caractères."),
        (8, "« Téléphone » dépasse 30 caractères."),
    ]
    assert errors[2][1].startswith("la catégorie « Catégorie imaginaire » est inconnue")
    assert not Contact.objects.exists()
    assert not Organisation.objects.exists()


def test_without_a_name_column_the_import_asks_for_it(world):
    client = world.client("cdc")
    upload(client, world, "carnet.csv", csv_bytes(["Qui;Mail", "Fontaine;c@example.org"]))
    page = mapping_page(client, world)
    assert {f.key: i for f, i in page.context["fields"]}["last_name"] is None
    response = submit(client, world)
    assert "Choisissez la colonne qui contient le nom" in text_of(response)
    response = submit(client, world, mapping={"col-last_name": "0", "col-email": "0"})
    assert "est choisie pour deux champs" in text_of(response)
    response = submit(client, world, mapping={"col-last_name": "0", "col-email": "1"})
    assert response.status_code == 302
    assert Contact.objects.get().email == "c@example.org"


def test_checking_shows_the_result_and_imports_nothing(world):
    client = world.client("cdc")
    upload(client, world, "carnet.csv", csv_bytes(["Nom", "Fontaine"]))
    response = submit(client, world, action="verifier")
    assert "Le fichier est correct : 1 ligne prête à importer" in text_of(response)
    assert not Contact.objects.exists()


def test_abandoning_forgets_the_file(world):
    client = world.client("cdc")
    upload(client, world, "carnet.csv", csv_bytes(["Nom", "Fontaine"]))
    submit(client, world, action="annuler")
    assert mapping_page(client, world).status_code == 302
    assert not Contact.objects.exists()


# --------------------------------------------------------------------------- duplicates


def test_duplicates_by_email_are_shown_and_each_is_updated_or_skipped_as_chosen(world, cdc):
    services.contact_create(
        convention=world.a, by=cdc, last_name="Fontaine", email="claire@example.org", phone="01"
    )
    services.contact_create(
        convention=world.a, by=cdc, last_name="Benali", email="malik@example.org"
    )
    content = csv_bytes(
        [
            "Nom;Prénom;Adresse électronique;Téléphone;Thématiques",
            "Fontaine;Claire;CLAIRE@example.org;04 79 00 00 00;Logement",
            "Benali;Malik;malik@example.org;06 00 00 00 00;",
            "Durand;Léa;lea@example.org;;",
            "Durand;Léa B.;lea@example.org;07 00 00 00 00;",
        ]
    )
    client, response = import_file(world, "carnet.csv", content)
    # Duplicates and no choice made yet: nothing is written, each duplicate is listed.
    assert response.status_code == 200
    duplicates = response.context["checked"].duplicates
    assert [(d.line, d.email) for d in duplicates] == [
        (2, "claire@example.org"),
        (3, "malik@example.org"),
        (5, "lea@example.org"),
    ]
    assert "ligne 4 du fichier" in text_of(response)
    assert Contact.objects.count() == 2
    response = submit(
        client,
        world,
        confirme="1",
        **{"doublon-2": "maj", "doublon-3": "ignorer", "doublon-5": "maj"},
    )
    assert response.status_code == 302
    claire = Contact.objects.get(email="claire@example.org")
    assert claire.phone == "04 79 00 00 00" and claire.first_name == "Claire"
    assert [t.theme for t in claire.themes.all()] == ["logement"]
    assert Contact.objects.get(email="malik@example.org").phone == ""
    lea = Contact.objects.get(email="lea@example.org")
    assert lea.first_name == "Léa B." and lea.phone == "07 00 00 00 00"
    assert Contact.objects.count() == 3


def test_an_organisation_named_in_the_file_is_matched_without_case_or_accents(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Relais Petite Enfance Élan")
    import_file(
        world, "c.csv", csv_bytes(["Nom;Organisation", "Fontaine;relais petite enfance elan"])
    )
    assert Contact.objects.get().organisation == org
    assert Organisation.objects.count() == 1


def test_a_partner_elu_or_caf_role_cannot_import(world):
    for role in ["partenaire", "elu", "cdt"]:
        response = upload(world.client(role), world, "c.csv", csv_bytes(["Nom", "X"]))
        assert response.status_code == 403


def test_a_thousand_contacts_are_imported_with_their_fifty_organisations(world):
    """Its timing is measured by ``make bench``."""
    lines = ["Nom;Prénom;Adresse électronique;Organisation;Thématiques"]
    lines += [
        f"Nom{i};Prénom{i};personne{i}@example.org;Structure {i % 50};Parentalité"
        for i in range(1000)
    ]
    _client, response = import_file(world, "gros.csv", csv_bytes(lines))
    assert response.status_code == 302
    assert Contact.objects.count() == 1000 and Partner.objects.count() == 50


# --------------------------------------------------------------------------- export


@pytest.fixture
def directory(world, cdc):
    org = OrganisationFactory(caf=world.caf, name="Centre social; des Hauts")
    services.contact_create(
        convention=world.a,
        by=cdc,
        first_name="Claire",
        last_name="Fontaine",
        function="Directrice, pôle famille",
        organisation=org,
        category="structures_avs",
        email="claire@example.org",
        phone="+33 4 79 00 00 00",
        notes="Ligne 1\nLigne 2",
        themes=["parentalite", "avs"],
    )
    services.contact_create(
        convention=world.a, by=cdc, last_name='=HYPERLINK("http://x")', first_name="Malik"
    )
    services.contact_create(convention=world.b, by=world.users["cdc_b"], last_name="Autrectg")


def export(world, fmt, role="cdc", query=""):
    url = reverse("network:contact_export", args=[world.a.uuid, fmt]) + query
    return world.client(role).get(url)


def test_the_csv_export_opens_in_excel_and_holds_the_directory(world, directory):
    response = export(world, "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    name = f"maillage-ctg-grand-chambery-annuaire-{today:%Y-%m-%d}.csv"
    assert f'filename="{name}"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["Nom"] for r in rows] == ['\'=HYPERLINK("http://x")', "Fontaine"]
    claire = rows[1]
    assert claire["Organisation"] == "Centre social; des Hauts"
    assert claire["Fonction"] == "Directrice, pôle famille"
    assert claire["Thématiques"] == "Parentalité, Animation de la vie sociale"
    assert claire["Téléphone"] == "+33 4 79 00 00 00"
    assert claire["Notes privées"] == "Ligne 1\nLigne 2"
    assert "Autrectg" not in response.content.decode("utf-8-sig")


def test_the_export_follows_the_directory_filters(world, directory):
    response = export(world, "csv", query="?categorie=structures_avs")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [r["Nom"] for r in rows] == ["Fontaine"]


def test_the_excel_export_holds_text_never_formulas(world, directory):
    response = export(world, "xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Contacts"]
    assert [c.value for c in ws[1]][:3] == ["Prénom", "Nom", "Fonction"]
    assert ws["B2"].value == '=HYPERLINK("http://x")' and ws["B2"].data_type == "s"
    assert ws["B3"].value == "Fontaine" and ws["D3"].value == "Centre social; des Hauts"
    assert ws["H3"].value == "+33 4 79 00 00 00" and ws["H3"].data_type == "s"


@pytest.mark.parametrize("text", ["+1", "@SUM(A1)", "-2", "\tcalcul", '=HYPERLINK("http://x")'])
def test_any_formula_looking_text_is_exported_as_text(world, cdc, text):
    services.contact_create(convention=world.a, by=cdc, last_name="Morel", function=text)
    ws = load_workbook(io.BytesIO(export(world, "xlsx").content))["Contacts"]
    assert (ws["C2"].value, ws["C2"].data_type) == (text, "s")


def test_a_file_with_too_many_lines_is_refused_and_the_error_list_is_capped(world):
    client = world.client("cdc")
    lines = [HEADER, *[f"Nom {n};;;;;;pas-une-adresse-{n};" for n in range(60)]]
    upload(client, world, "carnet.csv", csv_bytes(lines))
    response = submit(client, world)
    page = text_of(response)
    assert "Rien n'a été importé : 60 erreurs" in page
    assert len(response.context["checked"].errors) == 50
    assert "Et 10 autres erreurs." in page
    too_many = csv_bytes([HEADER, *[f"Nom {n}" for n in range(5001)]])
    response = upload(client, world, "carnet.csv", too_many)
    assert "le fichier dépasse 5000 lignes" in text_of(response)


def _unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_the_vcard_export_escapes_and_folds_as_rfc_2426_says(world, directory):
    response = export(world, "vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.count("BEGIN:VCARD") == 2 and text.endswith("END:VCARD\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    lines = _unfold(text)
    assert "N:Fontaine;Claire;;;" in lines
    assert "ORG:Centre social\\; des Hauts" in lines
    assert "TITLE:Directrice\\, pôle famille" in lines
    assert "EMAIL;TYPE=INTERNET:claire@example.org" in lines
    assert (
        "CATEGORIES:Structures AVS (centres sociaux\\, EVS),Parentalité,Animation de la vie sociale"
        in lines
    )


def test_vcard_folding_never_cuts_a_character_in_two():
    line = "NOTE:" + "é" * 100
    folded = exports.vcard_fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_a_partner_cannot_export_the_directory(world, directory):
    assert export(world, "csv", role="partenaire").status_code == 403
    assert export(world, "pdf").status_code == 404


def test_an_exported_csv_imports_back_into_another_directory(world, directory):
    content = export(world, "csv").content
    client = world.client("cdc_b")
    response = client.post(
        reverse("network:contact_import", args=[world.b.uuid]),
        {"fichier": SimpleUploadedFile("annuaire.csv", content)},
    )
    assert response.status_code == 302
    page = client.get(reverse("network:contact_import_map", args=[world.b.uuid]))
    mapping = {f"col-{f.key}": "" if i is None else str(i) for f, i in page.context["fields"]}
    assert all(mapping.values())
    response = client.post(
        reverse("network:contact_import_map", args=[world.b.uuid]),
        {**mapping, "action": "importer"},
    )
    assert response.status_code == 302, [str(e) for e in response.context["checked"].errors]
    claire = Contact.objects.get(convention=world.b, email="claire@example.org")
    assert claire.category == "structures_avs" and claire.function == "Directrice, pôle famille"
    assert sorted(t.theme for t in claire.themes.all()) == ["avs", "parentalite"]
    assert claire.notes == "Ligne 1\nLigne 2"


def test_the_table_survives_the_session_round_trip():
    table = imports.Table("a.csv", ["Nom", "Prénom"], [(2, ["Fontaine", "Zoé"])])
    assert imports.Table.load(table.dump()) == table


def test_a_file_with_an_unknown_separator_is_explained(world):
    _client, response = import_file(
        world, "pipes.csv", csv_bytes(["Nom|Prénom", "Fontaine|Claire"])
    )
    page = text_of(response)
    assert "n'a qu'une colonne" in page and "points-virgules" in page
    assert not Contact.objects.exists()


def test_a_failure_while_writing_rolls_the_whole_import_back(world, monkeypatch):
    from django.core.exceptions import ValidationError

    def fail(*args, **kwargs):
        raise ValidationError("panne simulée")

    monkeypatch.setattr(imports, "bulk_create_with_history", fail)
    content = csv_bytes(["Nom;Organisation", "Fontaine;Nouvelle structure"])
    client, response = import_file(world, "c.csv", content)
    assert response.status_code == 302  # to the job's page: a worker writes the contacts
    job_page = client.get(response["Location"])
    assert "Import refusé : panne simulée" in text_of(job_page)
    assert "Revenir à l'import" in text_of(job_page)
    assert not Organisation.objects.exists() and not Partner.objects.exists()
    assert not Contact.objects.exists()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_vcard_lines_always_unfold_to_the_escaped_value(text):
    line = "NOTE:" + exports.vcard_escape(text)
    folded = exports.vcard_fold(line)
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line
    assert "\n" not in line and "\r" not in line


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
        min_size=2,
        max_size=5,
    ),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_csv_written_by_a_spreadsheet_reads_back_cell_for_cell(cells, separator, encoding):
    header = [f"Colonne{i}" for i in range(len(cells))]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerow(["x" + c for c in cells])  # a leading letter: never an empty row
    upload = SimpleUploadedFile("f.csv", buffer.getvalue().encode(encoding))
    table = imports.read_table(upload)
    assert table.header == header
    assert table.rows[0][1] == [("x" + c).strip() for c in cells]


def test_the_import_s_page_gives_the_counts_and_leads_to_the_directory(world):
    content = csv_bytes(["Nom;Prénom;E-mail", "Fontaine;Claire;claire.fontaine@example.org"])
    client, response = import_file(world, "c.csv", content)
    assert resolve(response["Location"]).view_name == "jobs:detail"
    page = text_of(client.get(response["Location"]))
    assert "Import terminé : 1 contact" in page
    assert reverse("network:directory", args=[world.a.uuid]) in page
    assert Contact.objects.filter(email="claire.fontaine@example.org").exists()
    # The file's rows left the session with the job.
    assert client.get(reverse("network:contact_import_map", args=[world.a.uuid])).status_code == 302


def test_a_tiny_workbook_declaring_16384_columns_by_60000_rows_is_read_by_its_data(world):
    content = declared_dimension_xlsx("A1:XFD60000")
    assert len(content) < 2000
    client = world.client("cdc")
    with counting_reads() as counted:
        response = upload(client, world, "carnet.xlsx", content)
    assert response.status_code == 302
    # Three rows, each read up to one column past the cap: never 16,384 cells a row.
    assert counted.rows == 3
    assert counted.cells <= 3 * (imports.LIMITS.max_columns + 1)
    table = mapping_page(client, world).context["table"]
    assert table.rows == [(2, ["Fontaine", "Claire"]), (3, ["Benali", "Malik"])]


def test_a_small_workbook_with_600000_distinct_texts_is_refused_after_a_bounded_read(
    world, monkeypatch
):
    content = shared_strings_xlsx(600_000)
    assert len(content) < imports.LIMITS.max_bytes
    parsed = []
    original = tabular_read.Text.from_tree
    monkeypatch.setattr(
        tabular_read.Text, "from_tree", lambda node: parsed.append(1) or original(node)
    )
    response = upload(world.client("cdc"), world, "carnet.xlsx", content)
    assert response.status_code == 200
    assert "trop de textes différents" in html.unescape(response.content.decode())
    # The table is read up to its bound (six texts per accepted row), never to its end.
    assert len(parsed) == tabular_read.SHARED_STRINGS_PER_ROW * imports.LIMITS.max_rows
    assert not Contact.objects.filter(convention=world.a).exists()


@pytest.mark.parametrize("name", ["carnet.csv", "carnet.xlsx"])
def test_a_name_with_a_line_break_is_refused_with_its_row_and_nothing_is_imported(world, name):
    rows = [
        ["Nom", "Prénom", "Organisation"],
        ["Fontaine", "Claire", "Centre social"],
        ["Benali\r\nBcc: x@example.org", "Malik", ""],
        ["Morel", "Paul", "Mairie\r\nde Chambéry"],
    ]
    if name.endswith(".csv"):
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerows(rows)
        content = buffer.getvalue().encode()
    else:
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        out = io.BytesIO()
        wb.save(out)
        content = out.getvalue()
    _client, response = import_file(world, name, content)
    assert response.status_code == 200
    control = (
        "ne peut contenir ni retour à la ligne, ni tabulation, ni autre caractère de contrôle."
    )
    errors = [(e.row, e.message) for e in response.context["checked"].errors]
    assert errors == [(3, f"« Nom » {control}"), (4, f"« Organisation » {control}")]
    assert "Rien n'a été importé : 2 erreurs" in text_of(response)
    assert not Contact.objects.exists()
    assert not Organisation.objects.exists()
