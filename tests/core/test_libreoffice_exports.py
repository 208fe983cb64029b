"""Every spreadsheet export opens in LibreOffice Calc as written: user text that looks
like a formula stays text, and the exports of the plan, the directory and the Caf's table
read back with their content."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from pathlib import Path

from maillage.core.tabular import AMOUNT, DATE, Column, WorkbookWriter
from maillage.departement.compliance import ComplianceFilters, compliance_rows, compliance_xlsx
from maillage.network import exports
from maillage.network.models import Contact
from maillage.plans import services
from maillage.plans.selectors import plan_of
from maillage.plans.spreadsheet import export_plan

from ..office import convert

FORMULAS = ['=HYPERLINK("http://x";"clic")', "=1+1", "+1", "-2", "@SUM(A1)", "\tcalcul"]


def rows_of(tmp_path: Path, content: bytes) -> list[list[str]]:
    """The first sheet of an .xlsx as LibreOffice Calc reads it, in UTF-8 CSV."""
    data = convert(tmp_path, "export.xlsx", content, "csv:Text - txt - csv (StarCalc):44,34,76")
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_calc_shows_formula_looking_text_as_typed(tmp_path):
    writer = WorkbookWriter(title="Essai")
    columns = [Column("Texte", 30), Column("Date", 12, DATE), Column("Montant", 12, AMOUNT)]
    rows = [[text, datetime.date(2026, 3, 1), Decimal("1234.5")] for text in FORMULAS]
    writer.sheet("Essai", columns, rows)
    read = rows_of(tmp_path, writer.to_bytes())
    assert read[0] == ["Texte", "Date", "Montant"]
    assert [r[0] for r in read[1:]] == FORMULAS
    assert read[1][1] == "01/03/2026"


def test_the_plan_export_opens_in_calc_with_its_fiches(tmp_path, world):
    plan = plan_of(world.a)
    cdc = world.users["cdc"]
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    services.action_create(plan=plan, by=cdc, axis=axis, title="=Créer une MAM")
    read = rows_of(tmp_path, export_plan(plan, cdc))
    titles = [row[read[0].index("Intitulé")] for row in read[1:]]
    assert titles == ["=Créer une MAM"]


def test_the_directory_export_opens_in_calc(tmp_path, world):
    Contact.objects.create(
        convention=world.a, first_name="@Claire", last_name="Fontaine", phone="+33 6 12 34 56 78"
    )
    content = exports.contacts_xlsx(
        Contact.objects.filter(convention=world.a), with_notes=False, title="Annuaire"
    )
    read = rows_of(tmp_path, content)
    header = read[0]
    row = read[1]
    assert row[header.index("Prénom")] == "@Claire"
    assert row[header.index("Nom")] == "Fontaine"


def test_the_caf_table_export_opens_in_calc(tmp_path, world):
    rows = compliance_rows(world.users["caf_admin"], world.caf, ComplianceFilters())
    read = rows_of(tmp_path, compliance_xlsx(rows))
    names = {row[0] for row in read[1:]}
    assert {world.a.name, world.b.name} <= names
