"""The home page's « À faire »: what needs doing, per role, each item linking to where it is done.

Each app exposes the scoped selectors (``late_actions_for``, ``upcoming_meetings_for``,
``report_dues_for``, ``silent_partners_for``, ``compliance_rows``…); this module only
composes them. Every selector covers all the user's CTGs at once, so the page's query
count does not grow with the data nor with the number of CTGs.
"""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from maillage.activity.enums import EDITABLE, ReportStatus
from maillage.activity.selectors import (
    report_due_dates_between,
    report_dues_for,
    reports_awaiting_validation,
    reports_of_year,
)
from maillage.conventions.enums import CafRole, ConventionRole, ConventionStatus
from maillage.conventions.models import CafMembership, Convention, ConventionMembership
from maillage.departement.compliance import ComplianceFilters, compliance_rows
from maillage.governance.enums import BodyKind, CopilStatus
from maillage.governance.selectors import (
    copil_statuses,
    meetings_between,
    open_decisions_of,
    upcoming_meetings_for,
)
from maillage.network.selectors import silent_partners_for
from maillage.outbox.selectors import undelivered_of
from maillage.plans.selectors import (
    first_overdue,
    late_actions_for,
    piloted_actions_for,
    referent_actions_for,
    steps_due_for,
)
from maillage.plans.selectors import late_reasons as plan_late_reasons

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.activity.models import ActivityReport
    from maillage.activity.selectors import ReportDue
    from maillage.governance.models import Meeting
    from maillage.organisations.models import Caf
    from maillage.plans.models import Action, ProgressAction

STEP_DAYS = 14
MEETINGS_SHOWN = 5
FAILED_SHOWN = 5
# The CTGs that owe a COPIL this year.
RUNNING = (ConventionStatus.EN_COURS, ConventionStatus.EN_RENOUVELLEMENT)

T = TypeVar("T")


@dataclass
class Item:
    """One thing to do or to know: a sentence, the page where it is done, and why."""

    text: str
    url: str
    detail: str = ""
    urgent: bool = False


@dataclass
class Section:
    """A heading and its items; ``empty`` is said when there is none."""

    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = "Rien à faire."
    more: tuple[str, str] | None = None  # (url, link text)
    counted: bool = True  # show how many items (not for a one-line status)


@dataclass
class Block:
    """Everything for one CTG (or one Caf) under one heading."""

    title: str
    role: str
    url: str
    sections: list[Section]


@dataclass
class Agenda:
    failed: Section | None
    ctgs: list[Block]
    cafs: list[Block]


def _d(day: datetime.date | datetime.datetime) -> str:
    if isinstance(day, datetime.datetime):
        return date_format(timezone.localtime(day), "d/m/Y à H\\hi")
    return date_format(day, "d/m/Y")


def _by_ctg(rows: Iterable[T], key: Callable[[T], int]) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def _fiche_url(action: Action) -> str:
    return reverse("plans:action_detail", args=[action.plan.convention.uuid, action.uuid])


def _fiche_label(action: Action) -> str:
    return f"{action.reference} — {action.title}"


def late_reasons(action: Action, today: datetime.date) -> str:
    """Why a late fiche is late, in the fiche page's words (:func:`plans.selectors.late_reasons`).

    The step is the ``overdue_step`` annotation of ``late_actions_for``, or else the first
    of the ``open_steps`` (soonest due first) that is past its date.
    """
    name, due = getattr(action, "overdue_step", None), getattr(action, "overdue_step_due", None)
    overdue = (
        (name, due) if name and due else first_overdue(getattr(action, "open_steps", []), today)
    )
    text = " ; ".join(plan_late_reasons(action, today, overdue))
    return text[:1].upper() + text[1:]


def _meeting_url(meeting: Meeting) -> str:
    convention = meeting.body.convention
    if convention is None:
        return reverse(
            "departement:network_meeting", args=[meeting.body.owner_caf.uuid, meeting.uuid]
        )
    return reverse("governance:meeting_detail", args=[convention.uuid, meeting.uuid])


