"""Writes of the activity journal and the annual report. Views call these, never the ORM."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.conventions.permissions import can_edit_caf_contacts, is_cdc
from maillage.core.facts import Fact, FactScope
from maillage.core.referentiel import SECTION_BY_KEY, SECTIONS, Attendu, Mission, Sphere
from maillage.core.versioning import VERSION_FIELD, claim
from maillage.governance.enums import BodyKind, MeetingStatus
from maillage.network.enums import InteractionKind
from maillage.plans.selectors import visible_action_ids

from . import facts as report_facts
from . import notifications
from .enums import EDITABLE, ReportEventKind, ReportStatus
from .models import (
    MAX_MINUTES,
    ActivityReport,
    JournalEntry,
    ReportDueDate,
    ReportEvent,
    ReportRemark,
    ReportSection,
)
from .permissions import (
    can_approve_report,
    can_change_remark,
    can_keep_journal,
    can_remark_report,
    can_review_report,
    can_treat_remark,
    can_write_report,
)
from .selectors import Totals, journal_totals

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.conventions.models import Convention
    from maillage.governance.models import Meeting
    from maillage.network.models import Interaction
    from maillage.organisations.models import Caf

# ----------------------------------------------------------------------------- journal

JOURNAL_FIELDS = (
    "date",
    "duration",
    "description",
    "mission",
    "attendu",
    "sphere",
    "action",
    "contact",
    "organisation",
)


def _check_links(convention: Convention, by: User, data: dict[str, Any]) -> None:
    """Linked records must belong to the CTG (and a fiche be one the user sees): a forged
    id changes nothing."""
    action, contact = data.get("action"), data.get("contact")
    if action is not None and not visible_action_ids(by, convention).filter(pk=action.pk).exists():
        raise ValidationError({"action": "Cette fiche n'appartient pas à la CTG."})
    if contact is not None and contact.convention_id != convention.pk:
        raise ValidationError({"contact": "Ce contact n'est pas dans l'annuaire de la CTG."})


def _save_entry(entry: JournalEntry) -> JournalEntry:
    entry.full_clean()
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ValidationError("Cette entrée est déjà dans votre journal.") from exc
    return entry


def journal_create(*, convention: Convention, by: User, **data: Any) -> JournalEntry:
    """Add an entry to the user's journal in a CTG."""
    if not can_keep_journal(by, convention):
        raise PermissionDenied
    _check_links(convention, by, data)
    entry = JournalEntry(
        convention=convention, author=by, **{k: v for k, v in data.items() if k in JOURNAL_FIELDS}
    )
    return _save_entry(entry)


def journal_update(*, entry: JournalEntry, by: User, **data: Any) -> JournalEntry:
    """Change one of the user's own entries. A fiche the user may no longer see stays
    linked: the form, which does not show it, cannot unlink it."""
    if entry.author_id != by.pk or not can_keep_journal(by, entry.convention):
        raise PermissionDenied
    _check_links(entry.convention, by, data)
    if (
        entry.action_id is not None
        and data.get("action") is None
        and not visible_action_ids(by, entry.convention).filter(pk=entry.action_id).exists()
    ):
        data = {**data, "action": entry.action}
    for name in JOURNAL_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    return _save_entry(entry)


def journal_delete(*, entry: JournalEntry, by: User) -> None:
    """Remove one of the user's own entries."""
    if entry.author_id != by.pk:
        raise PermissionDenied
    entry.delete()


# What a meeting of each kind of instance is, in the référentiel's terms.
MEETING_CLASSES: dict[str, tuple[str, str, str]] = {
    BodyKind.COPIL: (Mission.POLITIQUES, Attendu.ELUS, Sphere.STRATEGIQUE),
    BodyKind.COTECH: (Mission.POLITIQUES, Attendu.OBJECTIFS, Sphere.TECHNIQUE),
    BodyKind.GROUPE_TRAVAIL: (Mission.RESEAU, Attendu.OBJECTIFS, Sphere.TECHNIQUE),
    BodyKind.EVALUATION: (Mission.POLITIQUES, Attendu.EVALUATION, Sphere.STRATEGIQUE),
    BodyKind.RESEAU_CDC: (Mission.RESEAU, Attendu.PARTENARIATS, Sphere.TECHNIQUE),
}

