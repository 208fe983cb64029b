"""Excel round-trip of the plan d'actions: the export, the import, their pages."""

from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from maillage.core.tabular import Limits
from maillage.indicators.models import Indicator
from maillage.jobs.execution import execute_job
from maillage.jobs.models import Job, JobStatus
from maillage.jobs.registry import Progress
from maillage.organisations.models import Organisation
from maillage.plans import services
from maillage.plans.models import Action, ActionTheme, Axis, BudgetLine, Objective, Step
from maillage.plans.selectors import plan_of
from maillage.plans.spreadsheet import (
    AXES,
    BUDGET,
    FICHES,
    STEPS,
    export_plan,
    import_plan,
    iter_errors,
    read,
)

from ..factories import OrganisationFactory
from ..hostile_files import MB, counting_reads, long_plan_workbook


@pytest.fixture
def plan(world):
    return plan_of(world.a)


@pytest.fixture
def cdc(world):
    return world.users["cdc"]


@pytest.fixture
def full_plan(world, plan, cdc):
    """A plan that uses every column of every sheet."""
    mairie = OrganisationFactory(caf=world.caf, name="Mairie de Chambéry")
    csx = OrganisationFactory(caf=world.caf, name="Centre social, quartier des Hauts")
    ram = OrganisationFactory(caf=world.caf, name="Relais petite enfance")
    a1 = services.axis_create(
        plan=plan, by=cdc, title="Petite enfance", description="Accueil du jeune enfant."
    )
    a2 = services.axis_create(plan=plan, by=cdc, title="Parentalité")
    o11 = services.objective_create(axis=a1, by=cdc, title="Plus de places")
    o21 = services.objective_create(axis=a2, by=cdc, title="Soutenir les parents")
    f11 = services.action_create(
        plan=plan,
        by=cdc,
        axis=a1,
        title="Créer une MAM",
        description="Une maison d'assistantes maternelles\nà Cognin.",
        objectives=[o11, o21],
        status="en_cours",
        priority="haute",
        pilot=world.users["technicien"],
        pilot_organisation=mairie,
        copilots=[world.users["partenaire"], world.users["elu"]],
        partners=[csx, ram],
        elu_referent=world.users["elu"],
        themes=["petite_enfance", "parentalite"],
        publics=["enfants_0_3", "parents"],
        start_date=datetime.date(2025, 1, 15),
        end_date=datetime.date(2026, 6, 30),
        progress_manual=40,
        participation="concertation",
        confidential=True,
    )
    f12 = services.action_create(plan=plan, by=cdc, axis=a1, title="Guichet unique")
    services.action_create(plan=plan, by=cdc, axis=a2, title="Café des parents")
    step = services.step_add(
        action=f11, by=cdc, name="Trouver un local", due_date=datetime.date(2025, 3, 1)
    )
    services.step_toggle(step=step, by=cdc)
    services.step_add(action=f11, by=cdc, name="Recruter")
    services.budget_line_add(
        action=f11,
        by=cdc,
        year=2025,
        nature="fonctionnement",
        forecast=Decimal("12500.50"),
        actual=Decimal("9000"),
        label="Loyer",
        financeur=mairie,
    )
    services.budget_line_add(
        action=f12, by=cdc, year=2026, nature="investissement", forecast=Decimal("3000")
    )
    indicator = Indicator.objects.create(
        convention=world.a,
        name="Places d'accueil",
        unit="places",
        baseline_value=Decimal("120"),
        target_value=Decimal("150"),
    )
    indicator.actions.set([f11, f12])
    return plan


def cells(content: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(content))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def rows_as_dicts(content: bytes, sheet: str) -> list[dict]:
    rows = cells(content)[sheet]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def edit(content: bytes, sheet: str, changes: dict[tuple[int, str], object]) -> bytes:
    """Change cells given as (row number, column header) → value; returns the new file."""
    wb = load_workbook(io.BytesIO(content))
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for (row, column), value in changes.items():
        ws.cell(row=row, column=header.index(column) + 1).value = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def build(sheets: dict[str, list[list]]) -> bytes:
    """A workbook from scratch: sheet name → rows (the first one is the header)."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def snapshot() -> dict[str, int]:
    """Row counts of the plan's tables and of every history table."""
    models = [Axis, Objective, Action, Step, BudgetLine, ActionTheme]
    counts = {m._meta.label: m.objects.count() for m in models}
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            counts[model._meta.label] = model.objects.count()
    return counts