def _meetings_section(
    convention: Convention, meetings: list[Meeting], *, convocations: bool
) -> Section:
    items = []
    for m in meetings[:MEETINGS_SHOWN]:
        unsent = convocations and m.convened_at is None
        items.append(
            Item(
                text=f"{m.title} — {_d(m.start)}",
                url=_meeting_url(m),
                detail="Convocations non envoyées" if unsent else m.body.name,
                urgent=unsent,
            )
        )
    return Section(
        "reunions",
        "Prochaines réunions",
        items,
        empty="Aucune réunion prévue.",
        more=(reverse("governance:meeting_list", args=[convention.uuid]), "Toutes les réunions"),
    )


def _next_steps(action: Action) -> str:
    steps = getattr(action, "open_steps", [])[:2]
    if not steps:
        return "Aucune étape à venir"
    parts = [f"{s.name} (le {_d(s.due_date)})" if s.due_date else s.name for s in steps]
    return "Prochaines étapes : " + ", ".join(parts)


def _fiche_items(actions: list[ProgressAction], today: datetime.date) -> list[Item]:
    return [
        Item(
            text=_fiche_label(a),
            url=_fiche_url(a),
            detail=f"En retard. {late_reasons(a, today)}. {_next_steps(a)}"
            if a.is_late
            else _next_steps(a),
            urgent=a.is_late,
        )
        for a in actions
    ]


# --------------------------------------------------------------------------- CTG roles


def _cdc_sections(
    user: User, conventions: list[Convention], today: datetime.date
) -> dict[int, list[Section]]:
    ids = [c.pk for c in conventions]
    now = timezone.now()
    late = _by_ctg(late_actions_for(user, ids, today), lambda a: a.plan.convention_id)
    steps = _by_ctg(
        steps_due_for(user, ids, today, STEP_DAYS), lambda s: s.action.plan.convention_id
    )
    meetings = _by_ctg(upcoming_meetings_for(user, ids, now), lambda m: m.body.convention_id or 0)
    copils = copil_statuses(ids, today.year)
    dues = report_dues_for(conventions, today)
    reports = _by_ctg(
        [r for r in reports_of_year(ids, today.year - 1) if r.author_id == user.pk],
        lambda r: r.convention_id,
    )
    current = _by_ctg(
        [r for r in reports_of_year(ids, today.year) if r.author_id == user.pk],
        lambda r: r.convention_id,
    )
    silent = _by_ctg(silent_partners_for(ids, today), lambda p: p.convention_id)
    months = settings.MAILLAGE_PARTNER_SILENCE_MONTHS
    result = {}
    for c in conventions:
        result[c.pk] = [
            Section(
                "retard",
                "Fiches en retard",
                [
                    Item(_fiche_label(a), _fiche_url(a), late_reasons(a, today), urgent=True)
                    for a in late.get(c.pk, [])
                ],
                more=(
                    reverse("plans:action_list", args=[c.uuid]) + "?en_retard=1",
                    "Liste des fiches en retard",
                ),
            ),
            Section(
                "etapes",
                f"Étapes à échéance dans les {STEP_DAYS} jours",
                [
                    Item(
                        f"{s.name} ({s.action.reference})",
                        _fiche_url(s.action),
                        f"Échéance le {_d(s.due_date)}",  # type: ignore[arg-type]
                    )
                    for s in steps.get(c.pk, [])
                ],
            ),
            _meetings_section(c, meetings.get(c.pk, []), convocations=True),
            _copil_section(
                c, copils.get(c.pk, CopilStatus.MANQUANT), meetings.get(c.pk, []), today
            ),
            _report_section(c, dues[c.pk], reports.get(c.pk, []), today, current.get(c.pk, [])),
            Section(
                "partenaires",
                f"Partenaires stratégiques sans contact depuis {months} mois",
                [
                    Item(
                        p.organisation.name,
                        reverse("network:partner_detail", args=[c.uuid, p.uuid]),
                        f"Dernier contact le {_d(p.last_contact)}"
                        if p.last_contact
                        else "Aucun contact enregistré",
                    )
                    for p in silent.get(c.pk, [])
                ],
                more=(reverse("network:partner_silent", args=[c.uuid]), "Voir les partenaires"),
            ),
        ]
    return result


