"""The CDC's activity journal: the week, quick entry, totals over a period, one-click entries."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest, ctg_render, ctg_view
from maillage.conventions.models import Convention
from maillage.core.once import creates_once, once
from maillage.core.params import next_param, parse_choice, parse_date, parse_week, safe_next
from maillage.core.referentiel import Attendu, Mission, Sphere
from maillage.governance.models import Meeting
from maillage.network.models import Interaction

from . import selectors, services
from .charts import time_chart_svg
from .forms import JournalEntryForm, PeriodForm
from .models import JournalEntry

journal_view = ctg_view("can_keep_journal")
"""Decorate a page of the user's own journal in a CTG: only its CDCs keep one (403)."""


def _week_of(request: AuthenticatedRequest) -> datetime.date:
    """The day whose week is shown: ?semaine=2026-W48 or ?jour=2026-11-28, else today."""
    # An unreadable week or day shows the current week.
    today = timezone.localdate()
    return parse_week(request.GET.get("semaine")) or parse_date(request.GET.get("jour")) or today


@require_GET
@journal_view
def journal(request: CtgRequest) -> HttpResponse:
    monday, sunday = selectors.week_bounds(_week_of(request))
    entries = list(selectors.journal_entries(request.user, request.ctg, monday, sunday))
    days = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        of_day = [e for e in entries if e.date == day]
        days.append(
            {
                "date": day,
                "entries": of_day,
                "minutes": sum(e.duration for e in of_day),
                "duration": selectors.hours(sum(e.duration for e in of_day)),
            }
        )
    total = sum(e.duration for e in entries)
    iso = monday.isocalendar()
    return ctg_render(
        request,
        "activity/journal.html",
        tab="activity",
        subnav="journal",
        days=days,
        monday=monday,
        sunday=sunday,
        week_label=f"Semaine {iso.week} de {iso.year}",
        previous=(monday - datetime.timedelta(days=7)).strftime("%G-W%V"),
        next=(monday + datetime.timedelta(days=7)).strftime("%G-W%V"),
        today=timezone.localdate(),
        total=selectors.hours(total) if total else "0 min",
        entry_count=len(entries),
    )


@require_GET
@journal_view
def journal_totals(request: CtgRequest) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    totals = selectors.journal_totals(request.user, request.ctg, start, end)
    charts = [
        ("Par mission", "mission", totals.by_mission),
        ("Par attendu", "attendu", totals.by_attendu),
        ("Par sphère d'intervention", "sphere", totals.by_sphere),
    ]
    return ctg_render(
        request,
        "activity/journal_totals.html",
        tab="activity",
        subnav="totals",
        form=form,
        start=start,
        end=end,
        totals=totals,
        blocks=[
            {
                "title": title,
                "key": key,
                "rows": rows,
                "svg": time_chart_svg(
                    rows, f"Temps {title.lower()}, du {start:%d/%m/%Y} au {end:%d/%m/%Y}"
                ),
            }
            for title, key, rows in charts
        ],
    )


def _next_url(
    request: AuthenticatedRequest, convention: Convention, entry: JournalEntry | None
) -> str:
    url = reverse("activity:journal", args=[convention.uuid])
    return safe_next(
        request, next_param(request), f"{url}?jour={entry.date.isoformat()}" if entry else url
    )


def _initial(request: AuthenticatedRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"date": timezone.localdate(), "sphere": Sphere.TECHNIQUE}
    initial["date"] = parse_date(request.GET.get("jour"), initial["date"])
    if attendu := parse_choice(request.GET.get("attendu"), Attendu.values):
        initial["attendu"] = attendu
    if mission := parse_choice(request.GET.get("mission"), Mission.values):
        initial["mission"] = mission
    return initial


@require_http_methods(["GET", "POST"])
@journal_view
@creates_once  # its creation form (``entry_create``)
def entry_edit(request: CtgRequest, entry_uuid: uuid.UUID | None = None) -> HttpResponse:
    convention = request.ctg
    entry = (
        selectors.get_entry_for_user(request.user, convention, entry_uuid) if entry_uuid else None
    )
    form = JournalEntryForm(
        request.POST if request.method == "POST" else None,
        instance=entry,
        initial=None if entry else _initial(request),
        convention=convention,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if entry is None:
                with once(request):
                    entry = services.journal_create(convention=convention, by=request.user, **data)
            else:
                entry = services.journal_update(entry=entry, by=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"Entrée du {entry.date:%d/%m/%Y} enregistrée ({selectors.hours(entry.duration)}).",
            )
            return redirect(_next_url(request, convention, entry))
    return ctg_render(
        request,
        "activity/entry_form.html",
        tab="activity",
        subnav="journal",
        form=form,
        entry=entry,
        suivant=safe_next(request, next_param(request), ""),
    )


@require_POST
@journal_view
def entry_delete(request: CtgRequest, entry_uuid: uuid.UUID) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, request.ctg, entry_uuid)
    day = entry.date
    services.journal_delete(entry=entry, by=request.user)
    messages.success(request, f"Entrée du {day:%d/%m/%Y} supprimée.")
    return redirect(
        reverse("activity:journal", args=[request.ctg.uuid]) + f"?jour={day.isoformat()}"
    )


def _after_one_click(
    request: AuthenticatedRequest, convention: Convention, entry: JournalEntry, created: bool
) -> HttpResponse:
    if created:
        messages.success(
            request,
            f"Ajouté à votre journal le {entry.date:%d/%m/%Y} ({selectors.hours(entry.duration)}) "
            "— précisez-le si besoin.",
        )
    else:
        messages.info(request, "Déjà dans votre journal : voici l'entrée.")
    url = reverse("activity:entry_edit", args=[convention.uuid, entry.uuid])
    return redirect(url)


@require_POST
@journal_view
def entry_from_meeting(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    """A held meeting the user may see becomes an entry of their journal in this CTG."""
    convention = request.ctg
    meeting = (
        Meeting.objects.visible_to(request.user)
        .filter(uuid=meeting_uuid)
        .select_related("body")
        .first()
    )
    # A CTG meeting goes to its own CTG's journal; a Caf network meeting to any of the Caf's.
    if meeting is None or (
        meeting.body.convention_id
        and meeting.body.convention_id != convention.pk
        or meeting.body.caf_id
        and meeting.body.caf_id != convention.caf_id
    ):
        raise Http404
    try:
        entry, created = services.journal_from_meeting(
            meeting=meeting, convention=convention, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            safe_next(
                request,
                request.POST.get("suivant"),
                reverse("activity:journal", args=[convention.uuid]),
            )
        )
    return _after_one_click(request, convention, entry, created)


@require_POST
@journal_view
def entry_from_interaction(request: CtgRequest, interaction_uuid: uuid.UUID) -> HttpResponse:
    """A logged interaction of this CTG becomes an entry of the user's journal."""
    convention = request.ctg
    interaction = Interaction.objects.filter(convention=convention, uuid=interaction_uuid).first()
    if interaction is None:
        raise Http404
    entry, created = services.journal_from_interaction(interaction=interaction, by=request.user)
    return _after_one_click(request, convention, entry, created)
