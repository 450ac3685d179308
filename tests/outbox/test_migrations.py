"""Moving OutgoingEmail from surveys to outbox keeps the table and every row in it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outbox.models import OutgoingEmail

# The schema of main before the move: surveys' first migration, outbox unknown.
BEFORE_THE_MOVE = [("surveys", "0001_initial"), ("outbox", None)]


def migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_emails_queued_before_the_move() -> None:
    executor = migrate(BEFORE_THE_MOVE)
    old_model = executor.loader.project_state(("surveys", "0001_initial")).apps.get_model("surveys", "OutgoingEmail")
    old_model.objects.create(to="kept@example.com", subject="Queued before the upgrade", body="Hello")

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    email = OutgoingEmail.objects.get()
    assert (email.to, email.subject, email.sent_at) == ("kept@example.com", "Queued before the upgrade", None)
