"""Every kind of e-mail Maillage sends leads to the page it is about: an absolute link
built on ``SITE_URL``, which its recipient can open.

The inventory (every caller of ``queue_email`` / ``queue_emails``):

- accounts: the password reset;
- conventions: the invitation to a CTG (new account, existing account);
- plans: a new pilot or co-pilot, an élu's or the Caf's note on a fiche;
- activity: the report's workflow (approved by the élu, sent, returned, validated), the
  élu's remarks on it and the reminders of its due date;
- governance: a meeting's convocation, change, cancellation and reminder, in a CTG and in
  the Caf's network, its published minutes, and a comment on one of its decisions.

A directory contact without an account is the one recipient who gets no link (they could
not open the page): the e-mail carries the content instead (tests/governance).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.activity import services as activity
from maillage.activity.notifications import send_report_reminders
from maillage.conventions.services import member_invite
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.network.models import Contact
from maillage.plans import services as plans
from maillage.plans.selectors import plan_of

from ..activity.helpers import complete_report
from ..conftest import World, login
from ..governance.helpers import meeting

pytestmark = pytest.mark.django_db

SITE = "https://maillage.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """A site address unlike the test client's host: a link built on the request's Host
    header (« testserver ») would show."""
    settings.SITE_URL = SITE


@dataclass
class Expected:
    """One recipient of one e-mail: the page (path, or pattern of a path with a token) its
    link must lead to, and the browser they follow it in."""

    to: str
    path: str | re.Pattern[str]
    client: Client
    subject: str = ""  # to tell their e-mail from others they got at the same time


def _as(user: User) -> Client:
    return login(Client(), user)


def _ctg_meeting(world: World) -> Meeting:
    m = meeting(world)
    governance.agenda_item_add(meeting=m, by=world.users["cdc"], title="Bilan annuel")
    governance.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["elu"])
    governance.invitation_add(meeting=m, by=world.users["cdc"], user=world.users["technicien"])
    return m


def _meeting_path(m: Meeting) -> str:
    return reverse("governance:meeting_detail", args=[m.body.convention.uuid, m.uuid])


def _invitees(world: World, m: Meeting, subject: str = "") -> list[Expected]:
    return [
        Expected(world.users[r].email, _meeting_path(m), world.client(r), subject)
        for r in ("elu", "technicien")
    ]


# ----------------------------------------------------------------------------- accounts


def password_reset(world: World, run: Callable[..., Any]) -> list[Expected]:
    client = Client()
    run(lambda: client.post(reverse("accounts:password_reset"), {"email": "elu.a@example.org"}))
    confirm = re.compile(r"/mot-de-passe/nouveau/[\w-]+/[\w-]+/")
    return [Expected("elu.a@example.org", confirm, client)]


# -------------------------------------------------------------------------- conventions


def invitation_new_account(world: World, run: Callable[..., Any]) -> list[Expected]:
    run(
        lambda: member_invite(
            convention=world.a,
            by=world.users["cdc"],
            email="nouvelle.venue@example.org",
            full_name="Nouvelle Venue",
            role="partenaire",
        )
    )
    accept = re.compile(r"/invitation/[\w-]+/[\w-]+/")
    return [Expected("nouvelle.venue@example.org", accept, Client())]


def invitation_existing_account(world: World, run: Callable[..., Any]) -> list[Expected]:
    cdc_b = world.users["cdc_b"]
    run(
        lambda: member_invite(
            convention=world.a,
            by=world.users["cdc"],
            email=cdc_b.email,
            full_name=cdc_b.full_name,
            role="partenaire",
        )
    )
    path = reverse("conventions:detail", args=[world.a.uuid])
    return [Expected(cdc_b.email, path, _as(cdc_b))]


# ------------------------------------------------------------------------------- plans


def _fiche(world: World, **fields: Any):
    plan = plan_of(world.a)
    axis = plans.axis_create(plan=plan, by=world.users["cdc"], title="Petite enfance")
    return plans.action_create(plan=plan, by=world.users["cdc"], axis=axis, title="MAM", **fields)


def _fiche_path(world: World, action) -> str:
    return reverse("plans:action_detail", args=[world.a.uuid, action.uuid])


def fiche_assignment(world: World, run: Callable[..., Any]) -> list[Expected]:
    action = run(
        lambda: _fiche(world, pilot=world.users["technicien"], copilots=[world.users["partenaire"]])
    )
    path = _fiche_path(world, action)
    return [
        Expected("technicien.a@example.org", path, world.client("technicien")),
        Expected("partenaire.a@example.org", path, world.client("partenaire")),
    ]


def fiche_note(world: World, run: Callable[..., Any]) -> list[Expected]:
    action = _fiche(world, pilot=world.users["technicien"], notify=False)
    run(lambda: plans.note_add(action=action, by=world.users["elu"], text="Le conseil soutient."))
    path = _fiche_path(world, action)
    return [
        Expected("technicien.a@example.org", path, world.client("technicien")),
        Expected("cdc.a@example.org", path, world.client("cdc")),
    ]


# ---------------------------------------------------------------------------- activity


def _report_path(world: World, report) -> str:
    return reverse("activity:report_detail", args=[world.a.uuid, report.uuid])


def report_approved(world: World, run: Callable[..., Any]) -> list[Expected]:
    report = complete_report(world)
    run(lambda: activity.report_approve(report=report, by=world.users["elu"]))
    return [Expected("cdc.a@example.org", _report_path(world, report), world.client("cdc"))]


def report_sent(world: World, run: Callable[..., Any]) -> list[Expected]:
    report = complete_report(world)
    run(lambda: activity.report_transmit(report=report, by=world.users["cdc"]))
    cdt = world.users["cdt"]
    return [Expected(cdt.email, _report_path(world, report), world.client("cdt"))]


def report_returned(world: World, run: Callable[..., Any]) -> list[Expected]:
    report = complete_report(world)
    activity.report_transmit(report=report, by=world.users["cdc"])
    run(
        lambda: activity.report_return(
            report=report, by=world.users["cdt"], comments={}, note="Détaillez le COPIL."
        )
    )
    return [Expected("cdc.a@example.org", _report_path(world, report), world.client("cdc"))]


def report_validated(world: World, run: Callable[..., Any]) -> list[Expected]:
    report = complete_report(world)
    activity.report_transmit(report=report, by=world.users["cdc"])
    run(lambda: activity.report_validate(report=report, by=world.users["cdt"]))
    return [Expected("cdc.a@example.org", _report_path(world, report), world.client("cdc"))]


def report_remark(world: World, run: Callable[..., Any]) -> list[Expected]:
    report = complete_report(world)
    run(
        lambda: activity.remark_add(
            report=report, by=world.users["elu"], text="Citez le COPIL.", section_key="elus"
        )
    )
    return [Expected("cdc.a@example.org", _report_path(world, report), world.client("cdc"))]


def report_reminder(world: World, run: Callable[..., Any]) -> list[Expected]:
    due = datetime.date(2026, 3, 31)
    world.a.start_date, world.a.end_date = datetime.date(2023, 1, 1), datetime.date(2027, 12, 31)
    world.a.save()
    activity.due_date_set(caf=world.caf, by=world.users["caf_admin"], year=2025, due_date=due)
    run(lambda: send_report_reminders(due - datetime.timedelta(days=10)))
    path = reverse("activity:report_list", args=[world.a.uuid])
    return [Expected("cdc.a@example.org", path, world.client("cdc"))]


# -------------------------------------------------------------------------- governance


def convocation(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    run(lambda: governance.convocations_send(meeting=m, by=world.users["cdc"]))
    return _invitees(world, m)


def meeting_changed(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    governance.convocations_send(meeting=m, by=world.users["cdc"])
    later = datetime.timedelta(hours=1)
    run(
        lambda: governance.meeting_update(
            meeting=m,
            by=world.users["cdc"],
            title=m.title,
            start=m.start + later,
            end=m.end + later,
        )
    )
    return _invitees(world, m, "Réunion modifiée")


def meeting_cancelled(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    governance.convocations_send(meeting=m, by=world.users["cdc"])
    run(lambda: governance.meeting_cancel(meeting=m, by=world.users["cdc"]))
    return _invitees(world, m, "Réunion annulée")


def meeting_reminder(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    governance.convocations_send(meeting=m, by=world.users["cdc"])
    run(lambda: governance.send_due_reminders(now=m.start - datetime.timedelta(days=1)))
    return _invitees(world, m, "Rappel")


def minutes_published(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    governance.minutes_save(meeting=m, by=world.users["cdc"], minutes="Le comité valide.")
    run(lambda: governance.minutes_publish(meeting=m, by=world.users["cdc"]))
    return _invitees(world, m)


def decision_commented(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _ctg_meeting(world)
    cdc = world.users["cdc"]
    decision = governance.decision_add(meeting=m, by=cdc, text="Ouvrir une MAM")
    governance.minutes_save(meeting=m, by=cdc, minutes="Le comité valide.")
    governance.minutes_publish(meeting=m, by=cdc)
    run(
        lambda: governance.decision_comment_add(
            decision=decision, by=world.users["elu"], text="D'accord, avec un calendrier."
        )
    )
    path = reverse(
        "governance:decision_detail",
        kwargs={
            "convention_uuid": world.a.uuid,
            "meeting_uuid": m.uuid,
            "decision_uuid": decision.uuid,
        },
    )
    return [Expected("cdc.a@example.org", path, world.client("cdc"))]


def _network_meeting(world: World) -> Meeting:
    admin = world.users["caf_admin"]
    body = governance.network_body_get_or_create(caf=world.caf, by=admin)
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    m = governance.meeting_create(
        body=body, by=admin, title="Réseau", start=start, end=start + datetime.timedelta(hours=2)
    )
    governance.network_invite_cdcs(meeting=m, by=admin)
    return m


def _network_path(world: World, m: Meeting) -> str:
    return reverse("departement:network_meeting", args=[world.caf.uuid, m.uuid])


def network_convocation(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _network_meeting(world)
    run(lambda: governance.convocations_send(meeting=m, by=world.users["caf_admin"]))
    path = _network_path(world, m)
    return [
        Expected("cdc.a@example.org", path, world.client("cdc")),
        Expected("cdc.b@example.org", path, world.client("cdc_b")),
    ]


def network_minutes(world: World, run: Callable[..., Any]) -> list[Expected]:
    m = _network_meeting(world)
    admin = world.users["caf_admin"]
    governance.minutes_save(meeting=m, by=admin, minutes="Tour de table.")
    run(lambda: governance.minutes_publish(meeting=m, by=admin))
    return [Expected("cdc.b@example.org", _network_path(world, m), world.client("cdc_b"))]


KINDS: dict[str, Callable[[World, Callable[..., Any]], list[Expected]]] = {
    f.__name__: f
    for f in (
        password_reset,
        invitation_new_account,
        invitation_existing_account,
        fiche_assignment,
        fiche_note,
        report_approved,
        report_sent,
        report_returned,
        report_validated,
        report_remark,
        report_reminder,
        convocation,
        meeting_changed,
        meeting_cancelled,
        meeting_reminder,
        minutes_published,
        decision_commented,
        network_convocation,
        network_minutes,
    )
}

_LINK = re.compile(re.escape(SITE) + r"/[^\s<>\"'»)]*")


def _links(text: str) -> list[str]:
    """The paths of the absolute links to Maillage in a text, without their anchor."""
    return [urlsplit(link).path for link in _LINK.findall(text)]


def _matches(path: str, expected: str | re.Pattern[str]) -> bool:
    return path == expected if isinstance(expected, str) else bool(expected.fullmatch(path))


@pytest.mark.parametrize("kind", KINDS)
def test_every_email_links_to_its_page_on_the_site_url(
    world, kind, django_capture_on_commit_callbacks
):
    def run(action: Callable[[], Any]) -> Any:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    expected = KINDS[kind](world, run)
    assert expected, kind
    for recipient in expected:
        received = [
            m
            for m in mail.outbox
            if parseaddr(m.to[0])[1] == recipient.to and recipient.subject in m.subject
        ]
        assert len(received) == 1, f"{kind} : un courriel pour {recipient.to}"
        message = received[0]
        texts = [message.body, *(content for content, _ in message.alternatives)]
        for text in texts:
            assert "testserver" not in text, kind
            links = [p for p in _links(text) if _matches(p, recipient.path)]
            assert links, f"{kind} : pas de lien vers {recipient.path} pour {recipient.to}"
        # The recipient follows the link and reaches the page (a one-time link: its form).
        response = recipient.client.get(links[0], follow=True)
        assert response.status_code == 200, f"{kind} : {links[0]}"
        final = response.redirect_chain[-1][0] if response.redirect_chain else links[0]
        assert not final.startswith(reverse("accounts:login")), kind
        if response.context and "validlink" in response.context:
            assert response.context["validlink"], kind


def test_a_contact_without_an_account_never_gets_a_link(world, django_capture_on_commit_callbacks):
    m = _ctg_meeting(world)
    contact = Contact.objects.create(
        convention=world.a, first_name="Claire", last_name="Dupont", email="claire@example.org"
    )
    governance.invitation_add(meeting=m, by=world.users["cdc"], contact=contact)
    with django_capture_on_commit_callbacks(execute=True):
        governance.convocations_send(meeting=m, by=world.users["cdc"])
        governance.meeting_update(
            meeting=m, by=world.users["cdc"], title="COPIL de printemps", start=m.start, end=m.end
        )
        governance.send_due_reminders(now=m.start - datetime.timedelta(days=1))
        governance.minutes_save(meeting=m, by=world.users["cdc"], minutes="Le comité valide.")
        governance.minutes_publish(meeting=m, by=world.users["cdc"])
        governance.meeting_cancel(meeting=m, by=world.users["cdc"])
    to_contact = [msg for msg in mail.outbox if parseaddr(msg.to[0])[1] == "claire@example.org"]
    assert len(to_contact) == 5
    for message in to_contact:
        assert _links(message.body) == [] and "testserver" not in message.body
