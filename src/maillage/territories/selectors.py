"""Reads on territories (public reference data: not scoped to a CTG)."""

from django.db.models import QuerySet

from .models import Commune, FormerCommune


def commune_for_code(code: str) -> Commune | None:
    """Return the current commune for an INSEE code, following a former commune's code."""
    commune = Commune.objects.filter(code=code).first()
    if commune is not None:
        return commune
    former = FormerCommune.objects.select_related("commune").filter(code=code).first()
    return former.commune if former else None


def communes_of_epci(epci_id: int) -> QuerySet[Commune]:
    """The current communes that are members of an EPCI."""
    return Commune.objects.filter(epci_id=epci_id)
