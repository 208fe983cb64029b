"""Date helpers shared by the loaders."""

from __future__ import annotations

import datetime

from django.utils import timezone


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That day at that hour, in the site's time zone."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def month_start(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after the month of ``day``."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day: datetime.date, months: int) -> datetime.date:
    """The last day of the month ``months`` after the month of ``day``."""
    return month_start(day, months + 1) - datetime.timedelta(days=1)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from the month of ``start`` to the month of ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month
