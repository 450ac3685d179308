from datetime import timedelta
from typing import Any

from django.db import migrations, models

# The expiry the service gives a new invitation (surveys/services/organizations.py) at the time
# of this migration; a migration keeps its own copy, as the service's may change.
INVITATION_DAYS = 14


def sent_and_expiry_from_creation(apps: Any, schema_editor: Any) -> None:
    """Invitations made before expiry existed count from their creation, like new ones."""
    OrganizationInvitation = apps.get_model("surveys", "OrganizationInvitation")
    for invitation in OrganizationInvitation.objects.all():
        invitation.sent_at = invitation.created_at
        invitation.expires_at = invitation.created_at + timedelta(days=INVITATION_DAYS)
        invitation.save(update_fields=["sent_at", "expires_at"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_response_participation_index")]

    operations = [
        migrations.AddField(
            model_name="organizationinvitation", name="sent_at", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="organizationinvitation", name="expires_at", field=models.DateTimeField(null=True)
        ),
        migrations.AddField(
            model_name="organizationinvitation",
            name="revoked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(sent_and_expiry_from_creation, migrations.RunPython.noop),
        migrations.AlterField(model_name="organizationinvitation", name="sent_at", field=models.DateTimeField()),
        migrations.AlterField(model_name="organizationinvitation", name="expires_at", field=models.DateTimeField()),
    ]
