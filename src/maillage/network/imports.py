"""Import of contacts from a CSV file or an Excel workbook, in three steps.

1. :func:`read_table` reads the uploaded file into a :class:`Table` (header + rows of text)
   through :mod:`maillage.core.tabular`: CSV in UTF-8 (with or without BOM), UTF-16
   (« texte Unicode » of Excel) or Windows-1252 (Excel's « CSV (séparateur : point-virgule) »),
   with ``;``, ``,`` or tab separators (detected); or the first sheet of an .xlsx workbook.
   The table travels between the steps in the user's session, compressed and bounded
   (:data:`LIMITS`).
2. The user maps the file's columns to the contact's fields (:func:`guess_mapping` proposes
   one from the headers); :func:`check` validates every row with the contact's own form
   fields (their limits come from the model) and lists the duplicates by e-mail, within
   the file and against the directory.
3. :func:`apply` writes everything in one transaction, or nothing: the user chose, for each
   duplicate, to update the contact already known or to skip the row.
"""

from __future__ import annotations

import base64
import json
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from maillage.core import tabular
from maillage.core.enums import Theme
from maillage.core.params import parse_int
from maillage.core.tabular import FileRefused, Limits, choice, plain, split
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind, PartnerCategory
from maillage.organisations.models import Organisation

from . import services
from .models import Contact, ContactTheme

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

LIMITS = Limits(max_bytes=2 * 1024 * 1024, max_rows=5000, max_columns=50)
UPDATE, SKIP = "maj", "ignorer"

__all__ = ["FileRefused"]  # the views catch it from here


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]


FIELDS = [
    Field("last_name", "Nom", ("nom", "nom de famille", "last name", "surname")),
    Field("first_name", "Prénom", ("prenom", "first name", "given name")),
    Field("function", "Fonction", ("fonction", "poste", "titre", "job title")),
    Field(
        "organisation",
        "Organisation",
        ("organisation", "organisme", "structure", "societe", "company", "organization"),
    ),
    Field("category", "Catégorie", ("categorie", "category", "categorie de partenaire")),
    Field("themes", "Thématiques", ("thematiques", "thematique", "themes")),
    Field(
        "email",
        "Adresse électronique",
        ("adresse electronique", "e-mail", "email", "courriel", "mail", "adresse e-mail"),
    ),
    Field("phone", "Téléphone", ("telephone", "tel", "tel.", "phone", "mobile", "portable")),
    Field("notes", "Notes privées", ("notes", "notes privees", "remarques", "commentaire")),
]
FIELD_LABELS = {f.key: f.label for f in FIELDS}


# --------------------------------------------------------------------------- reading


@dataclass
class Table:
    """A file's header and its non-empty rows, each with its line number in the file."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def dump(self) -> str:
        """The table as compact text for the session (zlib + base64 of JSON)."""
        raw = json.dumps([self.name, self.header, self.rows], ensure_ascii=False)
        return base64.b64encode(zlib.compress(raw.encode(), 6)).decode("ascii")

    @classmethod
    def load(cls, text: str) -> Table:
        name, header, rows = json.loads(zlib.decompress(base64.b64decode(text)))
        return cls(name, header, [(int(n), list(cells)) for n, cells in rows])


def _table(sheet: tabular.Sheet) -> Table:
    """The sheet as text, with unique, non-empty column names (each can be chosen)."""
    if not sheet.header:
        raise FileRefused("le fichier est vide.")
    if not sheet.rows:
        raise FileRefused("le fichier ne contient aucune ligne de contact sous l'en-tête.")
    seen: dict[str, int] = {}
    names = []
    for index, cell in enumerate(sheet.header, start=1):
        label = cell or f"Colonne {index}"
        seen[label] = seen.get(label, 0) + 1
        names.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    rows = [(row.line, [tabular.text(c) for c in row.cells]) for row in sheet.rows]
    return Table(sheet.name, names, rows)


def read_table(upload: Any) -> Table:
    """Read an uploaded .csv or .xlsx file; :class:`FileRefused` says why it cannot be."""
    return _table(tabular.read_table(upload, limits=LIMITS))


# --------------------------------------------------------------------------- mapping


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """For each field, the first column whose header names it (None when none does)."""
    headers = [plain(h) for h in header]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for f in FIELDS:
        names = {plain(f.label), *f.aliases}
        mapping[f.key] = next(
            (i for i, h in enumerate(headers) if h in names and i not in used), None
        )
        if mapping[f.key] is not None:
            used.add(mapping[f.key])  # type: ignore[arg-type]
    return mapping


def mapping_from(data: Mapping[str, str], header: list[str]) -> dict[str, int | None]:
    """The mapping a submitted form chose (``col-<field>`` = column index or empty)."""
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        value = data.get(f"col-{f.key}", "")
        mapping[f.key] = parse_int(value, maximum=len(header) - 1)
    return mapping


# --------------------------------------------------------------------------- checking


@dataclass(frozen=True)
class RowError:
    """One reason a line was refused."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"ligne {self.row} : {self.message}" if self.row else self.message


