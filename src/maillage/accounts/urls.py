from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import views, views_twofactor
from .forms import InvitedAwarePasswordResetForm

app_name = "accounts"

public = login_not_required

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oubli/",
        public(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                form_class=InvitedAwarePasswordResetForm,
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                success_url=reverse_lazy("accounts:password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        public(
            auth_views.PasswordResetDoneView.as_view(
                template_name="accounts/password_reset_done.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        public(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="accounts/password_reset_confirm.html",
                success_url=reverse_lazy("accounts:password_reset_complete"),
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        public(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="accounts/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path("compte/double-authentification/", views_twofactor.setup, name="two_factor_setup"),
    path(
        "compte/double-authentification/codes-de-secours/",
        views_twofactor.recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("connexion/verification/", views_twofactor.verify, name="two_factor_verify"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