def upload(content: bytes, name: str = "plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# --- export -----------------------------------------------------------------------------


def test_the_export_opens_in_openpyxl_with_one_row_per_visible_fiche(world, full_plan, cdc):
    for role, expected in [("cdc", ["A1.1", "A1.2", "A2.1"]), ("technicien", ["A1.2", "A2.1"])]:
        content = export_plan(full_plan, world.users[role])
        wb = load_workbook(io.BytesIO(content))
        assert wb.sheetnames[:5] == [FICHES, AXES, BUDGET, STEPS, "Indicateurs"]
        fiches = rows_as_dicts(content, FICHES)
        assert [f["Référence"] for f in fiches] == expected, role
        # The confidential fiche's budget, steps and indicator links are hidden too.
        assert all(r["Référence fiche"] in expected for r in rows_as_dicts(content, BUDGET))
        assert all(r["Référence fiche"] in expected for r in rows_as_dicts(content, STEPS))
        [indicator] = rows_as_dicts(content, "Indicateurs")
        assert indicator["Fiches"] == ", ".join(r for r in ["A1.1", "A1.2"] if r in expected)


def test_the_export_writes_the_documented_template(world, full_plan, cdc):
    content = export_plan(full_plan, cdc)
    wb = load_workbook(io.BytesIO(content))
    ws = wb[FICHES]
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws.column_dimensions["D"].width == 40
    fiche = rows_as_dicts(content, FICHES)[0]
    assert fiche == {
        "Référence": "A1.1",
        "Axe": "A1 — Petite enfance",
        "Objectifs": "O1.1, O2.1",
        "Intitulé": "Créer une MAM",
        "Description": "Une maison d'assistantes maternelles\nà Cognin.",
        "Statut": "En cours",
        "Priorité": "Haute",
        "Pilote": "technicien.a@example.org",
        "Structure pilote": "Mairie de Chambéry",
        "Copilotes": "elu.a@example.org, partenaire.a@example.org",
        "Partenaires": "Centre social, quartier des Hauts, Relais petite enfance",
        "Élu référent": "elu.a@example.org",
        "Thématiques": "Petite enfance, Parentalité",
        "Public cible": "Enfants 0–3 ans, Parents",
        "Début": datetime.datetime(2025, 1, 15),
        "Fin prévue": datetime.datetime(2026, 6, 30),
        "Avancement saisi (%)": 40,
        "Participation citoyenne": "Concertation",
        "Confidentielle": "oui",
    }
    assert ws["O2"].is_date
    assert rows_as_dicts(content, AXES)[:2] == [
        {
            "Référence": "A1",
            "Type": "Axe",
            "Intitulé": "Petite enfance",
            "Description": "Accueil du jeune enfant.",
        },
        {
            "Référence": "O1.1",
            "Type": "Objectif",
            "Intitulé": "Plus de places",
            "Description": None,
        },
    ]
    assert rows_as_dicts(content, BUDGET)[0] == {
        "Référence fiche": "A1.1",
        "Année": 2025,
        "Nature": "Fonctionnement",
        "Poste": "Loyer",
        "Financeur": "Mairie de Chambéry",
        "Prévisionnel": 12500.5,
        "Réalisé": 9000,
    }
    assert rows_as_dicts(content, STEPS)[0] == {
        "Référence fiche": "A1.1",
        "Étape": "Trouver un local",
        "Échéance": datetime.datetime(2025, 3, 1),
        "Faite": "oui",
    }
    assert wb.properties.modified == wb.properties.created


def test_export_import_export_gives_the_same_cells_and_writes_nothing(full_plan, cdc):
    first = export_plan(full_plan, cdc)
    before = snapshot()
    report = import_plan(full_plan, cdc, upload(first))
    assert report.ok, [str(e) for e in report.errors]
    assert (report.actions_unchanged, report.actions_updated, report.actions_created) == (3, 0, 0)
    assert snapshot() == before  # an unchanged workbook adds no history
    assert cells(export_plan(full_plan, cdc)) == cells(first)


def test_a_changed_workbook_round_trips_to_the_same_cells(world, full_plan, cdc):
    content = export_plan(full_plan, cdc)
    content = edit(content, FICHES, {(3, "Statut"): "Bloquée", (3, "Pilote"): "cdc.a@example.org"})
    content = edit(content, STEPS, {(2, "Faite"): "non", (3, "Étape"): "Recruter deux personnes"})
    content = edit(content, BUDGET, {(3, "Réalisé"): 2999.99})
    report = import_plan(full_plan, cdc, upload(content))
    assert report.ok, [str(e) for e in report.errors]
    assert cells(export_plan(full_plan, cdc)) == cells(content)


# --- import -----------------------------------------------------------------------------

FICHE_HEADER = [
    "Référence",
    "Axe",
    "Objectifs",
    "Intitulé",
    "Statut",
    "Pilote",
    "Partenaires",
    "Thématiques",
    "Début",
    "Fin prévue",
]


def scratch_workbook(org_name: str) -> bytes:
    return build(
        {
            FICHES: [
                FICHE_HEADER,
                [
                    "A1.1",
                    "A1 — Petite enfance",
                    "O1.1",
                    "Créer une MAM",
                    "En cours",
                    "technicien.a@example.org",
                    org_name,
                    "Petite enfance",
                    datetime.date(2025, 1, 1),
                    "30/06/2026",
                ],
                [None, "A2", None, "Café des parents", None, None, None, None, None, None],
                ["A2.3", "A2 — Parentalité", None, "LAEP", "à venir", None, None, None, None, None],
            ],
            AXES: [
                ["Référence", "Type", "Intitulé", "Description"],
                ["A1", "Axe", "Petite enfance", "Accueil du jeune enfant"],
                ["O1.1", "Objectif", "Plus de places", None],
                ["A2", "Axe", "Parentalité", None],
            ],
            BUDGET: [
                ["Référence fiche", "Année", "Nature", "Poste", "Financeur", "Prévisionnel"],
                ["A1.1", 2025, "Fonctionnement", "Loyer", org_name, "1 200,50"],
            ],
            STEPS: [
                ["Référence fiche", "Étape", "Échéance", "Faite"],
                ["A1.1", "Trouver un local", datetime.date(2025, 3, 1), "oui"],
                ["A2.3", "Réunir les parents", None, None],
            ],
        }
    )


def test_an_import_builds_a_plan_from_scratch(world, plan, cdc):
    org = OrganisationFactory(caf=world.caf, name="Mairie de Chambéry")
    report = import_plan(plan, cdc, upload(scratch_workbook(org.name)))
    assert report.ok, [str(e) for e in report.errors]
    assert (report.axes_created, report.objectives_created, report.actions_created) == (2, 1, 3)
    refs = {a.reference: a for a in Action.objects.filter(plan=plan).select_related("axis")}
    assert sorted(refs) == ["A1.1", "A2.3", "A2.4"]  # the fiche without reference comes last
    mam = refs["A1.1"]
    assert (mam.status, mam.pilot, mam.end_date) == (
        "en_cours",
        world.users["technicien"],
        datetime.date(2026, 6, 30),
    )
    assert [o.reference for o in mam.objectives.all()] == ["O1.1"]
    assert list(mam.partners.all()) == [org]
    assert list(mam.themes.values_list("theme", flat=True)) == ["petite_enfance"]
    [line] = mam.budget_lines.all()
    assert (line.forecast, line.financeur) == (Decimal("1200.50"), org)
    assert [(s.name, s.done) for s in mam.steps.all()] == [("Trouver un local", True)]
    assert refs["A2.3"].steps.get().name == "Réunir les parents"
    assert Axis.objects.get(plan=plan, number=1).description == "Accueil du jeune enfant"
    assert {r.history_user for r in Action.history.all()} == {cdc}
    assert {r.history_user for r in Axis.history.all()} == {cdc}


def test_an_import_updates_a_fiche_by_reference_and_keeps_its_id(full_plan, cdc):
    fiche = Action.objects.get(plan=full_plan, axis__number=1, number=2)
    content = edit(export_plan(full_plan, cdc), FICHES, {(3, "Statut"): "Réalisée"})
    report = import_plan(full_plan, cdc, upload(content))
    assert report.ok, [str(e) for e in report.errors]
    assert (report.actions_updated, report.actions_unchanged) == (1, 2)
    updated = Action.objects.get(pk=fiche.pk)
    assert (updated.status, updated.uuid) == ("realisee", fiche.uuid)
    last = updated.history.order_by("-history_id").first()
    assert (last.status, last.history_user) == ("realisee", cdc)


BAD_FICHES = [
    (
        (2, "Pilote"),
        "inconnu@example.org",
        "pilote « inconnu@example.org » n'est ni un membre actif de la CTG ni un contact",
    ),
    ((2, "Copilotes"), "cdc.b@example.org", "copilote « cdc.b@example.org » n'est pas un membre"),
    ((2, "Élu référent"), "cdc.c@example.org", "n'est pas un membre actif de la CTG"),
    ((2, "Structure pilote"), "Mairie inconnue", "n'est pas une organisation connue"),
    ((2, "Partenaires"), "Relais petite enfance, Inconnue", "partenaire « Inconnue »"),
    ((2, "Début"), "bientôt", "« Début » n'est pas une date : « bientôt »"),
    ((2, "Fin prévue"), datetime.date(2035, 1, 1), "est à plus d'un an de la période de la CTG"),
    ((2, "Statut"), "Terminée", "statut « Terminée » inconnu"),
    ((2, "Priorité"), "Urgente", "priorité « Urgente » inconnu"),
    ((2, "Thématiques"), "Sport", "thématiques « Sport » inconnu"),
    ((2, "Public cible"), "Seniors", "public cible « Seniors » inconnu"),
    ((2, "Participation citoyenne"), "Référendum", "participation citoyenne « Référendum »"),
    ((3, "Référence"), "A1.1", "la référence « A1.1 » apparaît deux fois"),
    ((3, "Référence"), "A2.9", "la fiche A2.9 appartient à l'axe A2, pas à l'axe A1"),
    ((2, "Début"), datetime.date(2026, 12, 1), "la fin prévue (30/06/2026) précède le début"),
    ((3, "Intitulé"), None, "« Intitulé » est obligatoire"),
    ((3, "Intitulé"), "x" * 301, "« Intitulé » dépasse 300 caractères."),
    ((3, "Avancement saisi (%)"), 150, "doit être un nombre entier de 0 à 100"),
    ((3, "Confidentielle"), "peut-être", "« Confidentielle » vaut « oui » ou « non »"),
]


def _refused(plan, cdc, content, sheet, row, message):
    before = snapshot()
    report = import_plan(plan, cdc, upload(content))
    assert not report.ok
    assert snapshot() == before
    found = [e for e in report.errors if e.sheet == sheet and e.row == row]
    assert any(message in e.message for e in found), [str(e) for e in report.errors]
    return report


@pytest.mark.parametrize(("cell", "value", "message"), BAD_FICHES)
def test_a_bad_fiche_row_is_reported_in_french_and_nothing_is_written(
    full_plan, cdc, cell, value, message
):
    content = edit(export_plan(full_plan, cdc), FICHES, {cell: value})
    _refused(full_plan, cdc, content, FICHES, cell[0], message)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "message"),
    [
        (BUDGET, (2, "Prévisionnel"), -10, "le montant « Prévisionnel » est négatif"),
        (BUDGET, (2, "Réalisé"), "beaucoup", "« Réalisé » n'est pas un nombre : « beaucoup »"),
        (BUDGET, (2, "Financeur"), "Caf inconnue", "financeur « Caf inconnue » n'est pas"),
        (BUDGET, (2, "Nature"), "Divers", "nature « Divers » inconnue"),
        (BUDGET, (2, "Référence fiche"), "A9.9", "la fiche A9.9 n'est pas dans la feuille"),
        (STEPS, (2, "Échéance"), "demain", "« Échéance » n'est pas une date"),
        (AXES, (3, "Référence"), "A1", "la référence « A1 » apparaît deux fois"),
        (AXES, (2, "Intitulé"), None, "« Intitulé » est obligatoire"),
        (AXES, (3, "Intitulé"), "x" * 301, "« Intitulé » dépasse 300 caractères."),
        (BUDGET, (2, "Poste"), "x" * 201, "« Poste » dépasse 200 caractères."),
        (STEPS, (2, "Étape"), "x" * 301, "« Étape » dépasse 300 caractères."),
    ],
)
def test_a_bad_row_of_another_sheet_is_reported_and_nothing_is_written(
    full_plan, cdc, sheet, cell, value, message
):
    content = edit(export_plan(full_plan, cdc), sheet, {cell: value})
    _refused(full_plan, cdc, content, sheet, cell[0], message)


