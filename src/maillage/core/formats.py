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


def french_number(value: Decimal | int | float) -> str:
    """« 1 234,5 »: French separators, no useless trailing zeros."""
    number = Decimal(value).quantize(Decimal("0.01"))
    text = f"{number:,.2f}".rstrip("0").rstrip(".")
    whole, _, decimals = text.partition(".")
    whole = whole.replace(",", NNBSP)
    return f"{whole},{decimals}" if decimals else whole
