"""A real SMTP server on 127.0.0.1 for the outbox's tests, and an address where none
listens."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sink:
    """What the SMTP server received: each message, and each connection (its session)."""

    port: int
    messages: list[Any] = field(default_factory=list)
    sessions: list[Any] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # addresses answered 550

    def _seen(self, session: Any) -> None:
        if not any(s is session for s in self.sessions):
            self.sessions.append(session)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self._seen(session)
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self._seen(session)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_sink(settings) -> Iterator[Sink]:
    """Django's SMTP backend pointed at a local server that keeps what it gets."""
    sink = Sink(port=free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings) -> None:
    """Django's SMTP backend pointed at a port where no server listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 5
