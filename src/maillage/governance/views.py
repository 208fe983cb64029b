"""Pages of the governance: instances, meetings, attendance, minutes, decisions."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from maillage.conventions.models import Convention
from maillage.conventions.permissions import convention_permissions
from maillage.conventions.selectors import get_convention_for_user
from maillage.organisations.models import Organisation

from . import meeting_steps as steps
from . import services
from .enums import BodyKind
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    ChecklistForm,
    DecisionForm,
    InstanceForm,
    InviteForm,
    MeetingForm,
    MinutesForm,
)
from .models import Body, Invitation, Meeting
from .permissions import can_manage_governance, can_read_minutes
from .selectors import (
    convention_instances,
    convention_meetings,
    copil_checklist,
    get_instance_for_user,
    get_meeting_for_user,
    meeting_page_data,
    month_view,
    parse_month,
)


def _convention(
    request: HttpRequest, convention_uuid: uuid.UUID, *, manage: bool = False
) -> Convention:
    convention = get_convention_for_user(request.user, convention_uuid)
    if manage and not can_manage_governance(request.user, convention):
        raise PermissionDenied
    return convention


def _instance(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    instance_uuid: uuid.UUID,
    *,
    manage: bool = False,
) -> tuple[Convention, Body]:
    convention = get_convention_for_user(request.user, convention_uuid)
    instance = get_instance_for_user(request.user, convention, instance_uuid)
    if manage and not can_manage_governance(request.user, convention):
        raise PermissionDenied
    return convention, instance


def _meeting(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    *,
    manage: bool = False,
) -> tuple[Convention, Meeting]:
    convention = get_convention_for_user(request.user, convention_uuid)
    meeting = get_meeting_for_user(request.user, convention, meeting_uuid)
    if manage and not can_manage_governance(request.user, convention):
        raise PermissionDenied
    return convention, meeting


def _render(
    request: HttpRequest, template: str, convention: Convention, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "convention": convention,
            "can_manage": can_manage_governance(request.user, convention),
            **convention_permissions(request.user, convention),
            **context,
        },
    )


def _back(convention: Convention, meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect(
        "governance:meeting_detail", convention_uuid=convention.uuid, meeting_uuid=meeting.uuid
    )
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _form_errors(request: HttpRequest, form: Any) -> None:
    errors = [
        f"{form.fields[f].label if f in form.fields else ''} : {e}".strip(" :")
        for f, field_errors in form.errors.items()
        for e in field_errors
    ]
    messages.error(request, "Rien n'a été enregistré : " + " ".join(errors))


# ---------------------------------------------------------------------------- lists


def meeting_list(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    """The meetings the user may see: a list (upcoming, past) or a month calendar."""
    convention = _convention(request, convention_uuid)
    meetings = convention_meetings(request.user, convention)
    now = timezone.now()
    if request.GET.get("vue") == "mois":
        year, month = parse_month(request.GET.get("mois", ""), timezone.localdate())
        return _render(
            request,
            "governance/meeting_calendar.html",
            convention,
            month=month_view(meetings, year, month),
            weekdays=["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        )
    upcoming = list(meetings.filter(end__gte=now).order_by("start"))
    past = list(meetings.filter(end__lt=now).order_by("-start")[:100])
    return _render(
        request, "governance/meeting_list.html", convention, upcoming=upcoming, past=past
    )


def instance_list(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _convention(request, convention_uuid)
    return _render(
        request,
        "governance/instance_list.html",
        convention,
        instances=list(convention_instances(request.user, convention)),
    )


def _instance_data(form: InstanceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["users"], data["contacts"] = list(data["users"]), list(data["contacts"])
    data["organisations"] = list(data["organisations"])
    return data


@require_http_methods(["GET", "POST"])
def instance_create(request: HttpRequest, convention_uuid: uuid.UUID) -> HttpResponse:
    convention = _convention(request, convention_uuid, manage=True)
    form = InstanceForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            instance = services.body_create(
                convention=convention, by=request.user, **_instance_data(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"L'instance « {instance.name} » a été créée.")
            return redirect(
                "governance:instance_detail",
                convention_uuid=convention.uuid,
                instance_uuid=instance.uuid,
            )
    return _render(
        request, "governance/form.html", convention, form=form, title="Nouvelle instance"
    )


def instance_detail(
    request: HttpRequest, convention_uuid: uuid.UUID, instance_uuid: uuid.UUID
) -> HttpResponse:
    convention, instance = _instance(request, convention_uuid, instance_uuid)
    instance = convention_instances(request.user, convention).get(pk=instance.pk)
    meetings = convention_meetings(request.user, convention).filter(body=instance)
    return _render(
        request,
        "governance/instance_detail.html",
        convention,
        instance=instance,
        meetings=list(meetings.order_by("-start")),
    )


@require_http_methods(["GET", "POST"])
def instance_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, instance_uuid: uuid.UUID
) -> HttpResponse:
    convention, instance = _instance(request, convention_uuid, instance_uuid, manage=True)
    members = list(instance.members.all())
    initial = {
        "kind": instance.kind,
        "name": instance.name,
        "theme": instance.theme,
        "frequency": instance.frequency,
        "description": instance.description,
        "users": [m.user_id for m in members if m.user_id],
        "contacts": [m.contact_id for m in members if m.contact_id],
        "organisations": [m.organisation_id for m in members if m.organisation_id],
    }
    form = InstanceForm(request.POST or None, initial=initial, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=instance, by=request.user, **_instance_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'instance a été mise à jour.")
            return redirect(
                "governance:instance_detail",
                convention_uuid=convention.uuid,
                instance_uuid=instance.uuid,
            )
    return _render(
        request,
        "governance/form.html",
        convention,
        form=form,
        title=f"Modifier l'instance « {instance.name} »",
    )


# ---------------------------------------------------------------------------- meetings


@require_http_methods(["GET", "POST"])
def meeting_create(
    request: HttpRequest, convention_uuid: uuid.UUID, instance_uuid: uuid.UUID
) -> HttpResponse:
    convention, instance = _instance(request, convention_uuid, instance_uuid, manage=True)
    form = MeetingForm(request.POST or None, initial={"title": instance.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                body=instance,
                by=request.user,
                title=data["title"],
                start=data["start"],
                end=data["end"],
                place=data["place"],
                video_link=data["video_link"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                "La réunion est planifiée et les membres de l'instance sont invités. "
                "Complétez l'ordre du jour, puis envoyez les convocations.",
            )
            return _back(convention, meeting)
    return _render(
        request,
        "governance/form.html",
        convention,
        form=form,
        title=f"Nouvelle réunion — {instance.name}",
    )


def represented_choices(
    convention: Convention, invitations: list[Invitation]
) -> list[Organisation]:
    """The organisations an invitee may represent, offered on each row of the attendance:
    the CTG's directory, and whatever an invitation already names (one query)."""
    named = {i.organisation_id for i in invitations if i.organisation_id}
    return list(
        Organisation.objects.filter(caf_id=convention.caf_id)
        .filter(Q(directory_entries__convention=convention) | Q(pk__in=named))
        .distinct()
        .only("uuid", "name")
        .order_by("name")
    )