def test_every_bad_row_is_listed_at_once(full_plan, cdc):
    content = edit(
        export_plan(full_plan, cdc),
        FICHES,
        {(2, "Statut"): "Terminée", (3, "Pilote"): "x@example.org", (4, "Début"): "hier"},
    )
    content = edit(content, BUDGET, {(3, "Prévisionnel"): -1})
    report = import_plan(full_plan, cdc, upload(content))
    assert [(e.sheet, e.row) for e in report.errors] == [
        (FICHES, 2),
        (FICHES, 3),
        (FICHES, 4),
        (BUDGET, 3),
    ]
    assert str(report.errors[0]).startswith("feuille « Fiches », ligne 2 : statut")


def test_a_missing_required_column_is_reported(full_plan, cdc):
    content = edit(export_plan(full_plan, cdc), FICHES, {(1, "Intitulé"): "Titre"})
    _refused(
        full_plan, cdc, content, FICHES, 1, "colonne(s) obligatoire(s) absente(s) : « Intitulé »"
    )


def test_an_organisation_of_another_caf_is_unknown(world, full_plan, cdc):
    foreign = OrganisationFactory(caf=world.other_caf, name="Mairie de Voiron")
    content = edit(export_plan(full_plan, cdc), FICHES, {(2, "Structure pilote"): foreign.name})
    _refused(full_plan, cdc, content, FICHES, 2, "« Mairie de Voiron » n'est pas une organisation")
    assert not Organisation.objects.filter(caf=world.caf, name="Mairie de Voiron").exists()


