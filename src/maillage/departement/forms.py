from __future__ import annotations

from typing import Any

from django import forms

from maillage.conventions.models import CafMembership
from maillage.core.enums import Theme
from maillage.core.formats import de
from maillage.governance.enums import Attendance
from maillage.organisations.models import Caf


class CafContactsForm(forms.ModelForm):
    """The mailbox, the practical note and one thématique field per conseiller."""

    class Meta:
        model = Caf
        fields = ["shared_mailbox", "contacts_note"]
        widgets = {"contacts_note": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, conseillers: list[CafMembership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conseillers = conseillers
        for membership in conseillers:
            self.fields[f"theme_{membership.uuid}"] = forms.ChoiceField(
                label=f"Thématique {de(membership.user.full_name)}",
                choices=[("", "—"), *Theme.choices],
                required=False,
                initial=membership.theme,
            )

    def themes(self) -> dict[CafMembership, str]:
        return {m: self.cleaned_data[f"theme_{m.uuid}"] for m in self.conseillers}

    def _post_clean(self) -> None:
        # The service validates and saves the Caf.
        pass


class NetworkAttendanceForm(forms.Form):
    """One attendance choice per invitee of a network meeting, saved together."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"presence_{invitation.uuid}"] = forms.ChoiceField(
                label=f"Présence {de(invitation.name)}",
                choices=Attendance.choices,
                initial=invitation.status,
            )

    def statuses(self) -> dict[Any, str]:
        return {i: self.cleaned_data[f"presence_{i.uuid}"] for i in self.invitations}