def meeting_detail(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid)
    manage = can_manage_governance(request.user, convention)
    detail = meeting_page_data(meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "read_minutes": can_read_minutes(request.user, meeting),
        "is_copil": meeting.body.kind == BodyKind.COPIL,
        **detail,
    }
    if context["is_copil"]:
        context["checklist"] = copil_checklist(meeting, detail["invitations"])  # type: ignore[arg-type]
    if manage:
        context.update(
            organisations=represented_choices(convention, detail["invitations"]),  # type: ignore[arg-type]
            agenda_form=AgendaItemForm(convention=convention),
            invite_form=InviteForm(convention=convention),
            decision_form=DecisionForm(convention=convention),
            checklist_form=ChecklistForm(
                initial={name: getattr(meeting, name) for name in ChecklistForm.base_fields}
            ),
            attendance_forms={
                i.pk: AttendanceForm(
                    convention=convention,
                    prefix=str(i.uuid),
                    initial={"status": i.status, "organisation": i.organisation},
                )
                for i in detail["invitations"]  # type: ignore[attr-defined]
            },
        )
    return _render(request, "governance/meeting_detail.html", convention, **context)


@require_http_methods(["GET", "POST"])
def meeting_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    form = MeetingForm(
        request.POST or None, initial=MeetingForm.initial_for(meeting), with_status=True
    )
    if request.method == "POST" and steps.save_meeting(request, meeting, form):
        return _back(convention, meeting)
    return _render(
        request,
        "governance/form.html",
        convention,
        form=form,
        title=f"Modifier la réunion « {meeting.title} »",
        back=meeting,
    )


