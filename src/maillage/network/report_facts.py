"""The directory's facts for the annual report: new partners and the interactions logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count

from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.referentiel import Attendu

from .enums import InteractionKind
from .models import Interaction, Partner

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention


LISTED = 40


@contributes(Attendu.PARTENARIATS, order=10)
def partners_and_interactions(scope: FactScope[Convention, User]) -> list[Fact]:
    """Organisations added to the directory in the year, and contact moments by kind."""
    partners = list(
        Partner.objects.filter(
            convention=scope.convention,
            created_at__date__gte=scope.start,
            created_at__date__lte=scope.end,
        )
        .select_related("organisation")
        .order_by("organisation__name")
    )
    rows = [
        (
            p.organisation.name,
            p.organisation.get_category_display() or "—",
            "oui" if p.strategic else "non",
        )
        for p in partners[:LISTED]
    ]
    if len(partners) > LISTED:
        rows.append(("…", f"et {len(partners) - LISTED} autres", ""))
    kinds = dict(
        Interaction.objects.filter(
            convention=scope.convention, date__gte=scope.start, date__lte=scope.end
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    total = sum(kinds.values())
    organisations = (
        Interaction.objects.filter(
            convention=scope.convention, date__gte=scope.start, date__lte=scope.end
        )
        .values("organisations")
        .exclude(organisations=None)
        .distinct()
        .count()
    )
    return [
        Fact(
            f"Nouveaux partenaires dans l'annuaire en {scope.year} : {len(partners)}",
            header=("Organisation", "Catégorie", "Stratégique") if partners else (),
            rows=rows,
        ),
        Fact(
            f"Interactions notées en {scope.year} : {total}, avec {organisations} "
            f"organisation{'s' if organisations != 1 else ''}",
            header=("Type", "Nombre") if total else (),
            rows=[
                (label, str(kinds[value]))
                for value, label in InteractionKind.choices
                if kinds.get(value)
            ],
            numeric=(1,),
        ),
    ]