@pytest.mark.parametrize(
    ("content", "name"), [(b"Ceci n'est pas un classeur", "plan.xlsx"), (b"a;b\n", "plan.csv")]
)
def test_a_file_that_is_not_an_xlsx_gets_a_clear_error(full_plan, cdc, content, name):
    before = snapshot()
    report = import_plan(full_plan, cdc, upload(content, name))
    assert snapshot() == before
    [error] = report.errors
    assert ".xlsx" in error.message


# --- pages ------------------------------------------------------------------------------


def test_the_export_page_downloads_the_workbook(world, full_plan):
    response = world.client("technicien").get(reverse("plans:plan_export", args=[world.a.uuid]))
    assert response.status_code == 200
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="maillage-ctg-grand-chambery-plan-d-actions-{today:%Y-%m-%d}.xlsx"'
    )
    assert len(rows_as_dicts(response.content, FICHES)) == 2


def _job_of(response):
    """The job a POST started: its page is where the import's answer redirects."""
    match = resolve(response["Location"])
    assert match.view_name == "jobs:detail"
    return Job.objects.get(uuid=match.kwargs["job_uuid"])


def test_the_cdc_imports_a_workbook_and_sees_the_counts(world, full_plan, cdc):
    url = reverse("plans:plan_import", args=[world.a.uuid])
    client = world.client("cdc")
    page = client.get(url).content.decode()
    assert reverse("plans:plan_export", args=[world.a.uuid]) in page
    content = edit(export_plan(full_plan, cdc), FICHES, {(3, "Statut"): "Réalisée"})
    response = client.post(url, {"fichier": upload(content)})
    job = _job_of(response)
    assert job.status == JobStatus.DONE
    assert job.total == len(rows_as_dicts(content, FICHES))  # the progress counted the fiches
    text = html.unescape(client.get(response["Location"]).content.decode())
    assert "Import terminé : 0 fiche(s) créée(s), 1 fiche(s) modifiée(s)" in text
    assert "import réalisé en " in text
    assert reverse("plans:tree", args=[world.a.uuid]) in text
    assert Action.objects.get(plan=full_plan, axis__number=1, number=2).status == "realisee"


