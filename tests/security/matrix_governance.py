"""Access-matrix rows of the governance app (merged by test_access_matrix).

The target meeting is a COPIL of each CTG, its minutes published. In CTG A the technicien
and the partenaire are invited to it: everyone sees it there, only the CDC manages it.
Its decision has a comment, by the élu in CTG A and by the CDC elsewhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from maillage.conventions.models import ConventionMembership
from maillage.governance import services
from maillage.governance.models import DecisionComment
from maillage.governance.selectors import user_feed
from maillage.plans import services as plan_services
from maillage.plans.selectors import plan_of

from ..conftest import World
from .matrix_base import CAF_ROLES, COMMENT_POST, Global, Rule, s
from .matrix_base import ctg as _ctg

GOV_READ = Rule(
    own=s("cdc", "elu", "technicien", "partenaire", *CAF_ROLES), other_ctg=s(*CAF_ROLES)
)
GOV_MANAGE = Rule(own=s("cdc"), other_ctg=s())
GOV_MANAGE_POST = Rule(own=s("cdc"), other_ctg=s(), ok=302)
# A comment's author corrects or deletes it: the élu's comment on CTG A.
DECISION_COMMENT_AUTHOR = Rule(own=s("elu"), other_ctg=s())
DECISION_COMMENT_AUTHOR_POST = Rule(own=s("elu"), other_ctg=s(), ok=302)


def _gov(world: World, target: str) -> dict[str, Any]:
    """A COPIL with a meeting, its agenda, invitees, document and decision in the target CTG."""
    cache = world.__dict__.setdefault("_governance", {})
    if target not in cache:
        ctg = _ctg(world, target)
        cdc = ConventionMembership.objects.filter(convention=ctg, role="cdc").first().user
        plan = plan_of(ctg)
        axis = plan_services.axis_create(plan=plan, by=cdc, title="Petite enfance")
        action = plan_services.action_create(
            plan=plan, by=cdc, axis=axis, title="Créer une MAM", notify=False
        )
        instance = services.body_create(
            convention=ctg, by=cdc, kind="copil", name="COPIL", frequency="annuelle"
        )
        start = timezone.now() + datetime.timedelta(days=10)
        meeting = services.meeting_create(
            body=instance,
            by=cdc,
            title="COPIL annuel",
            start=start,
            end=start + datetime.timedelta(hours=2),
            place="Mairie",
        )
        item = services.agenda_item_add(meeting=meeting, by=cdc, title="Bilan", actions=[action])
        invitation = services.invitation_add(meeting=meeting, by=cdc, user=cdc)
        if target == "own":
            for role in ("technicien", "partenaire"):
                services.invitation_add(meeting=meeting, by=cdc, user=world.users[role])
        document = services.document_add(
            meeting=meeting, by=cdc, upload=SimpleUploadedFile("odj.txt", b"Ordre du jour")
        )
        decision = services.decision_add(
            meeting=meeting, by=cdc, text="Lancer la MAM", actions=[action]
        )
        services.minutes_save(meeting=meeting, by=cdc, minutes="Le COPIL s'est réuni.")
        services.minutes_publish(meeting=meeting, by=cdc)
        meeting.refresh_from_db()
        author = world.users["elu"] if target == "own" else cdc
        comment = DecisionComment.objects.create(
            decision=decision, author=author, text="À revoir avec la mairie."
        )
        cache[target] = {
            "action": action,
            "instance": instance,
            "meeting": meeting,
            "item": item,
            "invitation": invitation,
            "document": document,
            "decision": decision,
            "comment": comment,
        }
    return cache[target]


NAMES = {
    "instance": "instance_uuid",
    "meeting": "meeting_uuid",
    "item": "item_uuid",
    "invitation": "invitation_uuid",
    "document": "document_uuid",
    "decision": "decision_uuid",
    "comment": "comment_uuid",
}


def _g(*keys: str, **extra: str) -> Callable[[World, str], dict[str, Any]]:
    def kwargs(w: World, t: str) -> dict[str, Any]:
        objects = _gov(w, t)
        return {
            "convention_uuid": _ctg(w, t).uuid,
            **{NAMES[k]: objects[k].uuid for k in keys},
            **extra,
        }

    return kwargs


# Built once per target for the whole matrix module (see test_access_matrix.module_world).
TARGET_OBJECTS = [_gov]

MATRIX: dict[str, dict[str, Rule | Global]] = {
    "governance:meeting_list": {"GET": GOV_READ},
    "governance:meeting_start": {"GET": GOV_MANAGE},
    "governance:instance_list": {"GET": GOV_READ},
    "governance:instance_create": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:instance_detail": {"GET": GOV_READ},
    "governance:instance_edit": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:meeting_create": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:meeting_detail": {"GET": GOV_READ},
    "governance:meeting_edit": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:meeting_cancel": {"POST": GOV_MANAGE_POST},
    "governance:convocations_send": {"POST": GOV_MANAGE_POST},
    "governance:checklist": {"POST": GOV_MANAGE_POST},
    "governance:agenda_add": {"POST": GOV_MANAGE_POST},
    "governance:agenda_delete": {"POST": GOV_MANAGE_POST},
    "governance:agenda_move": {"POST": GOV_MANAGE_POST},
    "governance:invitation_add": {"POST": GOV_MANAGE_POST},
    "governance:invitation_update": {"POST": GOV_MANAGE_POST},
    "governance:invitation_remove": {"POST": GOV_MANAGE_POST},
    "governance:minutes_edit": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:minutes_publish": {"POST": GOV_MANAGE_POST},
    "governance:minutes_document": {"GET": GOV_READ},
    "governance:meeting_ics": {"GET": GOV_READ},
    "governance:document_upload": {"POST": GOV_MANAGE_POST},
    "governance:document_download": {"GET": GOV_READ},
    "governance:document_delete": {"POST": GOV_MANAGE_POST},
    "governance:decision_add": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:decision_edit": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:decision_apply": {"GET": GOV_MANAGE, "POST": GOV_MANAGE_POST},
    "governance:decision_detail": {"GET": GOV_READ},
    "governance:decision_comment_add": {"POST": COMMENT_POST},
    "governance:decision_comment_edit": {
        "GET": DECISION_COMMENT_AUTHOR,
        "POST": DECISION_COMMENT_AUTHOR_POST,
    },
    "governance:decision_comment_delete": {"POST": DECISION_COMMENT_AUTHOR_POST},
    "governance:feed_settings": {"GET": Global({"*": 200}), "POST": Global({"*": 302})},
    "governance:feed": {"GET": Global({"*": 200}, anonymous=200)},
}

KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "governance:meeting_list": _g(),
    "governance:meeting_start": _g(),
    "governance:instance_list": _g(),
    "governance:instance_create": _g(),
    "governance:instance_detail": _g("instance"),
    "governance:instance_edit": _g("instance"),
    "governance:meeting_create": _g("instance"),
    "governance:meeting_detail": _g("meeting"),
    "governance:meeting_edit": _g("meeting"),
    "governance:meeting_cancel": _g("meeting"),
    "governance:convocations_send": _g("meeting"),
    "governance:checklist": _g("meeting"),
    "governance:agenda_add": _g("meeting"),
    "governance:agenda_delete": _g("meeting", "item"),
    "governance:agenda_move": _g("meeting", "item"),
    "governance:invitation_add": _g("meeting"),
    "governance:invitation_update": _g("meeting", "invitation"),
    "governance:invitation_remove": _g("meeting", "invitation"),
    "governance:minutes_edit": _g("meeting"),
    "governance:minutes_publish": _g("meeting"),
    "governance:minutes_document": _g("meeting", fmt="docx"),
    "governance:meeting_ics": _g("meeting"),
    "governance:document_upload": _g("meeting"),
    "governance:document_download": _g("meeting", "document"),
    "governance:document_delete": _g("meeting", "document"),
    "governance:decision_add": _g("meeting"),
    "governance:decision_edit": _g("meeting", "decision"),
    "governance:decision_apply": _g("meeting", "decision"),
    "governance:decision_detail": _g("meeting", "decision"),
    "governance:decision_comment_add": _g("meeting", "decision"),
    "governance:decision_comment_edit": _g("meeting", "decision", "comment"),
    "governance:decision_comment_delete": _g("meeting", "decision", "comment"),
    "governance:feed": lambda w, t: {"token": user_feed(w.users["cdc"]).token},
}


def _day() -> str:
    return (timezone.localdate() + datetime.timedelta(days=20)).isoformat()


POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "governance:agenda_move": lambda w, t: {"sens": "bas"},
    "governance:instance_create": lambda w, t: {
        "kind": "cotech",
        "name": "Comité technique",
        "frequency": "trimestrielle",
    },
    "governance:instance_edit": lambda w, t: {
        "kind": "copil",
        "name": "COPIL de la CTG",
        "frequency": "annuelle",
    },
    "governance:meeting_create": lambda w, t: {
        "title": "COPIL de printemps",
        "date": _day(),
        "start_time": "14:00",
        "end_time": "16:00",
    },
    "governance:meeting_edit": lambda w, t: {
        "title": "COPIL annuel",
        "date": _day(),
        "start_time": "09:30",
        "end_time": "12:00",
        "status": "prevue",
    },
    "governance:checklist": lambda w, t: {"date_agreed_with_cdt": "on"},
    "governance:agenda_add": lambda w, t: {"title": "Bilan des indicateurs", "duration": "20"},
    "governance:invitation_add": lambda w, t: {"user": w.users["elu"].uuid},
    "governance:invitation_update": lambda w, t: {
        f"{_gov(w, t)['invitation'].uuid}-status": "present"
    },
    "governance:minutes_edit": lambda w, t: {"minutes": "Relevé des échanges."},
    "governance:document_upload": lambda w, t: {
        "fichier": SimpleUploadedFile("support.pdf", b"%PDF-1.4\n%fin\n")
    },
    "governance:decision_add": lambda w, t: {"text": "Ouvrir un LAEP", "status": "a_faire"},
    "governance:decision_edit": lambda w, t: {"text": "Ouvrir deux LAEP", "status": "en_cours"},
    "governance:decision_comment_add": lambda w, t: {"text": "Un point d'étape en juin ?"},
    "governance:decision_comment_edit": lambda w, t: {"text": "Un point d'étape en mai ?"},
    "governance:decision_apply": lambda w, t: {
        "change": "statut",
        "action": _gov(w, t)["action"].uuid,
        "status": "en_cours",
        "confirm": "on",
    },
}

# Where a success (302) of each URL leads (see test_access_matrix.check_redirect).
REDIRECTS: dict[str, str | dict[str, str]] = {
    "governance:agenda_add": "governance:meeting_detail",
    "governance:agenda_delete": "governance:meeting_detail",
    "governance:agenda_move": "governance:meeting_detail",
    "governance:checklist": "governance:meeting_detail",
    "governance:convocations_send": "governance:meeting_detail",
    "governance:decision_add": "governance:meeting_detail",
    "governance:decision_apply": "governance:meeting_detail",
    "governance:decision_edit": "governance:meeting_detail",
    "governance:decision_comment_add": "governance:decision_detail",
    "governance:decision_comment_edit": "governance:decision_detail",
    "governance:decision_comment_delete": "governance:decision_detail",
    "governance:document_delete": "governance:meeting_detail",
    "governance:document_upload": "governance:meeting_detail",
    "governance:feed_settings": "governance:feed_settings",
    "governance:instance_create": "governance:instance_detail",
    "governance:instance_edit": "governance:instance_detail",
    "governance:invitation_add": "governance:meeting_detail",
    "governance:invitation_remove": "governance:meeting_detail",
    "governance:invitation_update": "governance:meeting_detail",
    "governance:meeting_cancel": "governance:meeting_detail",
    "governance:meeting_create": "governance:meeting_detail",
    "governance:meeting_edit": "governance:meeting_detail",
    "governance:minutes_edit": "governance:meeting_detail",
    "governance:minutes_publish": "governance:meeting_detail",
}
