"""Every lead page against the whole cast: who may see and do what (issue 4, security).

alice owns Acme and its survey, bob leads in Acme, victor is an Acme viewer (reports only),
charlie owns another organization, and an anonymous visitor has no account.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from outbox.models import OutgoingEmail
from reports import action_urls, score_urls
from reports.models import Action, PublishedResults, ReportJob, TeamShare
from reports.publishing import published_latest, results_publish
from reports.sharing import report_share_with_viewers
from reports.team_sharing import team_share_send, team_share_token
from surveys import urls as survey_urls
from surveys.models import Invitation, Survey
from surveys.services.invitations import invitation_revoke, invitations_create_personal
from surveys.services.question_banks import question_bank_latest
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.actions import in_days, make_action
from tests.support.report_jobs import report_job_succeeded

# The matrix logs the cast in hundreds of times.


LEADS = ("alice", "bob")
OUTSIDERS = ("victor", "charlie")
CAST = (*LEADS, *OUTSIDERS, "anonymous")


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    lead_status: int
    data: Callable[[], dict[str, object]] = dict
    # What must hold before the request: a closed survey to reopen, a link to revoke.
    prepare: Callable[[Survey], None] = lambda survey: None
    args: Callable[[Survey], Sequence[object]] = field(default=lambda survey: [survey.pk])
    # The scores pages sit under the survey's address but belong to the reports app.
    namespace: str = "surveys"

    @property
    def url_name(self) -> str:
        return f"{self.namespace}:{self.name}"


def publish(survey: Survey) -> None:
    results_publish(survey=survey)


def next_round_published(survey: Survey) -> list[int]:
    """A published round 2 after the survey's published round 1: its results hold a change."""
    results_publish(survey=survey)
    later = make_survey(survey.organization, title="Next round", team=survey.team.name)
    results_publish(survey=later)
    return [later.pk]


def close(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)


