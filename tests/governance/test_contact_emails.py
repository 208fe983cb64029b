"""A contact without an account gets what the meeting's page would show them: the agenda
in full and the documents attached, then the minutes' text and PDF; never a link to a page
they cannot open. Members get the link."""

from __future__ import annotations

import datetime
import io
from email.utils import parseaddr

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from maillage.governance import services
from maillage.governance.models import Meeting
from maillage.network.models import Contact
from maillage.outbox.models import OutboxFile
from maillage.plans.models import Action

from .helpers import fiche, meeting

MB = 1024 * 1024


def _bytes(content: str | bytes) -> bytes:
    return content.encode() if isinstance(content, str) else content


def _to(message) -> str:
    return parseaddr(message.to[0])[1]


def _by_recipient() -> dict[str, object]:
    return {_to(m): m for m in mail.outbox}


def _contact(world, email: str = "claire.dupont@asso.example.org") -> Contact:
    return Contact.objects.create(
        convention=world.a, first_name="Claire", last_name="Dupont", email=email
    )


def _document(m: Meeting, world, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content, content_type="text/plain")
    return services.document_add(meeting=m, by=world.users["cdc"], upload=upload)


@pytest.fixture
def planned(world) -> Meeting:
    """A COPIL with an agenda, a video link, two documents, a member and a contact."""
    cdc = world.users["cdc"]
    m = meeting(world, video_link="https://visio.example.org/copil")
    start = timezone.localtime(m.start).replace(hour=13, minute=0)
    Meeting.objects.filter(pk=m.pk).update(start=start, end=start + datetime.timedelta(hours=3))
    m.refresh_from_db()
    services.agenda_item_add(
        meeting=m, by=cdc, title="Bilan annuel du plan", duration=30, presenter="Camille"
    )
    services.agenda_item_add(meeting=m, by=cdc, title="Places d'accueil", duration=45)
    services.agenda_item_add(meeting=m, by=cdc, title="Questions diverses")
    services.agenda_item_add(meeting=m, by=cdc, title="Clôture")
    _document(m, world, "bilan.txt", b"Bilan de l'annee")
    _document(m, world, "budget.csv", b"annee;montant\n2026;1000\n")
    services.invitation_add(meeting=m, by=cdc, user=world.users["elu"])
    services.invitation_add(meeting=m, by=cdc, contact=_contact(world))
    return m


