"""Every API endpoint against every kind of token: who may read and do what.

alice owns Acme and its survey; victor is an Acme viewer (published results and reports
only); charlie owns another organization; and tokens that are revoked, expired, or missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, reverse

from api import urls as api_urls
from reports.models import ReportJob
from reports.sharing import share_link_create
from surveys.models import Invitation, Survey
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.api import ApiCaller, caller_for
from tests.support.report_jobs import report_job_succeeded

TOKENS = ("lead", "viewer", "revoked", "expired", "other", "none")


@dataclass(frozen=True)
class World:
    survey: Survey
    job: ReportJob
    invitation: Invitation
    link: int


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    lead: int
    # What the viewer gets: 404 for a lead's object, 403 for a lead's collection, or a read.
    viewer: int
    # What a lead of another organization gets: 404 for Acme's objects, his own lists.
    other: int
    args: Callable[[World], list[int]] = field(default=lambda world: [world.survey.pk])
    body: Callable[[World], object] = lambda world: None


def _job(world: World) -> list[int]:
    return [world.job.pk]


def _none(world: World) -> list[int]:
    return []


CASES = [
    Case("organization-list", "get", 200, 403, 200, args=_none),
    Case("organization-detail", "get", 200, 404, 404, args=lambda world: [world.survey.organization_id]),
    Case("team-list", "get", 200, 403, 200, args=_none),
    Case("team-list", "post", 201, 403, 201, args=_none, body=lambda world: {"name": "Search"}),
    Case("team-detail", "get", 200, 404, 404, args=lambda world: [world.survey.team_id]),
    Case("team-detail", "put", 200, 404, 404, args=lambda world: [world.survey.team_id], body=lambda w: {"name": "T"}),
    Case("survey-list", "get", 200, 403, 200, args=_none),
    Case("survey-list", "post", 201, 403, 201, args=_none, body=lambda world: {"title": "Q3", "team": "Search"}),
    Case("survey-detail", "get", 200, 404, 404),
    Case("survey-participation", "get", 200, 404, 404),
    Case("survey-results", "get", 200, 200, 404),
    Case("survey-publish", "post", 201, 404, 404),
    Case("survey-next-round", "post", 201, 404, 404, body=lambda world: {}),
    Case("survey-report-request", "post", 200, 404, 404),
    Case("invitation-list", "get", 200, 404, 404),
    Case("invitation-list", "post", 201, 404, 404, body=lambda world: {"role": "engineer", "links": 1}),
    Case("open-link-create", "post", 201, 404, 404, body=lambda world: {"roles": ["engineer"]}),
    Case("invitation-remind", "post", 400, 404, 404),
    Case("invitation-revoke", "post", 200, 404, 404, args=lambda world: [world.survey.pk, world.invitation.pk]),
    Case("survey-close", "post", 200, 404, 404),
    Case("survey-reopen", "post", 400, 404, 404, body=lambda world: {}),
    Case("results-list", "get", 200, 200, 200, args=_none),
    Case("report-list", "get", 200, 200, 200, args=_none),
    Case("report-detail", "get", 200, 200, 404, args=_job),
    Case("report-pdf", "get", 200, 200, 404, args=_job),
    Case("share-link-list", "get", 200, 404, 404, args=_job),
    Case("share-link-list", "post", 201, 404, 404, args=_job, body=lambda world: {"days": 3}),
    Case("share-link-revoke", "post", 204, 404, 404, args=lambda world: [world.job.pk, world.link]),
]


def _api_names(patterns: list[URLPattern | URLResolver]) -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _api_names(pattern.url_patterns)
        elif pattern.name is not None:
            names.add(pattern.name)
    return names


PAGES = {"schema", "docs", "redoc", "tokens", "token_revoke", "webhooks", "webhook_detail", "webhook_enable"}
PAGES |= {"webhook_delete"}


def test_it_covers_every_endpoint_of_the_api() -> None:
    assert _api_names(api_urls.urlpatterns) == {case.name for case in CASES} | PAGES


@pytest.fixture
def world(alice: User) -> World:
    survey = make_survey(alice.memberships.get().organization, created_by=alice, roles=["data_scientist", "engineer"])
    job = report_job_succeeded(survey, requested_by=alice)
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    link = share_link_create(job=job, created_by=alice, days=3)
    return World(survey, job, invitation, link.pk)


def _caller(request: pytest.FixtureRequest, kind: str) -> ApiCaller:
    if kind == "none":
        return ApiCaller(None)
    user = {"lead": "alice", "viewer": "victor", "other": "charlie"}.get(kind, "alice")
    state = kind if kind in ("revoked", "expired") else "live"
    return caller_for(request.getfixturevalue(user), state=state)


def _expected(case: Case, kind: str) -> int:
    return {"lead": case.lead, "viewer": case.viewer, "other": case.other}.get(kind, 401)


@pytest.mark.parametrize("kind", TOKENS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}-{case.name}")
def test_it_answers_every_kind_of_token_as_expected(
    request: pytest.FixtureRequest, world: World, case: Case, kind: str
) -> None:
    caller = _caller(request, kind)
    path = reverse(f"api:{case.name}", args=case.args(world))
    response = caller.get(path) if case.method == "get" else getattr(caller, case.method)(path, case.body(world))
    assert response.status_code == _expected(case, kind), response.content[:300]
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == response.status_code


@pytest.mark.parametrize("case", [case for case in CASES if case.method == "get" and case.other == 200])
def test_it_lists_nothing_of_another_organization(request: pytest.FixtureRequest, world: World, case: Case) -> None:
    text = _caller(request, "other").get(reverse(f"api:{case.name}")).content.decode()
    assert not any(name in text for name in ("Acme ML", "Growth ML", world.survey.title))
