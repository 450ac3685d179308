"""Participation per role: the one rule for invited, submitted and the response rate."""

from fractions import Fraction

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Organization, Response, Survey
from surveys.selectors.participation import RoleParticipation, survey_participation
from surveys.services.invitations import invitation_create_open, invitation_revoke, invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import make_responses

SCIENTIST, ENGINEER = "data_scientist", "engineer"


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=[SCIENTIST, ENGINEER])


def by_role(survey: Survey) -> dict[str, RoleParticipation]:
    return {role.role: role for role in survey_participation(survey=survey)}


def test_it_lists_the_roles_in_survey_order(survey: Survey) -> None:
    assert [role.role for role in survey_participation(survey=survey)] == [SCIENTIST, ENGINEER]


def test_it_counts_live_personal_invitations_only(survey: Survey) -> None:
    (first, _), *_ = invitations_create_personal(survey=survey, role=SCIENTIST, count=3)
    invitation_revoke(invitation=first)
    invitation_create_open(survey=survey, roles=[SCIENTIST, ENGINEER])

    roles = by_role(survey)

    assert (roles[SCIENTIST].invited, roles[ENGINEER].invited) == (2, None)


def test_it_counts_open_link_and_imported_responses_apart(survey: Survey) -> None:
    invitations_create_personal(survey=survey, role=ENGINEER, count=4)
    make_responses(survey, ENGINEER, 2)
    make_responses(survey, ENGINEER, 3, source=Response.Source.OPEN_LINK)
    make_responses(survey, ENGINEER, 1, source=Response.Source.IMPORT)
    make_responses(survey, ENGINEER, 5, status=Response.Status.DRAFT)

    engineers = by_role(survey)[ENGINEER]

    assert (engineers.submitted, engineers.via_open_link, engineers.imported) == (6, 3, 1)
    # Only answers through personal links count toward the rate: 2 of the 4 invited.
    assert engineers.response_rate == Fraction(1, 2)


def test_it_has_no_response_rate_without_personal_invitations(survey: Survey) -> None:
    make_responses(survey, SCIENTIST, 3, source=Response.Source.OPEN_LINK)

    assert by_role(survey)[SCIENTIST].response_rate is None


def test_it_counts_in_the_same_number_of_queries_whatever_the_numbers(acme: Organization) -> None:
    small, large = make_survey(acme), make_survey(acme)
    invitations_create_personal(survey=large, role=SCIENTIST, count=30)
    make_responses(large, SCIENTIST, 40)
    make_responses(large, ENGINEER, 40, source=Response.Source.OPEN_LINK)

    counts = []
    for survey in (small, large):
        with CaptureQueriesContext(connection) as context:
            survey_participation(survey=survey)
        counts.append(len(context.captured_queries))

    assert counts == [2, 2]
