"""Opened and submitted are recorded in hourly batches, never in the member's own transaction."""

from typing import Any

import pytest
from django.test import Client

from surveys.models import Invitation, Organization, Response, Survey
from surveys.pending_marks import Mark, pending_ids
from surveys.services.invitations import invitations_record_pending
from surveys.services.responses import response_submit
from surveys.tasks import invitations_record_pending_task
from tests.factories import make_survey
from tests.support.questionnaire import personal_link, start_url
from tests.support.services import RedisServer, free_port


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def submit(token: str, capture: Any) -> None:
    with capture(execute=True):
        response_submit(token=token, blank_confirmed=True)


def test_a_submission_leaves_the_invitation_untouched_and_marks_it_after_commit(
    survey: Survey, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, token = personal_link(survey)
    with django_capture_on_commit_callbacks() as callbacks:
        response_submit(token=token, blank_confirmed=True)
        # Nothing is marked while the response's transaction is open.
        assert pending_ids(mark=Mark.SUBMITTED) == set()
    assert not Invitation.objects.get(pk=invitation.pk).submitted
    for callback in callbacks:
        callback()
    assert pending_ids(mark=Mark.SUBMITTED) == {invitation.pk}


def test_the_batch_flips_every_marked_invitation_at_once(
    survey: Survey, django_capture_on_commit_callbacks: Any
) -> None:
    links = [personal_link(survey) for _ in range(3)]
    for _invitation, token in links[:2]:
        submit(token, django_capture_on_commit_callbacks)
    Client().get(start_url(links[2][1]))
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_record_pending() == 3
    flags = Invitation.objects.order_by("pk").values_list("opened", "submitted")
    assert list(flags) == [(True, True), (True, True), (True, False)]
    assert pending_ids(mark=Mark.SUBMITTED) == pending_ids(mark=Mark.OPENED) == set()


def test_the_batch_runs_at_most_once_an_hour_and_keeps_later_marks(
    survey: Survey, django_capture_on_commit_callbacks: Any
) -> None:
    (_first, first_token), (second, second_token) = personal_link(survey), personal_link(survey)
    submit(first_token, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_record_pending_task() == 1
    submit(second_token, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert invitations_record_pending_task() == 0
    assert not Invitation.objects.get(pk=second.pk).submitted
    assert pending_ids(mark=Mark.SUBMITTED) == {second.pk}


def test_a_mark_lost_with_redis_comes_back_on_the_member_s_next_visit(
    survey: Survey, private_redis: RedisServer, django_capture_on_commit_callbacks: Any
) -> None:
    invitation, token = personal_link(survey)
    submit(token, django_capture_on_commit_callbacks)
    private_redis.forget_pending_marks()
    Client().get(start_url(token))
    assert pending_ids(mark=Mark.SUBMITTED) == pending_ids(mark=Mark.OPENED) == {invitation.pk}


def test_a_member_submits_while_redis_is_down(
    survey: Survey, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invitation, token = personal_link(survey)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    submit(token, django_capture_on_commit_callbacks)
    assert Response.objects.get().status == Response.Status.SUBMITTED
