"""The indicators' facts for the annual report: which ones got values during the year."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q

from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.formats import french_number, plural
from maillage.core.referentiel import Attendu

from .models import Indicator, Measurement

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


@contributes(Attendu.EVALUATION, order=20)
def indicators_updated(scope: FactScope[Convention, User]) -> list[Fact]:
    """The CTG's indicators with values dated in the year, and their latest value."""
    in_year = Q(measurements__date__gte=scope.start, measurements__date__lte=scope.end)
    indicators = list(
        Indicator.objects.filter(convention=scope.convention)
        .annotate(
            values_in_year=Count("measurements", filter=in_year),
            last_date=Max("measurements__date", filter=in_year),
        )
        .filter(values_in_year__gt=0)
        .order_by("name")
    )
    total = Indicator.objects.filter(convention=scope.convention).count()
    last = {
        (m.indicator_id, m.date): m.value
        for m in Measurement.objects.filter(
            indicator__in=[i.pk for i in indicators],
            date__gte=scope.start,
            date__lte=scope.end,
        )
    }
    rows = [
        (
            i.name,
            str(i.values_in_year),
            f"{french_number(last[(i.pk, i.last_date)])} {i.unit}".strip(),
            f"{i.last_date:%d/%m/%Y}",
        )
        for i in indicators
    ]
    bullets = [
        f"{name} : {value} au {day} ({plural(int(n), 'valeur saisie', 'valeurs saisies')})"
        for name, n, value, day in rows
    ]
    updated = len(indicators)
    return [
        Fact(
            f"Indicateurs mis à jour en {scope.year} : {updated} sur {total}",
            header=("Indicateur", "Valeurs saisies", "Dernière valeur", "Date") if rows else (),
            rows=rows,
            numeric=(1,),
            key="indicateurs.mis_a_jour",
            definition=(
                f"Les indicateurs de la CTG qui ont au moins une valeur datée de {scope.year}, "
                "avec la dernière de l'année."
            ),
            sentence=(
                f"En {scope.year}, {updated} des {plural(total, 'indicateur')} de la CTG "
                + ("a" if updated <= 1 else "ont")
                + " reçu une valeur"
                if total
                else "La CTG ne suit encore aucun indicateur"
            ),
            bullets=bullets,
        )
    ]
