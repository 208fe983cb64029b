"""A meeting's minutes as a document, rendered in Word, ODT and PDF by the core writers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from maillage.core.documents.blocks import DASH, Document, Fields, Heading, Paragraph, Table, day
from maillage.core.downloads import download_stem

from .enums import Attendance
from .models import Meeting
from .selectors import meeting_page_data

if TYPE_CHECKING:
    from maillage.accounts.models import User


def when(meeting: Meeting) -> str:
    """« 28/11/2026 de 14:00 à 16:30 », in local time."""
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    if start.date() == end.date():
        return f"{start:%d/%m/%Y} de {start:%H:%M} à {end:%H:%M}"
    return f"du {start:%d/%m/%Y %H:%M} au {end:%d/%m/%Y %H:%M}"


def scope(meeting: Meeting) -> str:
    """Whose meeting it is, for file names: the CTG's name, or the Caf's for its network."""
    body = meeting.body
    return body.convention.name if body.convention is not None else body.owner_caf.name


def minutes_document(meeting: Meeting, user: User | None) -> Document:
    """The minutes of a meeting the user may read, in a fixed number of queries: only the
    fiches the user may see. Without a user (for a contact without an account, who gets
    the minutes by e-mail), only the fiches that are not confidential."""
    data = meeting_page_data(meeting, user)
    body = meeting.body
    groups = data["attendance"]

    def names(status: str) -> str:
        people = groups[status]
        return (
            ", ".join(
                f"{i.name} ({i.organisation.name})" if i.organisation is not None else i.name
                for i in people
            )
            or DASH
        )

    agenda = Table(
        caption="Ordre du jour",
        show_caption=False,
        header=("N°", "Point", "Durée", "Présenté par", "Fiches liées"),
        rows=[
            (
                str(n),
                item.title,
                f"{item.duration} min" if item.duration else DASH,
                item.presenter or DASH,
                ", ".join(a.reference for a in item.actions.all()) or DASH,
            )
            for n, item in enumerate(data["agenda"], start=1)
        ],
        empty="Aucun point à l'ordre du jour.",
    )
    decisions = Table(
        caption="Relevé de décisions",
        show_caption=False,
        header=("Décision", "Responsable", "Échéance", "Statut", "Fiches"),
        rows=[
            (
                d.text + (f" (appliquée : {d.visible_summary})" if d.visible_summary else ""),
                d.owner.full_name if d.owner else DASH,
                day(d.due_date),
                d.get_status_display(),
                ", ".join(a.reference for a in d.actions.all()) or DASH,
            )
            for d in data["decisions"]
        ],
        empty="Aucune décision.",
    )
    minutes = [line for line in meeting.minutes.splitlines() if line.strip()]
    held = timezone.localtime(meeting.start).date()
    return Document(
        title=f"Compte rendu — {meeting.title}",
        subtitle=f"{body.name} — {body.owner_name}",
        filename=download_stem(scope(meeting), f"compte-rendu-{meeting.title}", held),
        blocks=[
            Heading(1, "La réunion"),
            Fields(
                [
                    *([("CTG", body.convention.name)] if body.convention is not None else []),
                    ("Caf", body.owner_caf.name),
                    ("Instance", meeting.body.label),
                    ("Date", when(meeting)),
                    ("Lieu", meeting.place or meeting.video_link or DASH),
                    ("Statut", meeting.get_status_display()),
                    ("Document établi le", day(timezone.localdate())),
                ]
            ),
            Heading(1, "Participants"),
            Fields(
                [
                    ("Présents", names(Attendance.PRESENT)),
                    ("Excusés", names(Attendance.EXCUSE)),
                    ("Absents", names(Attendance.ABSENT)),
                ]
            ),
            Heading(1, "Ordre du jour"),
            agenda,
            Heading(1, "Compte rendu"),
            *(
                [Paragraph(line) for line in minutes]
                or [Paragraph("Compte rendu non rédigé.", muted=True)]
            ),
            Heading(1, "Relevé de décisions"),
            decisions,
        ],
    )
