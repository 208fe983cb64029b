"""Helpers for the territories tests: reading the source files, snapshotting the tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings

from maillage.territories.models import Commune, Departement, Epci, FormerCommune

CURRENT = "commune-actuelle"
FORMER_KINDS = ("commune-deleguee", "commune-associee")


def shipped_rows(name: str) -> list[dict[str, Any]]:
    """The rows of one of the COG files shipped at ``settings.COG_DATA_DIR``."""
    return json.loads((Path(settings.COG_DATA_DIR) / name).read_text(encoding="utf-8"))


def shipped_communes(kind: str = CURRENT) -> dict[str, dict[str, Any]]:
    """Rows of the shipped ``communes.json`` of one type, by INSEE code."""
    return {row["code"]: row for row in shipped_rows("communes.json") if row["type"] == kind}


def territory_counts() -> dict[str, int]:
    return {
        "departements": Departement.objects.count(),
        "epci": Epci.objects.count(),
        "communes": Commune.objects.count(),
        "former": FormerCommune.objects.count(),
    }


def territory_snapshot() -> dict[str, Any]:
    """Every territories row with its primary key: equal snapshots mean nothing changed."""
    return {
        "departements": sorted(
            Departement.objects.values_list("id", "code", "name", "region_code")
        ),
        "epci": sorted(Epci.objects.values_list("id", "siren", "name", "kind", "population")),
        "communes": sorted(
            Commune.objects.values_list(
                "id", "code", "name", "population", "departement_id", "epci_id"
            )
        ),
        "former": sorted(
            FormerCommune.objects.values_list("id", "code", "kind", "name", "commune_id")
        ),
    }


def delete_all_territories() -> None:
    """Empty the territories tables (inside the test's transaction, so rolled back after)."""
    FormerCommune.objects.all().delete()
    Commune.objects.all().delete()
    Epci.objects.all().delete()
    Departement.objects.all().delete()


class CogSource:
    """A writable copy of the Savoie COG files, to corrupt or modify in a test."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self, name: str) -> list[dict[str, Any]]:
        return json.loads((self.path / name).read_text(encoding="utf-8"))

    def save(self, name: str, rows: list[dict[str, Any]]) -> None:
        (self.path / name).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    def edit_row(self, name: str, code: str, **changes: Any) -> None:
        """Apply ``changes`` to the row of ``name`` whose code is ``code``."""
        rows = self.load(name)
        matches = [row for row in rows if row["code"] == code]
        assert len(matches) >= 1, f"{code} absent de {name}"
        for row in matches:
            row.update(changes)
        self.save(name, rows)
