"""Jobs: long work out of the request, followed on a progress page by its owner only."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.core.periodic import SCHEDULE
from maillage.jobs import services, tasks
from maillage.jobs.execution import UNEXPECTED, execute_job
from maillage.jobs.models import Job, JobStatus, PeriodicRun
from maillage.jobs.registry import FileOutput, JobError, Progress, ResultOutput, job_kind
from maillage.organisations.models import Organisation as OrganisationModel

from ..conftest import login
from ..factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@job_kind("tests.document")
def _document(job: Job, progress: Progress) -> FileOutput:
    total = job.params.get("pages", 3)
    for page in range(total):
        progress(page + 1, total, "Mise en page")
    return FileOutput(b"%PDF-1.7 test", "maillage-essai.pdf", "application/pdf", "3 pages.")


@job_kind("tests.writes_then_fails")
def _writes_then_fails(job: Job, progress: Progress) -> ResultOutput:
    with transaction.atomic():
        OrganisationModel.objects.filter(pk=job.params["organisation"]).update(name="Écrasé")
        if job.params.get("expected"):
            raise JobError("La ligne 4 du classeur n'a pas d'intitulé.")
        raise RuntimeError("a bug")


@job_kind("tests.summary")
def _summary(job: Job, progress: Progress) -> ResultOutput:
    return ResultOutput("12 fiches créées.", data={"created": 12}, url="/")


@pytest.fixture
def owner(db):
    return UserFactory()


def test_a_job_runs_and_its_owner_downloads_the_file(owner, client):
    job = services.start_job(
        owner=owner, kind="tests.document", title="Plan en PDF", params={"pages": 3}
    )
    assert job.status == JobStatus.DONE
    assert (job.done, job.total) == (3, 3)
    assert job.attempts == 1
    assert job.expires_at > timezone.now()
    login(client, owner)
    page = client.get(reverse("jobs:detail", args=[job.uuid]))
    assert page.status_code == 200
    assert "Terminé." in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # finished: no more polling
    response = client.get(reverse("jobs:file", args=[job.uuid]))
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="maillage-essai.pdf"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_nobody_else_sees_a_job(owner, client):
    job = services.start_job(owner=owner, kind="tests.document", title="Plan en PDF")
    login(client, UserFactory())
    assert client.get(reverse("jobs:detail", args=[job.uuid])).status_code == 404
    assert client.get(reverse("jobs:file", args=[job.uuid])).status_code == 404
    assert "Plan en PDF" not in client.get(reverse("jobs:list")).content.decode()


def test_a_job_that_fails_leaves_the_data_as_it_was_and_says_why_in_french(owner, client):
    organisation = OrganisationFactory(name="Centre social")
    job = services.start_job(
        owner=owner,
        kind="tests.writes_then_fails",
        title="Import",
        params={"organisation": organisation.pk, "expected": True},
    )
    organisation.refresh_from_db()
    assert organisation.name == "Centre social"
    assert job.status == JobStatus.FAILED
    assert job.message == "La ligne 4 du classeur n'a pas d'intitulé."
    login(client, owner)
    page = client.get(reverse("jobs:detail", args=[job.uuid])).content.decode()
    assert "Échec." in page and "n&#x27;a pas d&#x27;intitulé" in page


def test_an_unexpected_error_is_told_without_its_technical_details(owner):
    organisation = OrganisationFactory(name="Centre social")
    job = services.start_job(
        owner=owner,
        kind="tests.writes_then_fails",
        title="Import",
        params={"organisation": organisation.pk},
    )
    organisation.refresh_from_db()
    assert organisation.name == "Centre social"
    assert (job.status, job.message) == (JobStatus.FAILED, UNEXPECTED)
    assert "bug" not in job.message


def test_a_result_is_shown_with_its_link(owner, client):
    job = services.start_job(owner=owner, kind="tests.summary", title="Import")
    assert job.result == {"ok": True, "created": 12}
    login(client, owner)
    page = client.get(reverse("jobs:detail", args=[job.uuid])).content.decode()
    assert "12 fiches créées." in page and "Voir le résultat" in page


def test_an_unknown_kind_cannot_be_started(owner):
    with pytest.raises(ValueError):
        services.start_job(owner=owner, kind="tests.nothing", title="?")


# A real worker commits and closes its connections, as in production: no test transaction.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_with_a_worker_the_page_polls_until_the_worker_has_run_the_job(owner, client):
    job = services.start_job(owner=owner, kind="tests.document", title="Plan en PDF")
    assert job.status == JobStatus.QUEUED
    login(client, owner)
    fragment = client.get(reverse("jobs:detail", args=[job.uuid]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "En attente" in fragment.content.decode()
    call_command("worker", batch=True, verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    fragment = client.get(reverse("jobs:detail", args=[job.uuid]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in fragment.content.decode()
    assert "Télécharger maillage-essai.pdf" in fragment.content.decode()


def test_a_job_is_run_once_even_if_handed_out_twice(owner):
    job = services.start_job(owner=owner, kind="tests.document", title="Plan en PDF")
    execute_job(job.pk)  # a second delivery of the same task
    job.refresh_from_db()
    assert job.attempts == 1


def _stalled(owner, attempts: int) -> Job:
    return Job.objects.create(
        owner=owner,
        kind="tests.document",
        title="Plan en PDF",
        status=JobStatus.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=10),
    )


def test_a_job_whose_worker_died_is_started_again(owner):
    job = _stalled(owner, attempts=1)
    fresh = Job.objects.create(
        owner=owner,
        kind="tests.document",
        title="En cours ailleurs",
        status=JobStatus.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now(),
    )
    assert tasks.recover_stalled_jobs() == 1
    job.refresh_from_db()
    fresh.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    assert fresh.status == JobStatus.RUNNING  # its worker is alive: left alone


def test_a_job_interrupted_too_often_fails_with_a_french_message(owner):
    job = _stalled(owner, attempts=3)
    assert tasks.recover_stalled_jobs() == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "interrompu à plusieurs reprises" in job.message


def test_finished_files_are_removed_after_their_keeping_time(owner):
    job = services.start_job(owner=owner, kind="tests.document", title="Plan en PDF")
    storage, name = job.file.storage, job.file.name
    assert storage.exists(name)
    assert tasks.remove_expired_jobs() == 0
    assert tasks.remove_expired_jobs(now=timezone.now() + datetime.timedelta(hours=25)) == 1
    assert not storage.exists(name)
    assert not Job.objects.filter(pk=job.pk).exists()


def test_periodic_tasks_are_enqueued_once_per_period_whoever_asks():
    assert "maillage.jobs.tasks.remove_expired" in SCHEDULE
    now = timezone.now()
    first = services.enqueue_due_periodic_tasks(now)
    assert set(first) == set(SCHEDULE)
    assert services.enqueue_due_periodic_tasks(now + datetime.timedelta(seconds=30)) == []
    later = services.enqueue_due_periodic_tasks(now + datetime.timedelta(minutes=1, seconds=1))
    assert "maillage.jobs.tasks.recover_stalled" in later
    assert "maillage.jobs.tasks.remove_expired" not in later
    assert PeriodicRun.objects.count() == len(SCHEDULE)


@job_kind("tests.reads_input")
def _reads_input(job: Job, progress: Progress) -> ResultOutput:
    with job.input.open("rb") as handle:
        return ResultOutput(f"{len(handle.read())} octets lus.", data={"stored": job.input.name})


def test_an_uploaded_file_is_read_by_the_job_then_removed(owner):
    upload = SimpleUploadedFile("plan.xlsx", b"PK\x03\x04" + b"0" * 96)
    job = services.start_job(
        owner=owner, kind="tests.reads_input", title="Import", input_file=upload
    )
    assert job.message == "100 octets lus."
    assert not job.input
    stored = job.result["stored"]
    assert stored and not default_storage.exists(stored)


def test_a_finished_job_keeps_nothing_of_what_it_was_given(owner):
    job = services.start_job(
        owner=owner, kind="tests.document", title="Plan", params={"pages": 2, "rows": ["x"]}
    )
    assert job.status == JobStatus.DONE
    assert job.params == {}
