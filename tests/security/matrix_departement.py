"""Access-matrix rows of the departement app: pages of a Caf, not of one CTG."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from maillage.governance import services as governance

from ..conftest import World
from .matrix_base import ALL_ROLES, CAF_ROLES, Global, Rule, s


@dataclass(frozen=True)
class CafRule(Rule):
    """A URL of a Caf: targets ``own`` and ``other_ctg`` name the Caf of CTGs A and B (the
    Savoie), ``other_caf`` another Caf. Everyone with a role in a Caf reaches its pages."""

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return 302
        if target == "other_caf":
            return 404
        return self.ok if role in self.own else 403


CAF_READ = CafRule(own=s(*ALL_ROLES), other_ctg=s(*ALL_ROLES))
CAF_STAFF = CafRule(own=s(*CAF_ROLES), other_ctg=s(*CAF_ROLES))
CAF_ADMIN = CafRule(own=s("caf_admin"), other_ctg=s("caf_admin"))
CAF_ADMIN_POST = CafRule(own=s("caf_admin"), other_ctg=s("caf_admin"), ok=302)


# The network of chargés de coopération: the Caf's staff and the CDCs of its CTGs open it;
# the CDCs of CTGs A and B are invited to the target meeting; the CDT and the responsable
# schedule and report.
NETWORK_READ = CafRule(own=s("cdc", *CAF_ROLES), other_ctg=s("cdc", *CAF_ROLES))
NETWORK_MANAGE = CafRule(own=s("cdt", "caf_admin"), other_ctg=s("cdt", "caf_admin"))
NETWORK_MANAGE_POST = CafRule(own=NETWORK_MANAGE.own, other_ctg=NETWORK_MANAGE.own, ok=302)


def _network_meeting(world: World, target: str) -> Any:
    """A network meeting of the target's Caf, its CDCs invited, its minutes published."""
    cache = world.__dict__.setdefault("_network_meetings", {})
    if target not in cache:
        caf = world.other_caf if target == "other_caf" else world.caf
        body = governance.network_body_get_or_create(caf=caf, by=None)
        start = timezone.now() - datetime.timedelta(days=3)
        meeting = governance.meeting_create(
            body=body,
            by=None,  # type: ignore[arg-type]
            title="Réseau des CDC",
            start=start,
            end=start + datetime.timedelta(hours=2),
        )
        governance.network_invite_cdcs(meeting=meeting, by=None)  # type: ignore[arg-type]
        governance.minutes_save(meeting=meeting, by=None, minutes="Tour de table.")  # type: ignore[arg-type]
        governance.minutes_publish(meeting=meeting, by=None)  # type: ignore[arg-type]
        cache[target] = meeting
    return cache[target]


def network_kwargs(world: World, target: str) -> dict[str, Any]:
    return {**caf_kwargs(world, target), "meeting_uuid": _network_meeting(world, target).uuid}


def _meeting_form(with_status: bool = False) -> Callable[[World, str], dict[str, Any]]:
    day = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    data = {"title": "Réseau des CDC", "date": day, "start_time": "09:30", "end_time": "12:00"}
    if with_status:
        data["status"] = "prevue"
    return lambda w, t: data


def caf_kwargs(world: World, target: str) -> dict[str, Any]:
    caf = world.other_caf if target == "other_caf" else world.caf
    return {"caf_uuid": caf.uuid}


# Built once per target for the whole matrix module (see test_access_matrix.module_world).
TARGET_OBJECTS = [_network_meeting]

