"""Reading the plan workbook: every sheet checked into an in-memory plan, or every error.

Nothing is written here: :func:`read_plan` returns a :class:`PlanData` when the whole
workbook is valid, and fills the :class:`ImportReport` with each bad row otherwise.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import TextChoices

from maillage.conventions.models import ConventionMembership
from maillage.core import tabular
from maillage.core.enums import Theme
from maillage.core.tabular import Cell, CellError, Limits, choice, plain, split, yes_no
from maillage.network.models import Contact
from maillage.organisations.models import Organisation

from ..enums import ActionStatus, BudgetNature, Participation, Priority, Public
from ..models import Action, ActionPlan, Axis, BudgetLine, Objective, Step
from .template import (
    AXES,
    AXIS_COLUMNS,
    BUDGET,
    BUDGET_COLUMNS,
    FICHE_COLUMNS,
    FICHES,
    LIMITS,
    REQUIRED,
    STEP_COLUMNS,
    STEPS,
    Column,
)


@dataclass(frozen=True)
class RowError:
    """One reason a row was refused."""

    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = f"feuille « {self.sheet} »" if self.sheet else "classeur"
        if self.row:
            where += f", ligne {self.row}"
        return f"{where} : {self.message}"


@dataclass
class ImportReport:
    """What an import did, or every reason it did nothing.

    Only the first :data:`~maillage.core.tabular.MAX_ERRORS` errors are kept; ``error_count``
    counts them all.
    """

    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    axes_created: int = 0
    axes_updated: int = 0
    objectives_created: int = 0
    objectives_updated: int = 0
    actions_created: int = 0
    actions_updated: int = 0
    actions_unchanged: int = 0
    budget_lines: int = 0
    steps: int = 0
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def hidden_errors(self) -> int:
        """How many errors are counted but not listed."""
        return self.error_count - len(self.errors)

    def error(self, sheet: str, row: int | None, message: str) -> None:
        """Record a reason to refuse the workbook."""
        self.error_count += 1
        if len(self.errors) < tabular.MAX_ERRORS:
            self.errors.append(RowError(sheet, row, message))

    def summary(self) -> str:
        """The counts, as a French sentence."""
        parts = [
            f"{self.actions_created} fiche(s) créée(s)",
            f"{self.actions_updated} fiche(s) modifiée(s)",
            f"{self.actions_unchanged} fiche(s) inchangée(s)",
            f"{self.axes_created} axe(s) et {self.objectives_created} objectif(s) créé(s)",
            f"{self.axes_updated} axe(s) et {self.objectives_updated} objectif(s) modifié(s)",
        ]
        return ", ".join(parts) + f" ; import réalisé en {self.duration:.1f} s".replace(".", ",")


@dataclass(frozen=True)
class Progress:
    """How many of the workbook's fiches have been written so far."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.done * 100 // self.total


@dataclass
class _Row:
    number: int
    values: dict[str, Cell]

    def get(self, column: str) -> Cell:
        return self.values.get(column)

    def text(self, column: str) -> str:
        return tabular.text(self.values.get(column))


