"""Documents of the plan d'actions: the files open, and say what the fiches say."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from odf import teletype
from odf.opendocument import load
from odf.text import H, P
from pypdf import PdfReader

from maillage.core.charts import line_chart_svg
from maillage.indicators.models import Indicator, Measurement
from maillage.plans import services
from maillage.plans.selectors import plan_of

from ..factories import OrganisationFactory

SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts).translate(SPACES)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).translate(SPACES)


def odt_text(data: bytes) -> str:
    document = load(io.BytesIO(data))
    elements = document.getElementsByType(H) + document.getElementsByType(P)
    return "\n".join(teletype.extractText(e) for e in elements).translate(SPACES)


READERS = {"docx": docx_text, "pdf": pdf_text, "odt": odt_text}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
}


@pytest.fixture
def plan_data(world):
    """A plan of CTG A: a fiche with steps, budget and an indicator; another; a secret one."""
    plan = plan_of(world.a)
    cdc = world.users["cdc"]
    axis = services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    objective = services.objective_create(axis=axis, by=cdc, title="Plus de places d'accueil")
    other_axis = services.axis_create(plan=plan, by=cdc, title="Parentalité")
    partner = OrganisationFactory(caf=world.caf, name="Centre social des Hauts")
    mam = services.action_create(
        plan=plan,
        by=cdc,
        axis=axis,
        title="Créer une maison d'assistantes maternelles",
        description="Ouvrir une MAM de 12 places.\nEn lien avec le RPE.",
        objectives=[objective],
        pilot=world.users["technicien"],
        copilots=[world.users["partenaire"]],
        partners=[partner],
        elu_referent=world.users["elu"],
        status="en_cours",
        priority="haute",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2026, 12, 31),
        participation="concertation",
        themes=["petite_enfance"],
        publics=["parents"],
    )
    first = services.step_add(
        action=mam, by=cdc, name="Trouver un local", due_date=datetime.date(2025, 6, 30)
    )
    services.step_toggle(step=first, by=cdc)
    services.step_add(action=mam, by=cdc, name="Signer le bail avec la commune")
    services.budget_line_add(
        action=mam,
        by=cdc,
        year=2025,
        nature="investissement",
        label="Travaux",
        forecast=Decimal("1234.50"),
        actual=Decimal("1000"),
        financeur=partner,
    )
    services.budget_line_add(
        action=mam, by=cdc, year=2026, nature="fonctionnement", forecast=Decimal("1000")
    )
    indicator = Indicator.objects.create(
        convention=world.a,
        name="Places d'accueil créées",
        unit="places",
        baseline_value=Decimal("10"),
        target_value=Decimal("40"),
    )
    Measurement.objects.create(
        indicator=indicator, date=datetime.date(2025, 12, 31), value=Decimal("18")
    )
    Measurement.objects.create(
        indicator=indicator, date=datetime.date(2026, 6, 30), value=Decimal("25.5")
    )
    indicator.actions.add(mam)
    laep = services.action_create(plan=plan, by=cdc, axis=other_axis, title="LAEP itinérant")
    secret = services.action_create(
        plan=plan, by=cdc, axis=other_axis, title="Médiation familiale sensible", confidential=True
    )
    return {"plan": plan, "axis": axis, "mam": mam, "laep": laep, "secret": secret}


def _get(world, role, name, fmt, **kwargs):
    url = reverse(f"plans:{name}", kwargs={"convention_uuid": world.a.uuid, "fmt": fmt, **kwargs})
    return world.client(role).get(url)


@pytest.mark.parametrize("fmt", list(READERS))
def test_the_fiche_document_opens_and_holds_the_whole_fiche(world, plan_data, fmt):
    mam = plan_data["mam"]
    response = _get(world, "cdc", "action_document", fmt, action_uuid=mam.uuid)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        'attachment; filename="maillage-ctg-grand-chambery-fiche-a1-1-creer-une-maison-'
        f'dassistantes-maternelles-{today:%Y-%m-%d}.{fmt}"'
    )
    assert "no-store" in response["Cache-Control"]
    text = READERS[fmt](response.content)
    for expected in [
        "CTG Grand Chambéry",
        "Caf de la Savoie",
        "du 01/01/2024 au 31/12/2028",
        "A1.1",
        "Créer une maison d'assistantes maternelles",
        "O1.1 — Plus de places d'accueil",
        "En cours",
        "Haute",
        "31/12/2026",
        "Centre social des Hauts",
        "Concertation",
        "Ouvrir une MAM de 12 places.",
        "Trouver un local",
        "30/06/2025",
        "Signer le bail avec la commune",
        "1 234,50 €",
        "2 234,50 €",  # the budget total
        "Places d'accueil créées",
        "25,5",  # the latest value of the indicator
    ]:
        assert expected in text, f"« {expected} » absent du document {fmt}"


@pytest.mark.parametrize("fmt", list(READERS))
def test_the_plan_document_shows_the_visible_fiches_by_axis_but_no_confidential_one(
    world, plan_data, fmt
):
    response = _get(world, "technicien", "plan_document", fmt)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    today = timezone.localdate()
    name = f"maillage-ctg-grand-chambery-plan-d-actions-{today:%Y-%m-%d}.{fmt}"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    text = READERS[fmt](response.content)
    for expected in [
        "CTG Grand Chambéry",
        "Axe A1 — Petite enfance",
        "O1.1 — Plus de places d'accueil",
        "Axe A2 — Parentalité",
        "Créer une maison d'assistantes maternelles",
        "LAEP itinérant",
        "Trouver un local",
        "2 234,50 €",
    ]:
        assert expected in text, f"« {expected} » absent du document {fmt}"
    assert "Médiation familiale sensible" not in text


def test_the_indicator_chart_is_in_every_format(world, plan_data):
    """Word and ODT carry the same chart as the PDF: a picture of it, with its title."""
    mam = plan_data["mam"]
    title = "Places d'accueil créées : valeurs mesurées et cible"
    word = docx.Document(
        io.BytesIO(_get(world, "cdc", "action_document", "docx", action_uuid=mam.uuid).content)
    )
    assert [s._inline.docPr.get("title") for s in word.inline_shapes] == [title]
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    odt = _get(world, "cdc", "action_document", "odt", action_uuid=mam.uuid).content
    with zipfile.ZipFile(io.BytesIO(odt)) as package:
        pictures = [n for n in package.namelist() if n.startswith("Pictures/")]
        assert len(pictures) == 1 and package.read(pictures[0]).startswith(b"\x89PNG")
        assert title in package.read("content.xml").decode()
    pdf = _get(world, "cdc", "action_document", "pdf", action_uuid=mam.uuid).content
    text = pdf_text(pdf)
    assert "Cible : 40" in text  # the chart's legend, drawn in the page
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert all(f"Page {n} / {len(pages)}" in p.extract_text() for n, p in enumerate(pages, 1))
    # The whole plan carries the chart under the fiche as well.
    plan = docx.Document(io.BytesIO(_get(world, "cdc", "plan_document", "docx").content))
    assert len(plan.inline_shapes) == 1


def test_the_cdc_finds_the_confidential_fiche_in_the_plan_document(world, plan_data):
    text = docx_text(_get(world, "cdc", "plan_document", "docx").content)
    assert "Médiation familiale sensible" in text
    assert "Fiche confidentielle" in text


def test_a_confidential_fiche_document_does_not_exist_for_a_technicien(world, plan_data):
    secret = plan_data["secret"]
    assert (
        _get(world, "technicien", "action_document", "pdf", action_uuid=secret.uuid).status_code
        == 404
    )
    assert _get(world, "cdc", "action_document", "odt", action_uuid=secret.uuid).status_code == 200


@pytest.mark.parametrize("fmt", ["doc", "xlsx", "PDF", "html"])
def test_an_unknown_format_is_not_found(world, plan_data, fmt):
    assert _get(world, "cdc", "plan_document", fmt).status_code == 404
    mam = plan_data["mam"]
    assert _get(world, "cdc", "action_document", fmt, action_uuid=mam.uuid).status_code == 404


def test_another_ctg_plan_document_is_not_found(world, plan_data):
    url = reverse("plans:plan_document", kwargs={"convention_uuid": world.a.uuid, "fmt": "pdf"})
    assert world.client("cdc").get(url).status_code == 200
    client = world.client("cdc")
    client.force_login(world.users["cdc_b"])
    assert client.get(url).status_code == 404


def _fill(plan_data, world, count):
    cdc = world.users["cdc"]
    axis = plan_data["axis"]
    indicator = Indicator.objects.get(name="Places d'accueil créées")
    for i in range(count):
        action = services.action_create(
            plan=plan_data["plan"],
            by=cdc,
            axis=axis,
            title=f"Fiche {i}",
            copilots=[world.users["partenaire"]],
            themes=["parentalite"],
        )
        services.step_add(action=action, by=cdc, name=f"Étape {i}")
        services.budget_line_add(
            action=action, by=cdc, year=2026, nature="fonctionnement", forecast=Decimal("10")
        )
        indicator.actions.add(action)


def _queries(world):
    url = reverse("plans:plan_document", kwargs={"convention_uuid": world.a.uuid, "fmt": "docx"})
    client = world.client("technicien")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_plan_document_query_count_does_not_grow_with_the_fiches(world, plan_data):
    _fill(plan_data, world, 5)
    few = _queries(world)
    _fill(plan_data, world, 45)
    assert _queries(world) == few


def test_the_pages_offer_the_documents(world, plan_data):
    client = world.client("technicien")
    tree = client.get(reverse("plans:tree", args=[world.a.uuid])).content.decode()
    mam = plan_data["mam"]
    detail = client.get(
        reverse("plans:action_detail", args=[world.a.uuid, mam.uuid])
    ).content.decode()
    for fmt in READERS:
        assert reverse("plans:plan_document", args=[world.a.uuid, fmt]) in tree
        assert reverse("plans:action_document", args=[world.a.uuid, mam.uuid, fmt]) in detail


SVG = "{http://www.w3.org/2000/svg}"


def test_the_indicator_chart_is_an_accessible_svg_of_the_values_and_target(world, plan_data):
    indicator = Indicator.objects.get(name="Places d'accueil créées")
    svg = line_chart_svg(indicator.chart_series())
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Places d'accueil créées : valeurs mesurées et cible"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"18", "25,5", "31/12/2025", "30/06/2026", "Cible : 40"} <= set(texts)
    assert "href" not in svg and "url(" not in svg  # nothing to fetch


def test_the_indicator_chart_escapes_names_and_survives_no_values(world):
    indicator = Indicator.objects.create(convention=world.a, name="<b>Taux & délais</b>")
    root = ET.fromstring(line_chart_svg(indicator.chart_series()))
    assert root.find(f"{SVG}title").text.startswith("<b>Taux & délais</b>")
    assert "Aucune valeur mesurée" in [t.text for t in root.iter(f"{SVG}text")]