MATRIX: dict[str, dict[str, Rule | Global]] = {
    "departement:map": {"GET": CAF_READ},
    "departement:contacts": {"GET": CAF_READ},
    "departement:compliance": {"GET": CAF_STAFF},
    "departement:compliance_export": {"GET": CAF_STAFF},
    "departement:contacts_edit": {"GET": CAF_ADMIN, "POST": CAF_ADMIN_POST},
    "departement:team_two_factor": {"GET": CAF_ADMIN},
    "departement:team_two_factor_reset": {"GET": CAF_ADMIN, "POST": CAF_ADMIN_POST},
    "departement:network": {"GET": NETWORK_READ},
    "departement:network_meeting_create": {"GET": NETWORK_MANAGE, "POST": NETWORK_MANAGE_POST},
    "departement:network_meeting": {"GET": NETWORK_READ},
    "departement:network_meeting_edit": {"GET": NETWORK_MANAGE, "POST": NETWORK_MANAGE_POST},
    "departement:network_meeting_cancel": {"POST": NETWORK_MANAGE_POST},
    "departement:network_invite": {"POST": NETWORK_MANAGE_POST},
    "departement:network_attendance": {"POST": NETWORK_MANAGE_POST},
    "departement:network_convocations": {"POST": NETWORK_MANAGE_POST},
    "departement:network_minutes_edit": {"GET": NETWORK_MANAGE, "POST": NETWORK_MANAGE_POST},
    "departement:network_minutes_publish": {"POST": NETWORK_MANAGE_POST},
    "departement:network_minutes_document": {"GET": NETWORK_READ},
    "departement:network_meeting_ics": {"GET": NETWORK_READ},
}
KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "departement:map": caf_kwargs,
    "departement:contacts": caf_kwargs,
    "departement:compliance": caf_kwargs,
    "departement:compliance_export": caf_kwargs,
    "departement:contacts_edit": caf_kwargs,
    "departement:team_two_factor": caf_kwargs,
    "departement:team_two_factor_reset": lambda w, t: {
        **caf_kwargs(w, t),
        "user_uuid": (w.users["cdt_other_caf"] if t == "other_caf" else w.users["cdt"]).uuid,
    },
    "departement:network": caf_kwargs,
    "departement:network_meeting_create": caf_kwargs,
    "departement:network_meeting": network_kwargs,
    "departement:network_meeting_edit": network_kwargs,
    "departement:network_meeting_cancel": network_kwargs,
    "departement:network_invite": network_kwargs,
    "departement:network_attendance": network_kwargs,
    "departement:network_convocations": network_kwargs,
    "departement:network_minutes_edit": network_kwargs,
    "departement:network_minutes_publish": network_kwargs,
    "departement:network_minutes_document": lambda w, t: {**network_kwargs(w, t), "fmt": "pdf"},
    "departement:network_meeting_ics": network_kwargs,
}
POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "departement:contacts_edit": lambda w, t: {
        "shared_mailbox": "partenaires@caf.example.org",
        "contacts_note": "Réponse sous 5 jours ouvrés.",
    },
    "departement:network_meeting_create": _meeting_form(),
    "departement:network_meeting_edit": _meeting_form(with_status=True),
    "departement:network_attendance": lambda w, t: {
        f"presence_{i.uuid}": "present" for i in _network_meeting(w, t).invitations.all()
    },
    "departement:network_minutes_edit": lambda w, t: {"minutes": "Tour de table des CTG."},
    # The target meeting was held three days ago: its convocations go once confirmed.
    "departement:network_convocations": lambda w, t: {"confirmer_date_passee": "1"},
}

# Where a success (302) of each URL leads (see test_access_matrix.check_redirect).
REDIRECTS: dict[str, str | dict[str, str]] = {
    "departement:contacts_edit": "departement:contacts",
    "departement:team_two_factor_reset": "departement:team_two_factor",
    "departement:network_attendance": "departement:network_meeting",
    "departement:network_convocations": "departement:network_meeting",
    "departement:network_invite": "departement:network_meeting",
    "departement:network_meeting_cancel": "departement:network_meeting",
    "departement:network_meeting_create": "departement:network_meeting",
    "departement:network_meeting_edit": "departement:network_meeting",
    "departement:network_minutes_edit": "departement:network_meeting",
    "departement:network_minutes_publish": "departement:network_meeting",
}
