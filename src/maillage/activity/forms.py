"""Forms of the activity journal, the report's sections and workflow, and the due dates."""

from __future__ import annotations

import datetime
import re
from typing import Any, cast

from django import forms
from django.utils import timezone

from maillage.conventions.forms import DateInput
from maillage.conventions.models import Convention
from maillage.core.forms import model_choice_field
from maillage.core.referentiel import SECTIONS, Mission, Sphere
from maillage.network.models import Contact
from maillage.network.selectors import directory_organisations
from maillage.plans.models import Action

from .models import MAX_MINUTES, JournalEntry

DURATION_HELP = "En minutes (90) ou en heures (1h30, 1 h, 2:15)."


def parse_duration(text: str) -> int | None:
    """« 90 », « 1h30 », « 1 h 30 », « 1:30 », « 2h », « 45 min » → minutes; None if unreadable."""
    value = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d{1,4}(min|mn|m)?", value):
        return int(re.sub(r"\D", "", value))
    match = re.fullmatch(r"(\d{1,2})(?:h|:)(\d{1,2})?(?:min|mn|m)?", value)
    if match:
        minutes = int(match.group(2) or 0)
        if minutes >= 60:
            return None
        return int(match.group(1)) * 60 + minutes
    match = re.fullmatch(r"(\d{1,2})[,.](\d{1,2})h?", value)
    if match:
        return round(float(f"{match.group(1)}.{match.group(2)}") * 60)
    return None


def format_duration(minutes: int | None) -> str:
    if not minutes:
        return ""
    h, m = divmod(minutes, 60)
    if not h:
        return str(m)
    return f"{h}h{m:02d}" if m else f"{h}h"


class DurationInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int):
            return format_duration(value)
        return super().format_value(value)


class JournalEntryForm(forms.ModelForm):
    duration = forms.CharField(
        label="Durée",
        help_text=DURATION_HELP,
        widget=DurationInput(attrs={"inputmode": "text", "autocomplete": "off", "size": 8}),
    )

    class Meta:
        model = JournalEntry
        fields = [
            "date",
            "duration",
            "description",
            "attendu",
            "mission",
            "sphere",
            "action",
            "contact",
            "organisation",
        ]
        widgets = {"date": DateInput()}
        labels = {
            "action": "Fiche action liée",
            "contact": "Contact",
            "organisation": "Organisation",
        }

    def __init__(self, *args: Any, convention: Convention, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Both are optional: the blank choice says so instead of "---------".
        for name, choices in (("mission", Mission.choices), ("sphere", Sphere.choices)):
            cast(forms.ChoiceField, self.fields[name]).choices = [("", "Non précisée"), *choices]
        model_choice_field(self, "action").queryset = (
            Action.objects.visible_to(user)
            .filter(plan__convention=convention)
            .select_related("axis")
            .order_by("axis__number", "number")
        )
        model_choice_field(self, "contact").queryset = Contact.objects.filter(convention=convention)
        model_choice_field(self, "organisation").queryset = directory_organisations(convention)

    def clean_duration(self) -> int:
        minutes = parse_duration(self.cleaned_data["duration"])
        if minutes is None:
            raise forms.ValidationError(f"Durée illisible. {DURATION_HELP}")
        if not 1 <= minutes <= MAX_MINUTES:
            raise forms.ValidationError("Une entrée dure entre 1 minute et 24 heures.")
        return minutes

    def clean_date(self) -> datetime.date:
        day = self.cleaned_data["date"]
        if day > timezone.localdate() + datetime.timedelta(days=7):
            raise forms.ValidationError(
                "Le journal note le travail fait : choisissez une date passée, d'aujourd'hui "
                "ou de cette semaine."
            )
        if day.year < 2000:
            raise forms.ValidationError("Choisissez une date à partir de l'an 2000.")
        return day

    def _post_clean(self) -> None:
        # The service validates the instance (full_clean) with its CTG and author.
        pass


class PeriodForm(forms.Form):
    """A period for the journal's totals (defaults to the current year)."""

    du = forms.DateField(label="Du", widget=DateInput(), required=False)
    au = forms.DateField(label="Au", widget=DateInput(), required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
        if self.is_valid():
            start = self.cleaned_data.get("du") or start
            end = self.cleaned_data.get("au") or end
        return start, end

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("du"), data.get("au")
        if start and end and end < start:
            raise forms.ValidationError("La fin de la période précède son début.")
        if start and end and (end - start).days > 366 * 10:
            raise forms.ValidationError("Choisissez une période de dix ans au plus.")
        return data


class ReportStartForm(forms.Form):
    year = forms.IntegerField(label="Année du rapport", min_value=2000, max_value=2100)


class SectionForm(forms.Form):
    text = forms.CharField(
        label="Bilan",
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class TransmitForm(forms.Form):
    note = forms.CharField(
        label="Message à la Caf (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stale_confirmed = forms.BooleanField(
        label="Transmettre le texte tel qu'il est écrit, faits non mis à jour compris",
        required=False,
    )


class ReturnForm(forms.Form):
    """The CDT's comments, one per section, and a general message."""

    note = forms.CharField(
        label="Message au chargé de coopération",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for section in SECTIONS:
            self.fields[f"comment_{section.key}"] = forms.CharField(
                label=f"Commentaire : {section.title}",
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def comments(self) -> dict[str, str]:
        return {s.key: self.cleaned_data.get(f"comment_{s.key}", "") for s in SECTIONS}


class DueDateForm(forms.Form):
    year = forms.IntegerField(label="Année des rapports", min_value=2000, max_value=2100)
    due_date = forms.DateField(label="À transmettre au plus tard le", widget=DateInput())


class RemarkForm(forms.Form):
    """An élu's remark: on a section of the report, or on the whole of it."""

    section_key = forms.ChoiceField(
        label="Section",
        required=False,
        choices=[("", "L'ensemble du rapport"), *((s.key, s.title) for s in SECTIONS)],
    )
    text = forms.CharField(
        label="Votre remarque", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class RemarkEditForm(forms.Form):
    text = forms.CharField(
        label="Votre remarque", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
