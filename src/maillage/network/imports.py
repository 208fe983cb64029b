"""Import of contacts from a CSV file or an Excel workbook, in three steps.

1. :func:`read_table` reads the uploaded file into a :class:`Table` (header + rows of text):
   CSV in UTF-8 (with or without BOM), UTF-16 (« texte Unicode » of Excel) or Windows-1252
   (Excel's « CSV (séparateur : point-virgule) »), with ``;``, ``,`` or tab separators
   (detected); or the first sheet of an .xlsx workbook. The table travels between the steps
   in the user's session, compressed and bounded (:data:`MAX_BYTES`, :data:`MAX_ROWS`).
2. The user maps the file's columns to the contact's fields (:func:`guess_mapping` proposes
   one from the headers); :func:`check` validates every row and lists the duplicates by
   e-mail, within the file and against the directory.
3. :func:`apply` writes everything in one transaction, or nothing: the user chose, for each
   duplicate, to update the contact already known or to skip the row.
"""

from __future__ import annotations

import base64
import csv
import datetime
import io
import json
import time
import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from maillage.core.enums import Theme
from maillage.organisations.enums import DEFAULT_CATEGORY, OrganisationKind, PartnerCategory
from maillage.organisations.models import Organisation

from . import services
from .models import Contact, ContactTheme

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
UPDATE, SKIP = "maj", "ignorer"


class FileRefused(ValueError):
    """The file cannot be read; the message says why, in French."""


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]
    max_length: int | None = None


FIELDS = [
    Field("last_name", "Nom", ("nom", "nom de famille", "last name", "surname"), 100),
    Field("first_name", "Prénom", ("prenom", "first name", "given name"), 100),
    Field("function", "Fonction", ("fonction", "poste", "titre", "job title"), 200),
    Field(
        "organisation",
        "Organisation",
        ("organisation", "organisme", "structure", "societe", "company", "organization"),
        200,
    ),
    Field("category", "Catégorie", ("categorie", "category", "categorie de partenaire")),
    Field("themes", "Thématiques", ("thematiques", "thematique", "themes")),
    Field(
        "email",
        "Adresse électronique",
        ("adresse electronique", "e-mail", "email", "courriel", "mail", "adresse e-mail"),
        254,
    ),
    Field("phone", "Téléphone", ("telephone", "tel", "tel.", "phone", "mobile", "portable"), 30),
    Field("notes", "Notes privées", ("notes", "notes privees", "remarques", "commentaire")),
]
FIELD_LABELS = {f.key: f.label for f in FIELDS}


