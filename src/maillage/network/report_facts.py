"""The directory's facts for the annual report: new partners and the interactions logged."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from maillage.conventions.models import Signatory
from maillage.core.facts import Fact, FactScope, contributes
from maillage.core.formats import plural
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
        new_partners(scope.convention, scope.start, scope.end)
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
    year, n = scope.year, len(partners)
    return [
        Fact(
            f"Nouveaux partenaires dans l'annuaire en {year} : {n}",
            header=("Organisation", "Catégorie", "Stratégique") if partners else (),
            rows=rows,
            key="reseau.nouveaux_partenaires",
            definition=(
                f"Les organisations ajoutées à l'annuaire de la CTG en {year}, hors signataires "
                "et partenaires associés de la convention (la Caf, les collectivités), "
                "partenaires dès la signature."
            ),
            sentence=(
                f"{plural(n, 'nouveau partenaire', 'nouveaux partenaires')} "
                + ("a" if n <= 1 else "ont")
                + f" rejoint l'annuaire de la CTG en {year}"
            ),
            bullets=[
                p.organisation.name
                + (
                    f" ({p.organisation.get_category_display().lower()})"
                    if p.organisation.category
                    else ""
                )
                + (", partenaire stratégique" if p.strategic else "")
                for p in partners[:LISTED]
            ]
            + ([f"et {len(partners) - LISTED} autres"] if len(partners) > LISTED else []),
        ),
        Fact(
            f"Interactions notées en {year} : {total}, avec {organisations} "
            f"organisation{'s' if organisations > 1 else ''}",
            header=("Type", "Nombre") if total else (),
            rows=[
                (label, str(kinds[value]))
                for value, label in InteractionKind.choices
                if kinds.get(value)
            ],
            numeric=(1,),
            key="reseau.interactions",
            definition=(
                f"Les interactions notées dans l'annuaire de la CTG et datées de {year} "
                "(rencontres, appels, courriels…), et le nombre d'organisations distinctes "
                "qu'elles concernent."
            ),
            sentence=(
                f"{plural(total, 'interaction notée', 'interactions notées')} en {year}, avec "
                f"{plural(organisations, 'organisation')}"
            ),
            bullets=[
                f"{label.lower()} : {kinds[value]}"
                for value, label in InteractionKind.choices
                if kinds.get(value)
            ],
        ),
    ]


def _partner_bullet(partner: Partner) -> str:
    org = partner.organisation
    category = f" ({org.get_category_display().lower()})" if org.category else ""
    return org.name + category + (", partenaire stratégique" if partner.strategic else "")


def new_partners(
    convention: Convention, start: datetime.date, end: datetime.date
) -> QuerySet[Partner]:
    """The directory's partners added between two days, signatories of the CTG left out: the
    Caf and the signatory collectivités are partners from the signature."""
    signatories = Signatory.objects.filter(convention=convention).values("organisation_id")
    return Partner.objects.filter(
        convention=convention, created_at__date__gte=start, created_at__date__lte=end
    ).exclude(organisation_id__in=signatories)
