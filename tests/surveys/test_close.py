"""Closing surveys: by hand (see test_survey_views.py) and at their closing date, by beat."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from surveys.models import Organization, Survey
from surveys.services.invitations import SURVEY_CLOSED_MESSAGE, invitations_create_personal
from surveys.services.surveys import (
    SURVEY_ALREADY_CLOSED_MESSAGE,
    SURVEY_ALREADY_OPEN_MESSAGE,
    survey_close,
    survey_reopen,
)
from surveys.tasks import surveys_close_due
from tests.factories import make_survey


def closing_on(organization: Organization, days_from_today: int) -> Survey:
    survey = make_survey(organization)
    closes_on = timezone.localdate() + datetime.timedelta(days=days_from_today)
    Survey.objects.filter(pk=survey.pk).update(closes_on=closes_on)
    survey.refresh_from_db()
    return survey


def test_it_closes_surveys_whose_closing_day_has_ended(acme: Organization) -> None:
    survey = closing_on(acme, -1)
    assert surveys_close_due() == 1
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert survey.closed_at is not None


def test_it_keeps_open_a_survey_closing_at_the_end_of_today(acme: Organization) -> None:
    survey = closing_on(acme, 0)
    assert surveys_close_due() == 0
    survey.refresh_from_db()
    assert survey.is_open


def test_it_keeps_open_a_survey_without_a_closing_date(acme: Organization) -> None:
    make_survey(acme)
    assert surveys_close_due() == 0


def test_it_leaves_the_closing_time_of_an_already_closed_survey(acme: Organization) -> None:
    survey = closing_on(acme, -3)
    survey_close(survey=survey)
    closed_at = survey.closed_at
    assert surveys_close_due() == 0
    survey.refresh_from_db()
    assert survey.closed_at == closed_at


def test_it_runs_the_closing_task_on_a_beat_schedule() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "surveys.tasks.surveys_close_due" in tasks
    assert surveys_close_due.name == "surveys.tasks.surveys_close_due"


def test_it_refuses_to_close_a_closed_survey(acme: Organization) -> None:
    survey = make_survey(acme)
    survey_close(survey=survey)
    with pytest.raises(ValidationError, match=SURVEY_ALREADY_CLOSED_MESSAGE):
        survey_close(survey=survey)


def test_it_refuses_to_reopen_an_open_survey(acme: Organization) -> None:
    with pytest.raises(ValidationError, match=SURVEY_ALREADY_OPEN_MESSAGE):
        survey_reopen(survey=make_survey(acme))


def test_it_reopens_with_a_new_closing_date_that_beat_respects(acme: Organization) -> None:
    survey = closing_on(acme, -2)
    surveys_close_due()
    survey.refresh_from_db()
    survey_reopen(survey=survey, closes_on=timezone.localdate() + datetime.timedelta(days=7))
    assert surveys_close_due() == 0
    assert survey.is_open


def test_it_keeps_a_future_closing_date_when_reopening(acme: Organization) -> None:
    survey = closing_on(acme, 5)
    survey_close(survey=survey)
    survey_reopen(survey=survey)
    assert survey.closes_on == timezone.localdate() + datetime.timedelta(days=5)


def test_it_treats_a_survey_past_its_closing_day_as_closed_before_beat_runs(acme: Organization) -> None:
    survey = closing_on(acme, -1)
    assert survey.status == Survey.Status.OPEN
    assert not survey.is_open
    with pytest.raises(ValidationError, match=SURVEY_CLOSED_MESSAGE):
        invitations_create_personal(survey=survey, role="engineer", count=1)


def test_it_reopens_a_survey_past_its_closing_day_before_beat_closed_it(acme: Organization) -> None:
    survey = closing_on(acme, -1)
    survey = survey_reopen(survey=survey)
    assert survey.is_open
    assert survey.closes_on is None
