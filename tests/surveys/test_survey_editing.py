"""A lead edits, copies, deletes and previews a survey (issue 13, the lead's bullets)."""

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from reports.models import PublishedResults, ReportJob
from surveys.forms.surveys import DELETE_REQUIRED_MESSAGE
from surveys.models import Invitation, Organization, Response, ScheduledReminder, Survey
from surveys.pending_marks import Mark, pending_ids
from surveys.services.invitations import invitations_create_personal
from surveys.services.reminders import REMINDER_DAYS_MESSAGE, REMINDERS_NEED_CLOSING_DATE_MESSAGE
from surveys.services.survey_editing import (
    DELETE_CONFIRMATION_MESSAGE,
    ROLE_STILL_INVITED_MESSAGE,
    SETTINGS_LOCKED_MESSAGE,
    survey_update,
)
from surveys.services.surveys import CLOSES_IN_PAST_MESSAGE
from surveys.validators import CONTROL_CHARACTER_MESSAGE
from surveys.views.preview import PREVIEW_FINISHED_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.actions import make_action
from tests.support.answers import make_responses
from tests.support.published import publish
from tests.support.report_jobs import report_job_succeeded

ROLES = ["data_scientist", "engineer", "product_manager"]


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, title="Churn modle", team="Growth ML", roles=ROLES, description="First words.")


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def edit_data(survey: Survey, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": survey.title,
        "team": survey.team.name,
        "description": survey.description,
        "closes_on": survey.closes_on.isoformat() if survey.closes_on else "",
        "roles": survey.roles,
        "anonymity_threshold": survey.anonymity_threshold,
        "reminder_days": [],
    }
    return data | changes


def state(survey: Survey) -> tuple[object, ...]:
    return tuple(Survey.objects.filter(pk=survey.pk).values_list().get())


# Edit


def test_it_saves_a_corrected_title(alice: User, survey: Survey) -> None:
    url = reverse("surveys:edit", args=[survey.pk])
    response = client_for(alice).post(url, edit_data(survey, title="Churn model"))
    assert response["Location"] == reverse("surveys:detail", args=[survey.pk])
    assert Survey.objects.get(pk=survey.pk).title == "Churn model"


def test_it_shows_the_survey_as_it_is_on_the_edit_page(alice: User, survey: Survey) -> None:
    page = client_for(alice).get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert 'value="Churn modle"' in page
    assert "First words." in page


def test_moving_to_another_team_makes_the_survey_its_next_round(
    alice: User, survey: Survey, acme: Organization
) -> None:
    make_survey(acme, team="Risk ML")
    client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), edit_data(survey, team="risk ml"))
    survey.refresh_from_db()
    assert (survey.team.name, survey.round_number) == ("Risk ML", 2)


def test_keeping_the_team_keeps_the_round(alice: User, survey: Survey) -> None:
    client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), edit_data(survey, team="GROWTH ML"))
    survey.refresh_from_db()
    assert (survey.team.name, survey.round_number) == ("Growth ML", 1)


def test_it_changes_roles_and_threshold_before_the_first_answer(alice: User, survey: Survey) -> None:
    data = edit_data(survey, roles=["engineer", "data_scientist"], anonymity_threshold=5)
    client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), data)
    survey.refresh_from_db()
    assert (survey.roles, survey.anonymity_threshold) == (["data_scientist", "engineer"], 5)


def test_it_locks_roles_and_threshold_after_the_first_answer_and_says_why(alice: User, survey: Survey) -> None:
    make_responses(survey, "engineer", 1, status=Response.Status.DRAFT)
    client = client_for(alice)
    page = client.get(reverse("surveys:edit", args=[survey.pk])).content.decode()
    assert SETTINGS_LOCKED_MESSAGE in page
    assert "disabled" in page
    # A post that tries anyway changes the title but neither of them: disabled fields keep their value.
    data = edit_data(survey, title="Churn model", roles=["engineer"], anonymity_threshold=9)
    client.post(reverse("surveys:edit", args=[survey.pk]), data)
    survey.refresh_from_db()
    assert (survey.title, survey.roles, survey.anonymity_threshold) == ("Churn model", ROLES, 3)


def test_the_service_refuses_locked_settings(survey: Survey) -> None:
    make_responses(survey, "engineer", 1)
    fields = edit_data(survey, anonymity_threshold=4, closes_on=None, reminder_days=[])
    with pytest.raises(Exception, match="cannot change once"):
        survey_update(survey=survey, **fields)


