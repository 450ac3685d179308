"""The member's path does only what it must: a fixed few queries, one Redis round trip, one lookup."""

from collections.abc import Callable

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from surveys.models import Organization, Survey
from surveys.selectors.bank_versions import bank_versions_forget
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, likert_keys, page_url, pages_of, personal_link, start_url
from tests.support.services import RedisServer

pytestmark = pytest.mark.django_db

# A personal link's page: its invitation (with survey and bank joined), then its response.
GET_QUERIES = 2
# The same two lookups and the response's UPDATE, in one transaction: in a test its BEGIN and
# COMMIT are a SAVEPOINT and its RELEASE, which Django counts.
SAVE_QUERIES = 2 + 3
# The last page saves and submits in that one transaction: one more UPDATE.
SUBMIT_QUERIES = 2 + 4


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def warm(client: Client, token: str) -> None:
    """A first request, which reads the bank version into the process's cache."""
    assert client.get(start_url(token)).status_code == 200


def test_every_page_costs_the_same_few_queries_whatever_its_number_of_statements(
    survey: Survey, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    warm(client, token)
    answer_page(client, token, pages_of(survey), 1)
    questionnaire = pages_of(survey)
    assert len({len(page.questions) for page in questionnaire.pages}) > 1
    for page in questionnaire.pages:
        with django_assert_num_queries(GET_QUERIES):
            assert client.get(page_url(token, page.number)).status_code == 200


def test_saving_a_page_costs_the_same_few_queries_whatever_its_number_of_statements(
    survey: Survey, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    warm(client, token)
    # The first save creates the draft; every later one updates it.
    answer_page(client, token, pages_of(survey), 1)
    questionnaire = pages_of(survey)
    for number in range(1, questionnaire.page_count):
        data = dict.fromkeys(likert_keys(questionnaire, number), "3") | {"action": "next"}
        with django_assert_num_queries(SAVE_QUERIES):
            assert client.post(page_url(token, number), data).status_code == 302
    with django_assert_num_queries(SUBMIT_QUERIES):
        assert client.post(page_url(token, questionnaire.page_count), {"action": "submit"}).status_code == 302


def test_the_bank_version_is_read_once_per_process(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    bank_versions_forget()
    client = Client()
    first, second = (capture(lambda: client.get(page_url(token, 1))) for _ in range(2))
    assert any("surveys_bankquestion" in sql for sql in first)
    assert not any("surveys_bank" in sql for sql in second)


def test_the_link_is_looked_up_once_per_request_without_an_order_by(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    warm(client, token)
    questionnaire = pages_of(survey)
    data = dict.fromkeys(likert_keys(questionnaire, 1), "3") | {"action": "next"}
    queries = capture(lambda: client.post(page_url(token, 1), data))
    assert len([sql for sql in queries if 'FROM "surveys_invitation"' in sql]) == 1
    assert len([sql for sql in queries if 'FROM "surveys_response"' in sql]) == 1
    assert not [sql for sql in queries if "ORDER BY" in sql]


def test_the_rate_limit_costs_one_redis_round_trip(survey: Survey, private_redis: RedisServer) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    warm(client, token)
    stats = redis.Redis.from_url(private_redis.url)
    before = commands_served(stats)
    client.get(page_url(token, 1))
    served = {name: count - before.get(name, 0) for name, count in commands_served(stats).items()}
    served = {name: count for name, count in served.items() if count and name != "info"}
    # Two round trips: the rate limit's script (Redis counts the INCR it runs inside, and its
    # EXPIRE only on a window's first request), and the invitation's "opened" mark for the batch.
    assert served == {"evalsha": 1, "incr": 1, "sadd": 1}


def capture(request: Callable[[], object]) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        request()
    return [query["sql"] for query in queries.captured_queries]


def commands_served(client: redis.Redis) -> dict[str, int]:
    """Each command's calls so far on the whole Redis server, whichever database they touched."""
    return {name.removeprefix("cmdstat_"): int(stat["calls"]) for name, stat in client.info("commandstats").items()}
