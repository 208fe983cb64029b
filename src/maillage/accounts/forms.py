from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from maillage.core.validators import refuse_control_characters
from maillage.outbox.services import absolute_url, queue_email

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

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Through the outbox, like every e-mail: a mail server down never fails the page.

        The link is built on ``SITE_URL`` like every e-mail's, never on the request's
        Host header.
        """
        link = absolute_url(
            reverse(
                "accounts:password_reset_confirm",
                kwargs={"uidb64": context["uid"], "token": context["token"]},
            )
        )
        context = {**context, "link": link}
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_email(
            to=[to_email],
            subject=subject,
            body=render_to_string(email_template_name, context),
            about="Nouveau mot de passe",
            about_url=link,
        )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "notify_assignments", "notify_minutes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        refuse_control_characters(self, "full_name")