def _plain(text: Any) -> str:
    """Lower case, no accents, single spaces: how headers and labels are compared."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split()).casefold()


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


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise FileRefused("le fichier n'est pas un texte UTF-16 valide.") from exc
    if b"\x00" in data[:4096]:
        raise FileRefused(
            "le fichier n'est pas un fichier texte CSV : enregistrez-le au format « CSV » "
            "ou « Classeur Excel (.xlsx) »."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise FileRefused(
            "l'encodage du fichier n'est pas reconnu : enregistrez-le en « CSV UTF-8 »."
        ) from exc


def _delimiter(text: str) -> str:
    """The separator of the header line: the most frequent of ; , and tab outside quotes."""
    line = next((x for x in text.splitlines() if x.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda c: counts[c])
    return best if counts[best] else ";"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _table(name: str, raw_rows: Any) -> Table:
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_cell(v) for v in raw][:MAX_COLUMNS]
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise FileRefused(f"le fichier dépasse {MAX_ROWS} lignes : découpez-le.")
    if header is None:
        raise FileRefused("le fichier est vide.")
    if not rows:
        raise FileRefused("le fichier ne contient aucune ligne de contact sous l'en-tête.")
    # Unique, non-empty column names, so that each can be chosen in the mapping.
    seen: dict[str, int] = {}
    names = []
    for index, cell in enumerate(header, start=1):
        label = cell or f"Colonne {index}"
        seen[label] = seen.get(label, 0) + 1
        names.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return Table(name, names, rows)


def _read_csv(name: str, data: bytes) -> Table:
    text = _decode(data)
    try:
        return _table(name, csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise FileRefused(f"le fichier CSV est mal formé ({exc}).") from exc


def _read_xlsx(name: str, data: bytes) -> Table:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise FileRefused(
            "le fichier n'est pas un classeur Excel (.xlsx) lisible : enregistrez-le au format "
            "« Classeur Excel (.xlsx) » ou « CSV » et réessayez."
        ) from exc
    try:
        return _table(name, wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()


def read_table(upload: Any) -> Table:
    """Read an uploaded .csv or .xlsx file; :class:`FileRefused` says why it cannot be."""
    name = str(getattr(upload, "name", "") or "fichier")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise FileRefused("le fichier dépasse 2 Mo.")
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise FileRefused("le fichier dépasse 2 Mo.")
    lowered = name.lower()
    if lowered.endswith(".xlsx"):
        return _read_xlsx(name, data)
    if lowered.endswith((".csv", ".txt")):
        return _read_csv(name, data)
    raise FileRefused("choisissez un fichier .csv ou un classeur Excel .xlsx.")


# --------------------------------------------------------------------------- mapping


def guess_mapping(header: list[str]) -> dict[str, int | None]:
    """For each field, the first column whose header names it (None when none does)."""
    plain = [_plain(h) for h in header]
    mapping: dict[str, int | None] = {}
    used: set[int] = set()
    for f in FIELDS:
        names = {_plain(f.label), *f.aliases}
        mapping[f.key] = next(
            (i for i, h in enumerate(plain) if h in names and i not in used), None
        )
        if mapping[f.key] is not None:
            used.add(mapping[f.key])  # type: ignore[arg-type]
    return mapping


def mapping_from(data: Mapping[str, str], header: list[str]) -> dict[str, int | None]:
    """The mapping a submitted form chose (``col-<field>`` = column index or empty)."""
    mapping: dict[str, int | None] = {}
    for f in FIELDS:
        value = data.get(f"col-{f.key}", "")
        mapping[f.key] = int(value) if value.isdigit() and int(value) < len(header) else None
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
    """The result of checking a mapped table: rows ready to write, or every error."""

    errors: list[RowError] = field(default_factory=list)
    rows: list[ContactRow] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _choice(choices: Any, text: str) -> str | None:
    wanted = _plain(text)
    for value, label in choices.choices:
        if wanted in (_plain(label), _plain(value)):
            return str(value)
    return None


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _check_row(line: int, cells: dict[str, str], out: Check) -> ContactRow | None:
    values: dict[str, Any] = {}
    errors: list[str] = []
    for f in FIELDS:
        text = cells.get(f.key, "")
        if f.max_length and len(text) > f.max_length:
            errors.append(f"« {f.label} » dépasse {f.max_length} caractères.")
            continue
        values[f.key] = text
    if not cells.get("last_name"):
        errors.append("le nom est manquant.")
    email = values.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(f"l'adresse électronique « {values['email']} » n'est pas valide.")
        values["email"] = email
    category = values.get("category", "")
    if category:
        values["category"] = _choice(PartnerCategory, category)
        if values["category"] is None:
            errors.append(
                f"la catégorie « {category} » est inconnue (attendu : "
                + ", ".join(str(label) for label in PartnerCategory.labels)
                + ")."
            )
    themes = []
    for text in _split(values.get("themes", "")):
        theme = _choice(Theme, text)
        if theme is None:
            errors.append(f"la thématique « {text} » est inconnue.")
        else:
            themes.append(theme)
    values["themes"] = themes
    for message in errors:
        out.errors.append(RowError(line, message))
    return None if errors else ContactRow(line, values)


def check(table: Table, mapping: dict[str, int | None], convention: Convention) -> Check:
    """Validate every row of the table under the mapping; list the duplicates by e-mail."""
    out = Check()
    if len(table.header) == 1 and mapping.get("last_name") is None:
        out.errors.append(
            RowError(
                None,
                "le fichier n'a qu'une colonne : ses colonnes doivent être séparées par des "
                "points-virgules, des virgules ou des tabulations.",
            )
        )
    if mapping.get("last_name") is None:
        out.errors.append(RowError(None, "choisissez la colonne qui contient le nom."))
    chosen = [i for i in mapping.values() if i is not None]
    for index in sorted({i for i in chosen if chosen.count(i) > 1}):
        out.errors.append(
            RowError(None, f"la colonne « {table.header[index]} » est choisie pour deux champs.")
        )
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
    wanted = {_plain(r.values["organisation"]): r for r in rows if r.values.get("organisation")}
    found = {
        _plain(o.name): o
        for o in Organisation.objects.filter(caf_id=convention.caf_id)
        if _plain(o.name) in wanted
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
        values["organisation"] = organisations.get(_plain(org_name)) if org_name else None
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
