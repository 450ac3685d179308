"""The lead's survey pages: create, list, detail, close and reopen, import."""

import csv
import datetime
import html

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from surveys.csv_text import CELL_TOO_LONG_REASON
from surveys.forms.surveys import IMPORT_NOT_TEXT_MESSAGE
from surveys.models import Membership, Organization, Response, Survey
from surveys.services.imports import NOT_CSV_MESSAGE, UNKNOWN_ROLE_MESSAGE
from surveys.services.surveys import (
    CLOSES_IN_PAST_MESSAGE,
    DESCRIPTION_FIELD,
    NO_ROLES_MESSAGE,
    TEAM_FIELD,
    THRESHOLD_MESSAGE,
    TITLE_FIELD,
)
from surveys.validators import CONTROL_CHARACTER_MESSAGE, MAX_DESCRIPTION_LENGTH, MAX_LINE_LENGTH, TOO_LONG_MESSAGE
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


@pytest.mark.parametrize("character", ["\r", "\n", "\x00", "\x1b", "\x85", "\u2028"])
@pytest.mark.parametrize(("field", "name"), [("title", TITLE_FIELD), ("team", TEAM_FIELD)])
def test_it_refuses_a_control_character_in_a_single_line_field(
    alice: User, field: str, name: str, character: str
) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(**{field: f"Churn{character}model"}))
    assert response.status_code == 200
    assert CONTROL_CHARACTER_MESSAGE.format(field=name) in html.unescape(response.content.decode())
    assert not Survey.objects.exists()


def test_it_refuses_a_description_over_its_limit(alice: User) -> None:
    description = "x" * (2 * 1024 * 1024)
    response = client_for(alice).post(reverse("surveys:create"), form_data(description=description))
    message = TOO_LONG_MESSAGE.format(field=DESCRIPTION_FIELD, limit=MAX_DESCRIPTION_LENGTH, length=len(description))
    assert message in html.unescape(response.content.decode())
    assert not Survey.objects.exists()


def test_it_takes_a_description_of_exactly_its_limit_counting_line_breaks_once(alice: User) -> None:
    # The browser counts a CRLF line break as one character against maxlength.
    description = "x" * (MAX_DESCRIPTION_LENGTH - 4) + "\r\n\r\nxx"
    client_for(alice).post(reverse("surveys:create"), form_data(description=description))
    assert len(Survey.objects.get().description) == MAX_DESCRIPTION_LENGTH


def test_it_refuses_a_null_character_in_the_description(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), form_data(description="Why\x00"))
    assert response.status_code == 200
    assert not Survey.objects.exists()


def test_it_tells_the_browser_the_limits_of_the_fields(alice: User) -> None:
    page = client_for(alice).get(reverse("surveys:create")).content.decode()
    assert f'maxlength="{MAX_LINE_LENGTH}"' in page
    assert f'maxlength="{MAX_DESCRIPTION_LENGTH}"' in page


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
    upload = SimpleUploadedFile(
        "r.csv", b"role,shelfware_sponsor_eng\nengineer,4\nengineer,2\n", content_type="text/csv"
    )
    response = client_for(alice).post(
        reverse("surveys:import_responses", args=[survey.pk]), {"file": upload}, follow=True
    )
    assert Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count() == 2
    assert RESPONSES_IMPORTED_MESSAGE.format(count=2) in response.content.decode()


def test_it_imports_nothing_from_a_csv_with_an_error(alice: User, survey: Survey) -> None:
    upload = SimpleUploadedFile(
        "r.csv", b"role,shelfware_sponsor_eng\nengineer,4\nastrologer,2\n", content_type="text/csv"
    )
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


def test_it_imports_responses_from_a_csv_with_macintosh_line_ends(alice: User, survey: Survey) -> None:
    upload = SimpleUploadedFile(
        "r.csv", b"role,shelfware_sponsor_eng\rengineer,4\rengineer,2\r", content_type="text/csv"
    )
    client_for(alice).post(reverse("surveys:import_responses", args=[survey.pk]), {"file": upload})
    assert Response.objects.filter(survey=survey).count() == 2


def test_it_imports_nothing_from_a_csv_with_a_cell_over_the_csv_field_limit(alice: User, survey: Survey) -> None:
    limit = csv.field_size_limit()
    content = b"role\nengineer\n" + b"x" * (limit + 1) + b"\n"
    upload = SimpleUploadedFile("r.csv", content, content_type="text/csv")
    response = client_for(alice).post(reverse("surveys:import_responses", args=[survey.pk]), {"file": upload})
    assert response.status_code == 400
    message = NOT_CSV_MESSAGE.format(row=3, reason=CELL_TOO_LONG_REASON.format(limit=limit))
    assert message in html.unescape(response.content.decode())
    assert not Response.objects.exists()
