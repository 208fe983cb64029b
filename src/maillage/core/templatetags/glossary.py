"""The glossary's words explained where they appear: ``{{ "COPIL"|term }}`` renders
``<abbr title="Comité de pilotage : …">COPIL</abbr>``, and ``{{ text|glossed }}`` does it for
the first occurrence of each known word in a text (see :mod:`maillage.core.glossary`).

The ``<abbr>`` takes the keyboard focus, and its definition shows on focus (the style
sheet's ``.term``), so that it is not reserved to the mouse.
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from maillage.core.glossary import GLOSSARY, definition

register = template.Library()

_ACRONYMS = sorted((w for w in GLOSSARY if w.isupper()), key=len, reverse=True)
_LOWER = sorted((w for w in GLOSSARY if not w.isupper()), key=len, reverse=True)
# Acronyms in capitals only; words in any case, with their plural.
_WORDS = re.compile(
    r"(?<![\w-])("
    + "|".join([re.escape(w) for w in _ACRONYMS] + [f"(?i:{re.escape(w)}s?)" for w in _LOWER])
    + r")(?![\w-])"
)


def _abbr(word: str, meaning: str) -> SafeString:
    return format_html('<abbr class="term" title="{}" tabindex="0">{}</abbr>', meaning, word)


@register.filter
def term(word: object) -> SafeString:
    """A glossary word in an ``<abbr>`` carrying its definition (the text as is otherwise)."""
    text = str(word)
    meaning = definition(text)
    if meaning is None:
        return conditional_escape(text)
    return _abbr(text, meaning)


@register.filter
def glossed(text: object) -> SafeString:
    """A text whose first occurrence of each glossary word is explained in an ``<abbr>``.

    Acronyms match in capitals only (« CTG », not « ctg »); words match in any case, plural
    included (« Attendus »).
    """
    source = str(text)
    seen: set[str] = set()
    parts: list[str] = []
    last = 0
    for match in _WORDS.finditer(source):
        meaning = definition(match.group(0))
        if meaning is None or meaning in seen:
            continue
        seen.add(meaning)
        parts.append(conditional_escape(source[last : match.start()]))
        parts.append(_abbr(match.group(0), meaning))
        last = match.end()
    parts.append(conditional_escape(source[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above
