"""Writes on CTGs: identity, territory, thématiques, signatories."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.organisations.enums import DEFAULT_CATEGORY
from maillage.organisations.models import Caf, Organisation
from maillage.territories.models import Commune, Epci

from .models import Convention, ConventionTheme, Signatory

if TYPE_CHECKING:
    from maillage.accounts.models import User


def _set_themes(convention: Convention, themes: Iterable[str]) -> None:
    wanted = set(themes)
    current = set(convention.themes.values_list("theme", flat=True))
    convention.themes.filter(theme__in=current - wanted).delete()
    ConventionTheme.objects.bulk_create(
        [ConventionTheme(convention=convention, theme=t) for t in sorted(wanted - current)]
    )


@transaction.atomic
def convention_create(
    *,
    caf: Caf,
    by: User,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
    epci: Epci | None = None,
    signed_on: datetime.date | None = None,
    renewal_in_progress: bool = False,
    cdt: User | None = None,
    themes: Iterable[str] = (),
    take_epci_communes: bool = True,
) -> Convention:
    """Create a CTG of a Caf; with an EPCI, its communes become the territory."""
    convention = Convention(
        caf=caf,
        name=name,
        start_date=start_date,
        end_date=end_date,
        epci=epci,
        signed_on=signed_on,
        renewal_in_progress=renewal_in_progress,
        cdt=cdt,
    )
    convention._history_user = by  # type: ignore[attr-defined]
    convention.full_clean()
    convention.save()
    _set_themes(convention, themes)
    if epci is not None and take_epci_communes:
        convention.communes.add(
            *Commune.objects.filter(epci=epci, departement_id=caf.departement_id)
        )
    return convention


@transaction.atomic
def convention_update(
    *, convention: Convention, by: User, themes: Iterable[str] | None = None, **fields: object
) -> Convention:
    """Update a CTG's identity, period, status flags and CDT référent."""
    allowed = {"name", "start_date", "end_date", "signed_on", "renewal_in_progress", "cdt", "epci"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Champs non modifiables : {', '.join(sorted(unknown))}")
    for key, value in fields.items():
        setattr(convention, key, value)
    convention._history_user = by  # type: ignore[attr-defined]
    convention.full_clean()
    convention.save()
    if themes is not None:
        _set_themes(convention, themes)
    return convention


@transaction.atomic
def convention_add_epci_communes(*, convention: Convention, epci: Epci, by: User) -> int:
    """Add every commune of an EPCI to the CTG's territory in one step; returns how many."""
    communes = list(
        Commune.objects.filter(epci=epci, departement_id=convention.caf.departement_id).exclude(
            conventions=convention
        )
    )
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.add(*communes)
    return len(communes)


@transaction.atomic
def convention_add_communes(
    *, convention: Convention, communes: Iterable[Commune], by: User
) -> int:
    """Add communes to the CTG's territory; returns how many were new."""
    new = [c for c in communes if not convention.communes.filter(pk=c.pk).exists()]
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.add(*new)
    return len(new)


@transaction.atomic
def convention_remove_communes(
    *, convention: Convention, communes: Iterable[Commune], by: User
) -> None:
    """Remove communes from the CTG's territory."""
    convention._history_user = by  # type: ignore[attr-defined]
    convention.communes.remove(*communes)


@transaction.atomic
def signatory_add(
    *,
    convention: Convention,
    by: User,
    role: str,
    organisation: Organisation | None = None,
    new_name: str = "",
    new_kind: str = "",
) -> Signatory:
    """Add an organisation (existing, or created in the Caf's directory) as signatory."""
    if organisation is None:
        organisation, _ = Organisation.objects.get_or_create(
            caf=convention.caf,
            name=new_name.strip(),
            defaults={"kind": new_kind, "category": DEFAULT_CATEGORY.get(new_kind, "")},
        )
    if organisation.caf_id != convention.caf_id:
        raise ValidationError("Cette organisation n'appartient pas au territoire de la Caf.")
    if Signatory.objects.filter(convention=convention, organisation=organisation).exists():
        raise ValidationError(f"{organisation} figure déjà parmi les signataires.")
    signatory = Signatory(convention=convention, organisation=organisation, role=role)
    signatory._history_user = by  # type: ignore[attr-defined]
    signatory.full_clean()
    signatory.save()
    return signatory


@transaction.atomic
def signatory_remove(*, signatory: Signatory, by: User) -> None:
    """Remove a signatory from the CTG (the organisation stays in the directory)."""
    signatory._history_user = by  # type: ignore[attr-defined]
    signatory.delete()
