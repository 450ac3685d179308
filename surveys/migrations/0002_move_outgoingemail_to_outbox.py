# OutgoingEmail now belongs to the outbox app (see outbox/migrations/0001_initial.py): surveys
# forgets the model without dropping its table, which outbox keeps using under the same name.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0001_initial'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OutgoingEmail')],
            database_operations=[],
        ),
    ]
