"""Writes on territories: the import of the Code officiel géographique."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import transaction

from .enums import EpciKind, FormerCommuneKind
from .models import Commune, Departement, Epci, FormerCommune

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int], Iterator[T]]


class CogImportError(Exception):
    """A COG file is missing, unreadable or malformed. Nothing was written."""


@dataclass
class ImportReport:
    """Counts of rows created and updated per kind."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        parts = []
        for kind, feminine in (
            ("départements", False),
            ("EPCI", False),
            ("communes", True),
            ("communes déléguées", True),
        ):
            created, updated = self.created.get(kind, 0), self.updated.get(kind, 0)
            made, changed = ("créées", "mises") if feminine else ("créés", "mis")
            parts.append(f"{kind} : {created} {made}, {updated} {changed} à jour")
        return " ; ".join(parts)


def _no_progress(items: Iterable[T], label: str, total: int) -> Iterator[T]:
    yield from items


def _load(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise CogImportError(f"Fichier introuvable : {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CogImportError(f"{path.name} n'est pas un fichier JSON valide : {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise CogImportError(f"{path.name} doit contenir une liste d'objets JSON.")
    return data


def _text(row: dict[str, Any], key: str, file: str, index: int, max_length: int) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise CogImportError(
            f"{file}, ligne {index + 1} : le champ « {key} » est absent ou invalide ({value!r})."
        )
    return value.strip()


def _population(row: dict[str, Any], key: str, file: str, index: int) -> int:
    value = row.get(key, 0)
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CogImportError(
            f"{file}, ligne {index + 1} : la population « {key} » est invalide ({value!r})."
        )
    return value


@dataclass
class _Parsed:
    departements: dict[str, dict[str, str]]
    epcis: dict[str, dict[str, Any]]
    communes: dict[str, dict[str, Any]]
    former: dict[tuple[str, str], dict[str, str]]


def _parse(source: Path, departement: str | None) -> _Parsed:
    dep_rows = _load(source / "departements.json")
    commune_rows = _load(source / "communes.json")
    epci_rows = _load(source / "epci.json")

    departements: dict[str, dict[str, str]] = {}
    for i, row in enumerate(dep_rows):
        code = _text(row, "code", "departements.json", i, 3)
        if departement and code != departement:
            continue
        departements[code] = {
            "name": _text(row, "nom", "departements.json", i, 100),
            "region_code": str(row.get("region") or "")[:3],
        }
    if departement and departement not in departements:
        raise CogImportError(f"Le département « {departement} » est absent de departements.json.")

    communes: dict[str, dict[str, Any]] = {}
    former: dict[tuple[str, str], dict[str, str]] = {}
    former_kinds = set(FormerCommuneKind.values)
    for i, row in enumerate(commune_rows):
        kind = _text(row, "type", "communes.json", i, 30)
        dep = _text(row, "departement", "communes.json", i, 3) if "departement" in row else ""
        if departement and dep != departement:
            continue
        code = _text(row, "code", "communes.json", i, 5)
        if len(code) != 5:
            raise CogImportError(f"communes.json, ligne {i + 1} : code INSEE invalide ({code!r}).")
        name = _text(row, "nom", "communes.json", i, 200)
        if kind == "commune-actuelle":
            if dep not in departements:
                raise CogImportError(
                    f"communes.json, ligne {i + 1} : département inconnu ({dep!r})."
                )
            communes[code] = {
                "name": name,
                "population": _population(row, "population", "communes.json", i),
                "departement": dep,
                "epci": None,
            }
        elif kind in former_kinds:
            parent = _text(
                row, "chefLieu" if "chefLieu" in row else "commune", "communes.json", i, 5
            )
            former[(code, kind)] = {"name": name, "parent": parent}
        else:
            raise CogImportError(f"communes.json, ligne {i + 1} : type inconnu ({kind!r}).")
    for (code, _kind), row in former.items():
        if row["parent"] not in communes:
            raise CogImportError(
                f"communes.json : la commune {code} renvoie à une commune actuelle "
                f"inconnue ({row['parent']})."
            )

    epcis: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(epci_rows):
        members = row.get("membres")
        if not isinstance(members, list):
            raise CogImportError(f"epci.json, ligne {i + 1} : la liste « membres » est absente.")
        member_codes = [
            _text(m, "code", "epci.json", i, 5) if isinstance(m, dict) else "" for m in members
        ]
        local = [code for code in member_codes if code in communes]
        if departement and not local:
            continue
        siren = _text(row, "code", "epci.json", i, 9)
        kind = _text(row, "type", "epci.json", i, 5)
        if kind not in EpciKind.values:
            raise CogImportError(f"epci.json, ligne {i + 1} : type d'EPCI inconnu ({kind!r}).")
        epcis[siren] = {
            "name": _text(row, "nom", "epci.json", i, 200),
            "kind": kind,
            "population": _population(row, "populationMunicipale", "epci.json", i),
        }
        for code in local:
            communes[code]["epci"] = siren
    return _Parsed(departements, epcis, communes, former)


def _sync(
    model: type[Any],
    key: str,
    wanted: dict[Any, dict[str, Any]],
    existing: dict[Any, Any],
    build: Callable[[Any, dict[str, Any]], Any],
    fields: list[str],
) -> tuple[int, int]:
    to_create, to_update = [], []
    for k, values in wanted.items():
        obj = existing.get(k)
        if obj is None:
            to_create.append(build(k, values))
            continue
        new = build(k, values)
        if any(getattr(obj, f) != getattr(new, f) for f in fields):
            for f in fields:
                setattr(obj, f, getattr(new, f))
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=1000)
    return len(to_create), len(to_update)


def import_cog(
    *, source: Path, departement: str | None = None, progress: Progress | None = None
) -> ImportReport:
    """Import (or update) départements, EPCI and communes from COG JSON files.

    ``source`` holds ``departements.json``, ``communes.json`` and ``epci.json`` in the
    ``@etalab/decoupage-administratif`` format. With ``departement``, only that
    département's rows are imported. Idempotent: a re-run updates rows, never
    duplicates them. Atomic: any malformed row raises :class:`CogImportError` before
    anything is written.
    """
    step = progress or _no_progress
    parsed = _parse(Path(source), departement)
    report = ImportReport()
    with transaction.atomic():
        for _ in step([None], "Départements", 1):
            c, u = _sync(
                Departement,
                "code",
                parsed.departements,
                {d.code: d for d in Departement.objects.filter(code__in=parsed.departements)},
                lambda k, v: Departement(code=k, name=v["name"], region_code=v["region_code"]),
                ["name", "region_code"],
            )
            report.created["départements"], report.updated["départements"] = c, u
        for _ in step([None], "EPCI", 1):
            existing_epci = {e.siren: e for e in Epci.objects.all()}
            c, u = _sync(
                Epci,
                "siren",
                parsed.epcis,
                existing_epci,
                lambda k, v: Epci(
                    siren=k, name=v["name"], kind=v["kind"], population=v["population"]
                ),
                ["name", "kind", "population"],
            )
            report.created["EPCI"], report.updated["EPCI"] = c, u
        dep_ids = dict(Departement.objects.values_list("code", "id"))
        epci_ids = dict(Epci.objects.values_list("siren", "id"))
        existing_communes = {c.code: c for c in Commune.objects.all()}
        created = updated = 0
        items = list(parsed.communes.items())
        chunks = [items[i : i + 2000] for i in range(0, len(items), 2000)]
        for chunk in step(chunks, "Communes", len(chunks)):
            c, u = _sync(
                Commune,
                "code",
                dict(chunk),
                existing_communes,
                lambda k, v: Commune(
                    code=k,
                    name=v["name"],
                    population=v["population"],
                    departement_id=dep_ids[v["departement"]],
                    epci_id=epci_ids[v["epci"]] if v["epci"] else None,
                ),
                ["name", "population", "departement_id", "epci_id"],
            )
            created, updated = created + c, updated + u
        report.created["communes"], report.updated["communes"] = created, updated
        for _ in step([None], "Communes déléguées", 1):
            commune_ids = dict(Commune.objects.values_list("code", "id"))
            existing_former = {(f.code, f.kind): f for f in FormerCommune.objects.all()}

            def former(
                k: tuple[str, str], v: dict[str, Any], ids: dict[str, int] = commune_ids
            ) -> FormerCommune:
                return FormerCommune(
                    code=k[0], kind=k[1], name=v["name"], commune_id=ids[v["parent"]]
                )

            c, u = _sync(
                FormerCommune,
                "code",
                parsed.former,
                existing_former,
                former,
                ["name", "commune_id"],
            )
            report.created["communes déléguées"], report.updated["communes déléguées"] = c, u
    return report
