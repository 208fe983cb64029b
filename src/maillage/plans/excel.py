"""Excel round-trip of the plan d'actions: export to an .xlsx template, import it back.

The template (one header row, frozen, then one row per item):

* « Fiches » — Référence (« A1.2 »; empty: a new fiche in the row's axis), Axe (« A1 —
  Petite enfance »: only the reference before the dash counts), Objectifs (« O1.1, O1.2 »),
  Intitulé, Description, Statut, Priorité, Pilote (e-mail), Structure pilote (name of an
  organisation of the CTG's Caf), Copilotes (e-mails), Partenaires (names), Élu référent
  (e-mail), Thématiques, Public cible, Participation citoyenne (French labels), Début,
  Fin prévue (dates), Avancement saisi (%), Confidentielle (oui/non).
  Required columns: Référence, Axe, Intitulé. A missing optional column leaves that field
  of existing fiches as it is. Fiches absent from the sheet are left untouched.
* « Axes et objectifs » — Référence (« A2 » or « O2.1 »), Type (Axe/Objectif), Intitulé,
  Description. A reference that does not exist yet is created with that number.
* « Budget » — Référence fiche, Année, Nature, Poste, Financeur, Prévisionnel, Réalisé.
* « Étapes » — Référence fiche, Étape, Échéance, Faite (oui/non).
  When the « Budget » (or « Étapes ») sheet is present, the budget lines (or steps) of every
  fiche of the « Fiches » sheet are replaced by that sheet's rows.
* « Indicateurs » — Nom, Unité, Valeur de référence, Cible, Fiches: for reading only, the
  import ignores it (indicators are managed on their own pages).
* « Mode d'emploi » — these rules, in French; ignored by the import.

The import validates the whole workbook first; any bad row and nothing is written, and the
report lists every bad row. Otherwise every write happens in one transaction, through the
plan services so that the history records the author.
"""

from __future__ import annotations

import datetime
import io
import re
import time
import zipfile
from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, TextChoices
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from maillage.conventions.models import ConventionMembership
from maillage.core.enums import Theme
from maillage.network.models import Contact
from maillage.organisations.models import Organisation

