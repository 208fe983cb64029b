"""What a refused write must leave as it was: the row count of every table of Maillage's
apps, and every field of the objects the URL names (the CTG, the fiche, the meeting…)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import connection, models

from ..conftest import World


@functools.cache
def _maillage_models() -> tuple[type[models.Model], ...]:
    """Every concrete model of Maillage's apps, with their history and many-to-many tables."""
    return tuple(
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("maillage.")
        and model._meta.managed
        and not model._meta.proxy
    )


@functools.cache
def _uuid_models() -> tuple[type[models.Model], ...]:
    return tuple(
        m for m in _maillage_models() if any(f.name == "uuid" for f in m._meta.concrete_fields)
    )


def row_counts() -> dict[str, int]:
    """The number of rows of every table, in one query."""
    tables = sorted({m._meta.db_table for m in _maillage_models()})
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _instances(value: Any, seen: set[int]) -> Iterator[models.Model]:
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, models.Model):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _instances(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _instances(item, seen)


def _named_objects(world: World, kwargs: dict[str, Any]) -> list[tuple[type[models.Model], int]]:
    """The (model, pk) of each object a URL's keyword arguments name by UUID."""
    known = {
        obj.uuid: (type(obj), obj.pk)
        for obj in _instances(list(vars(world).values()), set())
        if isinstance(getattr(obj, "uuid", None), uuid.UUID)
    }
    named = []
    for value in kwargs.values():
        if not isinstance(value, uuid.UUID):
            continue
        if value in known:
            named.append(known[value])
            continue
        for model in _uuid_models():
            pk = model._base_manager.filter(uuid=value).values_list("pk", flat=True).first()
            if pk is not None:
                named.append((model, pk))
                break
    return named


def database_state(world: World, kwargs: dict[str, Any]) -> dict[str, Any]:
    """Row counts of every table and the field values of the objects named by ``kwargs``."""
    return {
        "rows": row_counts(),
        "objects": {
            (model._meta.label, pk): model._base_manager.filter(pk=pk).values().first()
            for model, pk in _named_objects(world, kwargs)
        },
    }


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What changed between two states, readably."""
    changes = [
        f"{table} : {before['rows'][table]} → {after['rows'][table]} lignes"
        for table in before["rows"]
        if before["rows"][table] != after["rows"][table]
    ]
    for key, fields in before["objects"].items():
        now = after["objects"].get(key)
        if now is None:
            changes.append(f"{key} supprimé")
            continue
        changes += [
            f"{key[0]} {key[1]}.{name} : {value!r} → {now[name]!r}"
            for name, value in fields.items()
            if now[name] != value
        ]
    return changes