def _copil_section(
    convention: Convention, status: str, meetings: list[Meeting], today: datetime.date
) -> Section:
    url = reverse("governance:instance_list", args=[convention.uuid])
    if status == CopilStatus.TENU:
        item = Item(f"COPIL {today.year} tenu", url)
    elif status == CopilStatus.PREVU:
        planned = next((m for m in meetings if m.body.kind == BodyKind.COPIL), None)
        item = Item(
            f"COPIL {today.year} prévu" + (f" le {_d(planned.start)}" if planned else ""),
            _meeting_url(planned) if planned else url,
        )
    else:
        item = Item(
            f"Aucun COPIL tenu ni prévu en {today.year}",
            url,
            "Le référentiel demande au moins un COPIL par an : planifiez-le",
            urgent=True,
        )
    return Section("copil", f"COPIL {today.year}", [item], counted=False)


def _report_section(
    convention: Convention,
    due: ReportDue,
    reports: list[ActivityReport],
    today: datetime.date,
    current: list[ActivityReport] | None = None,
) -> Section:
    """Last year's report until it is sent; then this year's, written as the year goes
    (``current``: the CDC's report on this year, if started)."""
    report = reports[0] if reports else None
    url = (
        reverse("activity:report_detail", args=[convention.uuid, report.uuid])
        if report
        else reverse("activity:report_list", args=[convention.uuid])
    )
    status = ReportStatus(report.status).label if report else due.status_label
    if due.status in (ReportStatus.TRANSMIS, ReportStatus.VALIDE):
        when = "Transmis à la Caf : rien à faire"
    elif due.due:
        when = f"À transmettre au plus tard le {_d(due.due)}"
        if due.is_late:
            when += " : échéance dépassée"
    else:
        when = "La Caf n'a pas encore fixé d'échéance"
    items = [Item(f"Rapport d'activité {due.year} : {status}", url, when, urgent=due.is_late)]
    if report and report.status == ReportStatus.A_COMPLETER:
        n: int = report.comments  # type: ignore[attr-defined]
        items.append(
            Item(
                f"{n} commentaire{'s' if n > 1 else ''} de la Caf en attente"
                if n
                else "Rapport renvoyé pour compléments",
                url,
                "Complétez le rapport puis transmettez-le de nouveau",
                urgent=True,
            )
        )
    if due.status in (ReportStatus.TRANSMIS, ReportStatus.VALIDE) and current is not None:
        draft = current[0] if current else None
        items.append(
            Item(
                f"Rapport d'activité {today.year} : "
                + (ReportStatus(draft.status).label if draft else "pas encore commencé"),
                reverse("activity:report_detail", args=[convention.uuid, draft.uuid])
                if draft
                else reverse("activity:report_list", args=[convention.uuid]),
                "À écrire au fil de l'année : les faits de l'année suivent les données",
            )
        )
        return Section("rapport", "Rapports d'activité", items, counted=False)
    return Section("rapport", f"Rapport d'activité {due.year}", items, counted=False)


