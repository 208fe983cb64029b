"""Import and export of the directory's contacts, merge of two contacts, RGPD export."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from maillage.conventions.context import CtgRequest, ctg_render
from maillage.conventions.jobs import start_ctg_job
from maillage.conventions.models import Convention
from maillage.core.downloads import attachment, download_name
from maillage.core.uploads import max_body

from . import exports, imports, services
from .forms import MergeForm
from .selectors import DirectoryFilters, directory_contacts, get_contact_for_user
from .views import _data, directory_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX,
    "vcf": "text/vcard; charset=utf-8",
}


@require_GET
@directory_view()
def contact_export(request: CtgRequest, fmt: str) -> HttpResponse:
    convention = request.ctg
    if fmt not in CONTENT_TYPES:
        raise Http404("Format d'export inconnu.")
    if not request.ctg_perms["can_export_directory"]:
        raise PermissionDenied
    filters = DirectoryFilters.from_query(request.GET)
    contacts = list(directory_contacts(request.user, convention, filters))
    with_notes = request.ctg_perms["can_read_notes"]
    if fmt == "csv":
        content = exports.contacts_csv(contacts, with_notes=with_notes)
    elif fmt == "xlsx":
        content = exports.contacts_xlsx(
            contacts, with_notes=with_notes, title=f"Annuaire — {convention.name}"
        )
    else:
        content = exports.contacts_vcf(contacts)
    filename = download_name(convention.name, "annuaire", fmt)
    return attachment(content, filename=filename, content_type=CONTENT_TYPES[fmt])


# --------------------------------------------------------------------------- import


def _session_key(convention: Convention) -> str:
    return f"network-import-{convention.pk}"


class UploadForm(forms.Form):
    fichier = forms.FileField(
        label="Fichier de contacts (.csv ou .xlsx)",
        help_text="Au plus 2 Mo. CSV séparé par des points-virgules ou des virgules, en UTF-8 "
        "ou tel qu'enregistré par Excel ; ou classeur Excel (première feuille). La première "
        "ligne donne le nom des colonnes.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv," + XLSX}),
    )


@max_body(imports.LIMITS.max_bytes)
@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
def contact_import(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = UploadForm(_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            table = imports.read_table(form.cleaned_data["fichier"])
        except imports.FileRefused as exc:
            form.add_error("fichier", f"Fichier refusé : {exc}")
        else:
            request.session[_session_key(convention)] = table.dump()
            return redirect("network:contact_import_map", convention_uuid=convention.uuid)
    return ctg_render(request, "network/import_upload.html", form=form, subnav="import")


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
def contact_import_map(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    key = _session_key(convention)
    try:
        table = imports.Table.load(request.session[key])
    except (KeyError, ValueError, TypeError):
        messages.info(request, "Choisissez d'abord le fichier de contacts à importer.")
        return redirect("network:contact_import", convention_uuid=convention.uuid)
    if request.method == "POST" and request.POST.get("action") == "annuler":
        del request.session[key]
        messages.info(request, "Import abandonné : rien n'a été importé.")
        return redirect("network:directory", convention_uuid=convention.uuid)
    if request.method == "GET":
        mapping = imports.guess_mapping(table.header)
        checked = None
    else:
        mapping = imports.mapping_from(request.POST, table.header)
        checked = imports.check(table, mapping, convention)
        confirmed = request.POST.get("confirme") == "1" or not checked.duplicates
        if checked.ok and request.POST.get("action") == "importer" and confirmed:
            decisions = {
                str(d.line): request.POST.get(f"doublon-{d.line}", imports.SKIP)
                for d in checked.duplicates
            }
            del request.session[key]
            # The rows are checked again and written by a worker, all or nothing.
            return start_ctg_job(
                request,
                kind="network.contact_import",
                title="Import de contacts dans l'annuaire",
                back=reverse("network:contact_import", args=[convention.uuid]),
                params={"table": table.dump(), "mapping": mapping, "decisions": decisions},
            )
    return ctg_render(
        request,
        "network/import_map.html",
        table=table,
        sample=table.rows[:5],
        fields=[(f, mapping.get(f.key)) for f in imports.FIELDS],
        checked=checked,
        subnav="import",
    )


# --------------------------------------------------------------------------- one contact


@require_http_methods(["GET", "POST"])
@directory_view("can_edit_directory")
def contact_merge(request: CtgRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    keep = get_contact_for_user(request.user, convention, contact_uuid)
    form = MergeForm(_data(request), keep=keep)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        name = other.full_name
        try:
            services.contact_merge(keep=keep, other=other, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{name} a été fusionné·e dans {keep.full_name}.")
            return redirect(
                "network:contact_detail", convention_uuid=convention.uuid, contact_uuid=keep.uuid
            )
    return ctg_render(
        request,
        "network/contact_merge.html",
        form=form,
        contact=keep,
        subnav="contacts",
    )


@require_GET
@directory_view("can_export_personal_data")
def contact_data(request: CtgRequest, contact_uuid: uuid.UUID) -> HttpResponse:
    convention = request.ctg
    contact = get_contact_for_user(request.user, convention, contact_uuid)
    filename = download_name(convention.name, f"donnees-contact-{contact.full_name}", "json")
    data = exports.contact_data_json(contact, convention)
    return attachment(data, filename=filename, content_type="application/json")