from . import services
from .enums import ActionStatus, BudgetNature, Participation, Priority, Public
from .models import (
    Action,
    ActionPlan,
    ActionPublic,
    ActionTheme,
    BudgetLine,
    Objective,
    Step,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User

FICHES = "Fiches"
AXES = "Axes et objectifs"
BUDGET = "Budget"
STEPS = "Étapes"
INDICATORS = "Indicateurs"
README = "Mode d'emploi"

FICHE_COLUMNS = [
    ("Référence", 10),
    ("Axe", 30),
    ("Objectifs", 16),
    ("Intitulé", 40),
    ("Description", 50),
    ("Statut", 14),
    ("Priorité", 10),
    ("Pilote", 28),
    ("Structure pilote", 28),
    ("Copilotes", 36),
    ("Partenaires", 36),
    ("Élu référent", 28),
    ("Thématiques", 30),
    ("Public cible", 30),
    ("Début", 12),
    ("Fin prévue", 12),
    ("Avancement saisi (%)", 12),
    ("Participation citoyenne", 20),
    ("Confidentielle", 14),
]
AXIS_COLUMNS = [("Référence", 10), ("Type", 10), ("Intitulé", 50), ("Description", 60)]
BUDGET_COLUMNS = [
    ("Référence fiche", 12),
    ("Année", 8),
    ("Nature", 16),
    ("Poste", 30),
    ("Financeur", 30),
    ("Prévisionnel", 14),
    ("Réalisé", 14),
]
STEP_COLUMNS = [("Référence fiche", 12), ("Étape", 50), ("Échéance", 12), ("Faite", 8)]
INDICATOR_COLUMNS = [
    ("Nom", 40),
    ("Unité", 12),
    ("Valeur de référence", 14),
    ("Cible", 14),
    ("Fiches", 30),
]

REQUIRED = {
    FICHES: ["Référence", "Axe", "Intitulé"],
    AXES: ["Référence", "Type", "Intitulé"],
    BUDGET: ["Référence fiche", "Année", "Nature", "Prévisionnel"],
    STEPS: ["Référence fiche", "Étape"],
}

README_LINES = [
    "Plan d'actions — mode d'emploi du classeur",
    "",
    "Feuille « Fiches » : une ligne par fiche action. Colonnes obligatoires : Référence, "
    "Axe, Intitulé.",
    "Référence vide : une nouvelle fiche est créée dans l'axe de la colonne « Axe ».",
    "La référence d'une fiche (A1.2) doit correspondre à son axe (A1) : une fiche ne change "
    "pas d'axe par import.",
    "Pilote, copilotes, élu référent : adresses e-mail de membres actifs de la CTG.",
    "Structure pilote, partenaires, financeurs : noms exacts d'organisations de la Caf.",
    "Listes (objectifs, copilotes, partenaires, thématiques, publics) : séparées par des virgules.",
    "Dates : cellules de type date, ou texte JJ/MM/AAAA ; au plus un an avant le début ou "
    "après la fin de la CTG.",
    "Statut, priorité, participation, thématiques, publics : libellés tels qu'exportés.",
    "",
    "Feuille « Axes et objectifs » : Type « Axe » (référence A2) ou « Objectif » (référence "
    "O2.1) ; une référence absente du plan est créée avec ce numéro.",
    "Feuilles « Budget » et « Étapes » : elles remplacent le budget et les étapes de chaque "
    "fiche de la feuille « Fiches ».",
    "Feuille « Indicateurs » : pour information, elle n'est pas importée.",
    "",
    "Une seule ligne en erreur et rien n'est importé : la liste des erreurs indique la "
    "feuille, la ligne et la raison.",
]

# Fixed workbook properties: two exports of the same plan hold the same content.
FIXED_TIMESTAMP = datetime.datetime(2000, 1, 1)
DATE_FORMAT = "DD/MM/YYYY"
AMOUNT_FORMAT = "#,##0.00"
SEPARATOR = ", "
YES, NO = "oui", "non"
MAX_TITLE = 300


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------


def _join(values: Iterable[str]) -> str | None:
    text = SEPARATOR.join(v for v in values if v)
    return text or None


def _labels(choices: type[TextChoices], values: Iterable[str]) -> str | None:
    order = list(choices.values)
    labels = dict(choices.choices)
    return _join(labels[v] for v in sorted(set(values), key=order.index))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _sheet(wb: Workbook, title: str, columns: list[tuple[str, int]], first: bool = False) -> Any:
    ws = wb.active if first else wb.create_sheet()
    assert isinstance(ws, Worksheet)  # a new workbook's active sheet is a worksheet
    ws.title = title
    ws.append([name for name, _ in columns])
    bold = Font(bold=True)
    for index, (_, width) in enumerate(columns, start=1):
        ws.cell(row=1, column=index).font = bold
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    return ws


def _format_columns(ws: Any, columns: list[tuple[str, int]], formats: dict[str, str]) -> None:
    names = [name for name, _ in columns]
    for name, number_format in formats.items():
        column = names.index(name) + 1
        for row in range(2, ws.max_row + 1):
            ws.cell(row=row, column=column).number_format = number_format


@dataclass
class _Related:
    """What an exported fiche links to, loaded for the whole plan in one query per kind."""

    objectives: dict[int, list[str]]
    copilots: dict[int, list[str]]
    partners: dict[int, list[str]]
    themes: dict[int, list[str]]
    publics: dict[int, list[str]]
    steps: dict[int, list[tuple[Any, ...]]]
    budget: dict[int, list[tuple[Any, ...]]]


def _group(rows: Iterable[tuple[Any, ...]]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = defaultdict(list)
    for action_id, *rest in rows:
        grouped[action_id].append(rest[0] if len(rest) == 1 else tuple(rest))
    return grouped


def _pilot_email(action: Action) -> str | None:
    if action.pilot:
        return action.pilot.email
    if action.pilot_contact and action.pilot_contact.email:
        return action.pilot_contact.email
    return None


def exported_actions(plan: ActionPlan, user: User) -> tuple[list[Action], _Related]:
    """The plan's fiches the user may see and what they link to, in a fixed number of queries.

    Related rows are grouped by hand: Django's prefetch builds a queryset per fiche and
    relation, which costs more than the queries themselves on a large plan.
    """
    actions = list(
        Action.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("axis", "pilot", "pilot_contact", "pilot_organisation", "elu_referent")
        .order_by("axis__position", "axis__number", "position", "number")
    )
    in_plan = {"action__plan": plan}
    objectives = Action.objectives.through.objects.filter(**in_plan).order_by(
        "objective__axis__number", "objective__number"
    )
    related = _Related(
        objectives=_group(
            (action_id, f"O{a}.{n}")
            for action_id, a, n in objectives.values_list(
                "action_id", "objective__axis__number", "objective__number"
            )
        ),
        copilots=_group(
            Action.copilots.through.objects.filter(**in_plan)
            .order_by("user__email")
            .values_list("action_id", "user__email")
        ),
        partners=_group(
            Action.partners.through.objects.filter(**in_plan)
            .order_by("organisation__name")
            .values_list("action_id", "organisation__name")
        ),
        themes=_group(ActionTheme.objects.filter(**in_plan).values_list("action_id", "theme")),
        publics=_group(ActionPublic.objects.filter(**in_plan).values_list("action_id", "public")),
        steps=_group(
            Step.objects.filter(**in_plan)
            .order_by("position", "due_date", "pk")
            .values_list("action_id", "name", "due_date", "done")
        ),
        budget=_group(
            BudgetLine.objects.filter(**in_plan)
            .order_by("year", "nature", "pk")
            .values_list(
                "action_id", "year", "nature", "label", "financeur__name", "forecast", "actual"
            )
        ),
    )
    return actions, related


def export_plan(plan: ActionPlan, user: User) -> bytes:
    """The plan as an .xlsx workbook in the import template, with the fiches the user sees."""
    convention = plan.convention
    actions, related = exported_actions(plan, user)
    axes = list(
        plan.axes.prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("position", "number"))
        )
    )
    wb = Workbook()
    wb.properties.creator = "Maillage"
    wb.properties.lastModifiedBy = "Maillage"
    wb.properties.title = f"Plan d'actions — {convention.name}"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP

    ws = _sheet(wb, FICHES, FICHE_COLUMNS, first=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for a in actions:
        ws.append(
            [
                a.reference,
                str(a.axis),
                _join(related.objectives.get(a.pk, [])),
                a.title,
                a.description or None,
                a.get_status_display(),
                a.get_priority_display(),
                _pilot_email(a),
                a.pilot_organisation.name if a.pilot_organisation else None,
                _join(related.copilots.get(a.pk, [])),
                _join(related.partners.get(a.pk, [])),
                a.elu_referent.email if a.elu_referent else None,
                _labels(Theme, related.themes.get(a.pk, [])),
                _labels(Public, related.publics.get(a.pk, [])),
                a.start_date,
                a.end_date,
                a.progress_manual,
                a.get_participation_display(),
                YES if a.confidential else NO,
            ]
        )
    _format_columns(ws, FICHE_COLUMNS, {"Début": DATE_FORMAT, "Fin prévue": DATE_FORMAT})
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        row[0].alignment = wrap

    ws = _sheet(wb, AXES, AXIS_COLUMNS)
    for axis in axes:
        ws.append([axis.reference, "Axe", axis.title, axis.description or None])
        for objective in axis.objectives.all():
            objective.axis = axis
            ws.append([objective.reference, "Objectif", objective.title, None])

    ws = _sheet(wb, BUDGET, BUDGET_COLUMNS)
    natures = dict(BudgetNature.choices)
    for a in actions:
        for year, nature, label, financeur, forecast, actual in related.budget.get(a.pk, []):
            ws.append(
                [
                    a.reference,
                    year,
                    natures[nature],
                    label or None,
                    financeur,
                    _number(forecast),
                    _number(actual),
                ]
            )
    _format_columns(ws, BUDGET_COLUMNS, {"Prévisionnel": AMOUNT_FORMAT, "Réalisé": AMOUNT_FORMAT})

    ws = _sheet(wb, STEPS, STEP_COLUMNS)
    for a in actions:
        for name, due_date, done in related.steps.get(a.pk, []):
            ws.append([a.reference, name, due_date, YES if done else NO])
    _format_columns(ws, STEP_COLUMNS, {"Échéance": DATE_FORMAT})

    visible = {a.pk: a for a in actions}
    ws = _sheet(wb, INDICATORS, INDICATOR_COLUMNS)
    # The indicators (an app above the plan) are reached through the CTG's relation.
    indicators = convention.indicators.prefetch_related(
        Prefetch("actions", queryset=Action.objects.only("pk"))
    )
    for indicator in indicators.order_by("name", "pk"):
        linked = sorted(
            (visible[x.pk] for x in indicator.actions.all() if x.pk in visible),
            key=lambda x: (x.axis.number, x.number),
        )
        ws.append(
            [
                indicator.name,
                indicator.unit or None,
                _number(indicator.baseline_value),
                _number(indicator.target_value),
                _join(x.reference for x in linked),
            ]
        )

    ws = wb.create_sheet(README)
    ws.column_dimensions["A"].width = 120
    for line in README_LINES:
        ws.append([line or None])
    ws["A1"].font = Font(bold=True)

    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save() would stamp the current time as "modified".
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------


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
    """What an import did, or every reason it did nothing."""

    errors: list[RowError] = field(default_factory=list)
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

    def error(self, sheet: str, row: int | None, message: str) -> None:
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
    values: dict[str, Any]

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str) -> str:
        value = self.values.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()


