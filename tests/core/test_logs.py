"""Under the production logging, an error is one JSON line with its traceback and request id."""

from __future__ import annotations

import io
import json
import logging.config
import sys

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from maillage.core.logs import incoming_id, json_logging


@login_not_required
def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("panne de démonstration")


@login_not_required
def fine(request: HttpRequest) -> HttpResponse:
    logging.getLogger("maillage.test").warning("tout va bien")
    return HttpResponse("ok")


urlpatterns = [path("casse/", broken), path("va/", fine)]


@pytest.fixture
def production_logging():
    """The production logging, its stdout handler writing into a buffer the test reads."""
    logging.config.dictConfig(json_logging())
    (handler,) = logging.getLogger().handlers
    assert isinstance(handler, logging.StreamHandler)
    assert handler.stream is sys.stdout
    buffer = io.StringIO()
    handler.setStream(buffer)
    yield buffer
    logging.config.dictConfig(settings.LOGGING)


def _lines(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_a_500_logs_one_json_line_with_the_traceback_and_the_request_id(production_logging):
    response = Client(raise_request_exception=False).get("/casse/")
    assert response.status_code == 500
    errors = [e for e in _lines(production_logging) if e["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["logger"] == "django.request"
    assert "Internal Server Error: /casse/" in error["message"]
    assert "RuntimeError: panne de démonstration" in error["exception"]
    assert error["request_id"] == response["X-Request-ID"]
    assert len(error["request_id"]) == 32
    assert {"time", "level", "logger", "message", "request_id"} <= error.keys()


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_the_proxy_s_request_id_is_kept(production_logging):
    response = Client().get("/va/", headers={"X-Request-ID": "abc-123-def-456"})
    assert response["X-Request-ID"] == "abc-123-def-456"
    (entry,) = [e for e in _lines(production_logging) if e["logger"] == "maillage.test"]
    assert entry["request_id"] == "abc-123-def-456"
    assert entry["message"] == "tout va bien"
    assert "exception" not in entry


@pytest.mark.parametrize("value", ["", "court", "a b c d e f g h", "x" * 500, "<script>", "é" * 10])
def test_an_odd_incoming_id_is_replaced(value):
    assert incoming_id(value) != value
    assert len(incoming_id(value)) == 32