def _elu_sections(
    user: User, conventions: list[Convention], today: datetime.date
) -> dict[int, list[Section]]:
    ids = [c.pk for c in conventions]
    reports = _by_ctg(
        [
            r
            for r in reports_of_year(ids, today.year - 1)
            if r.status in EDITABLE and not r.approval_is_current
        ],
        lambda r: r.convention_id,
    )
    decisions = _by_ctg(open_decisions_of(user, ids), lambda d: d.meeting.body.convention_id or 0)
    meetings = _by_ctg(
        upcoming_meetings_for(user, ids, timezone.now()), lambda m: m.body.convention_id or 0
    )
    fiches = _by_ctg(referent_actions_for(user, today), lambda a: a.plan.convention_id)
    result = {}
    for c in conventions:
        approvals = [
            Item(
                f"Rapport d'activité {r.year} à approuver",
                reverse("activity:report_detail", args=[c.uuid, r.uuid]),
                f"Rédigé par {r.author.full_name}",
            )
            for r in reports.get(c.pk, [])
        ] + [
            Item(
                f"Décision : {d.text[:100]}",
                reverse("governance:meeting_detail", args=[c.uuid, d.meeting.uuid]) + "#decisions",
                f"{d.get_status_display()}"
                + (f", échéance le {_d(d.due_date)}" if d.due_date else "")
                + f" ({d.meeting.title})",
                urgent=bool(d.due_date and d.due_date < today),
            )
            for d in decisions.get(c.pk, [])
        ]
        result[c.pk] = [
            Section("approuver", "À approuver ou à suivre", approvals),
            _meetings_section(c, meetings.get(c.pk, []), convocations=False),
            Section(
                "referent",
                "Fiches dont vous êtes l'élu·e référent·e",
                _fiche_items(fiches.get(c.pk, []), today),
                empty="Aucune fiche en cours.",
            ),
        ]
    return result


def _pilot_sections(
    user: User, conventions: list[Convention], today: datetime.date
) -> dict[int, list[Section]]:
    fiches = _by_ctg(piloted_actions_for(user, today), lambda a: a.plan.convention_id)
    return {
        c.pk: [
            Section(
                "pilotees",
                "Fiches que vous pilotez ou copilotez",
                _fiche_items(fiches.get(c.pk, []), today),
                empty="Aucune fiche en cours.",
            )
        ]
        for c in conventions
    }


BUILDERS = {
    ConventionRole.CDC: _cdc_sections,
    ConventionRole.ELU: _elu_sections,
    ConventionRole.TECHNICIEN: _pilot_sections,
    ConventionRole.PARTENAIRE: _pilot_sections,
}


def _failed_section(user: User) -> Section:
    failed = list(undelivered_of(user).order_by("-created_at")[: FAILED_SHOWN + 1])
    url = reverse("outbox:undelivered")
    items = [
        Item(m.subject, url, f"Écrit le {_d(m.created_at)}", urgent=True)
        for m in failed[:FAILED_SHOWN]
    ]
    return Section(
        "courriels",
        "Courriels non remis",
        items,
        more=(url, "Tous les courriels non remis") if len(failed) > FAILED_SHOWN else None,
    )


# --------------------------------------------------------------------------- Caf roles


