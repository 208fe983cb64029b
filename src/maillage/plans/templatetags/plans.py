"""Row helpers of the plan's lists: status badges and progress, without a template per row."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from maillage.plans.models import Action

register = template.Library()


@register.simple_tag
def status_badges(action: Action) -> SafeString:
    """The status badge, and « En retard » when the fiche is late."""
    late = " En retard" if getattr(action, "is_late", False) else ""
    badge = format_html(
        '<span class="badge action-{}">{}</span>', action.status, action.get_status_display()
    )
    if late:
        return format_html('{} <span class="badge text-bg-danger">{}</span>', badge, late.strip())
    return badge


@register.simple_tag
def progress_bar(action: Action) -> SafeString:
    """An accessible progress bar with its percentage."""
    value = getattr(action, "progress", 0) or 0
    return format_html(
        '<progress class="action-progress" max="100" value="{0}" '
        'aria-label="Avancement de {1}">{0} %</progress> <span class="small">{0} %</span>',
        value,
        action.reference,
    )
