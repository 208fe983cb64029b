"""Files attached to a fiche: checked by size, extension and content; served with the rights."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.plans import services
from maillage.plans.models import ActionDocument
from maillage.plans.selectors import plan_of


@pytest.fixture
def action(world):
    plan = plan_of(world.a)
    cdc = world.users["cdc"]
    axis = services.axis_create(plan=plan, by=cdc, title="Axe")
    return services.action_create(plan=plan, by=cdc, axis=axis, title="MAM")


def upload(world, action, name, content, role="cdc"):
    url = reverse("plans:document_upload", args=[world.a.uuid, action.uuid])
    response = world.client(role).post(
        url, {"fichier": SimpleUploadedFile(name, content)}, follow=True
    )
    return html.unescape(response.content.decode())


def test_a_pdf_is_stored_under_a_generated_name_and_downloaded_with_its_own(world, action):
    page = upload(world, action, "Compte rendu COPIL.pdf", b"%PDF-1.7\n...")
    assert "« Compte rendu COPIL.pdf » est joint à la fiche." in page
    document = ActionDocument.objects.get()
    assert "Compte rendu" not in document.file.name
    url = reverse("plans:document_download", args=[world.a.uuid, action.uuid, document.uuid])
    response = world.client("elu").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Compte rendu COPIL.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "Type de fichier non accepté"),
        ("faux.pdf", b"<html><script>alert(1)</script>", "ne correspond pas à son extension"),
        ("image.png", b"%PDF-1.4", "ne correspond pas à son extension"),
        ("vide.txt", b"", "Le fichier est vide"),
        ("binaire.csv", b"\x00\x01\x02\xff\xfe", "ne correspond pas à un fichier texte"),
    ],
)
def test_a_bad_file_is_refused_in_french_and_nothing_is_stored(
    world, action, name, content, message
):
    page = upload(world, action, name, content)
    assert message in page
    assert not ActionDocument.objects.exists()


def test_a_file_over_the_limit_is_refused(world, action, settings):
    settings.UPLOAD_MAX_BYTES = 10
    assert "dépasse" in upload(world, action, "long.txt", b"x" * 11)
    assert not ActionDocument.objects.exists()


def test_a_document_of_a_confidential_fiche_is_not_served_to_a_technicien(world, action):
    upload(world, action, "budget.xlsx", b"PK\x03\x04rest")
    services.action_update(action=action, by=world.users["cdc"], confidential=True)
    document = ActionDocument.objects.get()
    url = reverse("plans:document_download", args=[world.a.uuid, action.uuid, document.uuid])
    assert world.client("technicien").get(url).status_code == 404
    assert world.client("cdt").get(url).status_code == 200


def test_removing_a_document_deletes_its_file(world, action, django_capture_on_commit_callbacks):
    upload(world, action, "notes.txt", "Réunion du 3 mars".encode())
    document = ActionDocument.objects.get()
    storage, path = document.file.storage, document.file.name
    assert storage.exists(path)
    url = reverse("plans:document_delete", args=[world.a.uuid, action.uuid, document.uuid])
    with django_capture_on_commit_callbacks(execute=True):
        assert world.client("cdc").post(url).status_code == 302
    assert not ActionDocument.objects.exists()
    assert not storage.exists(path)