def test_it_refuses_to_drop_a_role_that_still_has_live_links(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="product_manager", count=1)
    data = edit_data(survey, roles=["data_scientist", "engineer"])
    response = client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), data)
    assert response.status_code == 400
    assert ROLE_STILL_INVITED_MESSAGE.format(role="Product manager") in response.content.decode()
    assert Survey.objects.get(pk=survey.pk).roles == ROLES


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "Two\nlines"}, CONTROL_CHARACTER_MESSAGE.format(field="The title")),
        ({"closes_on": "2001-01-01"}, CLOSES_IN_PAST_MESSAGE),
        ({"anonymity_threshold": "2"}, "anonymity threshold must be"),
        ({"roles": []}, "Choose at least one role."),
        ({"reminder_days": ["3"]}, REMINDERS_NEED_CLOSING_DATE_MESSAGE),
        ({"reminder_days": ["5"]}, REMINDER_DAYS_MESSAGE),
    ],
)
def test_it_refuses_wrong_input_and_changes_nothing(
    alice: User, survey: Survey, changes: dict[str, Any], message: str
) -> None:
    before = state(survey)
    response = client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), edit_data(survey, **changes))
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert state(survey) == before


def test_a_new_closing_date_schedules_its_reminders_again(alice: User, acme: Organization) -> None:
    survey = make_survey(acme, closes_on=in_days(10), reminder_days=[3])
    ScheduledReminder.objects.filter(survey=survey).update(sent_on=timezone.localdate())
    data = edit_data(survey, closes_on=in_days(20).isoformat(), reminder_days=["3", "1"])
    client_for(alice).post(reverse("surveys:edit", args=[survey.pk]), data)
    reminders = dict(ScheduledReminder.objects.filter(survey=survey).values_list("days_before", "sent_on"))
    assert reminders == {3: None, 1: None}


# Duplicate


def test_it_copies_a_survey_as_the_same_teams_next_round_without_its_links(alice: User, acme: Organization) -> None:
    survey = make_survey(acme, team="Growth ML", roles=["engineer"], anonymity_threshold=5, description="Why.")
    invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    client = client_for(alice)
    page = client.get(reverse("surveys:duplicate", args=[survey.pk])).content.decode()
    assert "Churn model (round 2)" in page
    response = client.post(reverse("surveys:duplicate", args=[survey.pk]), {"title": "Churn, again", "team": ""})
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert response["Location"] == reverse("surveys:invitations", args=[copy.pk])
    copied = (copy.title, copy.roles, copy.anonymity_threshold, copy.description)
    assert copied == ("Churn, again", ["engineer"], 5, "Why.")
    assert copy.status == Survey.Status.OPEN
    assert not copy.invitations.exists()


def test_it_copies_a_survey_into_another_team(alice: User, survey: Survey) -> None:
    data = {"title": "Fraud, first round", "team": "Fraud ML", "closes_on": in_days(14).isoformat()}
    client_for(alice).post(reverse("surveys:duplicate", args=[survey.pk]), data)
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert (copy.team.name, copy.round_number, copy.closes_on) == ("Fraud ML", 1, in_days(14))


