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


_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœæ")
# Words and first names whose h is mute (« l'hiver », « d'Hélène »); any other h is
# aspirated (« de Haute-Maurienne », « de handicap »).
_MUTE_H = (
    "habit",
    "hébergement",
    "hélène",
    "herbe",
    "heure",
    "histoire",
    "hiver",
    "homme",
    "honneur",
    "hôpita",
    "hôtel",
    "hugo",
    "humain",
)


def elides(word: str) -> bool:
    """Whether « de », « le », « que »… elide before ``word``: a vowel or a mute h.

    A « y » followed by a vowel is a consonant (« de Yenne », « de yaourt »).
    """
    lower = word.strip().lower()
    if not lower:
        return False
    if lower[0] == "y":
        return len(lower) > 1 and lower[1] not in _VOWELS
    if lower[0] == "h":
        return lower.startswith(_MUTE_H)
    return lower[0] in _VOWELS


def de(name: str) -> str:
    """« de » before ``name``, elided when it must be: « d'Albertville », « d'Inès Perrin »,
    « d'animation », but « de Chambéry », « de Haute-Maurienne »."""
    return f"d'{name}" if elides(name) else f"de {name}"


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """« 1 fiche », « 3 fiches », « 0 fiche » (French: 0 and 1 take the singular)."""
    return f"{n} {word if n <= 1 else (plural_form or word + 's')}"
