"""Reminders chosen when a survey is made ("3 days and 1 day before closing"), sent by beat.

Each scheduled reminder goes out once: a conditional UPDATE claims it (sent_on from NULL to
the day) in the same transaction as its e-mails, so a second beat run, a second worker or a
crash halfway finds it claimed or finds nothing committed.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from surveys.models import ScheduledReminder, Survey
from surveys.services.invitations import REMINDER_INTERVAL, members_remind

# The choices a lead has; a reminder the day the survey closes would come too late to act on.
REMINDER_DAY_CHOICES = (7, 3, 2, 1)
# A reminder due today waits for the working day: nobody thanks a survey for an e-mail at 00:05.
SCHEDULED_REMINDER_HOUR = 9

REMINDERS_NEED_CLOSING_DATE_MESSAGE = "Scheduled reminders need a closing date: choose one, or no reminder."
REMINDER_DAYS_MESSAGE = "A scheduled reminder is 1, 2, 3 or 7 days before closing."


def reminder_days_validate(*, days: list[int], closes_on: datetime.date | None) -> None:
    if any(day not in REMINDER_DAY_CHOICES for day in days):
        raise ValidationError(REMINDER_DAYS_MESSAGE)
    if days and closes_on is None:
        raise ValidationError(REMINDERS_NEED_CLOSING_DATE_MESSAGE)


def reminder_schedule_set(*, survey: Survey, days: list[int], closing_moved: bool = False) -> None:
    """The survey's scheduled reminders become `days`; call inside the survey's transaction.

    A reminder already sent stays sent, unless the closing day moved: then each reminder whose
    new day is still ahead goes out again, relative to the new date.
    """
    reminder_days_validate(days=days, closes_on=survey.closes_on)
    survey.scheduled_reminders.exclude(days_before__in=days).filter(sent_on__isnull=True).delete()
    for day in days:
        ScheduledReminder.objects.get_or_create(survey=survey, days_before=day)
    if closing_moved and survey.closes_on is not None:
        today = timezone.localdate()
        for reminder in survey.scheduled_reminders.filter(sent_on__isnull=False):
            if survey.closes_on - datetime.timedelta(days=reminder.days_before) > today:
                ScheduledReminder.objects.filter(pk=reminder.pk).update(sent_on=None)


def reminder_days_of(*, survey: Survey) -> list[int]:
    """The days before closing chosen for the survey, sent or not, largest first."""
    return list(survey.scheduled_reminders.values_list("days_before", flat=True))


def reminders_send_scheduled(*, now: datetime.datetime | None = None) -> int:
    """Send every scheduled reminder that is due; returns how many members were reminded.

    A reminder is due from SCHEDULED_REMINDER_HOUR on its day; one missed while beat was down
    goes out late, once, together with any other due reminder of its survey.
    """
    now = now or timezone.now()
    local = timezone.localtime(now)
    today = local.date()
    surveys = Survey.objects.filter(
        status=Survey.Status.OPEN, closes_on__gte=today, scheduled_reminders__sent_on__isnull=True
    ).distinct()
    reminded = 0
    for survey in surveys:
        due = [
            reminder.pk
            for reminder in survey.scheduled_reminders.filter(sent_on__isnull=True)
            if _is_due(reminder=reminder, closes_on=survey.closes_on, local=local)
        ]
        if due:
            reminded += _survey_remind_scheduled(survey=survey, reminder_ids=due, now=now)
    return reminded


def _is_due(*, reminder: ScheduledReminder, closes_on: datetime.date | None, local: datetime.datetime) -> bool:
    if closes_on is None:
        return False
    day = closes_on - datetime.timedelta(days=reminder.days_before)
    return day < local.date() or (day == local.date() and local.hour >= SCHEDULED_REMINDER_HOUR)


@transaction.atomic
def _survey_remind_scheduled(*, survey: Survey, reminder_ids: list[int], now: datetime.datetime) -> int:
    claimed = ScheduledReminder.objects.filter(pk__in=reminder_ids, sent_on__isnull=True).update(
        sent_on=timezone.localdate(now)
    )
    if not claimed:
        return 0
    # Members reminded by hand less than a day ago are not reminded again: the scheduled
    # reminder counts as sent, as its purpose was served.
    fresh = Survey.objects.filter(pk=survey.pk).exclude(reminded_at__gt=now - REMINDER_INTERVAL)
    if not fresh.update(reminded_at=now):
        return 0
    survey.reminded_at = now
    return members_remind(survey=survey, now=now)
