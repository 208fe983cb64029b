"""The memberships of CTGs and Cafs move from accounts to conventions.

The models keep their rows: their state is created here on the existing tables, which
are then renamed; accounts drops the models from its state only (its 0004).
"""


import django.db.models.deletion
import simple_history.models
import uuid
from django.conf import settings
from django.db import migrations, models

MOVED = ['historicalcafmembership', 'historicalconventionmembership', 'cafmembership', 'conventionmembership']


def move_content_types(apps, schema_editor):
    """Admin log entries and permissions follow the models to their new app."""
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="accounts", model__in=MOVED).update(
        app_label="conventions"
    )


def restore_content_types(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="conventions", model__in=MOVED).update(
        app_label="accounts"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_user_notify_assignments'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('conventions', '0002_ctg_name_index'),
        ('organisations', '0002_caf_contacts_note'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalCafMembership',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('uuid', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ('role', models.CharField(choices=[('cdt', 'Chargé·e de développement territorial'), ('conseiller', 'Conseiller·ère thématique'), ('caf_admin', 'Responsable Caf')], max_length=20, verbose_name='rôle')),
                        ('theme', models.CharField(blank=True, choices=[('petite_enfance', 'Petite enfance'), ('enfance_jeunesse', 'Enfance-jeunesse'), ('parentalite', 'Parentalité'), ('avs', 'Animation de la vie sociale'), ('acces_aux_droits', 'Accès aux droits'), ('logement', 'Logement'), ('handicap', 'Handicap'), ('autre', 'Autre')], help_text='Pour un conseiller thématique.', max_length=30, verbose_name='thématique')),
                        ('is_active', models.BooleanField(default=True, verbose_name='actif')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('deactivated_at', models.DateTimeField(blank=True, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('caf', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.caf')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_historicalcafmembership',
                        'verbose_name': "historical membre d'une Caf",
                        'verbose_name_plural': 'historical membres des Caf',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalConventionMembership',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('uuid', models.UUIDField(db_index=True, default=uuid.uuid4, editable=False)),
                        ('role', models.CharField(choices=[('cdc', 'Chargé·e de coopération'), ('elu', 'Élu·e référent·e'), ('technicien', 'Technicien·ne'), ('partenaire', 'Partenaire')], max_length=20, verbose_name='rôle')),
                        ('is_active', models.BooleanField(default=True, verbose_name='actif')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('deactivated_at', models.DateTimeField(blank=True, null=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('convention', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='conventions.convention')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('invited_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_historicalconventionmembership',
                        'verbose_name': "historical membre d'une CTG",
                        'verbose_name_plural': 'historical membres des CTG',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='CafMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('role', models.CharField(choices=[('cdt', 'Chargé·e de développement territorial'), ('conseiller', 'Conseiller·ère thématique'), ('caf_admin', 'Responsable Caf')], max_length=20, verbose_name='rôle')),
                        ('theme', models.CharField(blank=True, choices=[('petite_enfance', 'Petite enfance'), ('enfance_jeunesse', 'Enfance-jeunesse'), ('parentalite', 'Parentalité'), ('avs', 'Animation de la vie sociale'), ('acces_aux_droits', 'Accès aux droits'), ('logement', 'Logement'), ('handicap', 'Handicap'), ('autre', 'Autre')], help_text='Pour un conseiller thématique.', max_length=30, verbose_name='thématique')),
                        ('is_active', models.BooleanField(default=True, verbose_name='actif')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('deactivated_at', models.DateTimeField(blank=True, null=True)),
                        ('caf', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='organisations.caf')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='caf_memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_cafmembership',
                        'verbose_name': "membre d'une Caf",
                        'verbose_name_plural': 'membres des Caf',
                        'constraints': [models.UniqueConstraint(fields=('user', 'caf', 'role'), name='one_caf_membership_per_role'), models.CheckConstraint(condition=models.Q(('role', 'conseiller'), ('theme', ''), _connector='OR'), name='theme_only_for_conseiller')],
                    },
                ),
                migrations.CreateModel(
                    name='ConventionMembership',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('role', models.CharField(choices=[('cdc', 'Chargé·e de coopération'), ('elu', 'Élu·e référent·e'), ('technicien', 'Technicien·ne'), ('partenaire', 'Partenaire')], max_length=20, verbose_name='rôle')),
                        ('is_active', models.BooleanField(default=True, verbose_name='actif')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('deactivated_at', models.DateTimeField(blank=True, null=True)),
                        ('convention', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='conventions.convention')),
                        ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='convention_memberships', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'accounts_conventionmembership',
                        'verbose_name': "membre d'une CTG",
                        'verbose_name_plural': 'membres des CTG',
                        'constraints': [models.UniqueConstraint(fields=('user', 'convention'), name='one_membership_per_ctg')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='HistoricalCafMembership', table=None),
        migrations.AlterModelTable(name='HistoricalConventionMembership', table=None),
        migrations.AlterModelTable(name='CafMembership', table=None),
        migrations.AlterModelTable(name='ConventionMembership', table=None),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
