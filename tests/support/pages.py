"""Every page type of the site, in the states that matter, for the browser checks (issue 13).

A page is one line of VISITS: the URL name whose page is checked, who is signed in, the URL's
arguments taken from a small world of data, and optionally a button pressed first (a form sent
empty shows its errors). tests/test_pages_browser.py fails when a page route is missing here.
"""

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from api.urls import v1 as api_v1_routes
from outbox.models import OutgoingEmail
from reports.models import Action, ReportJob
from reports.sharing import share_link_create, share_link_token
from reports.team_sharing import team_share_send, team_share_token
from surveys.models import Invitation, Membership, Organization, Survey
from surveys.services.invitations import invitations_create_for_rows
from surveys.services.organizations import organization_invite
from surveys.services.surveys import survey_close
from tests.conftest import make_user
from tests.factories import make_survey
from tests.support.actions import make_action
from tests.support.answers import make_responses
from tests.support.published import publish
from tests.support.questionnaire import answer_page, open_link, page_url, pages_of, personal_link
from tests.support.report_jobs import report_job_succeeded


class World:
    """The data the pages show, each part made on first use: a visit pays only for what it shows.

    alice owns Acme ML and leads its surveys; victor is an Acme viewer (an executive).
    """

    def __init__(self) -> None:
        self.acme = Organization.objects.create(name="Acme ML")
        self.alice = make_user("alice", organization=self.acme, role=Membership.Role.OWNER)
        self.victor = make_user("victor", organization=self.acme, role=Membership.Role.VIEWER)

    @cached_property
    def survey(self) -> Survey:
        """An open survey whose results are published: two roles above the threshold, one below."""
        survey = make_survey(self.acme, created_by=self.alice, description="Where our churn work gets stuck.")
        make_responses(survey, "data_scientist", 4)
        make_responses(survey, "engineer", 5)
        make_responses(survey, "product_manager", 1)
        personal_link(survey, "engineer")
        publish(survey)
        return survey

    @cached_property
    def action(self) -> Action:
        """An action on the survey's first failure mode, owned by Dana."""
        return make_action(self.survey, created_by=self.alice)

    @cached_property
    def team_token(self) -> str:
        """The link of the survey's published results, e-mailed to the team."""
        invitations_create_for_rows(survey=self.survey, rows=[("dana@example.com", "engineer")])
        expires_on = timezone.localdate() + datetime.timedelta(days=14)
        return team_share_token(share=team_share_send(survey=self.survey, sent_by=self.alice, expires_on=expires_on))

    @cached_property
    def unpublished(self) -> Survey:
        """A survey with answers and no published results yet: participation only."""
        survey = make_survey(self.acme, created_by=self.alice, title="Fraud model rollout")
        make_responses(survey, "engineer", 2)
        return survey

    @cached_property
    def report(self) -> ReportJob:
        return report_job_succeeded(self.survey, requested_by=self.alice)

    @cached_property
    def share_token(self) -> str:
        return share_link_token(link=share_link_create(job=self.report, created_by=self.alice, days=14))

    @cached_property
    def member_token(self) -> str:
        """A data scientist's personal link, nothing answered yet."""
        return personal_link(self.survey)[1]

    @cached_property
    def submitted_token(self) -> str:
        """A data scientist who answered the first page and submitted."""
        token = personal_link(self.survey)[1]
        client = Client()
        answer_page(client, token, pages_of(self.survey), 1)
        client.post(page_url(token, self.last_page), {"action": "submit"})
        return token

    @cached_property
    def closed_token(self) -> str:
        survey = make_survey(self.acme, created_by=self.alice, title="Last quarter")
        token = personal_link(survey)[1]
        survey_close(survey=survey)
        return token

    @cached_property
    def open_token(self) -> str:
        return open_link(self.survey, ["data_scientist", "engineer"])[1]

    @cached_property
    def last_page(self) -> int:
        return len(pages_of(self.survey).pages)

    @cached_property
    def join_token(self) -> str:
        organization_invite(organization=self.acme, email="dana@example.com", role="lead", invited_by=self.alice)
        body = OutgoingEmail.objects.filter(to="dana@example.com").latest("pk").body
        found = re.search(r"/join/(\S+)/", body)
        assert found is not None, body
        return found.group(1)

    @cached_property
    def reset_arguments(self) -> list[str]:
        return [urlsafe_base64_encode(force_bytes(self.alice.pk)), default_token_generator.make_token(self.alice)]

    @cached_property
    def staff(self) -> User:
        """A developer with the staff flag, who reads the development e-mail page."""
        user = make_user("sam")
        User.objects.filter(pk=user.pk).update(is_staff=True)
        return user

    @cached_property
    def invitation(self) -> Invitation:
        """An engineer's personal link, to revoke."""
        return personal_link(self.survey, "engineer")[0]

    def user(self, who: str) -> User | None:
        if who == "staff":
            return self.staff
        return {"alice": self.alice, "victor": self.victor}.get(who)


