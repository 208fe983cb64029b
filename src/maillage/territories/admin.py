from django.contrib import admin

from .models import Commune, CommuneContour, Departement, Epci, FormerCommune


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region_code"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "population", "epci", "departement"]
    list_select_related = ["epci", "departement"]
    list_filter = ["departement"]
    search_fields = ["name", "code"]
    raw_id_fields = ["epci"]


@admin.register(FormerCommune)
class FormerCommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "commune"]
    list_select_related = ["commune"]
    search_fields = ["name", "code"]
    raw_id_fields = ["commune"]


@admin.register(CommuneContour)
class CommuneContourAdmin(admin.ModelAdmin):
    list_display = ["commune", "source_codes"]
    list_select_related = ["commune"]
    search_fields = ["commune__name", "commune__code"]
    raw_id_fields = ["commune"]
