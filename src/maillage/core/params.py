"""Reading query parameters: every page parses its query string with these.

A value that cannot be read is ignored (the default is returned): a query string is
typed by hand or kept in a bookmark, so an odd value must never turn into a 500.
Numbers are ASCII digits only (``'²'.isdigit()`` is true but ``int('²')`` fails),
and dates stay in a range where a day more or less never overflows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Collection, Mapping

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

MIN_DATE = datetime.date(1900, 1, 1)
MAX_DATE = datetime.date(2200, 12, 31)
# The largest value a database integer column holds (signed 64 bits).
DB_INT_MAX = 2**63 - 1
_DIGITS = re.compile(r"[0-9]{1,18}")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")


def parse_int(
    value: str | None, *, minimum: int = 0, maximum: int = DB_INT_MAX, default: int | None = None
) -> int | None:
    """ASCII digits within [minimum, maximum], else *default*."""
    text = (value or "").strip()
    if not _DIGITS.fullmatch(text):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def parse_date(value: str | None, default: datetime.date | None = None) -> datetime.date | None:
    """An ISO date (2026-11-28) between 1900 and 2200, else *default*."""
    text = (value or "").strip()
    if not text.isascii() or len(text) != 10:
        return default
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        return default
    return day if MIN_DATE <= day <= MAX_DATE else default


def parse_week(value: str | None, default: datetime.date | None = None) -> datetime.date | None:
    """The Monday of an ISO week (2026-W48) between 1900 and 2200, else *default*."""
    match = _WEEK.fullmatch((value or "").strip())
    if not match:
        return default
    year, week = int(match[1]), int(match[2])
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        return default
    try:
        return datetime.date.fromisocalendar(year, week, 1)
    except ValueError:
        return default


def parse_choice(value: str | None, allowed: Collection[str], default: str = "") -> str:
    """*value* if it is one of *allowed*, else *default*."""
    return value if value is not None and value in allowed else default


def safe_next(request: HttpRequest, value: str | None, default: str) -> str:
    """A local URL to go to next (``?suivant=``), else *default*: never another site."""
    target = (value or "").strip()
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def next_param(request: HttpRequest, name: str = "suivant") -> str:
    """The raw next URL a form or a link carries (POST first), for re-display only."""
    params: Mapping[str, str] = request.POST if request.method == "POST" else {}
    return params.get(name) or request.GET.get(name) or ""
