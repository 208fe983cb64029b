"""The indicators of the detailed CTGs and their measurements, written with the CTG's plan.

Drawn from the plan's own ``random.Random``, after its fiches, so that the plan and its
indicators are the same on every run.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from maillage.accounts.models import User
from maillage.conventions.models import Convention
from maillage.demo.data.indicators import INDICATOR_VALUES, INDICATORS
from maillage.demo.data.plans import DEMO_TODAY
from maillage.demo.loaders.dates import month_end
from maillage.indicators.models import Indicator, Measurement, Periodicity
from maillage.plans.models import Action, Objective


def _value_at(
    rng: random.Random,
    day: datetime.date,
    baseline: float,
    target: float,
    baseline_year: int,
    convention: Convention,
    quantum: Decimal,
) -> Decimal:
    """A plausible value: a slight rise before the baseline, then a move towards the target."""
    years = (day - datetime.date(baseline_year, 12, 31)).days / 365.25
    if years < 0:
        value = baseline * (1 + years * 0.04 * rng.uniform(0.8, 1.2))
    else:
        horizon = max(convention.end_date.year - baseline_year, 1)
        value = baseline + (target - baseline) * years / horizon * rng.uniform(0.7, 1.1)
    return Decimal(str(max(value, 0))).quantize(quantum)


def create_indicators(
    rng: random.Random,
    convention: Convention,
    slug: str,
    cdc: User,
    actions: dict[str, Action],
    objectives: dict[str, Objective],
) -> None:
    """Write the CTG's indicators, linked to its fiches and objectifs, with their values."""
    baseline_year = min(convention.start_date.year - 1, DEMO_TODAY.year - 1)
    for spec in INDICATORS:
        if spec.key not in INDICATOR_VALUES[slug]:
            continue
        baseline, target = INDICATOR_VALUES[slug][spec.key]
        quantum = Decimal(1).scaleb(-spec.decimals)
        baseline_value = Decimal(str(baseline))
        indicator = Indicator(
            convention=convention,
            name=spec.name,
            unit=spec.unit,
            definition=spec.definition,
            source=spec.source,
            baseline_value=baseline_value,
            baseline_date=datetime.date(baseline_year, 12, 31),
            target_value=Decimal(str(target)),
            target_date=convention.end_date,
            periodicity=spec.periodicity,
        )
        indicator._history_user = cdc  # type: ignore[attr-defined]
        indicator.save()
        indicator.actions.set([actions[k] for k in spec.fiches if k in actions])
        indicator.objectives.set([objectives[s] for s in spec.slots if s in objectives])

        if spec.periodicity == Periodicity.TRIMESTRIELLE:
            days = [
                month_end(datetime.date(year, 1, 1), month)
                for year in (2025, 2026)
                for month in (2, 5, 8, 11)
            ]
            days = [d for d in days if d < DEMO_TODAY]
        else:
            first = min(baseline_year, DEMO_TODAY.year - 4)
            days = [datetime.date(y, 12, 31) for y in range(first, DEMO_TODAY.year)]
        for day in days:
            value = (
                baseline_value
                if day == indicator.baseline_date
                else _value_at(rng, day, baseline, target, baseline_year, convention, quantum)
            )
            measurement = Measurement(
                indicator=indicator,
                date=day,
                value=value,
                comment="Valeur de référence de la CTG" if day == indicator.baseline_date else "",
            )
            measurement._history_user = cdc  # type: ignore[attr-defined]
            measurement.save()
