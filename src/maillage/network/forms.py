from __future__ import annotations

from typing import Any

from django import forms

from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.organisations.models import Organisation

from .models import Contact


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
        self.convention = convention
        self.fields["organisation"].queryset = Organisation.objects.filter(caf_id=convention.caf_id)
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
