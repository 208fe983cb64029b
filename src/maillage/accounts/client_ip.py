"""The client's address, as seen through the configured number of trusted proxies."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request: HttpRequest) -> str:
    """The address of the client behind ``TRUSTED_PROXY_COUNT`` proxies.

    Each trusted proxy appends the address it received the request from to
    ``X-Forwarded-For``; only those entries can be believed, the left part is whatever the
    client sent. So the header is read from the right, skipping the entries added by the
    inner proxies. With no trusted proxy the header is ignored: anyone can write it.
    """
    remote = str(request.META.get("REMOTE_ADDR") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < count:
        # The request did not pass through every proxy: the socket's peer is all we know.
        return remote
    candidate = forwarded[-count]
    return candidate if _valid(candidate) else remote
