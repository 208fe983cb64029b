"""The memberships now belong to conventions (its 0003 keeps their tables and rows)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_notify_assignments"),
        ("conventions", "0003_memberships_from_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalCafMembership"),
                migrations.DeleteModel(name="HistoricalConventionMembership"),
                migrations.DeleteModel(name="CafMembership"),
                migrations.DeleteModel(name="ConventionMembership"),
            ],
        ),
    ]
