"""Reminders chosen when the survey is made, sent by beat once each (issue 13)."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from surveys.models import Invitation, Organization, ScheduledReminder, Survey
from surveys.pending_marks import Mark, pending_mark
from surveys.services.invitations import invitations_create_personal, invitations_remind
from surveys.services.reminders import (
    REMINDERS_NEED_CLOSING_DATE_MESSAGE,
    SCHEDULED_REMINDER_HOUR,
    reminders_send_scheduled,
)
from surveys.tasks import reminders_send_scheduled_task
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.services import WorkerFactory, wait_until

CLOSES_IN = 10


def at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def survey(acme: Organization) -> Survey:
    closes_on = timezone.localdate() + datetime.timedelta(days=CLOSES_IN)
    survey = make_survey(acme, closes_on=closes_on, reminder_days=[3, 1])
    invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com", "bo@example.com"])
    # The invitations went out long before any reminder is due.
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=5))
    return survey


def day_before_closing(survey: Survey, days: int) -> datetime.date:
    assert survey.closes_on is not None
    return survey.closes_on - datetime.timedelta(days=days)


def reminders_to() -> list[str]:
    return sorted(OutgoingEmail.objects.filter(subject__startswith="Reminder").values_list("to", flat=True))


def test_the_creation_form_schedules_reminders_before_the_closing_day(alice: User) -> None:
    closes_on = timezone.localdate() + datetime.timedelta(days=20)
    data = {
        "title": "Churn",
        "roles": ["engineer"],
        "anonymity_threshold": "3",
        "closes_on": closes_on.isoformat(),
        "reminder_days": ["3", "1"],
    }
    client_for(alice).post(reverse("surveys:create"), data)
    assert sorted(ScheduledReminder.objects.values_list("days_before", flat=True)) == [1, 3]


def test_the_creation_form_refuses_reminders_without_a_closing_date(alice: User) -> None:
    data = {"title": "Churn", "roles": ["engineer"], "anonymity_threshold": "3", "reminder_days": ["3"]}
    response = client_for(alice).post(reverse("surveys:create"), data)
    assert REMINDERS_NEED_CLOSING_DATE_MESSAGE in response.content.decode()
    assert not Survey.objects.exists()


def test_nothing_is_sent_before_the_day(survey: Survey) -> None:
    assert reminders_send_scheduled(now=at(day_before_closing(survey, 4), 12)) == 0
    assert reminders_to() == []


def test_a_reminder_waits_for_the_morning_of_its_day(survey: Survey) -> None:
    day = day_before_closing(survey, 3)
    assert reminders_send_scheduled(now=at(day, SCHEDULED_REMINDER_HOUR - 1)) == 0
    assert reminders_send_scheduled(now=at(day, SCHEDULED_REMINDER_HOUR)) == 2
    assert reminders_to() == ["ann@example.com", "bo@example.com"]


def test_each_reminder_goes_out_once_however_often_beat_runs(survey: Survey) -> None:
    day = day_before_closing(survey, 3)
    for hour in (9, 10, 11, 23):
        reminders_send_scheduled(now=at(day, hour))
    assert len(reminders_to()) == 2
    assert ScheduledReminder.objects.get(days_before=3).sent_on == day
    assert ScheduledReminder.objects.get(days_before=1).sent_on is None


def test_the_second_reminder_goes_out_on_its_own_day(survey: Survey) -> None:
    reminders_send_scheduled(now=at(day_before_closing(survey, 3), 9))
    assert reminders_send_scheduled(now=at(day_before_closing(survey, 1), 9)) == 2
    assert len(reminders_to()) == 4


def test_it_reminds_only_those_who_have_not_submitted(survey: Survey) -> None:
    ann = Invitation.objects.get(email="ann@example.com")
    pending_mark(mark=Mark.SUBMITTED, invitation_id=ann.pk)
    reminders_send_scheduled(now=at(day_before_closing(survey, 3), 9))
    assert reminders_to() == ["bo@example.com"]


def test_reminders_missed_while_beat_was_down_go_out_once_together(survey: Survey) -> None:
    assert reminders_send_scheduled(now=at(day_before_closing(survey, 0), 9)) == 2
    assert len(reminders_to()) == 2
    assert not ScheduledReminder.objects.filter(sent_on__isnull=True).exists()


def test_members_reminded_by_hand_the_day_before_are_not_reminded_again(survey: Survey) -> None:
    invitations_remind(survey=survey)
    Survey.objects.filter(pk=survey.pk).update(reminded_at=at(day_before_closing(survey, 3), 0))
    assert reminders_send_scheduled(now=at(day_before_closing(survey, 3), 9)) == 0
    assert len(reminders_to()) == 2
    assert ScheduledReminder.objects.get(days_before=3).sent_on is not None


def test_a_closed_survey_sends_no_reminder(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    assert reminders_send_scheduled(now=at(day_before_closing(survey, 3), 9)) == 0
    assert reminders_to() == []


def test_the_invitations_page_lists_the_schedule(alice: User, survey: Survey) -> None:
    page = client_for(alice).get(reverse("surveys:invitations", args=[survey.pk])).content.decode()
    assert f"3 days before closing ({day_before_closing(survey, 3):%-d %B})" in page


def test_it_runs_on_the_beat_schedule() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "surveys.tasks.reminders_send_scheduled_task" in tasks


def delivered(outbox: Path) -> list[str]:
    return [path.read_text() for path in outbox.iterdir()] if outbox.exists() else []


@pytest.mark.worker
def test_a_real_worker_sends_each_scheduled_reminder_exactly_once(
    worker_factory: WorkerFactory, acme: Organization
) -> None:
    # Due since yesterday whatever the hour: the reminder 3 days before a closing in 2 days.
    survey = make_survey(acme, closes_on=timezone.localdate() + datetime.timedelta(days=2), reminder_days=[3])
    invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com", "bo@example.com"])
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=5))
    OutgoingEmail.objects.all().delete()
    worker = worker_factory()
    worker_factory()
    # Beat publishing three times, two workers taking them at the same moment.
    for _run in range(3):
        reminders_send_scheduled_task.delay()
    wait_until(lambda: runs_finished(worker.log()) == 3, timeout=30, message="the task did not run three times")
    wait_until(
        lambda: not OutgoingEmail.objects.filter(sent_at__isnull=True).exists(), timeout=20, message="not all sent"
    )
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["ann@example.com", "bo@example.com"]
    texts = delivered(worker_factory.outbox)
    assert sum("Reminder" in text and "ann@example.com" in text for text in texts) == 1
    assert sum("Reminder" in text and "bo@example.com" in text for text in texts) == 1
    assert ScheduledReminder.objects.get().sent_on == timezone.localdate()


def runs_finished(log: str) -> int:
    """Runs of the task that ended, well or not: the two workers share one log file."""
    lines = [line for line in log.splitlines() if "reminders_send_scheduled_task[" in line]
    return sum(" succeeded in " in line or " raised " in line for line in lines)
