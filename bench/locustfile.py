"""Journeys of ``make load``: logged-in CDCs and CDTs of the demo (Caf de la Savoie).

    locust -f bench/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8765

``LOAD_WAIT="min,max"`` sets the think time between two requests of a user, in seconds.
"""

from __future__ import annotations

import itertools
import os
import re

from locust import HttpUser, between, task

PASSWORD = "Savoie-demo-2026"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CTG_LINK = re.compile(r'href="/ctg/([0-9a-f-]{36})/"')
CDT_OPTION = re.compile(r'<option value="([0-9a-f-]{36})"')
ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
WAIT = [float(x) for x in os.environ.get("LOAD_WAIT", "0.2,1.0").split(",")]

# The six CDTs of the demo, handed out in turn to the simulated CDT users.
CDT_EMAILS = itertools.cycle([f"cdt{i}@example.org" for i in range(1, 7)])
# Filters of the Caf's table, as the htmx form sends them.
FILTERS = itertools.cycle(
    [
        "?statut=en_cours",
        "?q=Savoie",
        "?tri=-population",
        "?mes_ctg=1",
        "?statut=echue&tri=fin",
        "?q=&statut=&tri=-debut",
    ]
)


class Member(HttpUser):
    """A person who logs in once, then browses."""

    abstract = True
    wait_time = between(*WAIT)
    email = ""

    def on_start(self) -> None:
        self.ctgs: list[str] = []
        self.turn = itertools.count()
        page = self.client.get("/connexion/", name="connexion (page)")
        match = CSRF_FIELD.search(page.text)
        # A browser fetches the assets once; afterwards they come from its cache.
        for asset in ASSET.findall(page.text):
            self.client.get(asset, name="static (whitenoise)")
        with self.client.post(
            "/connexion/",
            data={
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": match.group(1) if match else "",
                "next": "",
            },
            name="connexion (POST → accueil)",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "/connexion/" in response.url:
                response.failure(f"connexion refusée pour {self.email}")
            else:
                self.remember(response.text)

    def remember(self, html: str) -> None:
        found = list(dict.fromkeys(CTG_LINK.findall(html)))
        if found:
            self.ctgs = found

    def next_ctg(self) -> str | None:
        return self.ctgs[next(self.turn) % len(self.ctgs)] if self.ctgs else None


class Cdc(Member):
    """The chargée de coopération of the CTG Grand Chambéry."""

    email = "cdc.chambery@example.org"

    @task(2)
    def home(self) -> None:
        self.remember(self.client.get("/", name="accueil (CDC)").text)

    @task(3)
    def overview(self) -> None:
        if uuid := self.next_ctg():
            self.client.get(f"/ctg/{uuid}/", name="CTG : vue d'ensemble (CDC)")

    @task(2)
    def members(self) -> None:
        if uuid := self.next_ctg():
            self.client.get(f"/ctg/{uuid}/membres/", name="CTG : membres (CDC)")


class Cdt(Member):
    """A CDT of the Caf de la Savoie: the table of the Caf's CTGs, filtered, then a CTG."""

    def on_start(self) -> None:
        self.email = next(CDT_EMAILS)
        self.cdts: list[str] = []
        super().on_start()

    @task(2)
    def table(self) -> None:
        html = self.client.get("/", name="accueil : tableau des CTG (CDT)").text
        self.remember(html)
        self.cdts = CDT_OPTION.findall(html) or self.cdts

    @task(3)
    def filtered(self) -> None:
        query = next(FILTERS)
        if self.cdts and next(self.turn) % 3 == 0:
            query = f"?cdt={self.cdts[next(self.turn) % len(self.cdts)]}"
        self.client.get(
            f"/{query}", headers={"HX-Request": "true"}, name="tableau filtré, htmx (CDT)"
        )

    @task(2)
    def overview(self) -> None:
        if uuid := self.next_ctg():
            self.client.get(f"/ctg/{uuid}/", name="CTG : vue d'ensemble (CDT)")
