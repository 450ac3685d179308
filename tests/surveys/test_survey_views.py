"""The lead's survey pages: create, list, detail, close and reopen, import."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from surveys.forms.surveys import IMPORT_NOT_TEXT_MESSAGE
from surveys.models import Membership, Organization, Response, Survey
from surveys.services.imports import UNKNOWN_ROLE_MESSAGE
from surveys.services.surveys import CLOSES_IN_PAST_MESSAGE, NO_ROLES_MESSAGE, THRESHOLD_MESSAGE
from surveys.views.surveys import (
    RESPONSES_IMPORTED_MESSAGE,
    SURVEY_CLOSED_MESSAGE,
    SURVEY_REOPENED_DATE_CLEARED_MESSAGE,
)
from tests.conftest import client_for
from tests.factories import make_survey

ALL_ROLES = ["data_scientist", "engineer", "product_manager"]


def form_data(**overrides: object) -> dict[str, object]:
    return {"title": "Churn model", "team": "Growth", "roles": ALL_ROLES, "anonymity_threshold": "3"} | overrides


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def test_it_creates_a_survey_and_leads_to_its_invitations(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(closes_on="2999-01-31"))
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:invitations", args=[survey.pk])
    assert (survey.title, survey.created_by, survey.closes_on) == ("Churn model", alice, datetime.date(2999, 1, 31))


def test_it_keeps_only_the_chosen_roles(alice: User) -> None:
    client_for(alice).post(reverse("surveys:create"), form_data(roles=["engineer"]))
    assert Survey.objects.get().roles == ["engineer"]


def test_it_offers_every_role_with_its_description(alice: User) -> None:
    page = client_for(alice).get(reverse("surveys:create")).content.decode()
    assert "<legend" in page
    assert page.count('name="roles"') == len(ALL_ROLES)


@pytest.mark.parametrize("threshold", ["2", "51", "three", ""])
def test_it_refuses_a_bad_threshold(alice: User, threshold: str) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(anonymity_threshold=threshold))
    assert THRESHOLD_MESSAGE in response.content.decode()
    assert not Survey.objects.exists()


def test_it_refuses_a_survey_without_roles(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(roles=[]))
    assert NO_ROLES_MESSAGE in response.content.decode()
    assert not Survey.objects.exists()


def test_it_refuses_an_unknown_role(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(roles=["astrologer"]))
    assert "astrologer is not one of the available choices" in response.content.decode()
    assert not Survey.objects.exists()


def test_it_refuses_a_closing_date_in_the_past(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(closes_on="2001-01-01"))
    assert CLOSES_IN_PAST_MESSAGE in response.content.decode()
    assert not Survey.objects.exists()


def test_it_asks_for_the_organization_only_to_a_lead_of_several(alice: User, globex: Organization) -> None:
    assert 'name="organization"' not in client_for(alice).get(reverse("surveys:create")).content.decode()
    Membership.objects.create(organization=globex, user=alice, role=Membership.Role.LEAD)
    client_for(alice).post(reverse("surveys:create"), form_data(organization=globex.pk))
    assert Survey.objects.get().organization == globex


def test_it_refuses_an_organization_the_lead_does_not_lead(alice: User, globex: Organization) -> None:
    other = Organization.objects.create(name="Third")
    Membership.objects.create(organization=other, user=alice, role=Membership.Role.LEAD)
    client_for(alice).post(reverse("surveys:create"), form_data(organization=globex.pk))
    assert not Survey.objects.exists()


def test_it_lists_surveys_with_status_and_progress(alice: User, survey: Survey) -> None:
    page = client_for(alice).get(reverse("surveys:list")).content.decode()
    assert survey.title in page
    assert "Open" in page


def test_it_shows_progress_per_role_on_the_detail_page(alice: User, survey: Survey) -> None:
    page = client_for(alice).get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert all(f'<th scope="row">{title}</th>' in page for title in ("Data scientist", "Engineer", "Product manager"))
    assert 'id="reports-heading"' in page


def test_it_closes_a_survey_by_hand(alice: User, survey: Survey) -> None:
    response = client_for(alice).post(reverse("surveys:close", args=[survey.pk]), follow=True)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert SURVEY_CLOSED_MESSAGE in response.content.decode()


def test_it_reopens_a_survey_and_clears_a_closing_date_already_passed(alice: User, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED, closes_on=datetime.date(2001, 1, 1))
    response = client_for(alice).post(reverse("surveys:reopen", args=[survey.pk]), follow=True)
    survey.refresh_from_db()
    assert (survey.status, survey.closes_on) == (Survey.Status.OPEN, None)
    assert SURVEY_REOPENED_DATE_CLEARED_MESSAGE in response.content.decode()


def test_it_refuses_to_reopen_with_a_closing_date_in_the_past(alice: User, survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(alice).post(
        reverse("surveys:reopen", args=[survey.pk]), {"closes_on": yesterday}, follow=True
    )
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert CLOSES_IN_PAST_MESSAGE in response.content.decode()


def test_it_imports_responses_from_a_csv_upload(alice: User, survey: Survey) -> None:
    upload = SimpleUploadedFile("r.csv", b"role\nengineer\nengineer\n", content_type="text/csv")
    response = client_for(alice).post(
        reverse("surveys:import_responses", args=[survey.pk]), {"file": upload}, follow=True
    )
    assert Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count() == 2
    assert RESPONSES_IMPORTED_MESSAGE.format(count=2) in response.content.decode()


def test_it_imports_nothing_from_a_csv_with_an_error(alice: User, survey: Survey) -> None:
    upload = SimpleUploadedFile("r.csv", b"role\nengineer\nastrologer\n", content_type="text/csv")
    response = client_for(alice).post(reverse("surveys:import_responses", args=[survey.pk]), {"file": upload})
    assert response.status_code == 400
    assert "astrologer" in response.content.decode()
    assert UNKNOWN_ROLE_MESSAGE.split("{")[0] in response.content.decode()
    assert not Response.objects.exists()


def test_it_imports_nothing_from_a_file_that_is_not_text(alice: User, survey: Survey) -> None:
    upload = SimpleUploadedFile("r.csv", b"\xff\xfe\x00role", content_type="text/csv")
    response = client_for(alice).post(reverse("surveys:import_responses", args=[survey.pk]), {"file": upload})
    assert IMPORT_NOT_TEXT_MESSAGE in response.content.decode()
    assert not Response.objects.exists()
