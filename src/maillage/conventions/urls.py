from django.urls import path

from . import views, views_members

app_name = "conventions"

urlpatterns = [
    path("nouvelle/", views.create, name="create"),
    path("<uuid:convention_uuid>/", views.detail, name="detail"),
    path("<uuid:convention_uuid>/modifier/", views.edit, name="edit"),
    path("<uuid:convention_uuid>/historique/", views.history, name="history"),
    path("<uuid:convention_uuid>/territoire/", views.territory, name="territory"),
    path("<uuid:convention_uuid>/signataires/", views.signatories, name="signatories"),
    path(
        "<uuid:convention_uuid>/signataires/<uuid:signatory_uuid>/retirer/",
        views.signatory_remove,
        name="signatory_remove",
    ),
    path("<uuid:convention_uuid>/membres/", views_members.members, name="members"),
    path(
        "<uuid:convention_uuid>/membres/<uuid:membership_uuid>/role/",
        views_members.member_role,
        name="member_role",
    ),
    path(
        "<uuid:convention_uuid>/membres/<uuid:membership_uuid>/retirer/",
        views_members.member_deactivate,
        name="member_deactivate",
    ),
]
