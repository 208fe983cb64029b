"""E-mails of the report's workflow and the reminders of its due date, queued in the
outbox with the step that causes them (they leave after commit, retried if need be).
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.conventions.enums import ConventionRole
from maillage.conventions.models import Convention, ConventionMembership
from maillage.core.referentiel import SECTION_BY_KEY
from maillage.outbox.services import absolute_url, queue_email

from .enums import ReminderKind, ReportEventKind, ReportStatus
from .models import ActivityReport, ReportDueDate, ReportRemark, ReportReminder

logger = logging.getLogger(__name__)

SUBJECTS: dict[str, str] = {
    ReportEventKind.APPROUVE: "Rapport d'activité approuvé par l'élu·e",
    ReportEventKind.TRANSMIS: "Rapport d'activité transmis",
    ReportEventKind.RENVOYE: "Rapport d'activité à compléter",
    ReportEventKind.VALIDE: "Rapport d'activité validé",
}


def _queue(
    subject: str,
    template: str,
    context: dict[str, object],
    to: list[str],
    *,
    about: str,
    link: str,
    sender: User | None = None,
) -> bool:
    if not to:
        return False
    try:
        queue_email(
            to=to,
            subject=subject,
            body=render_to_string(template, {**context, "link": link}),
            sender=sender,
            about=about,
            about_url=link,
        )
    except ValidationError:  # an address Maillage cannot write to: the step stands
        logger.warning("Courriel non mis en file (adresse refusée) : %s", subject)
        return False
    return True


def reports_url(convention: Convention) -> str:
    """The absolute address of the CTG's reports page."""
    return absolute_url(
        reverse("activity:report_list", kwargs={"convention_uuid": convention.uuid})
    )


def notify(report: ActivityReport, kind: str, *, by: User | None = None) -> bool:
    """E-mail the other side of a workflow step (the référent CDT, or the report's
    author: for the élu's approval too), in the caller's transaction."""
    convention = report.convention
    if kind == ReportEventKind.TRANSMIS:
        cdt = convention.cdt
        to = [cdt.email] if cdt is not None and cdt.is_active else []
    else:
        to = [report.author.email] if report.author.is_active else []
    event = report.events.filter(kind=kind).order_by("-at", "-pk").first()
    link = absolute_url(
        reverse(
            "activity:report_detail",
            kwargs={"convention_uuid": convention.uuid, "report_uuid": report.uuid},
        )
    )
    return _queue(
        f"{SUBJECTS[kind]} : {convention.name}, {report.year}",
        "activity/email/workflow.txt",
        {"report": report, "kind": kind, "event": event, "sections": report.sections.all()},
        to,
        about=f"Rapport d'activité {report.year} de la {convention.ctg_name}",
        link=link,
        sender=by,
    )


def notify_remark(remark: ReportRemark) -> bool:
    """E-mail the report's author an élu's new remark, in the caller's transaction, with
    the address of the section it is about."""
    report = remark.report
    convention = report.convention
    author = report.author
    key = remark.section_key
    path = reverse(
        "activity:report_detail",
        kwargs={"convention_uuid": convention.uuid, "report_uuid": report.uuid},
    )
    return _queue(
        f"Remarque de l'élu·e sur le rapport d'activité : {convention.name}, {report.year}",
        "activity/email/remark.txt",
        {
            "report": report,
            "remark": remark,
            "where": f"la section « {SECTION_BY_KEY[key].title} »"
            if key
            else "l'ensemble du rapport",
        },
        [author.email] if author.is_active else [],
        about=f"Rapport d'activité {report.year} de la {convention.ctg_name}",
        link=absolute_url(f"{path}#{f'section-{key}' if key else 'remarques'}"),
        sender=remark.author,
    )


def reminder_kind(today: datetime.date, due: datetime.date) -> str | None:
    """Which reminder is due today: 14 days before, 3 days before, or once late."""
    days = (due - today).days
    if days < 0:
        return ReminderKind.RETARD
    if days <= 3:
        return ReminderKind.J3
    if days <= 14:
        return ReminderKind.J14
    return None


def send_report_reminders(today: datetime.date | None = None) -> int:
    """Remind each CDC whose report on a year is not sent yet of the Caf's due date.

    Each reminder goes once (14 days before, 3 days before, once late): the reminder is
    recorded and its e-mail queued together. Returns how many e-mails were queued.
    """
    today = today or timezone.localdate()
    sent = 0
    # Reports due within 14 days, or late by less than a year.
    dues = ReportDueDate.objects.filter(
        due_date__lte=today + datetime.timedelta(days=14),
        due_date__gte=today - datetime.timedelta(days=365),
    ).select_related("caf")
    for due in dues:
        kind = reminder_kind(today, due.due_date)
        if kind is None:
            continue
        memberships = ConventionMembership.objects.filter(
            convention__caf=due.caf,
            # The CTGs whose period covers some of the report's year.
            convention__start_date__lte=datetime.date(due.year, 12, 31),
            convention__end_date__gte=datetime.date(due.year, 1, 1),
            role=ConventionRole.CDC,
            is_active=True,
            user__is_active=True,
        ).select_related("convention", "user")
        done = set(
            ActivityReport.objects.filter(
                convention__caf=due.caf,
                year=due.year,
                status__in=[ReportStatus.TRANSMIS, ReportStatus.VALIDE],
            ).values_list("convention_id", "author_id")
        )
        already = set(
            ReportReminder.objects.filter(year=due.year, kind=kind).values_list(
                "convention_id", "user_id"
            )
        )
        for m in memberships:
            key = (m.convention_id, m.user_id)
            if key in done or key in already:
                continue
            try:
                with transaction.atomic():
                    ReportReminder.objects.create(
                        convention=m.convention, user=m.user, year=due.year, kind=kind
                    )
                    queued = _queue(
                        f"Rapport d'activité {due.year} : échéance le {due.due_date:%d/%m/%Y}",
                        "activity/email/reminder.txt",
                        {
                            "convention": m.convention,
                            "user": m.user,
                            "due": due,
                            "kind": kind,
                            "late": kind == ReminderKind.RETARD,
                        },
                        [m.user.email],
                        about=f"Rappel du rapport d'activité {due.year} de la CTG "
                        f"{m.convention.name}",
                        link=reports_url(m.convention),
                    )
            except IntegrityError:
                continue  # another run sent it meanwhile
            sent += queued
    return sent
