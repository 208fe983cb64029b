from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("traitements/", views.job_list, name="list"),
    path("traitements/<uuid:job_uuid>/", views.job_detail, name="detail"),
    path("traitements/<uuid:job_uuid>/fichier/", views.job_file, name="file"),
]