def revoke_args(survey: Survey) -> list[object]:
    invitation = Invitation.objects.filter(survey=survey).first()
    if invitation is None:
        [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    return [survey.pk, invitation.pk]


def revoked_args(survey: Survey) -> list[object]:
    """A link revoked a moment ago, which a lead may still restore."""
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    invitation_revoke(invitation=invitation)
    return [survey.pk, invitation.pk]


def preview_args(survey: Survey) -> list[object]:
    return [survey.pk, "engineer", 1]


def edit_data() -> dict[str, object]:
    return {"title": "Churn model", "team": "Growth ML", "roles": ["engineer"], "anonymity_threshold": 3}


def action_args(survey: Survey) -> list[object]:
    """An action needs published results: publish them once, then add it."""
    if published_latest(survey=survey) is None:
        publish(survey)
    action = Action.objects.filter(survey=survey).first() or make_action(survey)
    return [survey.pk, action.pk]


def action_data() -> dict[str, object]:
    mode = question_bank_latest().modes.order_by("position").values_list("key", flat=True)[0]
    return {"mode": mode, "what": "Weekly hand-over", "owner_name": "Dana", "due_on": in_days(7), "status": "doing"}


def team_invited(survey: Survey) -> None:
    """What "Share with the team" needs: published results and an invited address."""
    publish(survey)
    invitations_create_personal(survey=survey, role="engineer", emails=["eli@example.com"])


def team_shared(survey: Survey) -> None:
    team_invited(survey)
    team_share_send(survey=survey, sent_by=None, expires_on=in_days(7))


def team_share_data() -> dict[str, object]:
    return {"expires_on": in_days(7)}


def csv_upload() -> dict[str, object]:
    return {"csv-file": SimpleUploadedFile("i.csv", b"email,role\nann@example.com,engineer\n")}


def responses_upload() -> dict[str, object]:
    return {"file": SimpleUploadedFile("r.csv", b"role,shelfware_sponsor_eng\nengineer,4\n")}


SURVEY_CASES = [
    Case("detail", "get", 200),
    Case("invitations", "get", 200),
    Case("survey", "get", 200, namespace="scores"),
    Case("export_json", "get", 200, namespace="scores", prepare=publish),
    Case("export_csv", "get", 200, namespace="scores", prepare=publish),
    Case("export_changes", "get", 200, namespace="scores", args=next_round_published),
    # privacy.md: publishing interim results is the lead's (and the owner's), under the guard.
    Case("publish", "post", 302, namespace="scores"),
    Case("import_template", "get", 200),
    Case("close", "post", 302),
    Case("reopen", "post", 302, prepare=close),
    Case("next_round", "get", 200),
    Case("import_responses", "post", 302, data=responses_upload),
    Case("invite_paste", "post", 302, data=lambda: {"paste-lines": "ann@example.com, engineer"}),
    Case("invite_upload", "post", 302, data=csv_upload),
    Case("invite_links", "post", 302, data=lambda: {"links-role": "engineer", "links-count": "1"}),
    Case("invite_open", "post", 302, data=lambda: {"open-roles": ["engineer"]}),
    Case("remind", "post", 302),
    Case("links_created", "get", 200),
    # A revoke asks first (GET), then revokes (POST); the page after it offers the undo.
    Case("revoke", "get", 200, args=revoke_args),
    Case("revoke", "post", 302, args=revoke_args),
    Case("restore", "post", 302, args=revoked_args),
    Case("edit", "get", 200),
    Case("edit", "post", 302, data=edit_data),
    Case("duplicate", "get", 200),
    Case("duplicate", "post", 302, data=lambda: {"title": "Copy", "team": ""}),
    Case("delete", "get", 200),
    Case("delete", "post", 302, data=lambda: {"confirmation": "Churn model"}),
    Case("preview", "get", 200, args=preview_args),
    Case("preview", "post", 302, args=preview_args, data=lambda: {"action": "next"}),
    # Actions are the leads' (and the owner's); a viewer reads them in reports only.
    Case("create", "get", 200, namespace="actions", prepare=publish),
    Case("create", "post", 302, namespace="actions", prepare=publish, data=action_data),
    Case("edit", "get", 200, namespace="actions", args=action_args),
    Case("edit", "post", 302, namespace="actions", args=action_args, data=action_data),
    Case("close", "post", 302, namespace="actions", args=action_args),
    Case("drop", "post", 302, namespace="actions", args=action_args),
    # Sharing the results with the team is the leads'; the team reads them through its link.
    Case("team_share", "get", 200, namespace="scores"),
    Case("team_share_send", "post", 302, namespace="scores", prepare=team_invited, data=team_share_data),
    Case("team_share_revoke", "post", 302, namespace="scores", prepare=team_shared),
]
# The URLs that change something and show no page: a GET is refused.
POST_ONLY = [
    case
    for case in SURVEY_CASES
    if case.method == "post"
    and not any(other.url_name == case.url_name for other in SURVEY_CASES if other.method == "get")
]


class Cast:
    """Clients of the cast, each created on first use: a test pays only for whom it needs."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.request = request

    def __getitem__(self, who: str) -> Client:
        if who == "anonymous":
            return Client()
        return client_for(self.request.getfixturevalue(who))


@pytest.fixture
def cast(request: pytest.FixtureRequest) -> Cast:
    return Cast(request)


@pytest.fixture
def survey(alice: User) -> Survey:
    return make_survey(alice.memberships.get().organization, created_by=alice)


def expected(case: Case, who: str) -> int:
    if who == "anonymous":
        return 302
    return case.lead_status if who in LEADS else 404


def test_it_covers_every_url_under_a_survey() -> None:
    names = {
        f"{module.app_name}:{pattern.name}"
        for module in (survey_urls, score_urls, action_urls)
        for pattern in module.urlpatterns
        if isinstance(pattern, URLPattern)
    }
    assert names == {case.url_name for case in SURVEY_CASES} | {"surveys:list", "surveys:create"}


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("case", SURVEY_CASES, ids=lambda case: f"{case.method}-{case.url_name}")
def test_it_answers_each_member_of_the_cast_as_expected(cast: Cast, survey: Survey, case: Case, who: str) -> None:
    case.prepare(survey)
    url = reverse(case.url_name, args=case.args(survey))
    response = getattr(cast[who], case.method)(url, case.data())
    assert response.status_code == expected(case, who)
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("case", POST_ONLY, ids=lambda case: case.url_name)
def test_it_refuses_get_on_actions(cast: Cast, survey: Survey, case: Case, who: str) -> None:
    response = cast[who].get(reverse(case.url_name, args=case.args(survey)))
    assert response.status_code == (302 if who == "anonymous" else 405)


@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("case", [case for case in SURVEY_CASES if case.method == "post"], ids=lambda case: case.name)
def test_it_changes_nothing_for_an_outsider(cast: Cast, survey: Survey, case: Case, who: str) -> None:
    case.prepare(survey)
    url = reverse(case.url_name, args=case.args(survey))

    def state() -> tuple[object, ...]:
        return (
            list(Survey.objects.values_list()),
            list(Invitation.objects.values()),
            PublishedResults.objects.count(),
            list(Action.objects.values()),
            list(TeamShare.objects.values()),
            OutgoingEmail.objects.count(),
        )

    before = state()
    cast[who].post(url, case.data())
    assert state() == before


@pytest.mark.parametrize(
    ("who", "status", "location"),
    [("alice", 200, None), ("bob", 200, None), ("charlie", 200, None), ("victor", 302, "reports:list")],
)
@pytest.mark.parametrize("name", ["list", "create"])
def test_it_shows_the_list_and_creation_pages_to_leads_only(
    cast: Cast, name: str, who: str, status: int, location: str | None
) -> None:
    response = cast[who].get(reverse(f"surveys:{name}"))
    assert response.status_code == status
    if location is not None:
        assert response["Location"] == reverse(location)


@pytest.mark.parametrize("name", ["list", "create"])
def test_it_sends_an_anonymous_visitor_to_log_in(cast: Cast, name: str) -> None:
    response = cast["anonymous"].get(reverse(f"surveys:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_lists_no_survey_of_another_organization(cast: Cast, survey: Survey) -> None:
    assert survey.title not in cast["charlie"].get(reverse("surveys:list")).content.decode()


def test_it_lets_a_viewer_create_nothing(cast: Cast) -> None:
    cast["victor"].post(reverse("surveys:create"), {"title": "X", "roles": ["engineer"], "anonymity_threshold": 3})
    assert not Survey.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("victor", 200), ("charlie", 404), ("anonymous", 302)]
)
def test_the_organization_overview_is_for_the_organization_s_members(
    cast: Cast, survey: Survey, who: str, status: int
) -> None:
    response = cast[who].get(reverse("organization_overview", args=[survey.organization_id]))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), [("alice", 302), ("victor", 302), ("charlie", 302), ("anonymous", 302)])
def test_the_overview_link_leads_each_member_to_their_own_organization(cast: Cast, who: str, status: int) -> None:
    response = cast[who].get(reverse("overview"))
    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    else:
        organization = User.objects.get(username=who).memberships.get().organization
        assert response["Location"] == reverse("organization_overview", args=[organization.pk])


@pytest.mark.parametrize("who", CAST)
def test_the_team_view_opens_to_anyone_holding_its_link_and_takes_no_post(cast: Cast, survey: Survey, who: str) -> None:
    team_shared(survey)
    url = reverse("team_view:read", args=[team_share_token(share=survey.team_shares.get())])
    assert cast[who].get(url).status_code == 200
    assert cast[who].post(url).status_code == 405


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("who", CAST)
def test_the_development_email_page_is_for_nobody_of_the_cast(
    db: None, cast: Cast, settings: SettingsWrapper, who: str, debug: bool
) -> None:
    """Only staff read it, and only in development (tests/outbox/test_development_emails.py)."""
    settings.DEBUG = debug
    response = cast[who].get(reverse("outbox:development_emails"))
    assert response.status_code == (302 if debug and who == "anonymous" else 404)


# --- A finished report's pages (reports.urls), against the whole cast --------------------------
# Viewers read a report only once a lead shares it with them (issue 13); sharing is the leads'.

REPORT_READ_PAGES = ("read", "download")
REPORT_SHARING = ("share_viewers", "unshare_viewers")


@pytest.fixture
def report_job(survey: Survey) -> ReportJob:
    return report_job_succeeded(survey)


@pytest.mark.parametrize("shared", [False, True], ids=["unshared", "shared"])
@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", REPORT_READ_PAGES)
def test_it_shows_a_report_to_its_leads_and_to_viewers_once_shared(
    cast: Cast, report_job: ReportJob, alice: User, name: str, who: str, shared: bool
) -> None:
    if shared:
        report_share_with_viewers(job=report_job, shared_by=alice)
    response = cast[who].get(reverse(f"reports:{name}", args=[report_job.pk]))
    readers = (*LEADS, "victor") if shared else LEADS
    assert response.status_code == (302 if who == "anonymous" else 200 if who in readers else 404)


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", REPORT_SHARING)
def test_it_lets_only_the_leads_share_a_report_with_the_viewers(
    cast: Cast, report_job: ReportJob, name: str, who: str
) -> None:
    response = cast[who].post(reverse(f"reports:{name}", args=[report_job.pk]))
    assert response.status_code == (302 if who in (*LEADS, "anonymous") else 404)
    shared = ReportJob.objects.get(pk=report_job.pk).shared_with_viewers_at is not None
    assert shared == (name == "share_viewers" and who in LEADS)
