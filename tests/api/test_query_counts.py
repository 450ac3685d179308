"""The endpoints bench/api.py measures cost a fixed number of queries, however many rows they serve."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib.auth.models import User

from reports.publishing import results_publish
from surveys.models import Organization
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.api import caller_for

# The token (its last use is written at most once a minute), the survey and its access, then the reads;
# the rate limit counts in Redis, not in SQL.
SURVEY_LIST_QUERIES = 3
RESULTS_QUERIES = 4


def _queries(django_assert_num_queries: Callable[..., Any], expected: int, call: Callable[[], Any]) -> None:
    with django_assert_num_queries(expected):
        assert call().status_code == 200


def test_a_page_of_surveys_costs_the_same_queries_for_5_or_100(
    alice: User, acme: Organization, django_assert_num_queries: Callable[..., Any]
) -> None:
    api = caller_for(alice)
    api.get("/api/v1/token/")  # records the token's last use, which later calls within a minute skip
    for number in range(5):
        make_survey(acme, title=f"S{number}", team=f"T{number % 3}")
    _queries(django_assert_num_queries, SURVEY_LIST_QUERIES, lambda: api.get("/api/v1/surveys/", page_size=100))
    for number in range(95):
        make_survey(acme, title=f"More {number}", team=f"T{number % 7}")
    _queries(django_assert_num_queries, SURVEY_LIST_QUERIES, lambda: api.get("/api/v1/surveys/", page_size=100))
    assert len(api.get("/api/v1/surveys/", page_size=100).json()["results"]) == 100


def test_published_results_cost_the_same_queries_for_any_number_of_answers(
    alice: User, acme: Organization, django_assert_num_queries: Callable[..., Any]
) -> None:
    api = caller_for(alice)
    api.get("/api/v1/token/")
    small, large = make_survey(acme, title="Small"), make_survey(acme, title="Large")
    answers_random(small, per_role={"engineer": 3, "data_scientist": 3})
    answers_random(large, per_role={"engineer": 60, "data_scientist": 60, "product_manager": 30})
    for survey in (small, large):
        results_publish(survey=survey)
        _queries(django_assert_num_queries, RESULTS_QUERIES, partial(api.get, f"/api/v1/surveys/{survey.pk}/results/"))
