"""Pages of the governance: instances, meetings, attendance, minutes, decisions."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maillage.accounts.http import AuthenticatedRequest
from maillage.conventions.context import CtgRequest, ctg_context, ctg_render, ctg_view
from maillage.conventions.models import Convention
from maillage.core.formats import de
from maillage.core.once import creates_once, once
from maillage.organisations.models import Organisation

from . import services
from .enums import BodyKind
from .forms import (
    AgendaItemForm,
    AttendanceForm,
    ChecklistForm,
    DecisionForm,
    InstanceForm,
    InviteForm,
)
from .meeting_pages import MeetingOwner, MeetingPages, NewMeeting
from .members import member_invitees, members_not_invited
from .models import Body, Invitation, Meeting
from .permissions import governance_permissions
from .selectors import (
    MeetingPageData,
    attendance_summary,
    convention_instances,
    convention_meetings,
    copil_checklist,
    get_instance_for_user,
    get_meeting_for_user,
    month_view,
    parse_month,
)

GOVERNANCE_FLAGS = (governance_permissions,)


def governance_view(require: str | None = None) -> Any:
    """Decorate a page of the governance: its CTG resolved with the governance's flags
    (``can_manage``: the CDC convenes and reports)."""
    return ctg_view(require, flags=GOVERNANCE_FLAGS)


class CtgMeetings(MeetingOwner):
    """The meetings of a CTG's instances, for a request :func:`governance_view` resolved."""

    request: CtgRequest
    detail_url = "governance:meeting_detail"
    form_template = "governance/form.html"
    detail_template = "governance/meeting_detail.html"

    @property
    def convention(self) -> Convention:
        return self.request.ctg

    def url_kwargs(self) -> dict[str, uuid.UUID]:
        return {"convention_uuid": self.convention.uuid}

    def can_manage(self) -> bool:
        return self.request.ctg_perms["can_manage"]

    def meeting(self, meeting_uuid: uuid.UUID, *, manage: bool = False) -> Meeting:
        meeting = get_meeting_for_user(self.request.user, self.convention, meeting_uuid)
        if manage and not self.can_manage():
            raise PermissionDenied
        return meeting

    def new_meeting(self, *, instance_uuid: uuid.UUID) -> NewMeeting:  # type: ignore[override]
        instance = _instance(self.request, instance_uuid, manage=True)
        return NewMeeting(
            body=lambda: instance,
            default_title=instance.name,
            page_title=f"Nouvelle réunion — {instance.name}",
            planned="La réunion est planifiée et ses invités enregistrés. "
            "Complétez l'ordre du jour, puis envoyez les convocations.",
            members=member_invitees(instance),
        )

    def context(self, **context: Any) -> dict[str, Any]:
        return ctg_context(self.request, **context)

    def detail_context(
        self, meeting: Meeting, detail: MeetingPageData, *, manage: bool
    ) -> dict[str, Any]:
        invitations: list[Invitation] = detail["invitations"]
        convention = self.convention
        context: dict[str, Any] = {"is_copil": meeting.body.kind == BodyKind.COPIL}
        if context["is_copil"]:
            context["checklist"] = copil_checklist(meeting, invitations)
        if manage:
            if not meeting.is_cancelled:
                context["member_gaps"] = members_not_invited(meeting.body, invitations)
            context.update(
                organisations=represented_choices(convention, invitations),
                agenda_form=AgendaItemForm(convention=convention, user=self.request.user),
                invite_form=InviteForm(convention=convention),
                decision_form=DecisionForm(convention=convention, user=self.request.user),
                checklist_form=ChecklistForm(
                    initial={name: getattr(meeting, name) for name in ChecklistForm.base_fields}
                ),
                attendance_forms={
                    i.pk: AttendanceForm(
                        convention=convention,
                        prefix=str(i.uuid),
                        initial={"status": i.status, "organisation": i.organisation},
                    )
                    for i in invitations
                },
            )
        return context


def _instance(request: CtgRequest, instance_uuid: uuid.UUID, *, manage: bool = False) -> Body:
    instance = get_instance_for_user(request.user, request.ctg, instance_uuid)
    if manage and not request.ctg_perms["can_manage"]:
        raise PermissionDenied
    return instance


