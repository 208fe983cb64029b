from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Maillage — administration de la plateforme"
admin.site.site_title = "Maillage"

urlpatterns = [
    path("", include("maillage.web.urls")),
    path("", include("maillage.accounts.urls")),
    path("", include("maillage.jobs.urls")),
    path("", include("maillage.outbox.urls")),
    path("ctg/", include("maillage.conventions.urls")),
    path("", include("maillage.plans.urls")),
    path("", include("maillage.indicators.urls")),
    path("", include("maillage.network.urls")),
    path("", include("maillage.governance.urls")),
    path("", include("maillage.departement.urls")),
    path("", include("maillage.activity.urls")),
    path("admin/", admin.site.urls),
]
