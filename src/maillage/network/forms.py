from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from maillage.conventions.forms import DateInput
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.forms import (
    CheckedModelMultipleChoiceField,
    SearchableSelectMultiple,
    checked_formfield,
    model_choice_field,
)
from maillage.core.validators import no_control_characters, refuse_control_characters
from maillage.core.versioning import add_version_field
from maillage.organisations.enums import OrganisationKind, PartnerCategory
from maillage.organisations.models import Organisation

from .fiches import visible_fiches
from .models import Contact, Interaction
from .selectors import addable_organisations, directory_organisations


class ContactForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label="Thématiques",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "function",
            "organisation",
            "category",
            "email",
            "phone",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "notes": "Visibles de l'équipe de la CTG et de la Caf, jamais des partenaires.",
        }

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_control_characters(self, "first_name", "last_name")
        self.convention = convention
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(
            caf_id=convention.caf_id
        )
        add_version_field(self, self.instance)
        if self.instance.pk:
            self.fields["themes"].initial = list(
                self.instance.themes.values_list("theme", flat=True)
            )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email:
            others = Contact.objects.filter(convention=self.convention, email=email)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            other = others.first()
            if other is not None:
                raise forms.ValidationError(
                    f"{other.full_name} a déjà cette adresse dans l'annuaire de la CTG."
                )
        return email

    def _post_clean(self) -> None:
        # The service validates the instance (full_clean) with its CTG.
        pass


class PartnerAddForm(forms.Form):
    """Add an organisation to the directory: an existing one of the Caf, or a new one."""

    organisation = forms.ModelChoiceField(
        label="Organisation existante de la Caf",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="— Nouvelle organisation (à décrire ci-dessous) —",
    )
    name = forms.CharField(
        label="Nom de la nouvelle organisation",
        max_length=200,
        required=False,
        validators=[no_control_characters],
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label="Catégorie de partenaire",
        choices=[("", "Déduite du type"), *PartnerCategory.choices],
        required=False,
    )
    strategic = forms.BooleanField(
        label="Partenaire stratégique",
        required=False,
        help_text="Signalé quand aucun contact n'a eu lieu depuis longtemps.",
    )
    themes = forms.MultipleChoiceField(
        label="Thématiques",
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes privées",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Propres à cette CTG : jamais visibles des autres CTG ni des partenaires.",
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = addable_organisations(convention)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("organisation") is None:
            if not data.get("name", "").strip():
                self.add_error(
                    "name", "Choisissez une organisation existante ou donnez le nom d'une nouvelle."
                )
            if not data.get("kind"):
                self.add_error("kind", "Précisez le type de la nouvelle organisation.")
        elif data.get("name", "").strip():
            self.add_error(
                "name",
                "Choisissez une organisation existante ou créez-en une nouvelle, pas les deux.",
            )
        return data


class PartnerForm(forms.Form):
    """What the CTG keeps on an organisation of its directory."""

    strategic = PartnerAddForm.base_fields["strategic"]
    themes = PartnerAddForm.base_fields["themes"]
    notes = PartnerAddForm.base_fields["notes"]


class _ContactsField(CheckedModelMultipleChoiceField):
    """Contacts named with their organisation, which tells namesakes apart."""

    def label_from_instance(self, obj: Contact) -> str:
        return f"{obj.full_name} ({obj.organisation.name})" if obj.organisation else obj.full_name


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        formfield_callback = checked_formfield
        fields = ["date", "kind", "subject", "contacts", "organisations", "actions", "notes"]
        field_classes = {"contacts": _ContactsField}
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "contacts": SearchableSelectMultiple(),
            "organisations": SearchableSelectMultiple(),
            "actions": SearchableSelectMultiple(),
        }
        help_texts = {
            "notes": "Visibles de l'équipe de la CTG et de la Caf, jamais des partenaires.",
            "contacts": "Tapez un nom pour chercher ; plusieurs contacts peuvent être choisis.",
        }

    def __init__(self, *args: Any, convention: Convention, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "contacts").queryset = Contact.objects.filter(
            convention=convention
        ).select_related("organisation")
        model_choice_field(self, "organisations").queryset = directory_organisations(convention)
        # The fiches are the plan's, which says which ones the user sees: only those are
        # offered (and shown as chosen); the service keeps the links to the others.
        model_choice_field(self, "actions").queryset = visible_fiches(user, convention)

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "Un échange se note une fois qu'il a eu lieu : choisissez une date passée ou "
                "celle d'aujourd'hui."
            )
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("contacts") and not data.get("organisations"):
            raise forms.ValidationError("Choisissez au moins un contact ou une organisation.")
        return data

    def _post_clean(self) -> None:
        # The service validates the instance (full_clean) with its CTG.
        pass


class _MergeCandidateField(forms.ModelChoiceField):
    """Contacts named with every detail that helps to recognise a duplicate."""

    def label_from_instance(self, obj: Contact) -> str:
        details = [obj.full_name, obj.email, obj.organisation.name if obj.organisation else ""]
        return " — ".join(x for x in details if x)


class MergeForm(forms.Form):
    other = _MergeCandidateField(
        label="Contact à fusionner dans celui-ci",
        queryset=Contact.objects.none(),
        help_text="Ce contact sera supprimé ; ses fiches, interactions et informations "
        "passent sur le contact conservé.",
    )

    def __init__(self, *args: Any, keep: Contact, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "other").queryset = (
            Contact.objects.filter(convention_id=keep.convention_id)
            .exclude(pk=keep.pk)
            .select_related("organisation")
        )