# A usual length per kind of contact moment, which the CDC corrects if need be.
INTERACTION_MINUTES: dict[str, int] = {
    InteractionKind.REUNION: 90,
    InteractionKind.ENTRETIEN: 60,
    InteractionKind.APPEL: 20,
    InteractionKind.EMAIL: 15,
    InteractionKind.VISITE: 120,
    InteractionKind.EVENEMENT: 180,
}


def journal_from_meeting(
    *, meeting: Meeting, convention: Convention, by: User
) -> tuple[JournalEntry, bool]:
    """The journal entry of a held meeting, made once; returns it and whether it is new."""
    existing = JournalEntry.objects.filter(
        author=by, convention=convention, meeting=meeting
    ).first()
    if existing:
        return existing, False
    if meeting.status != MeetingStatus.TENUE:
        raise ValidationError("Seule une réunion tenue entre dans le journal.")
    mission, attendu, sphere = MEETING_CLASSES[meeting.body.kind]
    minutes = int((meeting.end - meeting.start).total_seconds() // 60)
    entry = JournalEntry(
        convention=convention,
        author=by,
        meeting=meeting,
        date=timezone.localtime(meeting.start).date(),
        duration=max(1, min(minutes, MAX_MINUTES)),
        description=f"{meeting.body.name} : {meeting.title}"[:500],
        mission=mission,
        attendu=attendu,
        sphere=sphere,
    )
    return _save_entry(entry), True


def _with_kind(kind: str, subject: str) -> str:
    """« Appel : relance » — unless the subject already says what kind of contact it was."""
    if subject.lower().startswith(kind.lower()):
        return subject[:500]
    return f"{kind} : {subject}"[:500]


def journal_from_interaction(*, interaction: Interaction, by: User) -> tuple[JournalEntry, bool]:
    """The journal entry of a logged interaction, made once; returns it and whether it is new."""
    existing = JournalEntry.objects.filter(author=by, interaction=interaction).first()
    if existing:
        return existing, False
    contact = interaction.contacts.order_by("pk").first()
    organisation = interaction.organisations.order_by("pk").first()
    action = (
        interaction.actions.filter(pk__in=visible_action_ids(by, interaction.convention))
        .order_by("pk")
        .first()
    )
    entry = JournalEntry(
        convention=interaction.convention,
        author=by,
        interaction=interaction,
        date=interaction.date,
        duration=INTERACTION_MINUTES.get(interaction.kind, 30),
        description=_with_kind(interaction.get_kind_display(), interaction.subject),
        mission=Mission.RESEAU,
        attendu=Attendu.PARTENARIATS,
        sphere=Sphere.TECHNIQUE,
        contact=contact,
        organisation=organisation or (contact.organisation if contact else None),
        action=action,
    )
    return _save_entry(entry), True


# ----------------------------------------------------------------------------- report


def _event(report: ActivityReport, kind: str, by: User | None, note: str = "") -> ReportEvent:
    return ReportEvent.objects.create(report=report, kind=kind, by=by, note=note)


def _check_year(year: int, today: datetime.date) -> None:
    if not 2000 <= year <= today.year:
        raise ValidationError(
            {
                "year": f"Choisissez une année entre 2000 et {today.year} : le rapport porte "
                "sur une année commencée."
            }
        )


@transaction.atomic
def report_start(*, convention: Convention, by: User, year: int) -> ActivityReport:
    """Open the user's report on a year of a CTG, with its empty sections."""
    if not is_cdc(by, convention):
        raise PermissionDenied
    _check_year(year, timezone.localdate())
    if ActivityReport.objects.filter(convention=convention, author=by, year=year).exists():
        raise ValidationError({"year": f"Vous avez déjà un rapport pour {year}."})
    report = ActivityReport(convention=convention, author=by, year=year)
    report._history_user = by  # type: ignore[attr-defined]
    report.full_clean()
    report.save()
    ReportSection.objects.bulk_create(
        ReportSection(report=report, key=s.key, position=n) for n, s in enumerate(SECTIONS)
    )
    _event(report, ReportEventKind.CREE, by)
    return report


def _touch(report: ActivityReport, by: User) -> None:
    report.text_updated_at = timezone.now()
    report._history_user = by  # type: ignore[attr-defined]
    report.save(update_fields=["text_updated_at"])


@transaction.atomic
def section_save(
    *, section: ReportSection, by: User, text: str, expected_version: int | None = None
) -> ReportSection:
    """Save a section's text.

    With ``expected_version`` (the version its form was opened on), a text someone else
    changed since is not overwritten: ``StaleEdit`` says what they changed. The inserted
    facts whose text was changed by hand are no longer followed.
    """
    report = section.report
    if not can_write_report(by, report):
        raise PermissionDenied
    claim(section, expected_version=expected_version, fields=("text",))
    return _write(section, by, text, section.inserted)


def _write(
    section: ReportSection, by: User, text: str, inserted: list[dict[str, str]]
) -> ReportSection:
    text = text.replace("\r\n", "\n").strip()
    if len(text) > 50_000:
        raise ValidationError({"text": "Le texte d'une section est limité à 50 000 caractères."})
    inserted = report_facts.followed(text, inserted)
    if text != section.text or inserted != section.inserted:
        section.text, section.inserted = text, inserted
        section._history_user = by  # type: ignore[attr-defined]
        section.save(update_fields=["text", "inserted", VERSION_FIELD])
        _touch(section.report, by)
    return section


def scope_of(
    report: ActivityReport, today: datetime.date | None = None
) -> FactScope[Convention, User]:
    return FactScope(
        convention=report.convention,
        year=report.year,
        author=report.author,
        today=today or timezone.localdate(),
    )


def facts_are_live(report: ActivityReport) -> bool:
    """The report's facts follow the data (until it is sent)."""
    return report.status in EDITABLE or not report.facts_frozen_at


def report_facts_for(report: ActivityReport) -> dict[str, list[Fact]]:
    """The facts shown beside the sections: live while the CDC writes, as sent afterwards."""
    if facts_are_live(report):
        return report_facts.gather(scope_of(report))
    return report_facts.from_json(report.facts_snapshot)


TOTALS_KEY = "_totals"  # beside the sections' facts in the snapshot


def _year_totals(report: ActivityReport) -> Totals:
    start, end = datetime.date(report.year, 1, 1), datetime.date(report.year, 12, 31)
    return journal_totals(report.author, report.convention, start, end)


def report_totals(report: ActivityReport) -> Totals:
    """The year's time per mission, attendu and sphere: live while the CDC writes, as sent
    afterwards (like the facts)."""
    frozen = report.facts_snapshot.get(TOTALS_KEY) if not facts_are_live(report) else None
    return Totals.from_json(frozen) if frozen else _year_totals(report)


@transaction.atomic
def section_insert_facts(
    *, section: ReportSection, by: User, key: str | None = None
) -> ReportSection:
    """Append one of the section's facts (by its key), or all of them, to its text, for the
    CDC to edit. The inserted text stays linked to its fact while it is left as is."""
    report = section.report
    if not can_write_report(by, report):
        raise PermissionDenied
    items = report_facts.gather(scope_of(report))[section.key]
    if key is not None:
        items = [f for f in items if f.key == key]
        if not items:
            raise ValidationError("Ce fait n'existe plus : la page a été rechargée.")
    if not items:
        raise ValidationError("Cette section n'a pas de fait à insérer.")
    texts = [f.as_text() for f in items]
    addition = "\n\n".join(texts)
    text = f"{section.text}\n\n{addition}" if section.text else addition
    links = [{"key": f.key, "text": t} for f, t in zip(items, texts, strict=True) if f.key]
    return _write(section, by, text, [*section.inserted, *links])


def section_insertions(
    section: ReportSection, facts: dict[str, list[Fact]]
) -> list[report_facts.Insertion]:
    """The facts inserted in the section's text that still follow the data, compared with
    today's (``facts``: the report's, from :func:`report_facts_for`)."""
    return report_facts.insertions(section.text, section.inserted, facts.get(section.key, []))


def stale_insertions(
    report: ActivityReport, facts: dict[str, list[Fact]] | None = None
) -> list[tuple[ReportSection, report_facts.Insertion]]:
    """The inserted facts of the report whose data changed since, with their section (none
    once the report is sent: its facts are frozen)."""
    if not facts_are_live(report):
        return []
    facts = facts if facts is not None else report_facts.gather(scope_of(report))
    return [
        (section, insertion)
        for section in report.sections.all()
        for insertion in section_insertions(section, facts)
        if insertion.stale
    ]


@transaction.atomic
def section_refresh_facts(*, section: ReportSection, by: User, key: str | None = None) -> int:
    """Rewrite the section's inserted facts whose data changed (one by its key, or all) as
    they read today; the rest of the text is left as it is. Returns how many were updated."""
    section = ReportSection.objects.select_for_update().select_related("report").get(pk=section.pk)
    report = section.report
    if not can_write_report(by, report):
        raise PermissionDenied
    facts = report_facts.gather(scope_of(report))
    stale = [
        i for i in section_insertions(section, facts) if i.stale and (key is None or i.key == key)
    ]
    if not stale:
        raise ValidationError("Les faits insérés dans cette section sont déjà à jour.")
    text, inserted = section.text, list(section.inserted)
    for insertion in stale:
        text = text.replace(insertion.written, insertion.current, 1)
        old = {"key": insertion.key, "text": insertion.written}
        inserted = [
            {"key": insertion.key, "text": insertion.current} if e == old else e for e in inserted
        ]
    _write(section, by, text, inserted)
    return len(stale)


def _stale_message(stale: list[tuple[ReportSection, report_facts.Insertion]]) -> str:
    names = " ; ".join(
        f"« {i.label} » (section {SECTION_BY_KEY[s.key].title})" for s, i in stale[:5]
    )
    more = f" et {len(stale) - 5} autres" if len(stale) > 5 else ""
    return (
        f"Des faits insérés dans le texte ne correspondent plus aux données : {names}{more}. "
        "Mettez-les à jour (bouton « Mettre à jour » de chaque section), ou confirmez "
        "l'envoi du texte tel qu'il est écrit."
    )


@transaction.atomic
def report_approve(*, report: ActivityReport, by: User) -> ActivityReport:
    """The élu référent approves the report as it stands."""
    if not can_approve_report(by, report):
        raise PermissionDenied
    report.approved_by, report.approved_at = by, timezone.now()
    report._history_user = by  # type: ignore[attr-defined]
    report.save(update_fields=["approved_by", "approved_at"])
    _event(report, ReportEventKind.APPROUVE, by)
    notifications.notify(report, ReportEventKind.APPROUVE, by=by)
    return report


# The élu référent's remarks before approving: on a section, or on the whole report.

REMARK_MAX = 5000


def _remark_text(text: str) -> str:
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": "Écrivez votre remarque."})
    if len(text) > REMARK_MAX:
        raise ValidationError({"text": "Une remarque est limitée à 5 000 caractères."})
    return text


@transaction.atomic
def remark_add(
    *, report: ActivityReport, by: User, text: str, section_key: str = ""
) -> ReportRemark:
    """An élu référent remarks on a section of the report, or on the whole of it (no
    ``section_key``), before approving it; the report's author is e-mailed."""
    if not can_remark_report(by, report):
        raise PermissionDenied
    if section_key and section_key not in SECTION_BY_KEY:
        raise ValidationError({"section_key": "Cette section n'existe pas."})
    remark = ReportRemark(
        report=report, author=by, section_key=section_key, text=_remark_text(text)
    )
    remark._history_user = by  # type: ignore[attr-defined]
    remark.save()
    notifications.notify_remark(remark)
    return remark


@transaction.atomic
def remark_update(*, remark: ReportRemark, by: User, text: str) -> ReportRemark:
    """Its author corrects a remark; one the CDC had treated is open again, to read anew."""
    if not can_change_remark(by, remark):
        raise PermissionDenied
    text = _remark_text(text)
    if text != remark.text:
        remark.text = text
        remark.treated_at, remark.treated_by = None, None
        remark._history_user = by  # type: ignore[attr-defined]
        remark.save()
    return remark


@transaction.atomic
def remark_delete(*, remark: ReportRemark, by: User) -> None:
    """Its author withdraws a remark; the history keeps it."""
    if not can_change_remark(by, remark):
        raise PermissionDenied
    remark._history_user = by  # type: ignore[attr-defined]
    remark.delete()


@transaction.atomic
def remark_mark(*, remark: ReportRemark, by: User, treated: bool) -> ReportRemark:
    """The report's author marks a remark treated, or open again."""
    if not can_treat_remark(by, remark):
        raise PermissionDenied
    if treated == remark.is_open:
        remark.treated_at, remark.treated_by = (timezone.now(), by) if treated else (None, None)
        remark._history_user = by  # type: ignore[attr-defined]
        remark.save(update_fields=["treated_at", "treated_by"])
    return remark


@transaction.atomic
def report_transmit(
    *, report: ActivityReport, by: User, note: str = "", stale_confirmed: bool = False
) -> ActivityReport:
    """Send the report to the Caf; its facts are frozen as they stand.

    A report whose inserted facts no longer match the data is sent only when
    ``stale_confirmed``: the author was warned and chose to send the text as written.
    """
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if not can_write_report(by, report):
        raise PermissionDenied
    empty = [
        SECTION_BY_KEY[s.key].title
        for s in report.sections.all()
        if not s.text.strip() and s.key != Attendu.AUTRE
    ]
    if empty:
        raise ValidationError(
            "Avant de transmettre, complétez ces sections : " + " ; ".join(empty) + "."
        )
    facts = report_facts.gather(scope_of(report))
    stale = stale_insertions(report, facts)
    if stale and not stale_confirmed:
        raise ValidationError(_stale_message(stale))
    report.facts_snapshot = {
        **report_facts.to_json(facts),
        TOTALS_KEY: _year_totals(report).to_json(),
    }
    report.facts_frozen_at = timezone.now()
    report.status = ReportStatus.TRANSMIS
    report._history_user = by  # type: ignore[attr-defined]
    report.save(update_fields=["facts_snapshot", "facts_frozen_at", "status"])
    _event(report, ReportEventKind.TRANSMIS, by, note.strip()[:2000])
    notifications.notify(report, ReportEventKind.TRANSMIS, by=by)
    return report


@transaction.atomic
def report_return(
    *, report: ActivityReport, by: User, comments: dict[str, str], note: str = ""
) -> ActivityReport:
    """The CDT sends the report back with comments per section."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if not can_review_report(by, report):
        raise PermissionDenied
    cleaned = {k: v.strip()[:5000] for k, v in comments.items() if k in SECTION_BY_KEY}
    if not any(cleaned.values()) and not note.strip():
        raise ValidationError(
            "Dites ce qui manque : un commentaire sur au moins une section, ou un message."
        )
    for section in report.sections.all():
        section.comment = cleaned.get(section.key, "")
        section._history_user = by  # type: ignore[attr-defined]
        section.save(update_fields=["comment"])
    report.status = ReportStatus.A_COMPLETER
    report._history_user = by  # type: ignore[attr-defined]
    report.save(update_fields=["status"])
    _event(report, ReportEventKind.RENVOYE, by, note.strip()[:2000])
    notifications.notify(report, ReportEventKind.RENVOYE, by=by)
    return report


@transaction.atomic
def report_validate(*, report: ActivityReport, by: User, note: str = "") -> ActivityReport:
    """The CDT validates the report on behalf of the Caf."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    if not can_review_report(by, report):
        raise PermissionDenied
    report.status = ReportStatus.VALIDE
    report._history_user = by  # type: ignore[attr-defined]
    report.save(update_fields=["status"])
    _event(report, ReportEventKind.VALIDE, by, note.strip()[:2000])
    notifications.notify(report, ReportEventKind.VALIDE, by=by)
    return report


# ----------------------------------------------------------------------------- due dates


def due_date_set(*, caf: Caf, by: User, year: int, due_date: datetime.date) -> ReportDueDate:
    """Set the date by which the Caf expects the reports on a year."""
    if not can_edit_caf_contacts(by, caf):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Choisissez une année entre 2000 et 2100."})
    if due_date.year < year:
        raise ValidationError({"due_date": "L'échéance tombe au plus tôt dans l'année du rapport."})
    record, _ = ReportDueDate.objects.get_or_create(
        caf=caf, year=year, defaults={"due_date": due_date}
    )
    if record.due_date != due_date:
        record.due_date = due_date
        record._history_user = by  # type: ignore[attr-defined]
        record.save()
    return record


def due_date_delete(*, record: ReportDueDate, by: User) -> None:
    if not can_edit_caf_contacts(by, record.caf):
        raise PermissionDenied
    record.delete()