def _meeting(request: CtgRequest, meeting_uuid: uuid.UUID) -> tuple[CtgMeetings, Meeting]:
    """A meeting of the CTG the user manages, and its owner to go back to it."""
    owner = CtgMeetings(request)
    return owner, owner.meeting(meeting_uuid, manage=True)


def _form_errors(request: AuthenticatedRequest, form: Any) -> None:
    errors = [
        f"{form.fields[f].label if f in form.fields else ''} : {e}".strip(" :")
        for f, field_errors in form.errors.items()
        for e in field_errors
    ]
    messages.error(request, "Rien n'a été enregistré : " + " ".join(errors))


# ---------------------------------------------------------------------------- lists


@governance_view()
def meeting_list(request: CtgRequest) -> HttpResponse:
    """The meetings the user may see: a list (upcoming, past) or a month calendar."""
    meetings = convention_meetings(request.user, request.ctg)
    now = timezone.now()
    if request.GET.get("vue") == "mois":
        year, month = parse_month(request.GET.get("mois", ""), timezone.localdate())
        return ctg_render(
            request,
            "governance/meeting_calendar.html",
            month=month_view(meetings, year, month),
            weekdays=["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        )
    upcoming = list(meetings.filter(end__gte=now).order_by("start"))
    past = list(meetings.filter(end__lt=now).order_by("-start")[:100])
    return ctg_render(request, "governance/meeting_list.html", upcoming=upcoming, past=past)


@require_GET
@governance_view("can_manage")
def meeting_start(request: CtgRequest) -> HttpResponse:
    """« Nouvelle réunion » from the Gouvernance page: asks which instance, then opens that
    instance's new-meeting form."""
    instances = list(Body.objects.filter(convention=request.ctg).order_by("name"))
    chosen = request.GET.get("instance", "")
    instance = next((i for i in instances if str(i.uuid) == chosen), None)
    if instance is not None:
        return redirect(
            "governance:meeting_create",
            convention_uuid=request.ctg.uuid,
            instance_uuid=instance.uuid,
        )
    if chosen:
        messages.error(request, "Choisissez une instance de la CTG dans la liste.")
    return ctg_render(request, "governance/meeting_start.html", instances=instances)


@governance_view()
def instance_list(request: CtgRequest) -> HttpResponse:
    return ctg_render(
        request,
        "governance/instance_list.html",
        instances=list(convention_instances(request.user, request.ctg)),
    )


def _instance_data(form: InstanceForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data["users"], data["contacts"] = list(data["users"]), list(data["contacts"])
    data["organisations"] = list(data["organisations"])
    return data


@require_http_methods(["GET", "POST"])
@governance_view("can_manage")
@creates_once
def instance_create(request: CtgRequest) -> HttpResponse:
    convention = request.ctg
    form = InstanceForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            with once(request):
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
    return ctg_render(
        request, "governance/form.html", form=form, title="Nouvelle instance", creating=True
    )


@governance_view()
def instance_detail(request: CtgRequest, instance_uuid: uuid.UUID) -> HttpResponse:
    instance = _instance(request, instance_uuid)
    instance = convention_instances(request.user, request.ctg).get(pk=instance.pk)
    meetings = convention_meetings(request.user, request.ctg).filter(body=instance)
    return ctg_render(
        request,
        "governance/instance_detail.html",
        instance=instance,
        meetings=list(meetings.order_by("-start")),
    )


@require_http_methods(["GET", "POST"])
@governance_view()
def instance_edit(request: CtgRequest, instance_uuid: uuid.UUID) -> HttpResponse:
    instance = _instance(request, instance_uuid, manage=True)
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
    form = InstanceForm(request.POST or None, initial=initial, convention=request.ctg)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=instance, by=request.user, **_instance_data(form))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "L'instance a été mise à jour.")
            return redirect(
                "governance:instance_detail",
                convention_uuid=request.ctg.uuid,
                instance_uuid=instance.uuid,
            )
    return ctg_render(
        request,
        "governance/form.html",
        form=form,
        title=f"Modifier l'instance « {instance.name} »",
    )


# ---------------------------------------------------------------------------- meetings

# The pages a CTG's meetings share with the Caf's network (see ``meeting_pages``).
PAGES = MeetingPages(CtgMeetings, governance_view())
meeting_create = PAGES.meeting_create
meeting_detail = PAGES.meeting_detail
meeting_edit = PAGES.meeting_edit
meeting_cancel = PAGES.meeting_cancel
convocations_send = PAGES.convocations_send
minutes_edit = PAGES.minutes_edit
minutes_publish = PAGES.minutes_publish
minutes_document = PAGES.minutes_document
meeting_calendar_file = PAGES.meeting_calendar_file


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


@require_POST
@governance_view()
def checklist(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        services.checklist_update(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "La liste de contrôle du COPIL est enregistrée.")
    return owner.back(meeting, "copil")


# ---------------------------------------------------------------------------- agenda


@require_POST
@governance_view()
@creates_once
def agenda_add(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    form = AgendaItemForm(request.POST, convention=request.ctg, user=request.user)
    if form.is_valid():
        with once(request):
            services.agenda_item_add(meeting=meeting, by=request.user, **form.cleaned_data)
        messages.success(request, "Point ajouté à l'ordre du jour.")
    else:
        _form_errors(request, form)
    return owner.back(meeting, "odj")


@require_POST
@governance_view()
def agenda_move(request: CtgRequest, meeting_uuid: uuid.UUID, item_uuid: uuid.UUID) -> HttpResponse:
    """Move a point of the agenda up or down (``sens`` = haut or bas)."""
    owner, meeting = _meeting(request, meeting_uuid)
    item = get_object_or_404(meeting.agenda, uuid=item_uuid)
    direction = request.POST.get("sens")
    if direction not in {"haut", "bas"}:
        messages.error(request, "Choisissez de monter ou de descendre le point.")
    else:
        services.agenda_item_move(item=item, by=request.user, up=direction == "haut")
    return owner.back(meeting, "odj")


@require_POST
@governance_view()
def agenda_delete(
    request: CtgRequest, meeting_uuid: uuid.UUID, item_uuid: uuid.UUID
) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    item = get_object_or_404(meeting.agenda, uuid=item_uuid)
    services.agenda_item_delete(item=item, by=request.user)
    messages.success(request, "Point retiré de l'ordre du jour.")
    return owner.back(meeting, "odj")


# ---------------------------------------------------------------------------- invitations


@require_POST
@governance_view()
@creates_once
def invitation_add(request: CtgRequest, meeting_uuid: uuid.UUID) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    form = InviteForm(request.POST, convention=request.ctg)
    if not form.is_valid():
        _form_errors(request, form)
        return owner.back(meeting, "invites")
    data = form.cleaned_data
    try:
        with once(request):
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
    return owner.back(meeting, "invites")


@require_POST
@governance_view()
def invitation_update(
    request: CtgRequest, meeting_uuid: uuid.UUID, invitation_uuid: uuid.UUID
) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    invitation = get_object_or_404(
        meeting.invitations.select_related("user", "contact", "message"), uuid=invitation_uuid
    )
    form = AttendanceForm(request.POST, convention=request.ctg, prefix=str(invitation.uuid))
    saved = form.is_valid()
    if saved:
        services.invitation_update(invitation=invitation, by=request.user, **form.cleaned_data)
    if request.htmx:  # inline: the invitee's row is redrawn, and the counters above it
        return ctg_render(
            request,
            "governance/_invitation_saved.html",
            status=200 if saved else 422,
            meeting=meeting,
            i=invitation,
            form=form,
            saved=saved,
            organisations=represented_choices(request.ctg, [invitation]),
            attendance=attendance_summary(list(meeting.invitations.only("pk", "status"))),
        )
    if saved:
        messages.success(request, f"Présence {de(invitation.name)} enregistrée.")
    else:
        _form_errors(request, form)
    return owner.back(meeting, "invites")


@require_POST
@governance_view()
def invitation_remove(
    request: CtgRequest, meeting_uuid: uuid.UUID, invitation_uuid: uuid.UUID
) -> HttpResponse:
    owner, meeting = _meeting(request, meeting_uuid)
    invitation = get_object_or_404(
        meeting.invitations.select_related("user", "contact", "message"), uuid=invitation_uuid
    )
    services.invitation_remove(invitation=invitation, by=request.user)
    messages.success(request, f"{invitation.name} n'est plus invité·e.")
    return owner.back(meeting, "invites")
