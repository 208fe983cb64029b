from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import QuerySet

from .models import User


class LoginForm(AuthenticationForm):
    """Log in with an e-mail address; one message for every failure."""

    error_messages = {
        "invalid_login": "Adresse e-mail ou mot de passe incorrect.",
        "inactive": "Adresse e-mail ou mot de passe incorrect.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Adresse e-mail"
        self.fields["username"].widget.attrs.update({"autocomplete": "email", "type": "email"})
        self.fields["password"].label = "Mot de passe"

    def clean_username(self) -> str:
        """Addresses are stored in lower case: match them whatever the case typed."""
        return self.cleaned_data["username"].strip().lower()


class InvitedAwarePasswordResetForm(PasswordResetForm):
    """Also sends the link to an invited person who has not chosen a password yet."""

    def get_users(self, email: str) -> QuerySet[User]:
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "notify_assignments"]
