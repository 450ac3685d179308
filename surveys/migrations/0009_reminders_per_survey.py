from django.db import migrations, models
from django.db.models import Max


def surveys_keep_last_reminder(apps, schema_editor):
    """A survey's reminder date is the latest of its invitations' (the per-person ones go)."""
    Survey = apps.get_model("surveys", "Survey")
    Invitation = apps.get_model("surveys", "Invitation")
    latest = Invitation.objects.values("survey_id").annotate(at=Max("last_reminded_at")).filter(at__isnull=False)
    for row in latest:
        Survey.objects.filter(id=row["survey_id"]).update(reminded_at=row["at"])


class Migration(migrations.Migration):

    dependencies = [
        ("surveys", "0008_response_random_id_no_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="reminded_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(surveys_keep_last_reminder, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="invitation",
            name="last_reminded_at",
        ),
        migrations.RemoveField(
            model_name="invitation",
            name="reminder_count",
        ),
    ]
