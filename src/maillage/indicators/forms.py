from __future__ import annotations

from typing import Any

from django import forms

from maillage.conventions.forms import DateInput
from maillage.core.forms import (
    SearchableSelectMultiple,
    checked_formfield,
    model_choice_field,
)
from maillage.plans.models import Action, Objective

from .models import Indicator


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        formfield_callback = checked_formfield
        fields = [
            "name",
            "unit",
            "definition",
            "source",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "periodicity",
            "actions",
            "objectives",
        ]
        widgets = {
            "baseline_date": DateInput(),
            "target_date": DateInput(),
            "definition": forms.Textarea(attrs={"rows": 3}),
            "actions": SearchableSelectMultiple(),
            "objectives": SearchableSelectMultiple(),
        }

    def __init__(self, *args: Any, convention: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "actions").queryset = Action.objects.filter(
            plan__convention=convention
        ).select_related("axis")
        model_choice_field(self, "objectives").queryset = Objective.objects.filter(
            axis__plan__convention=convention
        ).select_related("axis")


class MeasurementForm(forms.Form):
    date = forms.DateField(label="Date", widget=DateInput())
    value = forms.DecimalField(label="Valeur", max_digits=14, decimal_places=2, localize=True)
    comment = forms.CharField(label="Commentaire", max_length=500, required=False)