def test_the_import_page_lists_the_errors_and_writes_nothing(world, full_plan, cdc):
    content = edit(export_plan(full_plan, cdc), FICHES, {(2, "Statut"): "Terminée"})
    client = world.client("cdc")
    before = snapshot()
    response = client.post(
        reverse("plans:plan_import", args=[world.a.uuid]), {"fichier": upload(content)}, follow=True
    )
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert "Rien n'a été importé : 1 erreur" in text
    assert "<caption>Erreurs trouvées dans le classeur" in text
    assert "Statut « Terminée » inconnu" in text
    assert "Revenir à l'import" in text
    assert snapshot() == before


def test_with_a_worker_the_import_waits_then_its_page_gives_the_result(
    world, full_plan, cdc, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    content = edit(export_plan(full_plan, cdc), FICHES, {(3, "Statut"): "Réalisée"})
    client = world.client("cdc")
    response = client.post(
        reverse("plans:plan_import", args=[world.a.uuid]), {"fichier": upload(content)}
    )
    job = _job_of(response)
    assert job.status == JobStatus.QUEUED
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "En attente" in page and "hx-trigger" in page
    assert Action.objects.get(plan=full_plan, axis__number=1, number=2).status != "realisee"
    execute_job(job.pk)  # what the worker does with the queued task
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Import terminé" in page and "hx-trigger" not in page
    assert Action.objects.get(plan=full_plan, axis__number=1, number=2).status == "realisee"


def test_an_import_that_breaks_while_writing_writes_nothing(world, full_plan, cdc, monkeypatch):
    content = edit(export_plan(full_plan, cdc), FICHES, {(3, "Statut"): "Réalisée"})
    original = Progress.__call__

    def breaks_after_the_first_fiche(self, done, total=None, step=None):
        if step == "Écriture des fiches" and done >= 1:
            raise OSError("disque plein")
        return original(self, done, total, step)

    monkeypatch.setattr(Progress, "__call__", breaks_after_the_first_fiche)
    client = world.client("cdc")
    before = snapshot()
    response = client.post(
        reverse("plans:plan_import", args=[world.a.uuid]), {"fichier": upload(content)}
    )
    job = _job_of(response)
    assert job.status == JobStatus.FAILED
    assert "Rien n'a été modifié" in job.message
    assert snapshot() == before


def test_the_import_page_refuses_a_text_file_and_a_big_file(world, plan):
    url = reverse("plans:plan_import", args=[world.a.uuid])
    client = world.client("cdc")
    response = client.post(url, {"fichier": upload(b"x", "plan.txt")})
    assert "Choisissez un classeur Excel au format .xlsx." in html.unescape(
        response.content.decode()
    )
    response = client.post(url, {"fichier": upload(b"x", "plan.xlsx")}, follow=True)
    assert "n'est pas un classeur Excel (.xlsx) lisible" in html.unescape(response.content.decode())
    big = upload(b"0" * (5 * 1024 * 1024 + 1), "plan.xlsx")
    response = client.post(url, {"fichier": big})
    assert "Le fichier dépasse 5 Mo." in html.unescape(response.content.decode())


@pytest.mark.parametrize("role", ["elu", "technicien", "cdt"])
def test_only_the_cdc_may_import(world, full_plan, cdc, role):
    content = export_plan(full_plan, cdc)
    client = world.client(role)
    before = snapshot()
    response = client.post(
        reverse("plans:plan_import", args=[world.a.uuid]), {"fichier": upload(content)}
    )
    assert response.status_code == 403
    assert snapshot() == before


def test_the_subnav_offers_export_to_all_and_import_to_the_cdc(world, plan):
    url = reverse("plans:tree", args=[world.a.uuid])
    import_url = reverse("plans:plan_import", args=[world.a.uuid])
    assert import_url in world.client("cdc").get(url).content.decode()
    page = world.client("elu").get(url).content.decode()
    assert "Exporter en Excel" in page
    assert import_url not in page


# --- speed ------------------------------------------------------------------------------


def _bulk_plan(plan, cdc, org, total):
    axes = [services.axis_create(plan=plan, by=cdc, title=f"Axe {i}") for i in range(1, 4)]
    objectives = [services.objective_create(axis=a, by=cdc, title="Objectif") for a in axes]
    actions = Action.objects.bulk_create(
        Action(
            plan=plan,
            axis=axes[i % 3],
            number=i // 3 + 1,
            position=i // 3 + 1,
            title=f"Fiche {i}",
            description="Une description de la fiche.",
            status="en_cours",
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2026, 12, 31),
            pilot=cdc,
            pilot_organisation=org,
        )
        for i in range(total)
    )
    through = Action.objectives.through
    through.objects.bulk_create(
        through(action_id=a.pk, objective_id=objectives[i % 3].pk) for i, a in enumerate(actions)
    )
    Action.partners.through.objects.bulk_create(
        Action.partners.through(action_id=a.pk, organisation_id=org.pk) for a in actions
    )
    ActionTheme.objects.bulk_create(ActionTheme(action=a, theme="parentalite") for a in actions)
    Step.objects.bulk_create(
        Step(action=a, name=f"Étape {n}", due_date=datetime.date(2025, 6, 1), position=n)
        for a in actions
        for n in range(2)
    )
    BudgetLine.objects.bulk_create(
        BudgetLine(action=a, year=2025, nature="fonctionnement", forecast=Decimal("1000"))
        for a in actions
    )


