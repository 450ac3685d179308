"""Generated POST bodies against every form endpoint: never a 500, and a rejected input
changes nothing in the database. Bounded (MAX_EXAMPLES per endpoint) to keep the file fast."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db.models import Model
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outbox.models import OutgoingEmail
from reports.models import Action, ReportJob
from reports.publishing import published_latest, results_publish
from surveys.models import Invitation, Membership, Organization, Response, Survey
from surveys.selectors.questionnaire import questionnaire_get
from surveys.services.invitations import invitation_create_open, invitations_create_personal
from tests.factories import make_survey
from tests.support.actions import make_action

# Fewer when the loaded profile asks for fewer (`make check`, see tests/conftest.py).
MAX_EXAMPLES = min(25, settings().max_examples)
fuzz = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
TABLES: list[type[Model]] = [User, Organization, Membership, Survey, Invitation, Response, OutgoingEmail, ReportJob]

# Text a browser can send: any character but lone surrogates, which no encoding carries.
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
huge = st.builds(
    lambda piece, times: piece * times, st.sampled_from(["a", "é", "数", "\n", ",", "0"]), st.integers(5_000, 300_000)
)
value = st.one_of(text, huge, st.sampled_from(["", "1", "5", "6", "dk", "-1", "NA", "next", "submit", "back"]))
values = st.one_of(value, st.lists(value, min_size=0, max_size=3))


def bodies(known_fields: list[str]) -> st.SearchStrategy[dict[str, object]]:
    """Random keys mixed with the form's real ones; values are text, huge text or lists."""
    keys = st.one_of(st.sampled_from(known_fields), text.filter(bool))
    return st.dictionaries(keys, values, max_size=len(known_fields) + 3)


def snapshot() -> dict[str, object]:
    counts: dict[str, object] = {model.__name__: model._default_manager.count() for model in TABLES}
    counts["answers"] = sorted(Response.objects.values_list("pk", "status", "likert", "text"), key=repr)
    counts["actions"] = list(Action.objects.order_by("pk").values())
    return counts


def post_checked(client: Client, path: str, body: object, *, accepted: Callable[[int], bool]) -> int:
    """POST, then: never a 500, and the database unchanged when the input was rejected."""
    cache.clear()  # rate limits would otherwise turn most examples into 429s
    before = snapshot()
    if isinstance(body, str):
        response = client.post(path, body, content_type="application/x-www-form-urlencoded")
    else:
        response = client.post(path, body)
    assert response.status_code < 500, f"{path} answered {response.status_code} to {body!r:.300}"
    if not accepted(response.status_code):
        assert snapshot() == before, f"{path} rejected {body!r:.300} with {response.status_code} but changed data"
    return response.status_code


def redirected(status: int) -> bool:
    return status == 302


def anonymous() -> Client:
    return Client(raise_request_exception=False)


def logged_in(user: User) -> Client:
    client = anonymous()
    client.force_login(user)
    return client


raw_bodies = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300)


@pytest.fixture
def survey(alice: User, acme: Organization) -> Survey:
    return make_survey(acme, created_by=alice)


@fuzz
@given(body=st.one_of(bodies(["username", "email", "password1", "password2", "organization_name"]), raw_bodies))
def test_it_survives_any_signup_post(body: object, db: None) -> None:
    post_checked(anonymous(), "/accounts/signup/", body, accepted=redirected)


@fuzz
@given(body=st.one_of(bodies(["username", "password", "next"]), raw_bodies))
def test_it_survives_any_login_post(body: object, alice: User) -> None:
    post_checked(anonymous(), "/accounts/login/", body, accepted=redirected)


@fuzz
@given(body=bodies(["title", "team", "description", "closes_on", "roles", "anonymity_threshold", "organization"]))
def test_it_survives_any_survey_creation_post(body: dict[str, object], alice: User) -> None:
    post_checked(logged_in(alice), "/surveys/new/", body, accepted=redirected)


@fuzz
@given(body=bodies(["lines", "role"]))
def test_it_survives_any_pasted_invitation_list(body: dict[str, object], alice: User, survey: Survey) -> None:
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/invitations/paste/", body, accepted=redirected)


@fuzz
@given(content=st.one_of(text, huge, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))), extra=bodies(["x"]))
def test_it_survives_any_uploaded_invitation_csv(
    content: str, extra: dict[str, object], alice: User, survey: Survey
) -> None:
    upload = io.BytesIO(content.encode("utf-8", "surrogatepass"))
    upload.name = "members.csv"
    body = extra | {"file": upload}
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/invitations/upload/", body, accepted=redirected)


