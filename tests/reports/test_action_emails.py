"""The e-mail on an action's due day: once per action, whoever runs the beat task and how often."""

import pytest
from django.conf import settings
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from outbox.models import OutgoingEmail
from reports import action_emails
from reports.action_emails import DUE_EMAIL_SUBJECT, actions_email_due
from reports.action_services import action_set_status, action_update
from reports.models import Action
from reports.selectors import survey_modes
from reports.tasks import actions_email_due as actions_email_due_task
from surveys.models import Organization, Survey
from tests.support.actions import in_days, make_action, published_survey


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return published_survey(acme, title="Fraud model rollout", team="Risk ML")


def due_today(survey: Survey, **overrides: object) -> Action:
    return make_action(survey, due_on=timezone.localdate(), **overrides)


def test_it_emails_the_owner_on_the_due_day_naming_survey_team_mode_and_action(
    survey: Survey, settings: SettingsWrapper
) -> None:
    settings.SITE_URL = "https://faultline.example"
    action = due_today(survey, what="Weekly hand-over", owner_name="Dana", note="Bring the runbook.")
    assert actions_email_due() == 1
    email = OutgoingEmail.objects.get()
    assert email.to == "dana@example.com"
    assert email.subject == DUE_EMAIL_SUBJECT.format(what="Weekly hand-over")
    mode_title = survey_modes(survey=survey)[0].title
    for text in (
        "Hello Dana",
        "Weekly hand-over",
        "Fraud model rollout",
        "team Risk ML, round 1",
        mode_title,
        "Bring the runbook.",
    ):
        assert text in email.body
    assert f"https://faultline.example/surveys/{survey.pk}/scores/#actions" in email.body
    assert Action.objects.get(pk=action.pk).due_email_at is not None


def test_it_sends_nothing_more_when_the_task_runs_again(survey: Survey) -> None:
    due_today(survey)
    actions_email_due_task()
    actions_email_due_task()
    assert actions_email_due() == 0
    assert OutgoingEmail.objects.count() == 1


def test_it_emails_each_due_action_once(survey: Survey) -> None:
    due_today(survey, owner_email="dana@example.com")
    due_today(survey, owner_email="eli@example.com")
    assert actions_email_due() == 2
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["dana@example.com", "eli@example.com"]


def test_it_emails_a_doing_action(survey: Survey) -> None:
    action_set_status(action=due_today(survey), status=Action.Status.DOING)
    assert actions_email_due() == 1


@pytest.mark.parametrize("status", [Action.Status.DONE, Action.Status.DROPPED])
def test_it_sends_nothing_for_a_closed_or_dropped_action(survey: Survey, status: str) -> None:
    action_set_status(action=due_today(survey), status=status)
    assert actions_email_due() == 0
    assert not OutgoingEmail.objects.exists()


def test_it_sends_nothing_for_an_action_without_an_address(survey: Survey) -> None:
    due_today(survey, owner_email="")
    assert actions_email_due() == 0
    assert not OutgoingEmail.objects.exists()


def test_it_sends_nothing_before_or_after_the_due_day(survey: Survey) -> None:
    make_action(survey, due_on=in_days(1))
    overdue = make_action(survey, due_on=in_days(1))
    Action.objects.filter(pk=overdue.pk).update(due_on=in_days(-1))
    assert actions_email_due() == 0
    assert actions_email_due(today=in_days(1)) == 1


def test_a_new_due_date_brings_a_new_email_on_that_day(survey: Survey) -> None:
    action = due_today(survey)
    actions_email_due()
    fields = {name: getattr(action, name) for name in ("mode", "what", "owner_name", "owner_email", "note", "status")}
    action_update(action=action, due_on=in_days(2), **fields)
    assert actions_email_due(today=in_days(2)) == 1
    assert OutgoingEmail.objects.count() == 2


def test_a_failure_while_queueing_leaves_the_action_unclaimed(survey: Survey, monkeypatch: pytest.MonkeyPatch) -> None:
    action = due_today(survey)

    def broken_queue(**_: object) -> None:
        raise RuntimeError("template missing")

    monkeypatch.setattr(action_emails, "email_queue", broken_queue)
    with pytest.raises(RuntimeError):
        actions_email_due()
    assert Action.objects.get(pk=action.pk).due_email_at is None
    monkeypatch.undo()
    assert actions_email_due() == 1


def test_it_runs_on_the_beat_schedule() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.tasks.actions_email_due" in tasks
