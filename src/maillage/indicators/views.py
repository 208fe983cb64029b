"""Indicators of a CTG: list, detail with its chart, edit, values."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.models import Convention
from maillage.conventions.selectors import get_convention_for_user
from maillage.core.charts import line_chart_svg
from maillage.plans.models import Action
from maillage.plans.permissions import can_edit_plan
from maillage.plans.views import _render

from . import services
from .forms import IndicatorForm, MeasurementForm
from .models import Indicator, Measurement


def _convention(
    request: HttpRequest, convention_uuid: uuid.UUID, *, edit: bool = False
) -> Convention:
    convention = get_convention_for_user(request.user, convention_uuid)
    if edit and not can_edit_plan(request.user, convention):
        raise PermissionDenied
    return convention


def _indicator(
    request: HttpRequest, convention: Convention, indicator_uuid: uuid.UUID
) -> Indicator:
    visible = Action.objects.visible_to(request.user).select_related("axis")
    try:
        return (
            Indicator.objects.filter(convention=convention)
            .prefetch_related(
                "measurements", Prefetch("actions", queryset=visible), "objectives__axis"
            )
            .get(uuid=indicator_uuid)
        )
    except Indicator.DoesNotExist as exc:
        raise Http404("Indicateur introuvable.") from exc


def indicator_list(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _convention(request, convention_uuid)
    indicators = Indicator.objects.filter(convention=convention).prefetch_related("measurements")
    rows = [(i, list(i.measurements.all())[-1:]) for i in indicators]
    return _render(request, "indicators/list.html", convention, rows=rows)


def indicator_detail(
    request: HttpRequest, convention_uuid: uuid.UUID, indicator_uuid: uuid.UUID
) -> HttpResponse:
    convention = _convention(request, convention_uuid)
    indicator = _indicator(request, convention, indicator_uuid)
    return _render(
        request,
        "indicators/detail.html",
        convention,
        indicator=indicator,
        chart=mark_safe(line_chart_svg(indicator.chart_series())),  # noqa: S308 — escaped by the chart
        form=MeasurementForm(),
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, indicator_uuid: uuid.UUID | None = None
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    indicator = _indicator(request, convention, indicator_uuid) if indicator_uuid else None
    form = IndicatorForm(request.POST or None, instance=indicator, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = services.indicator_save(
                convention=convention, by=request.user, indicator=indicator, **data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Indicateur « {saved.name} » enregistré.")
            return redirect(
                "indicators:detail", convention_uuid=convention.uuid, indicator_uuid=saved.uuid
            )
    return _render(request, "indicators/form.html", convention, form=form, indicator=indicator)


@require_POST
def measurement_add(
    request: HttpRequest, convention_uuid: uuid.UUID, indicator_uuid: uuid.UUID
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    indicator = _indicator(request, convention, indicator_uuid)
    form = MeasurementForm(request.POST)
    if form.is_valid():
        services.measurement_add(indicator=indicator, by=request.user, **form.cleaned_data)
        messages.success(request, "Valeur enregistrée.")
    else:
        messages.error(
            request,
            "Rien n'a été enregistré : indiquez une date et une valeur numérique (ex. 12,5).",
        )
    return redirect(
        "indicators:detail", convention_uuid=convention.uuid, indicator_uuid=indicator.uuid
    )


@require_POST
def measurement_delete(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    indicator_uuid: uuid.UUID,
    measurement_uuid: uuid.UUID,
) -> HttpResponse:
    convention = _convention(request, convention_uuid, edit=True)
    indicator = _indicator(request, convention, indicator_uuid)
    measurement = get_object_or_404(Measurement, indicator=indicator, uuid=measurement_uuid)
    services.measurement_delete(measurement=measurement, by=request.user)
    messages.success(request, "Valeur supprimée.")
    return redirect(
        "indicators:detail", convention_uuid=convention.uuid, indicator_uuid=indicator.uuid
    )
