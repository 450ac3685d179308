# The OutgoingEmail model moved here from surveys. Its table was created by surveys' first
# migration and keeps its name (db_table), so this migration changes only Django's state: no
# row is copied or lost, and e-mails queued before the upgrade are still sent after it.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('surveys', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutgoingEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('to', models.EmailField(max_length=254)),
                        ('subject', models.CharField(max_length=300)),
                        ('body', models.TextField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('published_at', models.DateTimeField(blank=True, null=True)),
                        ('claimed_at', models.DateTimeField(blank=True, null=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                        ('attempts', models.PositiveSmallIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                    ],
                    options={
                        'db_table': 'surveys_outgoingemail',
                        'indexes': [models.Index(fields=['sent_at', 'created_at'], name='surveys_out_sent_at_bd5dd7_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
