"""Whatever a script sends, the API answers 4xx for bad input, never 500 (property tests)."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from surveys.models import Survey
from tests.factories import make_survey
from tests.support.api import ApiCaller, caller_for
from tests.support.report_jobs import report_job_succeeded

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)
FIELDS = ["title", "team", "roles", "role", "emails", "links", "closes_on", "anonymity_threshold", "days", "name"]
FIELDS += ["organization", "description", "mode", "what", "owner_name", "due_on", "status"]
# Bodies shaped like the real ones, with any value in any field: they reach the services.
SHAPED = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6)
# Each example makes about ten requests: at most 25 of them keep a run under a minute or two.
SETTINGS = settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    deadline=None,
    max_examples=min(settings().max_examples, 25),
)


@pytest.fixture
def api(alice: User) -> ApiCaller:
    return caller_for(alice)


@pytest.fixture
def survey(alice: User) -> Survey:
    survey = make_survey(alice.memberships.get().organization, roles=["engineer"])
    report_job_succeeded(survey)
    return survey


def _paths(survey: Survey) -> list[tuple[str, str]]:
    job = survey.report_jobs.get().pk
    base = f"/api/v1/surveys/{survey.pk}"
    posts = ["/api/v1/surveys/", "/api/v1/teams/", f"{base}/invitations/", f"{base}/open-links/", f"{base}/reopen/"]
    posts += [f"{base}/next-round/", f"{base}/actions/", f"/api/v1/reports/{job}/share-links/"]
    return [("post", path) for path in posts] + [("put", f"/api/v1/teams/{survey.team_id}/")]


def _assert_4xx_or_success(response: Any) -> None:
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


@SETTINGS
@given(body=JSON | SHAPED)
def test_any_json_body_gets_an_answer_below_500(api: ApiCaller, survey: Survey, body: Any) -> None:
    for method, path in _paths(survey):
        _assert_4xx_or_success(getattr(api, method)(path, body))


@SETTINGS
@given(raw=st.binary(max_size=200), content_type=st.sampled_from(["application/json", "text/plain", "multipart/x"]))
def test_any_bytes_get_a_4xx(api: ApiCaller, survey: Survey, raw: bytes, content_type: str) -> None:
    for _method, path in _paths(survey)[:4]:
        response = api.client.post(path, raw, content_type=content_type, headers=api.headers)
        _assert_4xx_or_success(response)


@SETTINGS
@given(
    query=st.dictionaries(st.sampled_from(["team", "status", "cursor", "page_size", "survey"]), st.text(max_size=20))
)
def test_any_query_gets_an_answer_below_500(api: ApiCaller, survey: Survey, query: dict[str, str]) -> None:
    for path in ["/api/v1/surveys/", "/api/v1/results/", "/api/v1/reports/", f"/api/v1/surveys/{survey.pk}/actions/"]:
        _assert_4xx_or_success(api.get(path, **query))