def _no_arguments(world: World) -> list[Any]:
    return []


@dataclass(frozen=True)
class Visit:
    route: str
    # "alice" (owner and lead), "victor" (viewer), or "" for a visitor signed in as nobody.
    who: str
    args: Callable[[World], list[Any]] = field(default=_no_arguments)
    # A button pressed before the checks: a form sent empty or wrong, to check its errors.
    press: str = ""
    # The route whose page holds that button, when `route` is a POST-only address.
    on: str = ""
    status: int = 200
    # Pages that exist only in development (settings.DEBUG).
    debug: bool = False
    # What tells this visit from another of the same route and user: "unpublished", "open link".
    state: str = ""

    @property
    def id(self) -> str:
        parts = [self.route, self.state, f"pressing {self.press}" if self.press else "", f"as {self.who or 'nobody'}"]
        return ", ".join(part for part in parts if part)


def survey(world: World) -> list[Any]:
    return [world.survey.pk]


def with_an_email(world: World) -> list[Any]:
    """No arguments; an invitation e-mail in the outbox."""
    assert world.join_token
    return []


def with_a_report(world: World) -> list[Any]:
    """No arguments; a finished report to list."""
    assert world.report.pk
    return []


VISITS = [
    Visit("api:tokens", "alice"),
    Visit("api:tokens", "victor"),
    Visit("api:webhooks", "alice"),
    # The lead's pages.
    Visit("surveys:list", "alice"),
    Visit("surveys:create", "alice"),
    Visit("surveys:create", "alice", press="Create survey"),
    Visit("surveys:detail", "alice", survey),
    Visit("surveys:detail", "alice", lambda world: [world.unpublished.pk], state="unpublished"),
    Visit("surveys:invitations", "alice", survey),
    Visit("surveys:invite_paste", "alice", survey, press="Send invitations", on="surveys:invitations", status=400),
    Visit("surveys:links_created", "alice", survey, press="Create links", on="surveys:invitations"),
    Visit("surveys:links_created", "alice", survey, state="shown once already"),
    Visit("surveys:revoke", "alice", lambda world: [world.survey.pk, world.invitation.pk]),
    Visit("surveys:edit", "alice", survey),
    Visit("surveys:duplicate", "alice", survey),
    Visit("surveys:delete", "alice", survey),
    Visit("surveys:delete", "alice", survey, press="Delete the survey", status=400),
    Visit("surveys:preview", "alice", lambda world: [world.survey.pk, "engineer", 1]),
    Visit("surveys:invite_open", "alice", survey, press="Create open link", on="surveys:invitations", status=400),
    Visit("surveys:next_round", "alice", survey),
    Visit("scores:survey", "alice", survey),
    Visit("scores:survey", "alice", lambda world: [world.action.survey.pk], state="with an action"),
    Visit("actions:create", "alice", survey),
    Visit("actions:create", "alice", survey, press="Add the action", status=400),
    Visit("actions:edit", "alice", lambda world: [world.survey.pk, world.action.pk]),
    Visit("scores:survey", "alice", lambda world: [world.unpublished.pk], state="unpublished"),
    Visit("scores:team_share", "alice", survey),
    Visit("teams:list", "alice"),
    Visit("teams:detail", "alice", lambda world: [world.survey.team.pk]),
    Visit("teams:edit", "alice", lambda world: [world.survey.team.pk]),
    Visit("reports:status", "alice", lambda world: [world.report.pk]),
    Visit("reports:read", "alice", lambda world: [world.report.pk]),
    # The viewer's pages, and a share link's holder.
    Visit("reports:list", "victor", with_a_report),
    Visit("reports:list", "alice", with_a_report),
    Visit("organization_overview", "victor", lambda world: [world.survey.organization.pk]),
    Visit("organization_overview", "alice", lambda world: [world.survey.organization.pk]),
    Visit("team_view:read", "", lambda world: [world.team_token]),
    Visit("team_view:read", "", lambda world: ["not-a-token"], status=404, state="unknown link"),
    Visit("reports:shared_read", "", lambda world: [world.share_token]),
    Visit("reports:shared_read", "", lambda world: ["not-a-token"], status=404, state="unknown link"),
    # The member's questionnaire.
    Visit("questionnaire:start", "", lambda world: [world.member_token]),
    Visit("questionnaire:start", "", lambda world: [world.open_token], state="open link"),
    Visit("questionnaire:start", "", lambda world: ["not-a-token"], status=404, state="unknown link"),
    Visit("questionnaire:start", "", lambda world: [world.closed_token], status=410, state="survey closed"),
    Visit("questionnaire:page", "", lambda world: [world.member_token, 1]),
    Visit("questionnaire:page", "", lambda world: [world.member_token, world.last_page], state="review"),
    Visit("questionnaire:document", "", lambda world: [world.member_token]),
    Visit("questionnaire:done", "", lambda world: [world.submitted_token]),
    # Accounts and organizations.
    Visit("login", ""),
    Visit("login", "", press="Log in"),
    Visit("signup", ""),
    Visit("signup", "", press="Create account"),
    Visit("password_reset", ""),
    Visit("password_reset", "", press="Send the link"),
    Visit("password_reset_done", ""),
    Visit("password_reset_confirm", "", lambda world: world.reset_arguments),
    Visit("password_reset_complete", ""),
    Visit("organization_list", "alice"),
    Visit("organization_detail", "alice", lambda world: [world.acme.pk]),
    Visit("organization_detail", "alice", lambda world: [world.acme.pk], press="Send invitation"),
    Visit("organization_join", "", lambda world: [world.join_token]),
    Visit("organization_join", "", lambda world: ["not-a-token"], status=404, state="unknown link"),
    # Development only (DEBUG), for staff.
    Visit("outbox:development_emails", "staff", with_an_email, debug=True),
]