@dataclass
class ContactRow:
    line: int
    values: dict[str, Any]  # field → cleaned value (themes: list of codes)

    @property
    def email(self) -> str:
        return self.values.get("email", "")

    @property
    def name(self) -> str:
        return f"{self.values.get('first_name', '')} {self.values['last_name']}".strip()


@dataclass(frozen=True)
class Duplicate:
    """A row whose e-mail is already in the directory or on an earlier row of the file."""

    line: int
    email: str
    name: str
    known_as: str  # the contact already in the directory, or « ligne N du fichier »


@dataclass
class Check:
    """The result of checking a mapped table: rows ready to write, or the errors (the
    first :data:`~maillage.core.tabular.MAX_ERRORS`, and how many more)."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[ContactRow] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    hidden_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        """Every error, listed or not."""
        return len(self.errors) + self.hidden_errors

    @property
    def more_errors(self) -> str:
        """The line standing for the errors not listed (empty when all are)."""
        return tabular.more_errors(self.hidden_errors) if self.hidden_errors else ""

    def error(self, row: int | None, message: str) -> None:
        """Record a reason to refuse the file."""
        if len(self.errors) < tabular.MAX_ERRORS:
            self.errors.append(RowError(row, message))
        else:
            self.hidden_errors += 1


# A row's text fields, with the limits of the contact and of the organisation's name.
ROW_FORM = tabular.form_for(
    Contact,
    ["last_name", "first_name", "function", "email", "phone", "notes"],
    extra={"organisation": tabular.model_formfield(Organisation, "name", required=False)},
)
ROW_MESSAGES = {
    ("last_name", "required"): "le nom est manquant.",
    ("email", "invalid"): "l'adresse électronique « {value} » n'est pas valide.",
}


def _check_row(line: int, cells: dict[str, str], out: Check) -> ContactRow | None:
    texts = {k: cells.get(k, "") for k in ROW_FORM.base_fields}
    cleaned, errors = tabular.check_row(ROW_FORM, texts, labels=FIELD_LABELS, messages=ROW_MESSAGES)
    values: dict[str, Any] = dict(cleaned or {})
    if values.get("email"):
        values["email"] = values["email"].lower()
    category = cells.get("category", "")
    if category:
        values["category"] = choice(PartnerCategory, category)
        if values["category"] is None:
            errors.append(
                f"la catégorie « {category} » est inconnue (attendu : "
                + ", ".join(str(label) for label in PartnerCategory.labels)
                + ")."
            )
    themes = []
    for text in split(cells.get("themes", "")):
        theme = choice(Theme, text)
        if theme is None:
            errors.append(f"la thématique « {text} » est inconnue.")
        else:
            themes.append(theme)
    values["themes"] = themes
    for message in errors:
        out.error(line, message)
    return None if errors else ContactRow(line, values)


def check(table: Table, mapping: dict[str, int | None], convention: Convention) -> Check:
    """Validate every row of the table under the mapping; list the duplicates by e-mail."""
    out = Check()
    if len(table.header) == 1 and mapping.get("last_name") is None:
        out.error(
            None,
            "le fichier n'a qu'une colonne : ses colonnes doivent être séparées par des "
            "points-virgules, des virgules ou des tabulations.",
        )
    if mapping.get("last_name") is None:
        out.error(None, "choisissez la colonne qui contient le nom.")
    chosen = [i for i in mapping.values() if i is not None]
    for index in sorted({i for i in chosen if chosen.count(i) > 1}):
        out.error(None, f"la colonne « {table.header[index]} » est choisie pour deux champs.")
    if out.errors:
        return out
    known = dict(
        Contact.objects.filter(convention=convention)
        .exclude(email="")
        .values_list("email", "last_name")
    )
    first_line: dict[str, int] = {}
    for line, cells in table.rows:
        row_cells = {
            key: (cells[index] if index < len(cells) else "")
            for key, index in mapping.items()
            if index is not None
        }
        row = _check_row(line, row_cells, out)
        if row is None:
            continue
        out.rows.append(row)
        if not row.email:
            continue
        if row.email in first_line:
            known_as = f"ligne {first_line[row.email]} du fichier"
            out.duplicates.append(Duplicate(line, row.email, row.name, known_as))
        elif row.email in known:
            known_as = f"{known[row.email]} (déjà dans l'annuaire)"
            out.duplicates.append(Duplicate(line, row.email, row.name, known_as))
        first_line.setdefault(row.email, line)
    return out


# --------------------------------------------------------------------------- writing


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    organisations_created: int = 0
    duration: float = 0.0

    def summary(self) -> str:
        """The counts, as a French sentence."""
        text = (
            f"{self.created} contact(s) créé(s), {self.updated} mis à jour, "
            f"{self.skipped} doublon(s) ignoré(s), "
            f"{self.organisations_created} organisation(s) créée(s)"
        )
        return text + f" ; import réalisé en {self.duration:.1f} s".replace(".", ",")


def _organisations(
    convention: Convention, by: User, rows: list[ContactRow], result: Result
) -> dict[str, Organisation]:
    """The organisations the rows name, by plain name; unknown ones are created."""
    wanted = {plain(r.values["organisation"]): r for r in rows if r.values.get("organisation")}
    found = {
        plain(o.name): o
        for o in Organisation.objects.filter(caf_id=convention.caf_id)
        if plain(o.name) in wanted
    }
    for key, row in wanted.items():
        if key not in found:
            kind = OrganisationKind.AUTRE
            found[key] = services.organisation_create(
                convention=convention,
                by=by,
                name=row.values["organisation"],
                kind=kind,
                category=row.values.get("category") or DEFAULT_CATEGORY[kind],
            )
            result.organisations_created += 1
        services.ensure_partner(convention=convention, by=by, organisation=found[key])
    return found


@transaction.atomic
def apply(checked: Check, decisions: Mapping[int, str], convention: Convention, by: User) -> Result:
    """Write the checked rows: all or nothing.

    A row whose e-mail is already known (in the directory, or on an earlier row) updates
    that contact when ``decisions[line]`` is :data:`UPDATE` (non-empty cells replace the
    contact's values, thématiques are added), and is skipped otherwise.
    """
    if not checked.ok:
        raise ValueError("only a checked table without errors can be imported")
    started = time.perf_counter()
    result = Result()
    organisations = _organisations(convention, by, checked.rows, result)
    by_email: dict[str, Contact] = {
        c.email: c for c in Contact.objects.filter(convention=convention).exclude(email="")
    }
    # New contacts are validated one by one, then written in bulk with their history.
    created: list[Contact] = []
    themes_of: dict[int, set[str]] = {}
    for row in checked.rows:
        values = dict(row.values)
        themes = set(values.pop("themes"))
        org_name = values.pop("organisation", "")
        values["organisation"] = organisations.get(plain(org_name)) if org_name else None
        values = {k: v for k, v in values.items() if v not in ("", None)}
        existing = by_email.get(row.email) if row.email else None
        if existing is None:
            contact = Contact(convention=convention, **values)
            # Uniqueness was checked above (e-mails against the directory and the file);
            # the convention and organisations are known to be this CTG's and its Caf's.
            contact.full_clean(
                exclude=["convention", "organisation"],
                validate_unique=False,
                validate_constraints=False,
            )
            created.append(contact)
            themes_of[id(contact)] = themes
            if contact.email:
                by_email[contact.email] = contact
            result.created += 1
        elif decisions.get(row.line) != UPDATE:
            result.skipped += 1
        elif existing.pk is None:  # a contact created from an earlier row of the file
            for name, value in values.items():
                setattr(existing, name, value)
            themes_of[id(existing)] |= themes
            result.updated += 1
        else:
            current = set(existing.themes.values_list("theme", flat=True))
            services.contact_update(contact=existing, by=by, themes=current | themes, **values)
            result.updated += 1
    bulk_create_with_history(
        created, Contact, default_user=by, default_change_reason="Import de contacts"
    )
    ContactTheme.objects.bulk_create(
        ContactTheme(contact=contact, theme=theme)
        for contact in created
        for theme in sorted(themes_of[id(contact)])
    )
    result.duration = time.perf_counter() - started
    return result