def test_300_fiches_export_and_import_back_unchanged_or_into_an_empty_plan(world, plan, cdc):
    """The plan of 300 fiches round-trips (its timings are measured by ``make bench``)."""
    org = OrganisationFactory(caf=world.caf, name="Mairie de Chambéry")
    _bulk_plan(plan, cdc, org, 300)
    content = export_plan(plan, cdc)
    assert len(rows_as_dicts(content, FICHES)) == 300

    report = import_plan(plan, cdc, upload(content))
    assert report.ok and report.actions_unchanged == 300

    # Into the empty plan of another CTG of the same Caf: everything is created.
    cdc_b = world.users["cdc_b"]
    content = build_without_pilots(content)
    progress = []
    target = plan_of(world.b)
    report = import_plan(target, cdc_b, upload(content), progress=lambda *p: progress.append(p))
    assert report.ok, [str(e) for e in report.errors[:5]]
    assert (report.actions_created, report.steps, report.budget_lines) == (300, 600, 300)
    assert progress[0] == (0, 300) and progress[-1] == (300, 300)
    assert cells(export_plan(target, cdc_b))[FICHES] == cells(content)[FICHES]

    # Each new fiche has one creation in its history, by the importer, with its links.
    created = Action.history.filter(plan=target)
    assert created.count() == 300
    assert set(created.values_list("history_type", "history_user")) == {("+", cdc_b.pk)}
    record = created.get(axis__number=1, number=1)
    assert [o.objective.reference for o in record.objectives.all()] == ["O1.1"]
    assert [p.organisation.name for p in record.partners.all()] == [org.name]
    steps = Step.history.filter(action__plan=target)
    assert steps.count() == 600 and {s.history_user for s in steps} == {cdc_b}
    lines = BudgetLine.history.filter(action__plan=target)
    assert lines.count() == 300 and {s.history_user for s in lines} == {cdc_b}