def _read_sheet(
    wb: Any, name: str, columns: list[Column], report: ImportReport, limits: Limits
) -> tuple[list[_Row], set[str]] | None:
    """The sheet's non-empty rows keyed by column name, and the columns present."""
    if name not in wb.sheetnames:
        return None
    try:
        sheet = tabular.read_worksheet(wb, name, limits=limits)
    except tabular.FileRefused as exc:
        report.error(name, None, str(exc))
        return None
    known = {plain(c.title): c.title for c in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(sheet.header):
        column = known.get(plain(cell))
        if column and column not in positions:
            positions[column] = index
    missing = [c for c in REQUIRED[name] if c not in positions]
    if missing:
        report.error(
            name,
            1,
            "colonne(s) obligatoire(s) absente(s) : " + ", ".join(f"« {c} »" for c in missing),
        )
        return None
    result = []
    for row in sheet.rows:
        values = {c: (row.cells[i] if i < len(row.cells) else None) for c, i in positions.items()}
        if any(v is not None for v in values.values()):
            result.append(_Row(row.line, values))
    return result, set(positions)


def _split_names(text: str, known: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Names separated by commas; a known name may itself contain a comma."""
    parts = [p.strip() for p in text.split(",")]
    found, unknown, i = [], [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = plain(", ".join(parts[i:j]))
            if candidate in known:
                found.append(known[candidate])
                i = j
                break
        else:
            if parts[i]:
                unknown.append(parts[i])
            i += 1
    return found, unknown


class Context:
    """Everything the validation looks names up in, loaded once (the writing reuses it)."""

    def __init__(self, plan: ActionPlan) -> None:
        self.plan = plan
        self.convention = plan.convention
        self.lowest = self.convention.start_date - datetime.timedelta(days=366)
        self.highest = self.convention.end_date + datetime.timedelta(days=366)
        members = ConventionMembership.objects.filter(
            convention=self.convention, is_active=True, user__is_active=True
        ).select_related("user")
        self.members = {m.user.email.casefold(): m.user for m in members}
        self.contacts = {
            c.email.casefold(): c
            for c in Contact.objects.filter(convention=self.convention).exclude(email="")
        }
        self.organisations = {
            plain(o.name): o for o in Organisation.objects.filter(caf_id=self.convention.caf_id)
        }
        self.axes = {a.number: a for a in plan.axes.all()}
        self.objectives = {
            (o.axis.number, o.number): o
            for o in Objective.objects.filter(axis__plan=plan).select_related("axis")
        }
        self.actions = {
            (a.axis.number, a.number): a
            for a in Action.objects.filter(plan=plan)
            .select_related("axis", "pilot", "pilot_contact", "pilot_organisation", "elu_referent")
            .prefetch_related(
                "objectives",
                "copilots",
                "partners",
                "themes",
                "publics",
                "steps",
                "budget_lines",
            )
        }

    def date(self, value: Cell, label: str) -> datetime.date | None:
        """A date of the fiche, at most a year away from the CTG's period."""
        day = tabular.date(value, label)
        if day is not None and not self.lowest <= day <= self.highest:
            raise CellError(
                f"la date « {label} » du {day:%d/%m/%Y} est à plus d'un an de la période de "
                f"la CTG ({self.convention.start_date:%d/%m/%Y} – "
                f"{self.convention.end_date:%d/%m/%Y})."
            )
        return day

    def member(self, email: str, label: str) -> Any:
        user = self.members.get(email.casefold())
        if user is None:
            raise CellError(f"{label} « {email} » n'est pas un membre actif de la CTG.")
        return user

    def pilot(self, email: str) -> tuple[Any, Any]:
        """The pilot an e-mail names: (member, None), or (None, directory contact)."""
        user = self.members.get(email.casefold())
        if user is not None:
            return user, None
        contact = self.contacts.get(email.casefold())
        if contact is not None:
            return None, contact
        raise CellError(
            f"le pilote « {email} » n'est ni un membre actif de la CTG ni un contact de son "
            "annuaire."
        )

    def organisation(self, name: str, label: str) -> Organisation:
        org = self.organisations.get(plain(name))
        if org is None:
            raise CellError(
                f"{label} « {name} » n'est pas une organisation connue de la "
                f"{self.convention.caf.name}."
            )
        return org


AXIS_REF = re.compile(r"A(\d+)", re.IGNORECASE)
OBJECTIVE_REF = re.compile(r"O(\d+)\.(\d+)", re.IGNORECASE)
ACTION_REF = re.compile(r"A(\d+)\.(\d+)", re.IGNORECASE)


@dataclass
class AxisItem:
    row: int
    number: int
    title: str
    description: str
    has_description: bool


@dataclass
class ObjectiveItem:
    row: int
    axis: int
    number: int
    title: str


@dataclass
class FicheItem:
    row: int
    axis: int
    number: int | None
    fields: dict[str, Any]


@dataclass
class PlanData:
    axes: list[AxisItem] = field(default_factory=list)
    objectives: list[ObjectiveItem] = field(default_factory=list)
    fiches: list[FicheItem] = field(default_factory=list)
    budget: dict[tuple[int, int], list[dict[str, Any]]] | None = None
    steps: dict[tuple[int, int], list[dict[str, Any]]] | None = None


# The plain text columns are checked by the models' own form fields (their max_length).
AXIS_FORM = tabular.form_for(Axis, ["title", "description"])
OBJECTIVE_FORM = tabular.form_for(Objective, ["title"])
FICHE_FORM = tabular.form_for(Action, ["title", "description"])
STEP_FORM = tabular.form_for(Step, ["name"])
BUDGET_FORM = tabular.form_for(BudgetLine, ["label"])


def _texts(
    row: _Row, report: ImportReport, sheet: str, form: Any, columns: dict[str, str]
) -> dict[str, Any] | None:
    """The row's text columns (field → column) cleaned by the form; errors reported."""
    data = {name: row.text(column) for name, column in columns.items()}
    cleaned, errors = tabular.check_row(form, data, labels=columns)
    for message in errors:
        report.error(sheet, row.number, message)
    return cleaned


def _validate_axes(rows: list[_Row], ctx: Context, report: ImportReport, out: PlanData) -> None:
    seen: set[str] = set()
    for row in rows:
        ref = row.text("Référence").upper()
        kind = plain(row.text("Type"))
        if kind == "objectif":
            texts = _texts(row, report, AXES, OBJECTIVE_FORM, {"title": "Intitulé"})
        else:
            texts = _texts(
                row, report, AXES, AXIS_FORM, {"title": "Intitulé", "description": "Description"}
            )
        title = texts["title"] if texts else None
        if not ref:
            report.error(AXES, row.number, "« Référence » est obligatoire (A1, O1.2…).")
            continue
        if ref in seen:
            report.error(AXES, row.number, f"la référence « {ref} » apparaît deux fois.")
            continue
        seen.add(ref)
        axis_match = AXIS_REF.fullmatch(ref)
        objective_match = OBJECTIVE_REF.fullmatch(ref)
        if kind == "axe" and axis_match:
            if title:
                out.axes.append(
                    AxisItem(
                        row.number,
                        int(axis_match[1]),
                        title,
                        texts["description"] if texts else "",
                        "Description" in row.values,
                    )
                )
        elif kind == "objectif" and objective_match:
            if title:
                out.objectives.append(
                    ObjectiveItem(
                        row.number, int(objective_match[1]), int(objective_match[2]), title
                    )
                )
        elif kind not in {"axe", "objectif"}:
            report.error(
                AXES, row.number, f"type « {row.text('Type')} » inconnu : « Axe » ou « Objectif »."
            )
        else:
            expected = "A<n>" if kind == "axe" else "O<axe>.<n>"
            report.error(
                AXES,
                row.number,
                f"la référence « {ref} » ne convient pas à un {kind} (attendu : {expected}).",
            )
    axis_numbers = set(ctx.axes) | {a.number for a in out.axes}
    for objective in out.objectives:
        if objective.axis not in axis_numbers:
            report.error(
                AXES,
                objective.row,
                f"l'objectif O{objective.axis}.{objective.number} appartient à l'axe "
                f"A{objective.axis}, absent du plan et de la feuille.",
            )


def _validate_fiches(
    rows: list[_Row], cols: set[str], ctx: Context, report: ImportReport, out: PlanData
) -> None:
    axis_numbers = set(ctx.axes) | {a.number for a in out.axes}
    objective_refs = set(ctx.objectives) | {(o.axis, o.number) for o in out.objectives}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        errors_before = report.error_count

        def fail(message: str, row: _Row = row) -> None:
            report.error(FICHES, row.number, message)

        texts = _texts(
            row, report, FICHES, FICHE_FORM, {"title": "Intitulé", "description": "Description"}
        )
        axis_text = row.text("Axe")
        axis_match = re.match(r"\s*A(\d+)\b", axis_text, re.IGNORECASE)
        axis_number = int(axis_match[1]) if axis_match else None
        if axis_number is None:
            fail(f"« Axe » doit commencer par la référence d'un axe (A1…) : « {axis_text} ».")
        elif axis_number not in axis_numbers:
            fail(f"l'axe A{axis_number} n'existe pas : ajoutez-le dans la feuille « {AXES} ».")
        ref = row.text("Référence").upper()
        number = None
        if ref:
            match = ACTION_REF.fullmatch(ref)
            if not match:
                fail(f"la référence « {ref} » n'est pas une référence de fiche (A<axe>.<n>).")
            else:
                key = (int(match[1]), int(match[2]))
                number = key[1]
                if key in seen:
                    fail(f"la référence « {ref} » apparaît deux fois.")
                seen.add(key)
                if axis_number is not None and key[0] != axis_number:
                    fail(
                        f"la fiche {ref} appartient à l'axe A{key[0]}, pas à l'axe "
                        f"A{axis_number} de la colonne « Axe »."
                    )
        fields: dict[str, Any] = {}
        if texts:
            fields["title"] = texts["title"]
            if "Description" in cols:
                fields["description"] = texts["description"]
        single: list[tuple[str, str, type[TextChoices], str]] = [
            ("Statut", "status", ActionStatus, ActionStatus.A_VENIR),
            ("Priorité", "priority", Priority, Priority.MOYENNE),
            ("Participation citoyenne", "participation", Participation, Participation.AUCUNE),
        ]
        for column, target, choices, default in single:
            if column in cols:
                text = row.text(column)
                value = choice(choices, text) if text else default
                if value is None:
                    allowed = ", ".join(str(label) for _, label in choices.choices)
                    fail(f"{column.lower()} « {text} » inconnu(e) ; valeurs possibles : {allowed}.")
                fields[target] = value
        if "Pilote" in cols:
            email = row.text("Pilote")
            try:
                pilot, contact = ctx.pilot(email) if email else (None, None)
                fields["pilot"], fields["pilot_contact"] = pilot, contact
            except CellError as exc:
                fail(str(exc))
        if "Élu référent" in cols:
            email = row.text("Élu référent")
            try:
                fields["elu_referent"] = ctx.member(email, "élu référent") if email else None
            except CellError as exc:
                fail(str(exc))
        if "Copilotes" in cols:
            copilots = []
            for email in split(row.text("Copilotes")):
                try:
                    copilots.append(ctx.member(email, "le copilote"))
                except CellError as exc:
                    fail(str(exc))
            fields["copilots"] = copilots
        if "Structure pilote" in cols:
            name = row.text("Structure pilote")
            try:
                fields["pilot_organisation"] = (
                    ctx.organisation(name, "la structure pilote") if name else None
                )
            except CellError as exc:
                fail(str(exc))
        if "Partenaires" in cols:
            partners, unknown = _split_names(row.text("Partenaires"), ctx.organisations)
            for name in unknown:
                fail(
                    f"le partenaire « {name} » n'est pas une organisation connue de la "
                    f"{ctx.convention.caf.name}."
                )
            fields["partners"] = partners
        multiple: list[tuple[str, str, type[TextChoices]]] = [
            ("Thématiques", "themes", Theme),
            ("Public cible", "publics", Public),
        ]
        for column, target, choices in multiple:
            if column in cols:
                values = []
                for label in split(row.text(column)):
                    value = choice(choices, label)
                    if value is None:
                        fail(f"{column.lower()} « {label} » inconnu(e).")
                    else:
                        values.append(value)
                fields[target] = sorted(set(values))
        if "Objectifs" in cols:
            objectives = []
            for text in split(row.text("Objectifs")):
                match = OBJECTIVE_REF.fullmatch(text.upper())
                if not match or (int(match[1]), int(match[2])) not in objective_refs:
                    fail(f"l'objectif « {text} » n'existe pas dans le plan ni dans la feuille.")
                else:
                    objectives.append((int(match[1]), int(match[2])))
            fields["objectives"] = objectives
        for column, target in [("Début", "start_date"), ("Fin prévue", "end_date")]:
            if column in cols:
                try:
                    fields[target] = ctx.date(row.get(column), column)
                except CellError as exc:
                    fail(str(exc))
        start, end = fields.get("start_date"), fields.get("end_date")
        if start and end and end < start:
            fail(f"la fin prévue ({end:%d/%m/%Y}) précède le début ({start:%d/%m/%Y}).")
        if "Avancement saisi (%)" in cols:
            progress = row.get("Avancement saisi (%)")
            text = row.text("Avancement saisi (%)").rstrip("%").strip()
            if progress is None:
                fields["progress_manual"] = None
            elif text.isdigit() and 0 <= int(text) <= 100:
                fields["progress_manual"] = int(text)
            else:
                fail(f"l'avancement « {progress} » doit être un nombre entier de 0 à 100.")
        if "Confidentielle" in cols:
            flag = yes_no(row.text("Confidentielle"))
            if flag is None:
                shown = row.text("Confidentielle")
                fail(f"« Confidentielle » vaut « oui » ou « non », pas « {shown} ».")
            fields["confidential"] = bool(flag)
        if report.error_count == errors_before and axis_number is not None:
            out.fiches.append(FicheItem(row.number, axis_number, number, fields))


def _fiche_key(
    row: _Row, sheet: str, report: ImportReport, known: set[tuple[int, int]]
) -> tuple[int, int] | None:
    ref = row.text("Référence fiche").upper()
    match = ACTION_REF.fullmatch(ref)
    if not match:
        report.error(sheet, row.number, f"« {ref or '(vide)'} » n'est pas une référence de fiche.")
        return None
    key = (int(match[1]), int(match[2]))
    if key not in known:
        report.error(sheet, row.number, f"la fiche {ref} n'est pas dans la feuille « {FICHES} ».")
        return None
    return key


Lines = dict[tuple[int, int], list[dict[str, Any]]]


def _validate_budget(
    rows: list[_Row], ctx: Context, report: ImportReport, known: set[tuple[int, int]]
) -> Lines:
    result: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        key = _fiche_key(row, BUDGET, report, known)
        line: dict[str, Any] = {}
        try:
            year = row.get("Année")
            text = row.text("Année")
            if not text.isdigit() or not 2000 <= int(text) <= 2100:
                shown = "" if year is None else year
                raise CellError(f"l'année « {shown} » doit être comprise entre 2000 et 2100.")
            line["year"] = int(text)
            nature = choice(BudgetNature, row.text("Nature"))
            if nature is None:
                raise CellError(
                    f"nature « {row.text('Nature')} » inconnue : Fonctionnement ou Investissement."
                )
            line["nature"] = nature
            texts = _texts(row, report, BUDGET, BUDGET_FORM, {"label": "Poste"})
            if texts is None:
                continue
            line["label"] = texts["label"]
            name = row.text("Financeur")
            line["financeur"] = ctx.organisation(name, "le financeur") if name else None
            line["forecast"] = tabular.amount(
                row.get("Prévisionnel"), "Prévisionnel", required=True
            )
            line["actual"] = tabular.amount(row.get("Réalisé"), "Réalisé", required=False)
        except CellError as exc:
            report.error(BUDGET, row.number, str(exc))
            continue
        if key is not None:
            result[key].append(line)
    return result


def _validate_steps(
    rows: list[_Row], ctx: Context, report: ImportReport, known: set[tuple[int, int]]
) -> Lines:
    result: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        key = _fiche_key(row, STEPS, report, known)
        texts = _texts(row, report, STEPS, STEP_FORM, {"name": "Étape"})
        name = texts["name"] if texts else None
        try:
            due = ctx.date(row.get("Échéance"), "Échéance")
            done = yes_no(row.text("Faite"))
            if done is None:
                raise CellError(f"« Faite » vaut « oui » ou « non », pas « {row.text('Faite')} ».")
        except CellError as exc:
            report.error(STEPS, row.number, str(exc))
            continue
        if key is not None and name:
            result[key].append({"name": name, "due_date": due, "done": done})
    return result


def _validate(wb: Any, ctx: Context, report: ImportReport) -> PlanData | None:
    out = PlanData()
    if FICHES not in wb.sheetnames:
        report.error(FICHES, None, f"la feuille « {FICHES} » est absente du classeur.")
        return None
    axes = _read_sheet(wb, AXES, AXIS_COLUMNS, report, LIMITS)
    fiches = _read_sheet(wb, FICHES, FICHE_COLUMNS, report, LIMITS)
    budget = _read_sheet(wb, BUDGET, BUDGET_COLUMNS, report, LIMITS)
    steps = _read_sheet(wb, STEPS, STEP_COLUMNS, report, LIMITS)
    if report.errors:
        return None
    if axes:
        _validate_axes(axes[0], ctx, report, out)
    assert fiches is not None
    _validate_fiches(fiches[0], fiches[1], ctx, report, out)
    known = {(f.axis, f.number) for f in out.fiches if f.number is not None}
    # Rows of fiches refused above are reported there; don't report them twice.
    for row in fiches[0]:
        match = ACTION_REF.fullmatch(row.text("Référence").upper())
        if match:
            known.add((int(match[1]), int(match[2])))
    if budget:
        out.budget = _validate_budget(budget[0], ctx, report, known)
    if steps:
        out.steps = _validate_steps(steps[0], ctx, report, known)
    return None if report.errors else out


def read_plan(plan: ActionPlan, file: Any, report: ImportReport) -> tuple[PlanData, Context] | None:
    """The workbook checked against the plan: (data, context), or None with the report's
    errors. ``file`` is an uploaded file, a binary file object or bytes."""
    name = getattr(file, "name", None)
    if isinstance(name, str) and name and not name.lower().endswith(".xlsx"):
        report.error("", None, "le fichier doit être un classeur Excel au format .xlsx.")
        return None
    try:
        wb = tabular.open_workbook(tabular.read_bytes(file, LIMITS), limits=LIMITS)
    except tabular.FileRefused as exc:
        report.error("", None, str(exc))
        return None
    try:
        ctx = Context(plan)
        data = _validate(wb, ctx, report)
    finally:
        wb.close()
    return None if data is None else (data, ctx)
