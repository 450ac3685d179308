"""Every API endpoint against every kind of token: who may read and do what.

alice owns Acme and its survey; victor is an Acme viewer (published results and reports
only); charlie owns another organization; and tokens that are revoked, expired, or missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from api import urls as api_urls
from reports.action_services import action_create
from reports.models import ReportJob
from reports.selectors import survey_modes
from reports.sharing import report_share_with_viewers, share_link_create
from reports.team_sharing import team_share_send
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
    action: int
    mode: str


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


def _action(world: World) -> list[int]:
    return [world.survey.pk, world.action]


def _action_body(world: World) -> dict[str, object]:
    due_on = (timezone.localdate() + timedelta(days=7)).isoformat()
    return {"mode": world.mode, "what": "Pair on the rollout", "owner_name": "Ana", "due_on": due_on}


CASES = [
    Case("token", "get", 200, 200, 200, args=_none),
    Case("organization-list", "get", 200, 403, 200, args=_none),
    Case("organization-detail", "get", 200, 404, 404, args=lambda world: [world.survey.organization_id]),
    Case("team-list", "get", 200, 403, 200, args=_none),
    Case("team-list", "post", 201, 403, 201, args=_none, body=lambda world: {"name": "Search"}),
    Case("team-detail", "get", 200, 404, 404, args=lambda world: [world.survey.team_id]),
    Case("team-detail", "put", 200, 404, 404, args=lambda world: [world.survey.team_id], body=lambda w: {"name": "T"}),
    Case("survey-list", "get", 200, 403, 200, args=_none),
    Case("survey-list", "post", 201, 403, 201, args=_none, body=lambda world: {"title": "Q3", "team": "Search"}),
    Case("survey-detail", "get", 200, 404, 404),
    Case("survey-detail", "patch", 200, 404, 404, body=lambda world: {"title": "Renamed"}),
    Case("survey-duplicate", "post", 201, 404, 404, body=lambda world: {"title": "Copy"}),
    Case("survey-participation", "get", 200, 404, 404),
    Case("survey-results", "get", 200, 200, 404),
    # A first round has no change to show: the same 404 for everyone who may read it.
    Case("survey-changes", "get", 404, 404, 404),
    Case("survey-publish", "post", 201, 404, 404),
    Case("survey-next-round", "post", 201, 404, 404, body=lambda world: {}),
    # The finished report of the same published results is reused (200), or a new one queued (202)
    # when the document changed meanwhile: either way, the lead's alone.
    Case("survey-report-request", "post", 202, 404, 404),
    Case("invitation-list", "get", 200, 404, 404),
    Case("invitation-list", "post", 201, 404, 404, body=lambda world: {"role": "engineer", "links": 1}),
    Case("open-link-create", "post", 201, 404, 404, body=lambda world: {"roles": ["engineer"]}),
    Case("invitation-remind", "post", 400, 404, 404),
    Case("invitation-revoke", "post", 200, 404, 404, args=lambda world: [world.survey.pk, world.invitation.pk]),
    Case("survey-close", "post", 200, 404, 404),
    Case("survey-reopen", "post", 400, 404, 404, body=lambda world: {}),
    Case("survey-delete", "post", 204, 404, 404, body=lambda world: {"confirmation": world.survey.title}),
    Case("action-list", "get", 200, 404, 404),
    Case("action-list", "post", 201, 404, 404, body=_action_body),
    Case("action-detail", "get", 200, 404, 404, args=_action),
    Case(
        "action-detail",
        "put",
        200,
        404,
        404,
        args=_action,
        body=lambda world: {**_action_body(world), "status": "doing"},
    ),
    Case("action-status", "post", 200, 404, 404, args=_action, body=lambda world: {"status": "done"}),
    Case("team-share", "get", 200, 404, 404),
    Case("team-share", "post", 201, 404, 404, body=lambda world: {"expires_on": timezone.localdate().isoformat()}),
    Case("team-share-revoke", "post", 204, 404, 404),
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
    invitations_create_personal(survey=survey, role="engineer", emails=["ana@example.com"])
    team_share_send(survey=survey, sent_by=alice, expires_on=timezone.localdate())
    link = share_link_create(job=job, created_by=alice, days=3)
    # Viewers read the reports a lead shared with them (the report branch's rule, through its selector).
    report_share_with_viewers(job=job, shared_by=alice)
    mode = survey_modes(survey=survey)[0].key
    action = action_create(
        survey=survey, created_by=alice, mode=mode, what="Demo", owner_name="Ana", due_on=timezone.localdate()
    )
    return World(survey, job, invitation, link.pk, action.pk, mode)


def _caller(request: pytest.FixtureRequest, kind: str) -> ApiCaller:
    if kind == "none":
        return ApiCaller(None)
    user = {"lead": "alice", "viewer": "victor", "other": "charlie"}.get(kind, "alice")
    state = kind if kind in ("revoked", "expired") else "live"
    return caller_for(request.getfixturevalue(user), state=state)


def _expected(case: Case, kind: str) -> int:
    return {"lead": case.lead, "viewer": case.viewer, "other": case.other}.get(kind, 401)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.method}-{case.name}")
def test_it_answers_every_kind_of_token_as_expected(request: pytest.FixtureRequest, world: World, case: Case) -> None:
    """One world per endpoint: the lead goes last, since a lead's POST changes it."""
    path = reverse(f"api:{case.name}", args=case.args(world))
    answers = {}
    for kind in (*[kind for kind in TOKENS if kind != "lead"], "lead"):
        caller = _caller(request, kind)
        response = caller.get(path) if case.method == "get" else getattr(caller, case.method)(path, case.body(world))
        answers[kind] = response.status_code
        if response.status_code >= 400:
            assert response["Content-Type"] == "application/problem+json", kind
            assert response.json()["status"] == response.status_code, kind
    assert answers == {kind: _expected(case, kind) for kind in TOKENS}


@pytest.mark.parametrize("case", [case for case in CASES if case.method == "get" and case.other == 200])
def test_it_lists_nothing_of_another_organization(request: pytest.FixtureRequest, world: World, case: Case) -> None:
    text = _caller(request, "other").get(reverse(f"api:{case.name}")).content.decode()
    assert not any(name in text for name in ("Acme ML", "Growth ML", world.survey.title))
