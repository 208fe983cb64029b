"""Template helpers: Bootstrap classes on form widgets, French formats, the period bar, the
one-time token of creation forms."""

from __future__ import annotations

import datetime

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maillage.core import once
from maillage.core.formats import de, euros

register = template.Library()


@register.filter
def bootstrap(field: BoundField) -> SafeString:
    """Render a field's widget with the Bootstrap class that fits it."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = ""
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    attrs: dict[str, str | bool] = {"class": css} if css else {}
    return field.as_widget(attrs=attrs)


@register.filter(name="euros")
def euros_filter(value: object) -> str:
    """Format an amount the French way: « 1 234,50 € »."""
    return euros(value)  # type: ignore[arg-type]


@register.simple_tag(takes_context=True)
def form_token(context: template.Context) -> SafeString:
    """The hidden one-time token of a form that creates (see ``core.once``): the form sent
    twice creates once."""
    value = once.form_token(context["request"])
    return format_html('<input type="hidden" name="{}" value="{}">', once.TOKEN_FIELD, value)


@register.filter(name="de")
def de_filter(value: object) -> str:
    """« de » before a name, elided before a vowel: ``{{ name|de }}`` → « d'Inès Perrin »."""
    return de(str(value))


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def is_multi_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxSelectMultiple)


@register.filter
def is_radio(field: BoundField) -> bool:
    widget = field.field.widget  # a CheckboxSelectMultiple is a RadioSelect too
    return isinstance(widget, forms.RadioSelect) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    )


@register.inclusion_tag("includes/period_bar.html")
def period_bar(start: datetime.date, end: datetime.date) -> dict[str, object]:
    """A bar of the CTG's period within its calendar years, with today marked."""
    today = timezone.localdate()
    first = datetime.date(min(start.year, today.year), 1, 1)
    last = datetime.date(max(end.year, today.year), 12, 31)
    span = (last - first).days or 1

    def pct(day: datetime.date) -> float:
        return round(100 * (day - first).days / span, 2)

    years = [
        {"year": y, "x": pct(datetime.date(y, 1, 1))} for y in range(first.year, last.year + 1)
    ]
    return {
        "start": start,
        "end": end,
        "x": pct(start),
        "width": pct(end) - pct(start),
        "today_x": pct(today),
        "today": today,
        "years": years,
        "elapsed": max(0, min(100, round(100 * (today - start).days / ((end - start).days or 1)))),
    }
