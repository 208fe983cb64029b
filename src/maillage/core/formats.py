"""French formats shared by pages and documents."""

from decimal import Decimal

NNBSP = "\u202f"  # narrow no-break space: the French thousands separator
NBSP = "\u00a0"


def euros(value: Decimal | int | float | None) -> str:
    """« 1 234,50 € », or « — » for no value."""
    if value is None:
        return "—"
    whole, _, cents = f"{Decimal(value):,.2f}".partition(".")
    return f"{whole.replace(',', NNBSP)},{cents}{NBSP}€"
