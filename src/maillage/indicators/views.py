"""Indicators of a CTG: list, detail with its chart, edit, values."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.context import CtgRequest, ctg_render, ctg_view
from maillage.core.charts import line_chart_svg
from maillage.core.once import creates_once, once
from maillage.plans.models import Action
from maillage.plans.permissions import plan_permissions

from . import services
from .forms import IndicatorForm, MeasurementForm
from .models import Indicator, Measurement

# The indicators are the plan's: the plan's editors keep them, with the plan's flags.
PLAN_FLAGS = (plan_permissions,)


def _indicator(request: CtgRequest, indicator_uuid: uuid.UUID) -> Indicator:
    visible = Action.objects.visible_to(request.user).select_related("axis")
    try:
        return (
            Indicator.objects.filter(convention=request.ctg)
            .prefetch_related(
                "measurements", Prefetch("actions", queryset=visible), "objectives__axis"
            )
            .get(uuid=indicator_uuid)
        )
    except Indicator.DoesNotExist as exc:
        raise Http404("Indicateur introuvable.") from exc


@ctg_view(flags=PLAN_FLAGS)
def indicator_list(request: CtgRequest) -> HttpResponse:
    indicators = Indicator.objects.filter(convention=request.ctg).prefetch_related("measurements")
    rows = [(i, list(i.measurements.all())[-1:]) for i in indicators]
    return ctg_render(request, "indicators/list.html", rows=rows)


@ctg_view(flags=PLAN_FLAGS)
def indicator_detail(request: CtgRequest, indicator_uuid: uuid.UUID) -> HttpResponse:
    indicator = _indicator(request, indicator_uuid)
    return ctg_render(
        request,
        "indicators/detail.html",
        indicator=indicator,
        chart=mark_safe(line_chart_svg(indicator.chart_series())),  # noqa: S308 — escaped by the chart
        form=MeasurementForm(),
    )


@require_http_methods(["GET", "POST"])
@ctg_view("can_edit_plan", flags=PLAN_FLAGS)
@creates_once  # its creation form (``create``)
def indicator_edit(request: CtgRequest, indicator_uuid: uuid.UUID | None = None) -> HttpResponse:
    convention = request.ctg
    indicator = _indicator(request, indicator_uuid) if indicator_uuid else None
    form = IndicatorForm(request.POST or None, instance=indicator, convention=convention)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            with once(request):  # without a token when editing
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
    return ctg_render(request, "indicators/form.html", form=form, indicator=indicator)


@require_POST
@ctg_view("can_edit_plan", flags=PLAN_FLAGS)
def measurement_add(request: CtgRequest, indicator_uuid: uuid.UUID) -> HttpResponse:
    indicator = _indicator(request, indicator_uuid)
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
        "indicators:detail", convention_uuid=request.ctg.uuid, indicator_uuid=indicator.uuid
    )


@require_http_methods(["GET", "POST"])
@ctg_view("can_edit_plan", flags=PLAN_FLAGS)
def measurement_edit(
    request: CtgRequest, indicator_uuid: uuid.UUID, measurement_uuid: uuid.UUID
) -> HttpResponse:
    indicator = _indicator(request, indicator_uuid)
    measurement = get_object_or_404(Measurement, indicator=indicator, uuid=measurement_uuid)
    form = MeasurementForm(
        request.POST or None,
        initial={
            "date": measurement.date,
            "value": measurement.value,
            "comment": measurement.comment,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.measurement_update(
                measurement=measurement, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Valeur enregistrée.")
            return redirect(
                "indicators:detail", convention_uuid=request.ctg.uuid, indicator_uuid=indicator.uuid
            )
    return ctg_render(request, "indicators/measurement_form.html", form=form, indicator=indicator)


@require_POST
@ctg_view("can_edit_plan", flags=PLAN_FLAGS)
def measurement_delete(
    request: CtgRequest, indicator_uuid: uuid.UUID, measurement_uuid: uuid.UUID
) -> HttpResponse:
    indicator = _indicator(request, indicator_uuid)
    measurement = get_object_or_404(Measurement, indicator=indicator, uuid=measurement_uuid)
    services.measurement_delete(measurement=measurement, by=request.user)
    messages.success(request, "Valeur supprimée.")
    return redirect(
        "indicators:detail", convention_uuid=request.ctg.uuid, indicator_uuid=indicator.uuid
    )