def build_without_pilots(content: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb[FICHES]
    header = [c.value for c in ws[1]]
    column = header.index("Pilote") + 1
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=column).value = None
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- hostile workbooks and user text ----------------------------------------------------

# A title holds no tab (a control character): a leading tab is tried on a step's name.
FORMULA_TITLES = ['=HYPERLINK("http://x";"clic")', "+1", "@SUM(A1)", "-2", "=cmd|' /C calc'!A0"]


def test_formula_looking_text_is_exported_as_text_and_imports_back_unchanged(world, plan, cdc):
    axis = services.axis_create(plan=plan, by=cdc, title="=1+1")
    actions = [
        services.action_create(plan=plan, by=cdc, axis=axis, title=title, description="@cmd")
        for title in FORMULA_TITLES
    ]
    services.step_add(action=actions[0], by=cdc, name="\tcalcul")
    content = export_plan(plan, cdc)
    steps = load_workbook(io.BytesIO(content))[STEPS]
    assert [(c.value, c.data_type) for row in steps for c in row if c.value == "\tcalcul"] == [
        ("\tcalcul", "s")
    ]
    ws = load_workbook(io.BytesIO(content))[FICHES]
    header = [c.value for c in ws[1]]
    column = header.index("Intitulé") + 1
    titles = [ws.cell(row=n, column=column) for n in range(2, 2 + len(FORMULA_TITLES))]
    assert [(c.value, c.data_type) for c in titles] == [(t, "s") for t in FORMULA_TITLES]
    axis_cell = load_workbook(io.BytesIO(content))[AXES]["C2"]
    assert (axis_cell.value, axis_cell.data_type) == ("=1+1", "s")
    report = import_plan(plan, cdc, upload(content))
    # Only the step's tab is lost on the way back: the import trims each cell's blanks.
    assert (report.ok, report.actions_unchanged, report.actions_updated) == (True, 5, 0)
    assert list(actions[0].steps.values_list("name", flat=True)) == ["calcul"]


