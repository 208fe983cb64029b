"""Attachments leave the messages' JSON for their own tables: each content stored once
for the messages of a sending that carry it, read only when a message is sent.

The messages waiting in the outbox keep their attachments (copied, then the JSON field
removed); going back copies them into the JSON field again."""

import base64

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def json_to_tables(apps, schema_editor):
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    OutboxFile = apps.get_model("outbox", "OutboxFile")
    OutboxAttachment = apps.get_model("outbox", "OutboxAttachment")
    messages = OutboxMessage.objects.exclude(attachments_json=[]).only("pk", "attachments_json")
    for message in messages.iterator():
        for position, stored in enumerate(message.attachments_json or []):
            content = base64.b64decode(stored["content"])
            file = OutboxFile.objects.create(content=content, size=len(content))
            OutboxAttachment.objects.create(
                message=message,
                file=file,
                name=stored["name"][:255],
                mimetype=stored["mimetype"][:255],
                position=position,
            )


def tables_to_json(apps, schema_editor):
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    OutboxAttachment = apps.get_model("outbox", "OutboxAttachment")
    by_message: dict[int, list[dict[str, str]]] = {}
    rows = OutboxAttachment.objects.select_related("file").order_by("message_id", "position")
    for row in rows.iterator():
        by_message.setdefault(row.message_id, []).append(
            {
                "name": row.name,
                "mimetype": row.mimetype,
                "content": base64.b64encode(bytes(row.file.content)).decode("ascii"),
            }
        )
    for message_id, stored in by_message.items():
        OutboxMessage.objects.filter(pk=message_id).update(attachments_json=stored)


class Migration(migrations.Migration):
    dependencies = [
        ("outbox", "0001_outbox_message"),
    ]

    operations = [
        # Renamed first: the new attachments take the name ``attachments``.
        migrations.RenameField(
            model_name="outboxmessage", old_name="attachments", new_name="attachments_json"
        ),
        migrations.CreateModel(
            name="OutboxFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content", models.BinaryField(verbose_name="contenu")),
                ("size", models.PositiveIntegerField(verbose_name="taille (octets)")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="écrit le"
                    ),
                ),
            ],
            options={
                "verbose_name": "fichier joint",
                "verbose_name_plural": "fichiers joints",
            },
        ),
        migrations.CreateModel(
            name="OutboxAttachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="nom")),
                ("mimetype", models.CharField(max_length=255, verbose_name="type")),
                ("position", models.PositiveSmallIntegerField(verbose_name="rang")),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="outbox.outboxmessage",
                    ),
                ),
                (
                    "file",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="outbox.outboxfile",
                    ),
                ),
            ],
            options={
                "verbose_name": "pièce jointe",
                "verbose_name_plural": "pièces jointes",
                "ordering": ["position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("message", "position"), name="outbox_attachment_place"
                    )
                ],
            },
        ),
        migrations.RunPython(json_to_tables, tables_to_json),
        migrations.RemoveField(model_name="outboxmessage", name="attachments_json"),
    ]