@fuzz
@given(body=bodies(["role", "count"]))
def test_it_survives_any_request_for_links(body: dict[str, object], alice: User, survey: Survey) -> None:
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/invitations/links/", body, accepted=redirected)


@fuzz
@given(body=bodies(["roles"]))
def test_it_survives_any_request_for_an_open_link(body: dict[str, object], alice: User, survey: Survey) -> None:
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/invitations/open/", body, accepted=redirected)


@fuzz
@given(content=st.one_of(text, huge))
def test_it_survives_any_uploaded_responses_file(content: str, alice: User, survey: Survey) -> None:
    upload = io.BytesIO(content.encode())
    upload.name = "responses.csv"
    path = f"/surveys/{survey.pk}/responses/import/"
    post_checked(logged_in(alice), path, {"file": upload}, accepted=redirected)


@fuzz
@given(data=st.data())
def test_it_survives_any_post_to_any_questionnaire_page(data: st.DataObject, survey: Survey) -> None:
    [(_invitation, token)] = invitations_create_personal(survey=survey, role=survey.roles[0], count=1)
    pages = questionnaire_get(survey=survey, role=survey.roles[0]).pages
    number = data.draw(st.integers(1, len(pages)), label="page")
    fields = [question.key for question in pages[number - 1].questions] + ["action", "csrfmiddlewaretoken"]
    body = data.draw(st.one_of(bodies(fields), raw_bodies), label="body")
    post_checked(anonymous(), f"/s/{token}/page/{number}/", body, accepted=redirected)


@fuzz
@given(body=st.one_of(bodies(["role"]), raw_bodies))
def test_it_survives_any_role_chosen_on_an_open_link(body: object, survey: Survey) -> None:
    _invitation, token = invitation_create_open(survey=survey, roles=survey.roles)
    post_checked(anonymous(), f"/s/{token}/", body, accepted=redirected)


@fuzz
@given(body=st.one_of(bodies(["survey", "format"]), raw_bodies))
def test_it_survives_any_report_request_post(body: object, alice: User, survey: Survey) -> None:
    status = post_checked(logged_in(alice), f"/reports/surveys/{survey.pk}/request/", body, accepted=redirected)
    # The body carries nothing the request needs: every one is a valid request.
    assert status == 302


ACTION_FIELDS = ["mode", "what", "owner_name", "owner_email", "due_on", "note", "status"]


def action_of(survey: Survey) -> Action:
    """The survey's one action, on published results: made by the first example, kept for the next."""
    if published_latest(survey=survey) is None:
        results_publish(survey=survey)
    return Action.objects.filter(survey=survey).first() or make_action(survey)


@fuzz
@given(body=st.one_of(bodies(ACTION_FIELDS), raw_bodies))
def test_it_survives_any_new_action_post(body: object, alice: User, survey: Survey) -> None:
    action_of(survey)
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/actions/new/", body, accepted=redirected)


@fuzz
@given(body=st.one_of(bodies(ACTION_FIELDS), raw_bodies))
def test_it_survives_any_action_edit_post(body: object, alice: User, survey: Survey) -> None:
    action = action_of(survey)
    post_checked(logged_in(alice), f"/surveys/{survey.pk}/actions/{action.pk}/edit/", body, accepted=redirected)


def csv_texts(survey: Survey) -> st.SearchStrategy[str]:
    keys = [
        question.key
        for page in questionnaire_get(survey=survey, role=survey.roles[0]).pages
        for question in page.questions
    ]
    header_cells = st.lists(st.one_of(st.sampled_from(["role", *keys]), text), min_size=1, max_size=8)
    cell = st.one_of(st.sampled_from(["", "1", "3", "5", "0", "6", "NA", "DK", *survey.roles]), text)
    rows = st.lists(st.lists(cell, max_size=8), max_size=5)
    separator = st.sampled_from([",", ";", "\t"])
    return st.builds(
        lambda header, body, sep: "\n".join(sep.join(row) for row in [header, *body]), header_cells, rows, separator
    )


@fuzz
@given(data=st.data())
def test_it_imports_any_csv_completely_or_not_at_all(data: st.DataObject, survey: Survey, tmp_path: Path) -> None:
    content = data.draw(csv_texts(survey), label="csv")
    path = tmp_path / "responses.csv"
    path.write_text(content, encoding="utf-8")
    before = snapshot()
    try:
        call_command("import_responses", str(survey.pk), str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError:
        assert snapshot() == before, f"A rejected import changed data: {content!r:.300}"
