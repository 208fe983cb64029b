"""Named predicates of the activity journal and the annual report. Each states its rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from maillage.conventions.permissions import (
    has_caf_role,
    is_cdc,
    is_elu,
    is_referent_cdt,
)

from .enums import ReportStatus

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention

    from .models import ActivityReport, ReportRemark


can_keep_journal = is_cdc
can_keep_journal.__doc__ = "A CDC of the CTG keeps their own activity journal there."


def can_read_report(user: User, report: ActivityReport) -> bool:
    """CDCs and élus of the CTG read every report; the référent CDT once it is sent;
    the Caf's other roles once it is validated."""
    convention = report.convention
    if is_cdc(user, convention) or is_elu(user, convention):
        return True
    if report.status != ReportStatus.BROUILLON and is_referent_cdt(user, convention):
        return True
    return report.status == ReportStatus.VALIDE and bool(has_caf_role(user, convention))


def can_write_report(user: User, report: ActivityReport) -> bool:
    """The report's author, still a CDC of the CTG, writes it while it is with them."""
    return (
        report.author_id == user.pk and report.is_editable and bool(is_cdc(user, report.convention))
    )


def can_approve_report(user: User, report: ActivityReport) -> bool:
    """An élu référent of the CTG approves the report before it is sent."""
    return report.is_editable and bool(is_elu(user, report.convention))


def can_review_report(user: User, report: ActivityReport) -> bool:
    """The référent CDT comments on a sent report, sends it back or validates it."""
    return report.status == ReportStatus.TRANSMIS and bool(is_referent_cdt(user, report.convention))


def can_read_remarks(user: User, report: ActivityReport) -> bool:
    """The élus' remarks stay within the CTG: its CDCs and élus read them."""
    convention = report.convention
    return bool(is_cdc(user, convention) or is_elu(user, convention))


def can_remark_report(user: User, report: ActivityReport) -> bool:
    """An élu référent of the CTG remarks on the report before approving it, while the CDC
    still writes it."""
    return can_approve_report(user, report)


def can_change_remark(user: User, remark: ReportRemark) -> bool:
    """A remark's author corrects or withdraws it, as long as they may still remark."""
    return remark.author_id == user.pk and can_remark_report(user, remark.report)


def can_treat_remark(user: User, remark: ReportRemark) -> bool:
    """The CDC who writes the report marks the élu's remarks treated (or open again)."""
    return can_write_report(user, remark.report)


def report_permissions(user: User, report: ActivityReport) -> dict[str, bool]:
    """The flags a report's page needs."""
    return {
        "can_write": can_write_report(user, report),
        "can_approve": can_approve_report(user, report),
        "can_review": can_review_report(user, report),
        "can_remark": can_remark_report(user, report),
        "can_read_remarks": can_read_remarks(user, report),
    }


def readable_report_filter(user: User, convention: Convention) -> dict[str, object] | None:
    """The filter on a CTG's reports the user may read (None: all of them)."""
    if is_cdc(user, convention) or is_elu(user, convention):
        return None
    if is_referent_cdt(user, convention):
        return {"status__in": [s for s in ReportStatus.values if s != ReportStatus.BROUILLON]}
    return {"status": ReportStatus.VALIDE}


rules.add_perm("activity.keep_journal", can_keep_journal)