# Named routes that show no page of their own: actions that redirect, files, JSON, probes.
NOT_PAGES = {
    "home": "redirects to the survey list",
    "healthz": "a probe (text)",
    "liveness": "a probe (text)",
    "dependencies": "a probe (JSON)",
    "logout": "a POST that redirects",
    "password_change": "no page of ours links there",
    "password_change_done": "no page of ours links there",
    "membership_delete": "a POST that redirects",
    "organization_invitation_resend": "a POST that redirects",
    "organization_invitation_revoke": "a POST that redirects",
    "surveys:close": "a POST that redirects",
    "surveys:reopen": "a POST that redirects",
    "surveys:remind": "a POST that redirects",
    "surveys:restore": "a POST that redirects",
    "surveys:invite_links": "a POST that redirects to the links created",
    "surveys:invite_upload": "a POST that redirects, or the invitations page with errors",
    "surveys:import_responses": "a POST that redirects, or the survey's page with errors",
    "surveys:import_template": "a CSV file",
    "scores:export_json": "a JSON file",
    "scores:export_csv": "a CSV file",
    "scores:publish": "a POST that redirects",
    "scores:export_changes": "a JSON file",
    "scores:team_share_send": "a POST that redirects",
    "scores:team_share_revoke": "a POST that redirects",
    "overview": "redirects to the organization's overview",
    "actions:close": "a POST that redirects",
    "actions:drop": "a POST that redirects",
    "reports:request": "a POST that redirects",
    "reports:progress": "JSON",
    "reports:retry": "a POST that redirects",
    "reports:download": "a PDF file",
    "reports:share_create": "a POST that redirects",
    "reports:share_revoke": "a POST that redirects",
    "reports:share_viewers": "a POST that redirects",
    "reports:unshare_viewers": "a POST that redirects",
    "reports:shared_download": "a PDF file",
}
# The REST API answers JSON (and a PDF), never a page.
NOT_PAGES |= {f"api:{pattern.name}": "the REST API: JSON" for pattern in api_v1_routes if pattern.name}
NOT_PAGES |= {
    "api:schema": "the OpenAPI schema: YAML or JSON",
    "api:docs": "Swagger UI, the sidecar's own page (not axe-checked here)",
    "api:redoc": "Redoc, the sidecar's own page (not axe-checked here)",
    "api:token_revoke": "a POST that redirects",
    "api:webhook_enable": "a POST that redirects",
    "api:webhook_delete": "a POST that redirects",
    # Left out by the api branch for lack of time: the world has no webhook to show yet.
    "api:webhook_detail": "not visited yet: the world holds no webhook",
}
NOT_PAGE_NAMESPACES = {"admin": "Django's own admin, for staff"}


def route_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    """Every named route of the site, namespaced as reverse() takes it."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"
