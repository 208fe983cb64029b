"""Logs a server can collect: one JSON object a line on stdout, each with its request's id.

``RequestIdMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` if it is
a sane token), keeps it for the logs of that request and returns it in the response, so
that a user's report, the proxy's log and the traceback meet on one value.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
"""The id of the request being served ("-" outside of one: worker, commands)."""


def incoming_id(value: str | None) -> str:
    """The id a proxy sent, if it is a plain token; else a new one."""
    value = (value or "").strip()
    return value if _SANE.fullmatch(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Set the request's id for its logs and answer it in the ``X-Request-ID`` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        token = request_id.set(incoming_id(request.headers.get(HEADER)))
        try:
            response = self.get_response(request)
            response[HEADER] = request_id.get()
            return response
        finally:
            request_id.reset(token)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every record, for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, request id, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def json_logging(level: str = "INFO") -> dict[str, Any]:
    """The production ``LOGGING``: everything, ``django.request`` included, as JSON on stdout.

    Django's own handlers print nothing when DEBUG is off (and e-mail the admins, who are
    not configured): the ``django`` logger is emptied so that its records reach the root.
    """
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "django": {"handlers": [], "level": level, "propagate": True},
            "maillage.security": {"handlers": [], "level": "INFO", "propagate": True},
            # Each PDF's rendering steps, at INFO: noise in production.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
