from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms

from maillage.accounts.models import User
from maillage.conventions.forms import DateInput
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.forms import (
    CheckedModelMultipleChoiceField,
    SearchableSelect,
    SearchableSelectMultiple,
    checked_formfield,
    grouped_choices,
    model_choice_field,
)
from maillage.core.validators import no_control_characters, refuse_control_characters
from maillage.core.versioning import VersionField, add_version_field
from maillage.network.selectors import directory_organisations, pilot_contacts
from maillage.organisations.models import Organisation

from .enums import ActionStatus, BudgetNature, Public
from .models import Action, ActionPlan, Objective, Step
from .permissions import ACTION_FIELDS
from .selectors import StepMove, member_users


class AxisForm(forms.Form):
    title = forms.CharField(
        label="Intitulé de l'axe", max_length=300, validators=[no_control_characters]
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label="Intitulé de l'objectif", max_length=300, validators=[no_control_characters]
    )


class ActionForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label="Thématiques",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    publics = forms.MultipleChoiceField(
        label="Public cible",
        choices=Public.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Action
        formfield_callback = checked_formfield
        fields = [
            "axis",
            "title",
            "description",
            "objectives",
            "status",
            "priority",
            "start_date",
            "end_date",
            "progress_manual",
            "pilot",
            "pilot_contact",
            "pilot_organisation",
            "copilots",
            "partners",
            "elu_referent",
            "communes",
            "participation",
            "confidential",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.CheckboxSelectMultiple,
            "copilots": forms.CheckboxSelectMultiple,
            "partners": SearchableSelectMultiple(),
            "communes": SearchableSelectMultiple(),
            "pilot_contact": SearchableSelect(),
            "pilot_organisation": SearchableSelect(),
        }

    def __init__(
        self,
        *args: Any,
        plan: ActionPlan,
        editable: frozenset[str] = ACTION_FIELDS.names,
        **kwargs: Any,
    ) -> None:
        """``editable``: the fields the user may change (``action_editable_fields``); the
        form shows only those."""
        super().__init__(*args, **kwargs)
        refuse_control_characters(self, "title")
        convention = plan.convention
        model_choice_field(self, "axis").queryset = plan.axes.all()
        model_choice_field(self, "objectives").queryset = (
            Objective.objects.filter(axis__plan=plan)
            .select_related("axis")
            .order_by("axis__position", "position", "pk")
        )
        members = member_users(convention)
        for name in ("pilot", "copilots", "elu_referent"):
            model_choice_field(self, name).queryset = members
        model_choice_field(self, "pilot_contact").queryset = pilot_contacts(convention)
        orgs = Organisation.objects.filter(caf_id=convention.caf_id)
        model_choice_field(self, "pilot_organisation").queryset = orgs
        model_choice_field(self, "partners").queryset = orgs
        model_choice_field(self, "communes").queryset = convention.communes.all()
        add_version_field(self, self.instance)
        if self.instance.pk:
            self.fields["themes"].initial = list(
                self.instance.themes.values_list("theme", flat=True)
            )
            self.fields["publics"].initial = list(
                self.instance.publics.values_list("public", flat=True)
            )
        ACTION_FIELDS.restrict(self, allowed=editable)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "La date de fin doit suivre la date de début.")
        if data.get("pilot") and data.get("pilot_contact"):
            self.add_error(
                "pilot_contact",
                "Une fiche a un seul pilote : choisissez un compte ou un contact de l'annuaire, "
                "pas les deux.",
            )
        return data

    def _post_clean(self) -> None:
        # The instance is validated by the service (full_clean) with its plan and number.
        pass


class StepForm(forms.Form):
    name = forms.CharField(label="Nouvelle étape", max_length=300)
    due_date = forms.DateField(label="Échéance", required=False, widget=DateInput())


class StepEditForm(forms.Form):
    name = forms.CharField(label="Étape", max_length=300)
    due_date = forms.DateField(label="Échéance", required=False, widget=DateInput())
    done = forms.BooleanField(label="Faite", required=False)


