"""Access-matrix rows of the activity app: the CDC's journal, the annual report, the Caf's
due dates.

In each CTG the target objects belong to its CDC: a journal entry, a held COPIL, an
interaction, a draft report (for the CDC's writes and the élu's approval) and a report
sent to the Caf (for the CDT's review). CTG A's référent CDT is the matrix's ``cdt``; CTG B
has none. A report the user may not read answers 404, like anything of another CTG.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity import services
from maillage.activity.models import ReportRemark
from maillage.conventions.models import ConventionMembership
from maillage.governance import services as governance
from maillage.network import services as network

from ..conftest import World
from ..factories import OrganisationFactory, UserFactory
from .matrix_base import CAF_ROLES, Global, Rule, s
from .matrix_base import ctg as _ctg
from .matrix_departement import CAF_STAFF, CafRule, caf_kwargs


@dataclass(frozen=True)
class ByRole(Rule):
    """A CTG-scoped URL whose status differs per role (403, 404 or success)."""

    own_statuses: dict[str, int] = field(default_factory=dict)
    other_statuses: dict[str, int] = field(default_factory=dict)

    def expected(self, role: str, target: str) -> int:
        if role == "anonymous":
            return 302
        if target == "other_caf" or (target == "other_ctg" and role not in CAF_ROLES):
            return 404
        statuses = self.own_statuses if target == "own" else self.other_statuses
        return statuses.get(role, 403)


def by_role(own: dict[str, int], other: dict[str, int] | None = None) -> ByRole:
    return ByRole(own=s(), other_ctg=s(), own_statuses=own, other_statuses=other or {})


JOURNAL = Rule(own=s("cdc"), other_ctg=s())
JOURNAL_POST = Rule(own=s("cdc"), other_ctg=s(), ok=302)
REPORTS = Rule(own=s("cdc", "elu", *CAF_ROLES), other_ctg=s(*CAF_ROLES))
REPORT_START = Rule(own=s("cdc"), other_ctg=s(), ok=302)
# The report sent to the Caf: the CTG's CDC and élu, and its référent CDT, read it; the
# Caf's other roles only once validated (404 until then).
NO_READ = {"conseiller": 404, "caf_admin": 404}
SENT_READ = by_role({"cdc": 200, "elu": 200, "cdt": 200, **NO_READ}, {"cdt": 404, **NO_READ})
SENT_REVIEW = by_role({"cdt": 200, "cdc": 403, "elu": 403, **NO_READ}, {"cdt": 404, **NO_READ})
SENT_REVIEW_POST = by_role({"cdt": 302, "cdc": 403, "elu": 403, **NO_READ}, {"cdt": 404, **NO_READ})
# The draft: the CTG's CDC writes, the élu approves; the Caf does not see it (404).
DRAFT = {"cdt": 404, "conseiller": 404, "caf_admin": 404}
DRAFT_WRITE_POST = by_role({"cdc": 302, "elu": 403, **DRAFT}, DRAFT)
# The matrix's draft has empty sections: its CDC gets the page again, saying which.
DRAFT_TRANSMIT_POST = by_role({"cdc": 200, "elu": 403, **DRAFT}, DRAFT)
DRAFT_APPROVE_POST = by_role({"elu": 302, "cdc": 403, **DRAFT}, DRAFT)
# The élu's remarks on the draft: its author changes one, the CDC marks it treated.
REMARK_AUTHOR = by_role({"elu": 200, "cdc": 403, **DRAFT}, DRAFT)
CAF_ADMIN_POST = CafRule(own=s("caf_admin"), other_ctg=s("caf_admin"), ok=302)


def _objects(world: World, target: str) -> dict[str, Any]:
    cache = world.__dict__.setdefault("_activity", {})
    if target not in cache:
        ctg = _ctg(world, target)
        cdc = ConventionMembership.objects.filter(convention=ctg, role="cdc").first().user
        year = timezone.localdate().year - 1
        entry = services.journal_create(
            convention=ctg,
            by=cdc,
            date=timezone.localdate(),
            duration=60,
            description="Préparation du COPIL",
            attendu="elus",
        )
        body = governance.body_create(
            convention=ctg, by=cdc, kind="copil", name="COPIL du journal", frequency="annuelle"
        )
        start = timezone.now() - datetime.timedelta(days=5)
        meeting = governance.meeting_create(
            body=body,
            by=cdc,
            title="COPIL annuel",
            start=start,
            end=start + datetime.timedelta(hours=2),
            place="Mairie",
        )
        meeting.status = "tenue"
        meeting.save()
        organisation = OrganisationFactory(caf=ctg.caf, name=f"Centre social ({ctg.name})")
        network.ensure_partner(convention=ctg, by=cdc, organisation=organisation)
        interaction = network.interaction_create(
            convention=ctg,
            by=cdc,
            date=timezone.localdate(),
            kind="appel",
            subject="Point sur le projet social",
            organisations=[organisation],
        )
        draft = services.report_start(convention=ctg, by=cdc, year=year + 1)
        sent = services.report_start(convention=ctg, by=cdc, year=year)
        for section in sent.sections.all():
            services.section_save(section=section, by=cdc, text="Bilan de la section.")
        services.report_transmit(report=sent, by=cdc)
        # The élu's remark on the draft (on CTG A, whose élu is the matrix's; elsewhere, one
        # its CDC could not have written, there only to be aimed at).
        if target == "own":
            remark = services.remark_add(
                report=draft, by=world.users["elu"], section_key="elus", text="Citez le CLAS."
            )
        else:
            remark = ReportRemark.objects.create(report=draft, author=cdc, text="Remarque.")
        cache[target] = {
            "remark": remark,
            "entry": entry,
            "meeting": meeting,
            "interaction": interaction,
            "draft": draft,
            "sent": sent,
        }
    return cache[target]


def _a(*keys: str, report: str = "", **extra: Any) -> Callable[[World, str], dict[str, Any]]:
    names = {
        "entry": "entry_uuid",
        "meeting": "meeting_uuid",
        "interaction": "interaction_uuid",
        "remark": "remark_uuid",
    }

    def kwargs(w: World, t: str) -> dict[str, Any]:
        objects = _objects(w, t)
        result = {"convention_uuid": _ctg(w, t).uuid, **{names[k]: objects[k].uuid for k in keys}}
        if report:
            result["report_uuid"] = objects[report].uuid
        return {**result, **extra}

    return kwargs


def _due_date_kwargs(world: World, target: str) -> dict[str, Any]:
    caf = world.other_caf if target == "other_caf" else world.caf
    services.due_date_set(
        caf=caf,
        by=_superuser(),
        year=timezone.localdate().year,
        due_date=datetime.date(timezone.localdate().year + 1, 3, 31),
    )
    return {**caf_kwargs(world, target), "year": timezone.localdate().year}


def _superuser() -> Any:
    return User.objects.filter(is_superuser=True).first() or UserFactory(
        email="root.matrix@example.org", is_superuser=True, is_staff=True
    )


# Built once per target for the whole matrix module (see test_access_matrix.module_world).
TARGET_OBJECTS = [_objects]

MATRIX: dict[str, dict[str, Rule | Global]] = {
    "activity:journal": {"GET": JOURNAL},
    "activity:journal_totals": {"GET": JOURNAL},
    "activity:entry_create": {"GET": JOURNAL, "POST": JOURNAL_POST},
    "activity:entry_edit": {"GET": JOURNAL, "POST": JOURNAL_POST},
    "activity:entry_delete": {"POST": JOURNAL_POST},
    "activity:entry_from_meeting": {"POST": JOURNAL_POST},
    "activity:entry_from_interaction": {"POST": JOURNAL_POST},
    "activity:report_list": {"GET": REPORTS},
    "activity:report_start": {"POST": REPORT_START},
    "activity:report_detail": {"GET": SENT_READ},
    "activity:report_export": {"GET": SENT_READ},
    "activity:section_save": {"POST": DRAFT_WRITE_POST},
    "activity:section_insert": {"POST": DRAFT_WRITE_POST},
    "activity:section_refresh": {"POST": DRAFT_WRITE_POST},
    "activity:report_transmit": {"POST": DRAFT_TRANSMIT_POST},
    "activity:report_approve": {"POST": DRAFT_APPROVE_POST},
    "activity:remark_add": {"POST": DRAFT_APPROVE_POST},
    "activity:remark_edit": {"GET": REMARK_AUTHOR, "POST": DRAFT_APPROVE_POST},
    "activity:remark_delete": {"POST": DRAFT_APPROVE_POST},
    "activity:remark_treat": {"POST": DRAFT_WRITE_POST},
    "activity:report_return": {"GET": SENT_REVIEW, "POST": SENT_REVIEW_POST},
    "activity:report_validate": {"POST": SENT_REVIEW_POST},
    "activity:caf_reports": {"GET": CAF_STAFF, "POST": CAF_ADMIN_POST},
    "activity:caf_due_date_delete": {"POST": CAF_ADMIN_POST},
}

KWARGS: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "activity:journal": _a(),
    "activity:journal_totals": _a(),
    "activity:entry_create": _a(),
    "activity:entry_edit": _a("entry"),
    "activity:entry_delete": _a("entry"),
    "activity:entry_from_meeting": _a("meeting"),
    "activity:entry_from_interaction": _a("interaction"),
    "activity:report_list": _a(),
    "activity:report_start": _a(),
    "activity:report_detail": _a(report="sent"),
    "activity:report_export": _a(report="sent", fmt="docx"),
    "activity:section_save": _a(report="draft", key="description"),
    "activity:section_insert": _a(report="draft", key="elus"),
    "activity:section_refresh": _a(report="draft", key="elus"),
    "activity:report_transmit": _a(report="draft"),
    "activity:report_approve": _a(report="draft"),
    "activity:remark_add": _a(report="draft"),
    "activity:remark_edit": _a("remark", report="draft"),
    "activity:remark_delete": _a("remark", report="draft"),
    "activity:remark_treat": _a("remark", report="draft"),
    "activity:report_return": _a(report="sent"),
    "activity:report_validate": _a(report="sent"),
    "activity:caf_reports": caf_kwargs,
    "activity:caf_due_date_delete": _due_date_kwargs,
}


def _entry_form(w: World, t: str) -> dict[str, Any]:
    return {
        "date": timezone.localdate().isoformat(),
        "duration": "1h30",
        "description": "Rencontre avec la directrice du multi-accueil",
        "attendu": "objectifs",
        "mission": "politiques",
        "sphere": "technique",
    }


POST_DATA: dict[str, Callable[[World, str], dict[str, Any]]] = {
    "activity:entry_create": _entry_form,
    "activity:entry_edit": _entry_form,
    "activity:report_start": lambda w, t: {"year": timezone.localdate().year - 2},
    "activity:section_save": lambda w, t: {"description-text": "Une année de coopération."},
    "activity:report_return": lambda w, t: {"comment_elus": "Précisez le rôle des élus."},
    "activity:remark_add": lambda w, t: {"section_key": "elus", "text": "Citez le CLAS."},
    "activity:remark_edit": lambda w, t: {"text": "Citez le CLAS et le LAEP."},
    "activity:remark_treat": lambda w, t: {"etat": "traitee"},
    "activity:caf_reports": lambda w, t: {
        "year": timezone.localdate().year,
        "due_date": f"{timezone.localdate().year + 1}-03-31",
    },
}

# Where a success (302) of each URL leads (see test_access_matrix.check_redirect).
REDIRECTS: dict[str, str | dict[str, str]] = {
    "activity:caf_due_date_delete": "activity:caf_reports",
    "activity:caf_reports": "activity:caf_reports",
    "activity:entry_create": "activity:journal",
    "activity:entry_delete": "activity:journal",
    "activity:entry_edit": "activity:journal",
    "activity:entry_from_interaction": "activity:entry_edit",
    "activity:entry_from_meeting": "activity:entry_edit",
    "activity:report_approve": "activity:report_detail",
    "activity:remark_add": "activity:report_detail",
    "activity:remark_edit": "activity:report_detail",
    "activity:remark_delete": "activity:report_detail",
    "activity:remark_treat": "activity:report_detail",
    "activity:report_return": "activity:report_detail",
    "activity:report_start": "activity:report_detail",
    "activity:report_validate": "activity:report_detail",
    "activity:section_insert": "activity:report_detail",
    "activity:section_refresh": "activity:report_detail",
    "activity:section_save": "activity:report_detail",
}