def test_a_copy_keeps_the_scheduled_reminders_when_it_has_a_closing_date(alice: User, acme: Organization) -> None:
    survey = make_survey(acme, closes_on=in_days(10), reminder_days=[3, 1])
    data = {"title": "Again", "team": "", "closes_on": in_days(30).isoformat()}
    client_for(alice).post(reverse("surveys:duplicate", args=[survey.pk]), data)
    copy = Survey.objects.exclude(pk=survey.pk).get()
    assert sorted(copy.scheduled_reminders.values_list("days_before", flat=True)) == [1, 3]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "team": ""}, "This field is required."),
        ({"title": "A\tB", "team": ""}, CONTROL_CHARACTER_MESSAGE.format(field="The title")),
        ({"title": "Copy", "team": "x" * 201}, "at most 200 characters"),
        ({"title": "Copy", "team": "", "closes_on": "2001-01-01"}, CLOSES_IN_PAST_MESSAGE),
        ({"title": "Copy", "team": "", "closes_on": "soon"}, "Enter a valid date."),
    ],
)
def test_it_refuses_a_wrong_copy_and_creates_nothing(
    alice: User, survey: Survey, data: dict[str, str], message: str
) -> None:
    response = client_for(alice).post(reverse("surveys:duplicate", args=[survey.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Survey.objects.count() == 1


# Delete


def test_the_delete_page_names_everything_that_is_lost(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com", "flo@example.com"])
    make_responses(survey, "engineer", 4)
    make_responses(survey, "data_scientist", 2, status=Response.Status.DRAFT)
    publish(survey)
    report_job_succeeded(survey)
    make_action(survey)
    page = client_for(alice).get(reverse("surveys:delete", args=[survey.pk])).content.decode()
    for text in ("4 submitted answers", "2 invitations", "1 publication of results", "1 report", "1 action"):
        assert text in page
    # Drafts are not counted apart: nowhere else does a lead learn how many are pending.
    assert "6 " not in page.split('id="survey-loss"')[1].split("</ul>")[0]


@pytest.mark.parametrize("typed", ["", "Churn model", "churn modle "])
def test_it_deletes_nothing_without_the_exact_title(alice: User, survey: Survey, typed: str) -> None:
    make_responses(survey, "engineer", 3)
    response = client_for(alice).post(reverse("surveys:delete", args=[survey.pk]), {"confirmation": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert (DELETE_REQUIRED_MESSAGE if not typed else DELETE_CONFIRMATION_MESSAGE).replace("'", "&#x27;") in page
    assert Survey.objects.filter(pk=survey.pk).exists()
    assert Response.objects.count() == 3


def test_it_deletes_the_survey_with_its_answers_links_results_and_report_files(alice: User, survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", count=2)
    make_responses(survey, "engineer", 3)
    publish(survey)
    report_job_succeeded(survey)
    response = client_for(alice).post(reverse("surveys:delete", args=[survey.pk]), {"confirmation": "Churn modle"})
    assert response["Location"] == reverse("surveys:list")
    assert not Survey.objects.exists()
    assert not Invitation.objects.exists()
    assert not Response.objects.exists()
    assert not PublishedResults.objects.exists()
    assert not ReportJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_it_removes_the_stored_pdf_once_the_deletion_is_committed(alice: User, survey: Survey) -> None:
    job = report_job_succeeded(survey)
    storage, name = job.pdf.storage, job.pdf.name
    assert storage.exists(name)
    client_for(alice).post(reverse("surveys:delete", args=[survey.pk]), {"confirmation": survey.title})
    assert not storage.exists(name)


def test_another_lead_cannot_delete_it(charlie: User, survey: Survey) -> None:
    response = client_for(charlie).post(reverse("surveys:delete", args=[survey.pk]), {"confirmation": survey.title})
    assert response.status_code == 404
    assert Survey.objects.filter(pk=survey.pk).exists()


# Preview


@pytest.mark.parametrize("role", ROLES)
def test_it_previews_each_roles_questionnaire_and_counts_nothing(alice: User, survey: Survey, role: str) -> None:
    client = client_for(alice)
    page = client.get(reverse("surveys:preview", args=[survey.pk, role, 1])).content.decode()
    assert "Preview as" in page
    assert 'type="radio"' in page
    assert "/s/" not in page
    last = len(client.get(reverse("surveys:preview", args=[survey.pk, role, 1])).context["questionnaire"].pages)
    response = client.post(reverse("surveys:preview", args=[survey.pk, role, 1]), {"action": "next", "q": "4"})
    assert response["Location"] == reverse("surveys:preview", args=[survey.pk, role, 2])
    finished = client.post(reverse("surveys:preview", args=[survey.pk, role, last]), {"action": "submit"}, follow=True)
    assert PREVIEW_FINISHED_MESSAGE in finished.content.decode()
    assert not Invitation.objects.exists()
    assert not Response.objects.exists()
    assert pending_ids(mark=Mark.OPENED) == pending_ids(mark=Mark.SUBMITTED) == set()


@pytest.mark.parametrize(("role", "number"), [("analyst", 1), ("engineer", 0), ("engineer", 99)])
def test_it_finds_no_preview_of_an_unknown_role_or_page(alice: User, survey: Survey, role: str, number: int) -> None:
    response = client_for(alice).get(reverse("surveys:preview", args=[survey.pk, role, number]))
    assert response.status_code == 404


def test_the_survey_page_offers_edit_copy_delete_and_a_preview_per_role(alice: User, survey: Survey) -> None:
    page = client_for(alice).get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    for name in ("edit", "duplicate", "delete"):
        assert reverse(f"surveys:{name}", args=[survey.pk]) in page
    for role in ROLES:
        assert reverse("surveys:preview", args=[survey.pk, role, 1]) in page
