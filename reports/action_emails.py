"""The e-mail an action's owner gets on the day the action falls due (beat, through the outbox).

Exactly once per action and due date, however often the beat runs and however many workers run
it: each action is claimed by a conditional UPDATE (its due e-mail not yet claimed, still open,
still due today), and the outbox row is written in the same transaction. A second run finds the
claim and sends nothing; a run that fails after the claim rolls the claim back with the e-mail.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from outbox.emails import email_queue
from reports.models import Action
from surveys.models import BankMode

logger = logging.getLogger(__name__)

DUE_EMAIL_SUBJECT = "Due today: {what}"


def actions_email_due(*, today: datetime.date | None = None) -> int:
    """Queue the due e-mail of every open action with an address that falls due today; returns how many."""
    day = timezone.localdate() if today is None else today
    queued = sum(action_email_due(action_id=pk, today=day) for pk in _unclaimed(day).values_list("pk", flat=True))
    if queued:
        logger.info("Due e-mails of actions queued: %s.", queued)
    return queued


@transaction.atomic
def action_email_due(*, action_id: int, today: datetime.date) -> bool:
    """Claim one action's due e-mail and queue it, or nothing when another run has claimed it."""
    if not _unclaimed(today).filter(pk=action_id).update(due_email_at=timezone.now()):
        return False
    action = Action.objects.select_related("survey__team").get(pk=action_id)
    survey = action.survey
    mode = BankMode.objects.filter(bank_id=survey.bank_id, key=action.mode).values_list("title", flat=True).first()
    email_queue(
        to=action.owner_email,
        subject=DUE_EMAIL_SUBJECT.format(what=action.what),
        template="reports/emails/action_due.txt",
        context={
            "action": action,
            "survey": survey,
            "mode_title": mode or action.mode,
            "results_path": reverse("scores:survey", args=[survey.pk]) + "#actions",
        },
    )
    return True


def _unclaimed(today: datetime.date) -> QuerySet[Action]:
    """Actions due today, still planned or doing, with an address, whose due e-mail nobody has claimed."""
    due = Action.objects.filter(due_on=today, status__in=Action.OPEN_STATUSES, due_email_at__isnull=True)
    return due.exclude(owner_email="")