def _normalize(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().casefold()


def _read_sheet(
    wb: Any, name: str, columns: list[tuple[str, int]], report: ImportReport
) -> tuple[list[_Row], set[str]] | None:
    """The sheet's non-empty rows keyed by column name, and the columns present."""
    if name not in wb.sheetnames:
        return None
    rows = wb[name].iter_rows(values_only=True)
    header = next(rows, None) or ()
    known = {_normalize(c): c for c, _ in columns}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = known.get(_normalize(cell))
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
    for number, raw in enumerate(rows, start=2):
        values = {c: (raw[i] if i < len(raw) else None) for c, i in positions.items()}
        values = {
            c: (None if isinstance(v, str) and not v.strip() else v) for c, v in values.items()
        }
        if any(v is not None for v in values.values()):
            result.append(_Row(number, values))
    return result, set(positions)


def _choice(choices: type[TextChoices], text: str) -> str | None:
    wanted = _normalize(text)
    for value, label in choices.choices:
        if wanted in (_normalize(label), _normalize(value)):
            return value
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def _split_names(text: str, known: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Names separated by commas; a known name may itself contain a comma."""
    parts = [p.strip() for p in text.split(",")]
    found, unknown, i = [], [], 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            candidate = _normalize(", ".join(parts[i:j]))
            if candidate in known:
                found.append(known[candidate])
                i = j
                break
        else:
            if parts[i]:
                unknown.append(parts[i])
            i += 1
    return found, unknown


def _yes_no(text: str) -> bool | None:
    value = _normalize(text)
    if value in {"oui", "o", "vrai", "true", "x", "1"}:
        return True
    if value in {"", "non", "n", "faux", "false", "0"}:
        return False
    return None


DATE_TEXT = [("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"), ("%Y-%m-%d", r"\d{4}-\d{1,2}-\d{1,2}")]


class _Invalid(Exception):
    pass


def _amount(value: Any, label: str, *, required: bool) -> Decimal | None:
    if value is None:
        if required:
            raise _Invalid(f"le montant « {label} » est obligatoire.")
        return None
    if isinstance(value, bool):
        raise _Invalid(f"le montant « {label} » n'est pas un nombre.")
    if isinstance(value, int | float):
        amount = Decimal(str(value))
    else:
        text = str(value).replace("€", "").replace("\u202f", "").replace("\xa0", "")
        text = text.replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise _Invalid(f"le montant « {label} » n'est pas un nombre : « {value} ».") from None
    if not amount.is_finite():
        raise _Invalid(f"le montant « {label} » n'est pas un nombre : « {value} ».")
    if amount < 0:
        raise _Invalid(f"le montant « {label} » est négatif ({value}).")
    amount = amount.quantize(Decimal("0.01"))
    if amount >= Decimal("1e10"):
        raise _Invalid(f"le montant « {label} » est trop grand ({value}).")
    return amount


class _Context:
    """Everything the validation looks names up in, loaded once."""

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
            _normalize(o.name): o
            for o in Organisation.objects.filter(caf_id=self.convention.caf_id)
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

    def date(self, value: Any, label: str) -> datetime.date | None:
        if value is None:
            return None
        day: datetime.date | None = None
        if isinstance(value, datetime.datetime):
            day = value.date()
        elif isinstance(value, datetime.date):
            day = value
        elif isinstance(value, str):
            for fmt, pattern in DATE_TEXT:
                if re.fullmatch(pattern, value.strip()):
                    try:
                        day = datetime.datetime.strptime(value.strip(), fmt).date()
                    except ValueError:
                        day = None
        if day is None:
            raise _Invalid(f"« {label} » n'est pas une date : « {value} ».")
        if not self.lowest <= day <= self.highest:
            raise _Invalid(
                f"la date « {label} » du {day:%d/%m/%Y} est à plus d'un an de la période de "
                f"la CTG ({self.convention.start_date:%d/%m/%Y} – "
                f"{self.convention.end_date:%d/%m/%Y})."
            )
        return day

    def member(self, email: str, label: str) -> Any:
        user = self.members.get(email.casefold())
        if user is None:
            raise _Invalid(f"{label} « {email} » n'est pas un membre actif de la CTG.")
        return user

    def pilot(self, email: str) -> tuple[Any, Any]:
        """The pilot an e-mail names: (member, None), or (None, directory contact)."""
        user = self.members.get(email.casefold())
        if user is not None:
            return user, None
        contact = self.contacts.get(email.casefold())
        if contact is not None:
            return None, contact
        raise _Invalid(
            f"le pilote « {email} » n'est ni un membre actif de la CTG ni un contact de son "
            "annuaire."
        )

    def organisation(self, name: str, label: str) -> Organisation:
        org = self.organisations.get(_normalize(name))
        if org is None:
            raise _Invalid(
                f"{label} « {name} » n'est pas une organisation connue de la "
                f"{self.convention.caf.name}."
            )
        return org


AXIS_REF = re.compile(r"A(\d+)", re.IGNORECASE)
OBJECTIVE_REF = re.compile(r"O(\d+)\.(\d+)", re.IGNORECASE)
ACTION_REF = re.compile(r"A(\d+)\.(\d+)", re.IGNORECASE)


@dataclass
class _AxisItem:
    row: int
    number: int
    title: str
    description: str
    has_description: bool


@dataclass
class _ObjectiveItem:
    row: int
    axis: int
    number: int
    title: str


@dataclass
class _FicheItem:
    row: int
    axis: int
    number: int | None
    fields: dict[str, Any]


@dataclass
class _Plan:
    axes: list[_AxisItem] = field(default_factory=list)
    objectives: list[_ObjectiveItem] = field(default_factory=list)
    fiches: list[_FicheItem] = field(default_factory=list)
    budget: dict[tuple[int, int], list[dict[str, Any]]] | None = None
    steps: dict[tuple[int, int], list[dict[str, Any]]] | None = None


def _title(row: _Row, report: ImportReport, sheet: str, column: str = "Intitulé") -> str | None:
    title = row.text(column)
    if not title:
        report.error(sheet, row.number, f"« {column} » est obligatoire.")
        return None
    if len(title) > MAX_TITLE:
        report.error(sheet, row.number, f"« {column} » dépasse {MAX_TITLE} caractères.")
        return None
    return title


def _validate_axes(rows: list[_Row], ctx: _Context, report: ImportReport, out: _Plan) -> None:
    seen: set[str] = set()
    for row in rows:
        ref = row.text("Référence").upper()
        kind = _normalize(row.text("Type"))
        title = _title(row, report, AXES)
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
                    _AxisItem(
                        row.number,
                        int(axis_match[1]),
                        title,
                        row.text("Description"),
                        "Description" in row.values,
                    )
                )
        elif kind == "objectif" and objective_match:
            if title:
                out.objectives.append(
                    _ObjectiveItem(
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
    rows: list[_Row], cols: set[str], ctx: _Context, report: ImportReport, out: _Plan
) -> None:
    axis_numbers = set(ctx.axes) | {a.number for a in out.axes}
    objective_refs = set(ctx.objectives) | {(o.axis, o.number) for o in out.objectives}
    seen: set[tuple[int, int]] = set()
    for row in rows:
        errors_before = len(report.errors)

        def fail(message: str, row: _Row = row) -> None:
            report.error(FICHES, row.number, message)

        title = _title(row, report, FICHES)
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
        if title:
            fields["title"] = title
        if "Description" in cols:
            fields["description"] = row.text("Description")
        single: list[tuple[str, str, type[TextChoices], str]] = [
            ("Statut", "status", ActionStatus, ActionStatus.A_VENIR),
            ("Priorité", "priority", Priority, Priority.MOYENNE),
            ("Participation citoyenne", "participation", Participation, Participation.AUCUNE),
        ]
        for column, target, choices, default in single:
            if column in cols:
                text = row.text(column)
                value = _choice(choices, text) if text else default
                if value is None:
                    allowed = ", ".join(str(label) for _, label in choices.choices)
                    fail(f"{column.lower()} « {text} » inconnu(e) ; valeurs possibles : {allowed}.")
                fields[target] = value
        if "Pilote" in cols:
            email = row.text("Pilote")
            try:
                pilot, contact = ctx.pilot(email) if email else (None, None)
                fields["pilot"], fields["pilot_contact"] = pilot, contact
            except _Invalid as exc:
                fail(str(exc))
        if "Élu référent" in cols:
            email = row.text("Élu référent")
            try:
                fields["elu_referent"] = ctx.member(email, "élu référent") if email else None
            except _Invalid as exc:
                fail(str(exc))
        if "Copilotes" in cols:
            copilots = []
            for email in _split(row.text("Copilotes")):
                try:
                    copilots.append(ctx.member(email, "le copilote"))
                except _Invalid as exc:
                    fail(str(exc))
            fields["copilots"] = copilots
        if "Structure pilote" in cols:
            name = row.text("Structure pilote")
            try:
                fields["pilot_organisation"] = (
                    ctx.organisation(name, "la structure pilote") if name else None
                )
            except _Invalid as exc:
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
                for label in _split(row.text(column)):
                    value = _choice(choices, label)
                    if value is None:
                        fail(f"{column.lower()} « {label} » inconnu(e).")
                    else:
                        values.append(value)
                fields[target] = sorted(set(values))
        if "Objectifs" in cols:
            objectives = []
            for text in _split(row.text("Objectifs")):
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
                except _Invalid as exc:
                    fail(str(exc))
        start, end = fields.get("start_date"), fields.get("end_date")
        if start and end and end < start:
            fail(f"la fin prévue ({end:%d/%m/%Y}) précède le début ({start:%d/%m/%Y}).")
        if "Avancement saisi (%)" in cols:
            value = row.get("Avancement saisi (%)")
            text = row.text("Avancement saisi (%)").rstrip("%").strip()
            if value is None:
                fields["progress_manual"] = None
            elif text.isdigit() and 0 <= int(text) <= 100:
                fields["progress_manual"] = int(text)
            else:
                fail(f"l'avancement « {value} » doit être un nombre entier de 0 à 100.")
        if "Confidentielle" in cols:
            flag = _yes_no(row.text("Confidentielle"))
            if flag is None:
                shown = row.text("Confidentielle")
                fail(f"« Confidentielle » vaut « oui » ou « non », pas « {shown} ».")
            fields["confidential"] = bool(flag)
        if len(report.errors) == errors_before and axis_number is not None:
            out.fiches.append(_FicheItem(row.number, axis_number, number, fields))


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
    rows: list[_Row], ctx: _Context, report: ImportReport, known: set[tuple[int, int]]
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
                raise _Invalid(f"l'année « {shown} » doit être comprise entre 2000 et 2100.")
            line["year"] = int(text)
            nature = _choice(BudgetNature, row.text("Nature"))
            if nature is None:
                raise _Invalid(
                    f"nature « {row.text('Nature')} » inconnue : Fonctionnement ou Investissement."
                )
            line["nature"] = nature
            label = row.text("Poste")
            if len(label) > 200:
                raise _Invalid("« Poste » dépasse 200 caractères.")
            line["label"] = label
            name = row.text("Financeur")
            line["financeur"] = ctx.organisation(name, "le financeur") if name else None
            line["forecast"] = _amount(row.get("Prévisionnel"), "Prévisionnel", required=True)
            line["actual"] = _amount(row.get("Réalisé"), "Réalisé", required=False)
        except _Invalid as exc:
            report.error(BUDGET, row.number, str(exc))
            continue
        if key is not None:
            result[key].append(line)
    return result


def _validate_steps(
    rows: list[_Row], ctx: _Context, report: ImportReport, known: set[tuple[int, int]]
) -> Lines:
    result: dict[tuple[int, int], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        key = _fiche_key(row, STEPS, report, known)
        name = _title(row, report, STEPS, "Étape")
        try:
            due = ctx.date(row.get("Échéance"), "Échéance")
            done = _yes_no(row.text("Faite"))
            if done is None:
                raise _Invalid(f"« Faite » vaut « oui » ou « non », pas « {row.text('Faite')} ».")
        except _Invalid as exc:
            report.error(STEPS, row.number, str(exc))
            continue
        if key is not None and name:
            result[key].append({"name": name, "due_date": due, "done": done})
    return result


def _open(file: Any, report: ImportReport) -> Any:
    name = getattr(file, "name", None)
    if isinstance(name, str) and name and not name.lower().endswith(".xlsx"):
        report.error("", None, "le fichier doit être un classeur Excel au format .xlsx.")
        return None
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        source: IO[bytes] | Any = io.BytesIO(file) if isinstance(file, bytes) else file
        return load_workbook(source, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        report.error(
            "",
            None,
            "le fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format "
            "« Classeur Excel (.xlsx) » et réessayez.",
        )
        return None


def _validate(wb: Any, ctx: _Context, report: ImportReport) -> _Plan | None:
    out = _Plan()
    if FICHES not in wb.sheetnames:
        report.error(FICHES, None, f"la feuille « {FICHES} » est absente du classeur.")
        return None
    axes = _read_sheet(wb, AXES, AXIS_COLUMNS, report)
    fiches = _read_sheet(wb, FICHES, FICHE_COLUMNS, report)
    budget = _read_sheet(wb, BUDGET, BUDGET_COLUMNS, report)
    steps = _read_sheet(wb, STEPS, STEP_COLUMNS, report)
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


def _renumber(obj: Any, number: int, by: User) -> None:
    """Give an item created by a service the number its reference asks for."""
    if obj.number != number:
        obj.number = number
        obj._history_user = by
        obj.save(update_fields=["number"])


def _state(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "status": action.status,
        "priority": action.priority,
        "participation": action.participation,
        "pilot": action.pilot_id,
        "pilot_contact": action.pilot_contact_id,
        "elu_referent": action.elu_referent_id,
        "pilot_organisation": action.pilot_organisation_id,
        "start_date": action.start_date,
        "end_date": action.end_date,
        "progress_manual": action.progress_manual,
        "confidential": action.confidential,
        "copilots": {u.pk for u in action.copilots.all()},
        "partners": {o.pk for o in action.partners.all()},
        "objectives": {o.pk for o in action.objectives.all()},
        "themes": {t.theme for t in action.themes.all()},
        "publics": {p.public for p in action.publics.all()},
    }


def _comparable(fields: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in fields.items():
        if key in {"copilots", "partners", "objectives"}:
            result[key] = {v.pk for v in value}
        elif key in {"themes", "publics"}:
            result[key] = set(value)
        elif key in {"pilot", "pilot_contact", "elu_referent", "pilot_organisation"}:
            result[key] = value.pk if value is not None else None
        else:
            result[key] = value
    return result


MANY = {"objectives", "copilots", "partners", "themes", "publics"}


def _write(data: _Plan, ctx: _Context, by: User, report: ImportReport) -> Iterator[Progress]:
    """Write the validated plan; yields after each fiche so a page can show the progress."""
    plan = ctx.plan
    for item in sorted(data.axes, key=lambda a: a.number):
        axis = ctx.axes.get(item.number)
        if axis is None:
            axis = services.axis_create(
                plan=plan, by=by, title=item.title, description=item.description
            )
            _renumber(axis, item.number, by)
            ctx.axes[item.number] = axis
            report.axes_created += 1
        else:
            description = item.description if item.has_description else axis.description
            if (axis.title, axis.description) != (item.title, description):
                services.axis_update(axis=axis, by=by, title=item.title, description=description)
                report.axes_updated += 1
    for objective_item in sorted(data.objectives, key=lambda o: (o.axis, o.number)):
        objective = ctx.objectives.get((objective_item.axis, objective_item.number))
        if objective is None:
            objective = services.objective_create(
                axis=ctx.axes[objective_item.axis], by=by, title=objective_item.title
            )
            _renumber(objective, objective_item.number, by)
            ctx.objectives[(objective_item.axis, objective_item.number)] = objective
            report.objectives_created += 1
        elif objective.title != objective_item.title:
            services.objective_update(objective=objective, by=by, title=objective_item.title)
            report.objectives_updated += 1

    # Fiches with a reference first, in order, so that they get the number they ask for.
    fiches = sorted(data.fiches, key=lambda f: (f.number is None, f.axis, f.number or 0, f.row))
    for done, fiche in enumerate(fiches, start=1):
        fields = dict(fiche.fields)
        if "objectives" in fields:
            fields["objectives"] = [ctx.objectives[key] for key in fields["objectives"]]
        action = ctx.actions.get((fiche.axis, fiche.number)) if fiche.number else None
        if action is None:
            title = fields.pop("title")
            # An empty relation costs queries and history rows for nothing on a new fiche.
            fields = {k: v for k, v in fields.items() if v != [] or k not in MANY}
            action = services.action_create(
                plan=plan, by=by, axis=ctx.axes[fiche.axis], title=title, **fields
            )
            if fiche.number is not None:
                _renumber(action, fiche.number, by)
            report.actions_created += 1
            existing_steps: list[Step] = []
            existing_lines: list[BudgetLine] = []
        else:
            current = _state(action)
            changed = {k: v for k, v in fields.items() if current[k] != _comparable({k: v})[k]}
            if changed:
                if "start_date" in changed or "end_date" in changed:
                    changed.setdefault("start_date", action.start_date)
                    changed.setdefault("end_date", action.end_date)
                services.action_update(action=action, by=by, **changed)
                report.actions_updated += 1
            else:
                report.actions_unchanged += 1
            existing_steps = list(action.steps.all())
            existing_lines = list(action.budget_lines.all())
        key = (fiche.axis, fiche.number) if fiche.number else None
        if data.steps is not None and key is not None:
            _replace_steps(action, existing_steps, data.steps.get(key, []), by, report)
        if data.budget is not None and key is not None:
            _replace_budget(action, existing_lines, data.budget.get(key, []), by, report)
        yield Progress(done, len(fiches))


def _replace_steps(
    action: Action,
    existing: list[Step],
    wanted: list[dict[str, Any]],
    by: User,
    report: ImportReport,
) -> None:
    current = [{"name": s.name, "due_date": s.due_date, "done": s.done} for s in existing]
    if current == wanted:
        return
    for step in existing:
        step._history_user = by  # type: ignore[attr-defined]
        step.delete()
    for values in wanted:
        step = services.step_add(
            action=action, by=by, name=values["name"], due_date=values["due_date"]
        )
        if values["done"]:
            services.step_toggle(step=step, by=by)
        report.steps += 1


def _replace_budget(
    action: Action,
    existing: list[BudgetLine],
    wanted: list[dict[str, Any]],
    by: User,
    report: ImportReport,
) -> None:
    current = [
        {
            "year": line.year,
            "nature": line.nature,
            "label": line.label,
            "financeur": line.financeur_id,
            "forecast": line.forecast,
            "actual": line.actual,
        }
        for line in existing
    ]
    comparable = [
        {**values, "financeur": values["financeur"].pk if values["financeur"] else None}
        for values in wanted
    ]
    if current == comparable:
        return
    for line in existing:
        services.budget_line_delete(line=line, by=by)
    for values in wanted:
        services.budget_line_add(action=action, by=by, **values)
        report.budget_lines += 1


def iter_import(
    plan: ActionPlan, by: User, file: Any
) -> Generator[Progress | ImportReport, None, None]:
    """Import a workbook in the export's template into the plan: all rows, or nothing.

    Checks the whole workbook first, then writes it in one transaction. Once the workbook
    is accepted, yields a :class:`Progress` before the transaction and after each fiche,
    and always ends with the :class:`ImportReport`. Stopping the iteration early rolls
    everything back. ``file`` is an uploaded file, a binary file object or bytes.
    """
    started = time.perf_counter()
    report = ImportReport()
    wb = _open(file, report)
    if wb is None:
        yield report
        return
    try:
        ctx = _Context(plan)
        data = _validate(wb, ctx, report)
    finally:
        wb.close()
    if data is None:
        yield report
        return
    # Before the transaction opens: a caller may stop here, or go on elsewhere (streaming).
    yield Progress(0, len(data.fiches))
    try:
        with transaction.atomic():
            yield from _write(data, ctx, by, report)
    except ValidationError as exc:
        # Validation above mirrors the services' rules; this is a last safety net.
        counts = ImportReport(errors=report.errors)
        counts.error("", None, "import refusé : " + " ".join(exc.messages))
        counts.duration = time.perf_counter() - started
        yield counts
        return
    report.duration = time.perf_counter() - started
    yield report


def import_plan(plan: ActionPlan, by: User, file: Any) -> ImportReport:
    """Import a workbook into the plan in one go (see :func:`iter_import`)."""
    for step in iter_import(plan, by, file):
        if isinstance(step, ImportReport):
            return step
    raise AssertionError("iter_import always ends with its report")  # pragma: no cover


def iter_errors(report: ImportReport) -> Iterator[RowError]:
    """The report's errors in workbook order (sheet, then row)."""
    order = {name: i for i, name in enumerate([AXES, FICHES, BUDGET, STEPS])}
    yield from sorted(report.errors, key=lambda e: (order.get(e.sheet, -1), e.row or 0))