def _convene(world, m, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.convocations_send(meeting=m, by=world.users["cdc"])


def test_a_contact_gets_the_agenda_in_full_and_the_documents_never_a_link(
    world, planned, django_capture_on_commit_callbacks
):
    _convene(world, planned, django_capture_on_commit_callbacks)
    contact = _by_recipient()["claire.dupont@asso.example.org"]
    body = contact.body
    assert "http://testserver" not in body and "Maillage" not in body
    assert "Lieu : Hôtel de ville" in body
    assert "Visioconférence : https://visio.example.org/copil" in body
    # Each point at its time, as long as the durations tell it.
    assert "1. 13:00 — Bilan annuel du plan (30 min), présenté par Camille" in body
    assert "2. 13:30 — Places d'accueil (45 min)" in body
    assert "3. 14:15 — Questions diverses" in body
    assert "4. Clôture" in body and "— Clôture" not in body
    assert "- bilan.txt\n- budget.csv" in body
    assert [name for name, _, _ in contact.attachments] == [
        "reunion.ics",
        "bilan.txt",
        "budget.csv",
    ]
    assert _bytes(contact.attachments[1][1]) == b"Bilan de l'annee"
    assert contact.reply_to == [f"{world.users['cdc'].full_name} <{world.users['cdc'].email}>"]
    # The CDC still sees, should it fail, which meeting it was about.
    message = planned.invitations.get(contact__isnull=False).message
    assert message.about_url.endswith(f"/reunions/{planned.uuid}/")


def test_a_member_gets_the_link_to_the_meeting_and_only_the_calendar_file(
    world, planned, django_capture_on_commit_callbacks
):
    _convene(world, planned, django_capture_on_commit_callbacks)
    member = _by_recipient()[world.users["elu"].email]
    path = reverse("governance:meeting_detail", args=[world.a.uuid, planned.uuid])
    assert f"http://testserver{path}" in member.body
    assert "13:00 — Bilan annuel du plan" in member.body
    assert [name for name, _, _ in member.attachments] == ["reunion.ics"]


def test_documents_beyond_ten_megabytes_are_named_with_whom_to_ask(
    world, planned, django_capture_on_commit_callbacks
):
    _document(planned, world, "annexes.txt", b"a" * (6 * MB))
    _document(planned, world, "diagnostic.txt", b"d" * (6 * MB))
    _document(planned, world, "sommaire.txt", b"Sommaire")
    cdc = world.users["cdc"]
    services.invitation_add(meeting=planned, by=cdc, contact=_contact(world, "b@example.org"))
    _convene(world, planned, django_capture_on_commit_callbacks)
    contact = _by_recipient()["claire.dupont@asso.example.org"]
    names = [name for name, _, _ in contact.attachments]
    assert names == ["reunion.ics", "bilan.txt", "budget.csv", "annexes.txt", "sommaire.txt"]
    assert sum(len(_bytes(content)) for _, content, _ in contact.attachments) <= 10 * MB
    body = contact.body.replace("\xa0", " ")
    assert "Ce document n'a pas pu être joint" in body
    assert "- diagnostic.txt (6,0 Mio)" in body
    assert f"Demandez-le à {cdc.full_name} ({cdc.email}), qui organise la réunion." in body
    # Each contact gets them; each file is stored once for the whole sending.
    assert len(_by_recipient()["b@example.org"].attachments) == 5
    assert OutboxFile.objects.count() == 5


def test_a_document_missing_from_the_storage_is_named_instead_of_failing(
    world, planned, django_capture_on_commit_callbacks
):
    lost = planned.documents.get(name="bilan.txt")
    lost.file.storage.delete(lost.file.name)
    _convene(world, planned, django_capture_on_commit_callbacks)
    contact = _by_recipient()["claire.dupont@asso.example.org"]
    assert [name for name, _, _ in contact.attachments] == ["reunion.ics", "budget.csv"]
    assert "- bilan.txt (" in contact.body and "Demandez-le à" in contact.body


def test_a_cancellation_tells_the_contact_without_documents(
    world, planned, django_capture_on_commit_callbacks
):
    _convene(world, planned, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(meeting=planned, by=world.users["cdc"])
    contact = _by_recipient()["claire.dupont@asso.example.org"]
    assert [name for name, _, _ in contact.attachments] == ["reunion.ics"]
    assert "est annulée" in contact.body and "retire la réunion de votre agenda" in contact.body
    assert "http://testserver" not in contact.body
    member = _by_recipient()[world.users["elu"].email]
    assert "http://testserver/" in member.body


def test_a_reminder_to_a_contact_carries_the_documents_and_replies_to_the_cdc(
    world, planned, django_capture_on_commit_callbacks
):
    _convene(world, planned, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    now = planned.start - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=now) == 1
    contact = _by_recipient()["claire.dupont@asso.example.org"]
    assert contact.subject.startswith("Rappel : ")
    assert [name for name, _, _ in contact.attachments][1:] == ["bilan.txt", "budget.csv"]
    cdc = world.users["cdc"]
    assert contact.reply_to == [f"{cdc.full_name} <{cdc.email}>"]


# ---------------------------------------------------------------------------- minutes


def _publish(world, m, django_capture_on_commit_callbacks, minutes="Le comité valide le bilan."):
    services.minutes_save(meeting=m, by=world.users["cdc"], minutes=minutes)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=m, by=world.users["cdc"])


def test_publishing_the_minutes_tells_members_with_a_link_and_contacts_with_the_text(
    world, planned, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    services.invitation_add(meeting=planned, by=cdc, user=cdc)  # the publisher: no e-mail
    services.decision_add(
        meeting=planned,
        by=cdc,
        text="Lancer la MAM en 2027",
        owner=world.users["elu"],
        due_date=datetime.date(2027, 3, 31),
    )
    _publish(world, planned, django_capture_on_commit_callbacks)
    sent = _by_recipient()
    assert set(sent) == {world.users["elu"].email, "claire.dupont@asso.example.org"}

    member = sent[world.users["elu"].email]
    assert member.subject.startswith("Compte rendu : COPIL annuel")
    path = reverse("governance:meeting_detail", args=[world.a.uuid, planned.uuid])
    assert f"http://testserver{path}#compte-rendu" in member.body
    assert "http://testserver/compte/preferences/" in member.body
    assert "Le comité valide le bilan." not in member.body and not member.attachments

    contact = sent["claire.dupont@asso.example.org"]
    assert "http://testserver" not in contact.body
    assert "Le comité valide le bilan." in contact.body
    assert "- Lancer la MAM en 2027 — responsable : " in contact.body
    assert "échéance : 31/03/2027" in contact.body
    [(name, content, mimetype)] = contact.attachments
    assert name.endswith(".pdf") and mimetype == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Le comité valide le bilan." in text and "Lancer la MAM en 2027" in text


def test_the_minutes_sent_to_a_contact_name_no_confidential_fiche(
    world, planned, django_capture_on_commit_callbacks
):
    cdc = world.users["cdc"]
    public = fiche(world, "Ouvrir une MAM")
    secret = fiche(world, "Fermer la crèche")
    Action.objects.filter(pk=secret.pk).update(confidential=True)
    services.decision_add(meeting=planned, by=cdc, text="Suivre", actions=[public, secret])
    _publish(world, planned, django_capture_on_commit_callbacks)
    [(_, content, _)] = _by_recipient()["claire.dupont@asso.example.org"].attachments
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert public.reference in text and secret.reference not in text


def test_minutes_respect_the_opt_out_and_are_sent_once(
    world, planned, django_capture_on_commit_callbacks
):
    elu = world.users["elu"]
    response = world.client("elu").post(
        reverse("web:preferences"),
        {"full_name": elu.full_name, "phone": "", "notify_assignments": "on"},
    )
    assert response.status_code == 302
    _publish(world, planned, django_capture_on_commit_callbacks)
    assert list(_by_recipient()) == ["claire.dupont@asso.example.org"]
    # Published again (a second click, a replayed form): nobody is told twice.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_publish(meeting=planned, by=world.users["cdc"])
    assert mail.outbox == []


def test_the_publish_page_says_the_invitees_are_told(
    world, planned, django_capture_on_commit_callbacks
):
    services.minutes_save(meeting=planned, by=world.users["cdc"], minutes="Texte.")
    url = reverse("governance:minutes_publish", args=[world.a.uuid, planned.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("cdc").post(url, follow=True)
    assert "en sont avertis par e-mail" in response.content.decode()
    assert len(mail.outbox) == 2