def _month_bounds(today: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    last = calendar.monthrange(today.year, today.month)[1]
    low = datetime.datetime(today.year, today.month, 1, tzinfo=tz)
    return low, low + datetime.timedelta(days=last)


def _caf_sections(user: User, caf: Caf, roles: set[str], today: datetime.date) -> list[Section]:
    rows = compliance_rows(user, caf, ComplianceFilters())
    is_admin = CafRole.CAF_ADMIN in roles
    awaiting = reports_awaiting_validation(caf, None if is_admin else user)
    reports_page = reverse("activity:caf_reports", args=[caf.uuid])
    sent = [
        Item(
            f"{r.convention.name} — rapport {r.year}",
            reverse("activity:report_detail", args=[r.convention.uuid, r.uuid])
            if r.convention.cdt_id == user.pk
            else reports_page,
            f"Transmis le {_d(r.sent_at)} par {r.author.full_name}"  # type: ignore[attr-defined]
            if r.sent_at  # type: ignore[attr-defined]
            else f"Transmis par {r.author.full_name}",
        )
        for r in awaiting
    ]
    compliance = reverse("departement:compliance", args=[caf.uuid])
    missing = [
        Item(
            row.convention.name,
            reverse("governance:meeting_list", args=[row.convention.uuid]),
            f"Aucun COPIL tenu ni prévu en {today.year}",
            urgent=True,
        )
        for row in rows
        if row.convention.copil_status == CopilStatus.MANQUANT
        and row.convention.current_status in RUNNING
    ]
    network = reverse("departement:network", args=[caf.uuid])
    absent = [
        Item(
            row.convention.name,
            network,
            f"{', '.join(row.cdcs)} : présent·e à {row.participation[0]} réunion"
            f"{'s' if row.participation[0] > 1 else ''} du réseau sur {row.participation[1]}"
            " (12 derniers mois)",
        )
        for row in rows
        if row.participation and row.participation[0] < row.participation[1]
    ]
    low, high = _month_bounds(today)
    ids = [row.convention.pk for row in rows]
    month = [
        Item(f"{m.title} — {m.body.owner_name}", _meeting_url(m), _d(m.start))
        for m in meetings_between(user, ids, [caf.pk], low, high)
    ]
    month_name = date_format(today, "F Y")
    for year, due in report_due_dates_between(caf, low.date(), high.date()):
        month.insert(0, Item(f"Rapports d'activité {year} à recevoir", reports_page, _d(due)))
    return [
        Section("valider", "Rapports transmis en attente de validation", sent),
        Section(
            "copil",
            f"CTG sans COPIL en {today.year}",
            missing,
            more=(f"{compliance}?copil={CopilStatus.MANQUANT}", "Tableau de suivi"),
        ),
        Section(
            "reseau",
            "CTG dont le chargé de coopération a manqué des réunions du réseau",
            absent,
            more=(network, "Réseau des chargés de coopération"),
        ),
        Section(
            "echeances", f"Échéances de {month_name}", month, empty="Aucune échéance ce mois-ci."
        ),
    ]


# --------------------------------------------------------------------------- the page


def home_agenda(user: User, today: datetime.date | None = None) -> Agenda:
    """What the user has to do, by CTG then by Caf, in a constant number of queries."""
    today = today or timezone.localdate()
    memberships = list(
        ConventionMembership.objects.filter(user=user, is_active=True)
        .select_related("convention")
        .order_by("convention__name")
    )
    by_role: dict[str, list[Convention]] = defaultdict(list)
    for m in memberships:
        by_role[m.role].append(m.convention)
    sections: dict[int, list[Section]] = {}
    for role, conventions in by_role.items():
        sections.update(BUILDERS[ConventionRole(role)](user, conventions, today))
    ctgs = [
        Block(
            m.convention.name,
            m.get_role_display(),
            reverse("conventions:detail", args=[m.convention.uuid]),
            sections[m.convention.pk],
        )
        for m in memberships
    ]
    caf_roles: dict[int, set[str]] = defaultdict(set)
    cafs: dict[int, Caf] = {}
    for cm in CafMembership.objects.filter(
        user=user, is_active=True, role__in=[CafRole.CDT, CafRole.CAF_ADMIN]
    ).select_related("caf"):
        caf_roles[cm.caf_id].add(cm.role)
        cafs[cm.caf_id] = cm.caf
    caf_blocks = [
        Block(
            caf.name,
            " et ".join(sorted(CafRole(r).label for r in caf_roles[pk])),
            reverse("departement:compliance", args=[caf.uuid]),
            _caf_sections(user, caf, caf_roles[pk], today),
        )
        for pk, caf in sorted(cafs.items(), key=lambda kv: kv[1].name)
    ]
    failed = _failed_section(user) if ConventionRole.CDC in by_role else None
    return Agenda(failed=failed, ctgs=ctgs, cafs=caf_blocks)
