from __future__ import annotations

from typing import Any

from django import forms

from maillage.accounts.models import User
from maillage.core.enums import Theme
from maillage.core.forms import model_choice_field
from maillage.core.validators import no_control_characters, refuse_control_characters
from maillage.organisations.enums import OrganisationKind
from maillage.organisations.models import Caf, Organisation
from maillage.territories.models import Epci

from .enums import CafRole, ConventionRole, SignatoryRole
from .models import Convention
from .permissions import CONVENTION_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConventionForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label="Thématiques",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Convention
        fields = [
            "name",
            "epci",
            "start_date",
            "end_date",
            "signed_on",
            "renewal_in_progress",
            "cdt",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "signed_on": DateInput(),
        }
        help_texts = {
            "signed_on": "Laisser vide tant que la CTG est en préparation.",
            "renewal_in_progress": "Cocher pendant la préparation de la CTG suivante.",
        }

    def __init__(
        self,
        *args: Any,
        caf: Caf,
        editable: frozenset[str] = CONVENTION_FIELDS.names,
        **kwargs: Any,
    ) -> None:
        """``editable``: the fields the user may change (``convention_editable_fields``)."""
        super().__init__(*args, **kwargs)
        refuse_control_characters(self, "name")
        self.caf = caf
        model_choice_field(self, "cdt").queryset = User.objects.filter(
            caf_memberships__caf=caf,
            caf_memberships__role=CafRole.CDT,
            caf_memberships__is_active=True,
        ).distinct()
        model_choice_field(self, "epci").queryset = Epci.objects.filter(
            communes__departement=caf.departement
        ).distinct()
        if self.instance.pk:
            self.fields["themes"].initial = list(
                self.instance.themes.values_list("theme", flat=True)
            )
        CONVENTION_FIELDS.restrict(self, allowed=editable)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "La date de fin doit être postérieure à la date de début.")
        name = data.get("name")
        if (
            name
            and Convention.objects.filter(caf=self.caf, name=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", "Une CTG de cette Caf porte déjà ce nom.")
        return data

    def _post_clean(self) -> None:
        # The instance is validated by the service (full_clean), with the Caf set.
        pass


class AddEpciForm(forms.Form):
    epci = forms.ModelChoiceField(label="EPCI", queryset=Epci.objects.none())

    def __init__(self, *args: Any, caf: Caf, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "epci").queryset = Epci.objects.filter(
            communes__departement=caf.departement
        ).distinct()


class AddCommuneForm(forms.Form):
    code = forms.CharField(
        label="Code INSEE de la commune",
        min_length=5,
        max_length=5,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class SignatoryForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation existante", queryset=Organisation.objects.none(), required=False
    )
    new_name = forms.CharField(
        label="ou nouvelle organisation : nom",
        required=False,
        max_length=200,
        validators=[no_control_characters],
    )
    new_kind = forms.ChoiceField(
        label="type", choices=[("", "—"), *OrganisationKind.choices], required=False
    )
    role = forms.ChoiceField(label="Rôle", choices=SignatoryRole.choices)

    def __init__(self, *args: Any, caf: Caf, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(caf=caf)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("organisation") and not data.get("new_name", "").strip():
            raise forms.ValidationError(
                "Choisissez une organisation existante ou indiquez le nom d'une nouvelle."
            )
        if not data.get("organisation") and not data.get("new_kind"):
            self.add_error("new_kind", "Indiquez le type de la nouvelle organisation.")
        return data


class InviteForm(forms.Form):
    full_name = forms.CharField(
        label="Nom complet", max_length=150, validators=[no_control_characters]
    )
    email = forms.EmailField(label="Adresse e-mail")
    role = forms.ChoiceField(label="Rôle", choices=ConventionRole.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=ConventionRole.choices)
