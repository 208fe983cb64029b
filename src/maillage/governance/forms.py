"""Forms of the governance pages; the services validate again."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.forms import DateInput
from maillage.conventions.models import Convention
from maillage.core.enums import Theme
from maillage.core.forms import (
    CheckedModelMultipleChoiceField,
    SearchableSelectMultiple,
    model_choice_field,
)
from maillage.core.validators import no_control_characters
from maillage.network.models import Contact
from maillage.organisations.models import Organisation
from maillage.plans.enums import ActionStatus, BudgetNature
from maillage.plans.models import Action, Axis
from maillage.plans.selectors import visible_linked_actions

from .enums import Attendance, BodyKind, DecisionStatus, Frequency, MeetingStatus, PlanChange
from .members import Invitee, invitable_users


def _contacts(convention: Convention) -> QuerySet[Contact]:
    return Contact.objects.filter(convention=convention).select_related("organisation")


def _actions(user: User, convention: Convention) -> QuerySet[Action]:
    # Only the fiches the user may see are offered; a save keeps the links to the others.
    return visible_linked_actions(user, convention)


class ActionChoiceField(CheckedModelMultipleChoiceField):
    """Fiches named by their reference and title."""

    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} — {obj.title}"


class SingleActionChoiceField(forms.ModelChoiceField):
    """One fiche, named by its reference and title."""

    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} — {obj.title}"


class InstanceForm(forms.Form):
    kind = forms.ChoiceField(label="Type d'instance", choices=BodyKind.choices)
    name = forms.CharField(label="Nom", max_length=200, validators=[no_control_characters])
    theme = forms.ChoiceField(
        label="Thématique (groupe de travail)",
        choices=[("", "—"), *Theme.choices],
        required=False,
    )
    frequency = forms.ChoiceField(label="Fréquence attendue", choices=Frequency.choices)
    description = forms.CharField(
        label="Rôle et composition", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    users = CheckedModelMultipleChoiceField(
        label="Membres ayant un compte",
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contacts = CheckedModelMultipleChoiceField(
        label="Contacts de l'annuaire",
        queryset=User.objects.none(),
        required=False,
        widget=SearchableSelectMultiple(),
    )
    organisations = CheckedModelMultipleChoiceField(
        label="Organisations représentées",
        queryset=Organisation.objects.none(),
        required=False,
        widget=SearchableSelectMultiple(),
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "users").queryset = invitable_users(convention).order_by(
            "full_name"
        )
        model_choice_field(self, "contacts").queryset = _contacts(convention)
        model_choice_field(self, "organisations").queryset = Organisation.objects.filter(
            caf_id=convention.caf_id
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == BodyKind.GROUPE_TRAVAIL and not data.get("theme"):
            self.add_error("theme", "Choisissez la thématique du groupe de travail.")
        return data


HELD_CHOICES = [
    (MeetingStatus.TENUE, "l'enregistrer comme tenue"),
    (MeetingStatus.PREVUE, "la garder prévue"),
]
HELD_QUESTION = (
    "La date est passée : cette réunion a-t-elle déjà eu lieu ? Choisissez, puis "
    "enregistrez de nouveau."
)


class MeetingForm(forms.Form):
    """A meeting's date, place and link; on creation, who it invites (``invitees``, all
    ticked) and, for a start in the past, whether it was held (asked once the date is
    known: ``held`` in ``cleaned_data``)."""

    title = forms.CharField(label="Titre", max_length=200, validators=[no_control_characters])
    date = forms.DateField(label="Date", widget=DateInput())
    start_time = forms.TimeField(
        label="Heure de début", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label="Heure de fin", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    place = forms.CharField(label="Lieu", max_length=300, required=False)
    video_link = forms.URLField(
        label="Lien de visioconférence", required=False, assume_scheme="https"
    )

    def __init__(
        self,
        *args: Any,
        with_status: bool = False,
        creating: bool = False,
        invitees: Sequence[Invitee] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.creating = creating
        self.invitees = list(invitees)
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label="Statut",
                choices=[(MeetingStatus.PREVUE, "Prévue"), (MeetingStatus.TENUE, "Tenue")],
            )
        if creating and self.is_bound and self.add_prefix("held") in self.data:
            self._add_held_field()  # asked before: the answer comes with the form
        if self.invitees:
            keys = [i.key for i in self.invitees]
            self.fields["invitees"] = forms.MultipleChoiceField(
                label="Invités",
                choices=[(i.key, i.label) for i in self.invitees],
                initial=keys,
                required=False,
                # One person a line (the field template reads ``stacked``).
                widget=forms.CheckboxSelectMultiple(attrs={"stacked": True}),
                help_text="Les membres de l'instance sont invités ; décochez ceux à ne pas "
                "inviter.",
            )

    def _add_held_field(self) -> None:
        self.fields["held"] = forms.ChoiceField(
            label="Cette réunion a déjà eu lieu",
            choices=HELD_CHOICES,
            required=False,
            widget=forms.RadioSelect,
        )
        self.order_fields(["title", "date", "start_time", "end_time", "held"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in ("title", "place"):
            if data.get(name):
                # One line: calendars and e-mail subjects show these.
                data[name] = " ".join(data[name].split())
        day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
        if day and start and end:
            if end <= start:
                self.add_error("end_time", "L'heure de fin doit suivre l'heure de début.")
            elif not 2000 <= day.year <= 2100:
                self.add_error("date", "Indiquez une date entre 2000 et 2100.")
            else:
                tz = timezone.get_current_timezone()
                data["start"] = datetime.datetime.combine(day, start, tzinfo=tz)
                data["end"] = datetime.datetime.combine(day, end, tzinfo=tz)
        if self.creating:
            self._clean_held(data)
        if "invitees" in self.fields:
            chosen = set(data.get("invitees") or ())
            data["invitees"] = [i for i in self.invitees if i.key in chosen]
        return data

    def _clean_held(self, data: dict[str, Any]) -> None:
        """A start in the past: held or still planned? Asked once, held by default."""
        past = "start" in data and data["start"] <= timezone.now()
        if past and "held" not in self.fields:
            self._add_held_field()
            answered = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            answered[self.add_prefix("held")] = MeetingStatus.TENUE  # the default answer
            self.data = answered
            self.add_error("held", HELD_QUESTION)
            return
        data["held"] = past and data.get("held") != MeetingStatus.PREVUE

    @staticmethod
    def initial_for(meeting: Any) -> dict[str, Any]:
        start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
        return {
            "title": meeting.title,
            "date": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "place": meeting.place,
            "video_link": meeting.video_link,
            "status": meeting.status,
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(label="Point de l'ordre du jour", max_length=300)
    duration = forms.IntegerField(
        label="Durée (minutes)", min_value=1, max_value=600, required=False
    )
    presenter = forms.CharField(label="Présenté par", max_length=200, required=False)
    actions = ActionChoiceField(
        label="Fiches liées",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
        widget=SearchableSelectMultiple(),
    )

    def __init__(self, *args: Any, convention: Convention, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "actions").queryset = _actions(user, convention)


class InviteForm(forms.Form):
    user = forms.ModelChoiceField(
        label="Membre ou personne de la Caf",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    contact = forms.ModelChoiceField(
        label="Contact de l'annuaire", queryset=User.objects.none(), required=False
    )
    email = forms.EmailField(label="Ou son adresse électronique", required=False)

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "user").queryset = invitable_users(convention).order_by(
            "full_name"
        )
        model_choice_field(self, "contact").queryset = _contacts(convention)
        model_choice_field(self, "contact").to_field_name = "uuid"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        chosen = [name for name in ("user", "contact", "email") if data.get(name)]
        if len(chosen) != 1 and not self.errors:
            raise forms.ValidationError(
                "Choisissez une seule personne : un membre, un contact ou une adresse."
            )
        return data


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(label="Présence", choices=Attendance.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation représentée",
        queryset=Organisation.objects.none(),
        required=False,
        to_field_name="uuid",
    )

    def __init__(self, *args: Any, convention: Convention, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = Organisation.objects.filter(
            caf_id=convention.caf_id
        )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label="Compte rendu",
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class ChecklistForm(forms.Form):
    date_agreed_with_cdt = forms.BooleanField(
        label="Date convenue avec le CDT de la Caf", required=False
    )
    review_on_agenda = forms.BooleanField(
        label="Bilan annuel du plan d'actions et des indicateurs à l'ordre du jour",
        required=False,
    )
    adjustments_on_agenda = forms.BooleanField(
        label="Ajustements pour l'année suivante à l'ordre du jour", required=False
    )
    documents_sent = forms.BooleanField(label="Documents envoyés avant la réunion", required=False)
    minutes_sent = forms.BooleanField(
        label="Compte rendu et décisions envoyés après la réunion", required=False
    )


class DecisionForm(forms.Form):
    text = forms.CharField(
        label="Décision", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = forms.ModelChoiceField(
        label="Responsable", queryset=User.objects.none(), required=False, to_field_name="uuid"
    )
    due_date = forms.DateField(label="Échéance", required=False, widget=DateInput())
    status = forms.ChoiceField(label="Statut", choices=DecisionStatus.choices)
    actions = ActionChoiceField(
        label="Fiches concernées",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
        widget=SearchableSelectMultiple(),
    )

    def __init__(self, *args: Any, convention: Convention, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = invitable_users(convention).order_by(
            "full_name"
        )
        model_choice_field(self, "actions").queryset = _actions(user, convention)


class DecisionCommentForm(forms.Form):
    text = forms.CharField(
        label="Votre commentaire",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Écrivez votre commentaire."},
    )


class ApplyForm(forms.Form):
    """One change to the plan, confirmed in the same submission."""

    change = forms.ChoiceField(label="Changement", choices=PlanChange.choices)
    action = SingleActionChoiceField(
        label="Fiche", queryset=User.objects.none(), required=False, to_field_name="uuid"
    )
    status = forms.ChoiceField(
        label="Nouveau statut", choices=[("", "—"), *ActionStatus.choices], required=False
    )
    pilot = forms.ModelChoiceField(
        label="Nouveau pilote", queryset=User.objects.none(), required=False, to_field_name="uuid"
    )
    start_date = forms.DateField(label="Nouveau début", required=False, widget=DateInput())
    end_date = forms.DateField(label="Nouvelle fin prévue", required=False, widget=DateInput())
    year = forms.IntegerField(label="Année", min_value=2000, max_value=2100, required=False)
    nature = forms.ChoiceField(
        label="Nature", choices=[("", "—"), *BudgetNature.choices], required=False
    )
    forecast = forms.DecimalField(
        label="Prévisionnel (€)", min_value=0, max_digits=12, decimal_places=2, required=False
    )
    label = forms.CharField(label="Poste", max_length=200, required=False)
    axis = forms.ModelChoiceField(
        label="Axe de la nouvelle fiche",
        queryset=User.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    title = forms.CharField(
        label="Intitulé de la nouvelle fiche",
        max_length=300,
        required=False,
        validators=[no_control_characters],
    )
    confirm = forms.BooleanField(
        label="Je confirme ce changement du plan d'actions",
        required=True,
        error_messages={"required": "Cochez la case pour confirmer le changement."},
    )

    def __init__(self, *args: Any, convention: Convention, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "action").queryset = _actions(user, convention)
        model_choice_field(self, "pilot").queryset = invitable_users(convention).order_by(
            "full_name"
        )
        model_choice_field(self, "axis").queryset = Axis.objects.filter(plan__convention=convention)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        change = data.get("change")
        needs: dict[str, tuple[str, ...]] = {
            PlanChange.STATUS: ("action", "status"),
            PlanChange.PILOT: ("action", "pilot"),
            PlanChange.DATES: ("action",),
            PlanChange.BUDGET: ("action", "year", "nature", "forecast"),
            PlanChange.NEW_ACTION: ("axis", "title"),
        }
        for name in needs.get(change or "", ()):
            if data.get(name) in (None, ""):
                self.add_error(name, "Ce champ est nécessaire pour ce changement.")
        if change == PlanChange.DATES:
            start, end = data.get("start_date"), data.get("end_date")
            if not start and not end:
                self.add_error("start_date", "Indiquez au moins une date.")
            elif start and end and end < start:
                self.add_error("end_date", "La date de fin doit suivre la date de début.")
        return data