class StepRescheduleForm(forms.Form):
    """The steps a fiche's editor is offered to move: for each, whether to move it and its
    new date (the one proposed to start with), with the versions the form was opened on."""

    etape = forms.MultipleChoiceField(widget=forms.MultipleHiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        action: Action,
        moves: list[StepMove],
        bounds: tuple[datetime.date, datetime.date],
        **kwargs: Any,
    ) -> None:
        """``bounds``: the first and last dates a step may be moved to, which the date
        pickers offer (the service checks them)."""
        super().__init__(*args, **kwargs)
        first, last = bounds
        self.moves = moves
        add_version_field(self, action)
        keys = [m.step.uuid.hex for m in moves]
        etape = cast(forms.MultipleChoiceField, self.fields["etape"])
        etape.choices = [(k, k) for k in keys]
        etape.initial = keys
        for move in moves:
            key, name = move.step.uuid.hex, move.step.name
            self.fields[f"reporter-{key}"] = forms.BooleanField(
                label=f"Reporter l'étape « {name} »", required=False, initial=True
            )
            self.fields[f"date-{key}"] = forms.DateField(
                label=f"Nouvelle échéance de « {name} »",
                required=False,
                initial=move.proposed,
                widget=DateInput(attrs={"min": f"{first:%Y-%m-%d}", "max": f"{last:%Y-%m-%d}"}),
            )
            self.fields[f"version-{key}"] = VersionField(initial=move.step.version)

    def rows(self) -> list[tuple[StepMove, forms.BoundField, forms.BoundField]]:
        """Each step with its two fields, in the order shown."""
        return [
            (m, self[f"reporter-{m.step.uuid.hex}"], self[f"date-{m.step.uuid.hex}"])
            for m in self.moves
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [m for m in self.moves if data.get(f"reporter-{m.step.uuid.hex}")]
        if not chosen and not self.errors:
            raise forms.ValidationError("Cochez au moins une étape à reporter.")
        for move in chosen:
            key = f"date-{move.step.uuid.hex}"
            if key in data and data[key] is None:
                self.add_error(key, f"Choisissez la nouvelle échéance de « {move.step.name} ».")
        return data

    def chosen(self) -> list[tuple[Step, datetime.date, int | None]]:
        """The steps to move, each with its new date and the version it was shown at."""
        data = self.cleaned_data
        return [
            (m.step, data[f"date-{m.step.uuid.hex}"], data.get(f"version-{m.step.uuid.hex}"))
            for m in self.moves
            if data.get(f"reporter-{m.step.uuid.hex}")
        ]


class BudgetLineForm(forms.Form):
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100)
    nature = forms.ChoiceField(label="Nature", choices=BudgetNature.choices)
    label = forms.CharField(label="Poste", max_length=200, required=False)
    financeur = forms.ModelChoiceField(
        label="Financeur",
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchableSelect(),
    )
    # localize: « 1 200,50 » as a French user types it.
    forecast = forms.DecimalField(
        label="Prévisionnel (€)", min_value=0, max_digits=12, decimal_places=2, localize=True
    )
    actual = forms.DecimalField(
        label="Réalisé (€)",
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
        localize=True,
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "financeur")
        field.queryset = Organisation.objects.filter(caf_id=convention.caf_id)
        own = list(directory_organisations(convention))
        own_ids = {o.pk for o in own}
        grouped_choices(
            field,
            [
                ("Annuaire de la CTG", own),
                (
                    "Autres organisations de la Caf",
                    [o for o in field.queryset.order_by("name") if o.pk not in own_ids],
                ),
            ],
        )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note de suivi", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class BulkForm(forms.Form):
    actions = CheckedModelMultipleChoiceField(queryset=Action.objects.none(), to_field_name="uuid")
    status = forms.ChoiceField(
        label="Nouveau statut",
        required=False,
        choices=[("", "— inchangé —"), *ActionStatus.choices],
    )
    pilot = forms.ModelChoiceField(
        label="Nouveau pilote", required=False, queryset=User.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, plan: ActionPlan, actions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "actions").queryset = actions
        model_choice_field(self, "pilot").queryset = member_users(plan.convention)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("status") and not data.get("pilot"):
            raise forms.ValidationError("Choisissez un nouveau statut ou un nouveau pilote.")
        return data
