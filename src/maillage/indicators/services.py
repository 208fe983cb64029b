"""Writes on indicators and their values; every write records its author."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.conventions.models import Convention

from .models import Indicator, Measurement

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _check(convention: Convention, links: dict[str, Iterable[Any]]) -> None:
    for action in links.get("actions") or []:
        if action.plan.convention_id != convention.pk:
            raise ValidationError("Une fiche choisie n'appartient pas à cette CTG.")
    for objective in links.get("objectives") or []:
        if objective.axis.plan.convention_id != convention.pk:
            raise ValidationError("Un objectif choisi n'appartient pas à cette CTG.")


@transaction.atomic
def indicator_save(
    *,
    convention: Convention,
    by: User,
    indicator: Indicator | None = None,
    actions: Iterable[Any] = (),
    objectives: Iterable[Any] = (),
    **fields: Any,
) -> Indicator:
    """Create or update an indicator of a CTG and its links to fiches and objectifs."""
    actions, objectives = list(actions), list(objectives)
    _check(convention, {"actions": actions, "objectives": objectives})
    indicator = indicator or Indicator(convention=convention)
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator._history_user = by  # type: ignore[attr-defined]
    indicator.full_clean()
    indicator.save()
    indicator.actions.set(actions)
    indicator.objectives.set(objectives)
    return indicator


@transaction.atomic
def measurement_add(
    *, indicator: Indicator, by: User, date: datetime.date, value: Decimal, comment: str = ""
) -> Measurement:
    """Record a dated value; a second value for the same date replaces the first."""
    measurement = indicator.measurements.filter(date=date).first() or Measurement(
        indicator=indicator, date=date
    )
    measurement.value, measurement.comment = value, comment
    measurement._history_user = by  # type: ignore[attr-defined]
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_update(
    *,
    measurement: Measurement,
    by: User,
    date: datetime.date,
    value: Decimal,
    comment: str = "",
) -> Measurement:
    """Correct a recorded value, its date or its comment; one value per date."""
    if measurement.indicator.measurements.filter(date=date).exclude(pk=measurement.pk).exists():
        raise ValidationError(
            f"L'indicateur a déjà une valeur au {date:%d/%m/%Y} : modifiez-la ou supprimez-la."
        )
    measurement.date, measurement.value, measurement.comment = date, value, comment
    measurement._history_user = by  # type: ignore[attr-defined]
    measurement.full_clean()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, by: User) -> None:
    measurement._history_user = by  # type: ignore[attr-defined]
    measurement.delete()
