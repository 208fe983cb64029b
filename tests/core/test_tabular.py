"""The spreadsheet layer: bounded reading, shared cell parsers, rows checked by the models'
form fields, and formula-safe writing."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from maillage.core import tabular
from maillage.core.enums import Theme
from maillage.core.tabular import CellError, Column, FileRefused, Limits, WorkbookWriter
from maillage.network.models import Contact
from maillage.plans.models import Action

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same workbook whose first sheet declares another ``<dimension>``."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), data
                )
                assert count == 1
            target.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------- reading


def test_a_sheet_declaring_16384_columns_by_60000_rows_is_read_by_its_real_data():
    content = with_dimension(
        xlsx([["Nom", "Prénom"], ["Fontaine", "Claire"], ["Benali", "Malik"]]), "A1:XFD60000"
    )
    assert len(content) < 10_000
    # The file does declare that size: a reader trusting it would pad every row to it.
    declared = load_workbook(io.BytesIO(content), read_only=True)
    assert (declared.active.max_row, declared.active.max_column) == (60000, 16384)

    sheet = tabular.read_xlsx(content)
    assert sheet.header == ["Nom", "Prénom"]
    assert [(r.line, r.cells) for r in sheet.rows] == [
        (2, ("Fontaine", "Claire")),
        (3, ("Benali", "Malik")),
    ]
    # Each row is visited up to one column past the cap, never up to column XFD.
    assert sheet.cells_read <= 3 * (Limits().max_columns + 1)


def test_cells_come_back_typed_and_trimmed():
    day = datetime.datetime(2025, 3, 1)
    sheet = tabular.read_xlsx(
        xlsx([["A", "B", "C", "D"], ["  texte  ", 12.0, 2.5, day], [None, "  ", None, None]])
    )
    assert sheet.rows == [tabular.Row(2, ("texte", 12, 2.5, day))]
    assert dict(next(sheet.records())[1]) == {"A": "texte", "B": 12, "C": 2.5, "D": day}


def test_more_rows_than_the_cap_are_refused_in_french():
    content = xlsx([["Nom"], *[[f"Contact {i}"] for i in range(6)]])
    with pytest.raises(FileRefused, match="le fichier dépasse 5 lignes : découpez-le."):
        tabular.read_xlsx(content, limits=Limits(max_rows=5))
    assert len(tabular.read_xlsx(content, limits=Limits(max_rows=6)).rows) == 6


def test_a_sheet_of_empty_rows_stops_at_the_cap_too():
    wb = Workbook()
    wb.active.append(["Nom"])
    wb.active.cell(row=1_000_000, column=1, value="tout en bas")
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(FileRefused, match="dépasse 5 lignes"):
        tabular.read_xlsx(buffer.getvalue(), limits=Limits(max_rows=5))


def test_more_columns_than_the_cap_are_refused_in_french():
    content = xlsx([[f"Colonne {i}" for i in range(4)], list(range(4))])
    with pytest.raises(FileRefused, match="le fichier dépasse 3 colonnes"):
        tabular.read_xlsx(content, limits=Limits(max_columns=3))
    csv_content = b"a;b;c;d\r\n1;2;3;4\r\n"
    with pytest.raises(FileRefused, match="dépasse 3 colonnes"):
        tabular.read_csv(csv_content, limits=Limits(max_columns=3))


class Unreadable:
    """An upload too big to be read: reading it at all fails the test."""

    name = "gros.xlsx"
    size = 3 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the content was read")


def test_a_file_over_the_byte_cap_is_refused_before_it_is_read():
    with pytest.raises(FileRefused, match="le fichier dépasse 2 Mo."):
        tabular.read_table(Unreadable())
    big = SimpleUploadedFile("gros.csv", b"Nom\r\n" + b"x" * (1024 * 1024))
    with pytest.raises(FileRefused, match="le fichier dépasse 0,5 Mo."):
        tabular.read_table(big, limits=Limits(max_bytes=512 * 1024))


def test_a_workbook_that_unzips_to_far_more_than_the_cap_is_refused_unopened():
    content = xlsx([["Nom"], *[[f"{i} " + "x" * 30_000] for i in range(20)]])
    assert len(content) < 10_000
    with pytest.raises(FileRefused, match="trop volumineux une fois décompressé"):
        tabular.read_xlsx(content, limits=Limits(max_bytes=10_000))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("faux.xlsx", b"PK\x03\x04 pas un zip", "n'est pas un classeur Excel (.xlsx) lisible"),
        ("photo.png", b"\x89PNG", "choisissez un fichier .csv ou un classeur Excel .xlsx"),
        ("binaire.csv", b"Nom\x00\x01", "n'est pas un fichier texte CSV"),
    ],
)
def test_a_file_of_the_wrong_kind_or_corrupt_is_refused_in_french(name, content, message):
    with pytest.raises(FileRefused, match=re.escape(message)):
        tabular.read_table(SimpleUploadedFile(name, content))


def test_a_windows_1252_csv_with_semicolons_keeps_its_accents():
    content = "Nom;Prénom;Fonction\r\nLefèvre;Hélène;Coordinatrice, enfance\r\n".encode("cp1252")
    sheet = tabular.read_table(SimpleUploadedFile("export.csv", content))
    assert sheet.header == ["Nom", "Prénom", "Fonction"]
    assert sheet.rows == [tabular.Row(2, ("Lefèvre", "Hélène", "Coordinatrice, enfance"))]


def test_a_csv_in_latin_1_beyond_windows_1252_is_still_read():
    content = "Nom\r\nA\x81b\r\n".encode("latin-1")
    assert tabular.read_csv(content).rows[0].cells == ("A\x81b",)


def test_the_separator_is_detected_outside_quotes():
    assert tabular.delimiter('"Nom, prénom";Fonction;Mail\n') == ";"
    assert tabular.delimiter("Nom,Prénom\n") == ","
    assert tabular.delimiter("Nom\tPrénom;x\tY\n") == "\t"
    assert tabular.delimiter("Nom\n") == ";"


# --------------------------------------------------------------------------- cells


def test_one_parser_per_kind_of_cell():
    assert tabular.choice(Theme, "  PARENTALITE ") == "parentalite"
    assert tabular.choice(Theme, "Cuisine") is None
    assert tabular.split("a, b;c\nd,,") == ["a", "b", "c", "d"]
    assert [tabular.yes_no(v) for v in ["Oui", "x", None, "non", True, "peut-être"]] == [
        True,
        True,
        False,
        False,
        True,
        None,
    ]
    assert tabular.date("01/03/2025", "Début") == datetime.date(2025, 3, 1)
    assert tabular.date(datetime.datetime(2025, 3, 1, 0, 0), "Début") == datetime.date(2025, 3, 1)
    with pytest.raises(CellError, match="« Début » n'est pas une date : « 31/02/2025 »."):
        tabular.date("31/02/2025", "Début")
    assert tabular.amount("1 200,50 €", "Prévisionnel", required=True) == Decimal("1200.50")
    assert tabular.amount(None, "Réalisé", required=False) is None
    with pytest.raises(CellError, match="le montant « Réalisé » est négatif"):
        tabular.amount(-1, "Réalisé", required=False)


# --------------------------------------------------------------------------- rows and forms


def test_rows_checked_by_a_form_report_the_models_max_length_in_french():
    limit = Action._meta.get_field("title").max_length
    form = tabular.form_for(Action, ["title", "description"])
    labels = {"title": "Intitulé", "description": "Description"}
    cleaned, errors = tabular.check_row(form, {"title": "x" * (limit + 1)}, labels=labels)
    assert cleaned is None
    assert errors == [f"« Intitulé » dépasse {limit} caractères."]
    cleaned, errors = tabular.check_row(form, {"title": None}, labels=labels)
    assert errors == ["« Intitulé » est obligatoire."]
    cleaned, errors = tabular.check_row(form, {"title": " Une fiche "}, labels=labels)
    assert (cleaned, errors) == ({"title": "Une fiche", "description": ""}, [])


def test_a_row_message_can_be_replaced_per_field_and_error():
    form = tabular.form_for(Contact, ["last_name", "email"])
    _, errors = tabular.check_row(
        form,
        {"last_name": "Benali", "email": "pas-une-adresse"},
        labels={"email": "Adresse électronique"},
        messages={("email", "invalid"): "l'adresse « {value} » n'est pas valide."},
    )
    assert errors == ["l'adresse « pas-une-adresse » n'est pas valide."]


def test_the_errors_not_listed_are_counted_in_one_line():
    assert tabular.more_errors(1) == "et 1 autre erreur."
    assert tabular.more_errors(12) == "et 12 autres erreurs."


# --------------------------------------------------------------------------- writing

FORMULAS = ['=HYPERLINK("http://x";"clic")', "+1", "@SUM(A1)", "-2", "\tcalcul", "=1+1"]


def test_formula_looking_text_is_written_as_text_in_a_workbook():
    writer = WorkbookWriter(title="Essai")
    columns = [
        Column("Texte", 30),
        Column("Date", 12, tabular.DATE),
        Column("Montant", 12, tabular.AMOUNT),
    ]
    rows = [[text, datetime.date(2025, 1, 2), 12.5] for text in FORMULAS]
    writer.sheet("Feuille", columns, rows)
    ws = load_workbook(io.BytesIO(writer.to_bytes()))["Feuille"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.bold
    assert ws.column_dimensions["A"].width == 30
    for number, text in enumerate(FORMULAS, start=2):
        cell = ws.cell(row=number, column=1)
        assert (cell.value, cell.data_type) == (text, "s")
    assert ws["B2"].is_date and ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["C2"].number_format == "#,##0.00"


def test_a_carriage_return_start_is_written_as_text():
    writer = WorkbookWriter(title="Essai")
    writer.sheet("Feuille", [Column("Texte")], [["\r=1+1"]])
    cell = load_workbook(io.BytesIO(writer.to_bytes()))["Feuille"]["A2"]
    assert cell.data_type == "s" and cell.value.endswith("=1+1")


def test_two_writes_of_the_same_data_hold_the_same_properties():
    first, second = WorkbookWriter(title="Essai"), WorkbookWriter(title="Essai")
    for writer in (first, second):
        writer.sheet("Feuille", [Column("Texte")], [["a"]])
    props = [load_workbook(io.BytesIO(w.to_bytes())).properties for w in (first, second)]
    assert props[0].modified == props[1].modified == props[0].created


def test_control_characters_pasted_by_a_user_do_not_break_the_export():
    writer = WorkbookWriter(title="Essai")
    writer.sheet("Feuille", [Column("Texte")], [["avant\x01après"]])
    assert load_workbook(io.BytesIO(writer.to_bytes()))["Feuille"]["A2"].value == "avantaprès"


def test_formula_looking_text_gets_an_apostrophe_in_csv_but_a_phone_number_does_not():
    formulas = ['=HYPERLINK("http://x";"clic")', "@SUM(A1)", "\tcalcul", "\r=1+1", "-A1", "+B2"]
    # Digits and punctuation only (a phone number, « +1 », « -2 ») call no function.
    numbers = ["+33 4 79 00 00 00", "+1", "-2"]
    content = tabular.csv_bytes(
        ["Texte", "Date"],
        [[text, None] for text in formulas + numbers] + [["a", datetime.date(2025, 1, 2)]],
    )
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[0] for r in rows[1:-1]] == ["'" + text for text in formulas] + numbers
    assert rows[-1] == ["a", "02/01/2025"]


def test_every_member_of_a_workbook_carries_the_fixed_date():
    """The same data gives the same bytes whenever it is written: no member of the zip
    carries the moment it was written."""
    writer = WorkbookWriter(title="Essai")
    writer.sheet("Feuille", [Column("Texte", 20)], [["une ligne"]])
    with zipfile.ZipFile(io.BytesIO(writer.to_bytes())) as archive:
        dates = {member.date_time for member in archive.infolist()}
    assert dates == {(2000, 1, 1, 0, 0, 0)}