@require_POST
def meeting_cancel(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    steps.cancel_meeting(request, meeting)
    return _back(convention, meeting)


@require_POST
def convocations_send(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    steps.send_convocations(request, meeting)
    return _back(convention, meeting, "invites")


@require_POST
def checklist(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        services.checklist_update(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "La liste de contrôle du COPIL est enregistrée.")
    return _back(convention, meeting, "copil")


# ---------------------------------------------------------------------------- agenda


@require_POST
def agenda_add(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    form = AgendaItemForm(request.POST, convention=convention)
    if form.is_valid():
        services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "Point ajouté à l'ordre du jour.")
    else:
        _form_errors(request, form)
    return _back(convention, meeting, "odj")


@require_POST
def agenda_move(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    item_uuid: uuid.UUID,
) -> HttpResponse:
    """Move a point of the agenda up or down (``sens`` = haut or bas)."""
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    item = get_object_or_404(meeting.agenda, uuid=item_uuid)
    direction = request.POST.get("sens")
    if direction not in {"haut", "bas"}:
        messages.error(request, "Choisissez de monter ou de descendre le point.")
    else:
        services.agenda_item_move(item=item, by=request.user, up=direction == "haut")
    return _back(convention, meeting, "odj")


@require_POST
def agenda_delete(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    item_uuid: uuid.UUID,
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    item = get_object_or_404(meeting.agenda, uuid=item_uuid)
    services.agenda_item_delete(item=item, by=request.user)
    messages.success(request, "Point retiré de l'ordre du jour.")
    return _back(convention, meeting, "odj")


# ---------------------------------------------------------------------------- invitations


@require_POST
def invitation_add(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    form = InviteForm(request.POST, convention=convention)
    if not form.is_valid():
        _form_errors(request, form)
        return _back(convention, meeting, "invites")
    data = form.cleaned_data
    try:
        if data["email"]:
            invitation = services.invitation_add_by_email(
                meeting=meeting, by=request.user, email=data["email"]
            )
        else:
            invitation = services.invitation_add(
                meeting=meeting, by=request.user, user=data["user"], contact=data["contact"]
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{invitation.name} est invité·e.")
    return _back(convention, meeting, "invites")


@require_POST
def invitation_update(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    invitation_uuid: uuid.UUID,
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    invitation = get_object_or_404(
        meeting.invitations.select_related("user", "contact"), uuid=invitation_uuid
    )
    form = AttendanceForm(request.POST, convention=convention, prefix=str(invitation.uuid))
    saved = form.is_valid()
    if saved:
        services.invitation_update(invitation=invitation, by=request.user, **form.cleaned_data)
    if request.htmx:  # inline: only the invitee's row is redrawn
        return render(
            request,
            "governance/_invitation_row.html",
            {
                "convention": convention,
                "meeting": meeting,
                "i": invitation,
                "form": form,
                "can_manage": True,
                "saved": saved,
                "organisations": represented_choices(convention, [invitation]),
            },
            status=200 if saved else 422,
        )
    if saved:
        messages.success(request, f"Présence de {invitation.name} enregistrée.")
    else:
        _form_errors(request, form)
    return _back(convention, meeting, "invites")


@require_POST
def invitation_remove(
    request: HttpRequest,
    convention_uuid: uuid.UUID,
    meeting_uuid: uuid.UUID,
    invitation_uuid: uuid.UUID,
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    invitation = get_object_or_404(
        meeting.invitations.select_related("user", "contact"), uuid=invitation_uuid
    )
    services.invitation_remove(invitation=invitation, by=request.user)
    messages.success(request, f"{invitation.name} n'est plus invité·e.")
    return _back(convention, meeting, "invites")


# ---------------------------------------------------------------------------- minutes


@require_http_methods(["GET", "POST"])
def minutes_edit(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and steps.save_minutes(request, meeting, form):
        return _back(convention, meeting, "compte-rendu")
    return _render(
        request,
        "governance/form.html",
        convention,
        form=form,
        title=f"Compte rendu — {meeting.title}",
        back=meeting,
    )


@require_POST
def minutes_publish(
    request: HttpRequest, convention_uuid: uuid.UUID, meeting_uuid: uuid.UUID
) -> HttpResponse:
    convention, meeting = _meeting(request, convention_uuid, meeting_uuid, manage=True)
    steps.publish_minutes(request, meeting)
    return _back(convention, meeting, "compte-rendu")