def test_a_sheet_over_the_row_cap_is_refused_in_french_and_nothing_is_written(
    full_plan, cdc, monkeypatch
):
    monkeypatch.setattr(read, "LIMITS", Limits(max_bytes=5 * 1024 * 1024, max_rows=2))
    content = export_plan(full_plan, cdc)  # three fiches
    before = snapshot()
    report = import_plan(full_plan, cdc, upload(content))
    assert snapshot() == before
    assert "feuille « Fiches » : le fichier dépasse 2 lignes : découpez-le." in [
        str(e) for e in report.errors
    ]


def test_a_sheet_declaring_a_huge_dimension_is_read_by_its_real_data(full_plan, cdc):
    content = export_plan(full_plan, cdc)
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD400000"/>', data
                )
            target.writestr(info, data)
    report = import_plan(full_plan, cdc, upload(out.getvalue()))
    assert report.ok and report.actions_unchanged == 3


def test_only_the_first_50_errors_are_listed_then_how_many_more(world, plan, cdc):
    rows = [[f"A9.{n}", "A9", f"Fiche {n}"] for n in range(1, 61)]
    content = build({FICHES: [["Référence", "Axe", "Intitulé"], *rows]})
    report = import_plan(plan, cdc, upload(content))
    assert (len(report.errors), report.error_count) == (50, 60)
    errors = list(iter_errors(report))
    assert len(errors) == 51 and errors[-1].message == "et 10 autres erreurs."
    response = world.client("cdc").post(
        reverse("plans:plan_import", args=[world.a.uuid]), {"fichier": upload(content)}, follow=True
    )
    text = html.unescape(response.content.decode())
    assert "Rien n'a été importé : 60 erreurs" in text
    assert "Et 10 autres erreurs." in text
    assert text.count("axe A9 n'existe pas") == 50


def test_a_workbook_of_400_000_rows_is_read_up_to_the_row_cap_only(world, plan, cdc):
    content = long_plan_workbook()
    # Under the byte cap: only the row cap stops it. Its sheet declares no size.
    assert 2 * MB < len(content) < read.LIMITS.max_bytes
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet_xml.file_size > 50 * MB
    client = world.client("cdc")
    before = snapshot()
    with counting_reads() as counted:
        response = client.post(
            reverse("plans:plan_import", args=[world.a.uuid]),
            {"fichier": upload(content)},
            follow=True,
        )
    # The header and one row past the cap, never the 400,000 rows; each row is read up to
    # one column past the cap.
    assert counted.rows <= read.LIMITS.max_rows + 2
    assert counted.cells <= counted.rows * (read.LIMITS.max_columns + 1)
    # Nor is the sheet parsed to its end to find a size it does not declare.
    assert counted.xml_bytes < 4 * MB
    text = html.unescape(response.content.decode())
    assert "Le fichier dépasse 10000 lignes : découpez-le." in text
    assert "Rien n'a été importé : 1 erreur" in text
    # One error listed: the page stays small (not one line per row of the file).
    assert len(response.content) < 100_000
    assert snapshot() == before


@pytest.mark.parametrize(
    ("sheet", "rows", "line", "label"),
    [
        (AXES, [["A1", "Axe", "Petite\r\nenfance"]], 2, "Intitulé"),
        (FICHES, [["A1.1", "A1", "Crèche\r\nBcc: x@example.org"]], 2, "Intitulé"),
    ],
)
def test_a_title_with_a_line_break_is_refused_with_its_row_and_nothing_is_written(
    world, plan, cdc, sheet, rows, line, label
):
    services.axis_create(plan=plan, by=cdc, title="Petite enfance")
    sheets = {
        AXES: [["Référence", "Type", "Intitulé"], ["A1", "Axe", "Petite enfance"]],
        FICHES: [["Référence", "Axe", "Intitulé"], ["A1.1", "A1", "Crèche"]],
    }
    sheets[sheet] = [sheets[sheet][0], *rows]
    before = snapshot()
    report = import_plan(plan, cdc, upload(build(sheets)))
    assert [str(e) for e in report.errors] == [
        f"feuille « {sheet} », ligne {line} : « {label} » ne peut contenir ni retour à la "
        "ligne, ni tabulation, ni autre caractère de contrôle."
    ]
    assert snapshot() == before
