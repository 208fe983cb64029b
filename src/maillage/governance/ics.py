"""Meetings as iCalendar (.ics) files: one meeting, or a user's whole subscription."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

PRODID = "-//Maillage//Gouvernance des CTG//FR"


def _description(meeting: Meeting) -> str:
    lines = [f"{meeting.body.name} — {meeting.body.owner_name}"]
    items = list(meeting.agenda.all())
    if items:
        lines += ["", "Ordre du jour :"]
        for number, item in enumerate(items, start=1):
            extra = ", ".join(
                part
                for part in (
                    f"{item.duration} min" if item.duration else "",
                    item.presenter,
                )
                if part
            )
            lines.append(f"{number}. {item.title}" + (f" ({extra})" if extra else ""))
    if meeting.video_link:
        lines += ["", f"Visioconférence : {meeting.video_link}"]
    return "\n".join(lines)


def _event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"{meeting.uuid}@maillage")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", meeting.title)
    event.add("sequence", meeting.sequence)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    if meeting.place:
        event.add("location", meeting.place)
    elif meeting.video_link:
        event.add("location", meeting.video_link)
    if meeting.video_link:
        event.add("url", meeting.video_link)
    event.add("description", _description(meeting))
    return event


def calendar_bytes(meetings: Iterable[Meeting], *, method: str = "", name: str = "") -> bytes:
    """An iCalendar file with these meetings; ``method`` REQUEST or CANCEL for e-mails."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(_event(meeting))
    return cal.to_ical()


def meeting_ics(meeting: Meeting, *, method: str = "") -> bytes:
    """One meeting as an .ics file."""
    return calendar_bytes([meeting], method=method)
