"""The scores page's "Since the last round", and the download of the change, from published results only."""

import html
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from reports.change_exports import published_changes_json
from reports.models import PublishedResults
from reports.publishing import PREVIOUS_UNPUBLISHED_ANSWERS, published_latest, published_results_of
from reports.results import results_dump, results_live
from reports.round_sections import FIRST_ROUND, METHOD_SENTENCE, NOT_RECORDED, REASONS
from surveys.models import BankQuestion, Organization, Survey
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_at_risk
from tests.support.published import publish, without_csrf

pytestmark = pytest.mark.django_db

SCIENTIST, ENGINEER, MANAGER = "data_scientist", "engineer", "product_manager"


def engineers_spread(survey: Survey) -> None:
    """Three engineers at risk 1, 1/2 and 0 on every statement: a mean of 1/2 with a wide interval."""
    for risk_value in (1, 3, 5):
        answers_at_risk(survey, ENGINEER, 1, risk_value=risk_value)


@pytest.fixture
def round_1(acme: Organization) -> Survey:
    survey = make_survey(acme, title="Spring round")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=1)
    engineers_spread(survey)
    answers_at_risk(survey, MANAGER, 3, risk_value=1)
    publish(survey)
    return survey


@pytest.fixture
def round_2(acme: Organization, round_1: Survey) -> Survey:
    """Data scientists healthy now, engineers as before, two product managers (below k)."""
    survey = make_survey(acme, title="Autumn round")
    answers_at_risk(survey, SCIENTIST, 3, risk_value=5)
    engineers_spread(survey)
    answers_at_risk(survey, MANAGER, 2, risk_value=5)
    return survey


def shared_statements(survey: Survey) -> int:
    """The first mode's statements: every one is shared, both rounds being on the same bank."""
    first_mode = survey.bank.modes.order_by("position").values_list("key", flat=True)[0]
    return BankQuestion.objects.filter(bank=survey.bank, kind="likert", mode=first_mode).count()


def page_of(user: User, survey: Survey) -> str:
    return html.unescape(client_for(user).get(reverse("scores:survey", args=[survey.pk])).content.decode())


def test_a_first_round_has_no_since_the_last_round(alice: User, round_1: Survey) -> None:
    assert "Since the last round" not in page_of(alice, round_1)


def test_it_says_what_improved_what_did_not_clearly_change_and_who_was_shown_once(
    alice: User, round_1: Survey, round_2: Survey
) -> None:
    publish(round_2)

    page = page_of(alice, round_2)

    shared = shared_statements(round_2)
    assert "Since the last round" in page
    assert "Compared with round 1, “Spring round”" in page
    assert METHOD_SENTENCE in page
    assert (
        f"Improved. Overall risk on the {shared} shared statements, over the roles shown in both rounds: -0.50." in page
    )
    assert "Data scientists: improved, -1.00 (95% interval -1.00 to -1.00), from 1.00 to 0.00." in page
    assert "Engineers: no clear change, 0.00 (95% interval " in page
    assert "Shown in round 1 only: Product managers (too few answered this part this round)." in page
    assert "overall risk by round: round 1 " in page


def test_it_says_worsened_only_for_a_credible_rise(alice: User, acme: Organization) -> None:
    healthy = make_survey(acme, title="Round 1")
    answers_at_risk(healthy, SCIENTIST, 3, risk_value=5)
    publish(healthy)
    at_risk = make_survey(acme, title="Round 2")
    answers_at_risk(at_risk, SCIENTIST, 3, risk_value=1)
    publish(at_risk)

    page = page_of(alice, at_risk)

    assert f"Worsened. Overall risk on the {shared_statements(at_risk)} shared statements" in page
    assert "Data scientists: worsened, +1.00 (95% interval 1.00 to 1.00), from 0.00 to 1.00." in page


def test_it_gives_the_reason_when_the_last_round_has_unpublished_answers(
    alice: User, round_1: Survey, round_2: Survey
) -> None:
    answers_at_risk(round_1, SCIENTIST, 1, risk_value=5)
    publish(round_2)

    page = page_of(alice, round_2)

    assert REASONS[PREVIOUS_UNPUBLISHED_ANSWERS].format(number=1) in page
    assert "Data scientists: improved" not in page


def test_the_page_reads_the_published_change_and_not_the_answers_since(
    alice: User, round_1: Survey, round_2: Survey
) -> None:
    publish(round_2)
    before = without_csrf(page_of(alice, round_2))
    # A lead waits for one more answer in each round and reads again, to isolate it.
    answers_at_risk(round_2, SCIENTIST, 1, risk_value=1)
    answers_at_risk(round_1, ENGINEER, 1, risk_value=1)

    assert without_csrf(page_of(alice, round_2)) == before


def test_it_downloads_the_published_change_as_export_changes_json(
    alice: User, round_1: Survey, round_2: Survey
) -> None:
    publish(round_2)
    answers_at_risk(round_2, SCIENTIST, 3, risk_value=1)

    response = client_for(alice).get(reverse("scores:export_changes", args=[round_2.pk]))

    published = published_latest(survey=round_2)
    assert published is not None
    expected = published_changes_json(survey=round_2, results=published_results_of(published))
    assert response.status_code == 200
    assert response.content.decode() == expected
    document = json.loads(response.content)
    assert (document["survey"], document["previous"]) == (round_2.pk, round_1.pk)
    assert document["failure_modes"][0]["roles"][SCIENTIST]["change"] == -1.0


def test_the_download_says_why_there_is_no_change_for_a_first_round(alice: User, round_1: Survey) -> None:
    response = client_for(alice).get(reverse("scores:export_changes", args=[round_1.pk]))

    assert (response.status_code, response.content.decode()) == (404, FIRST_ROUND)


def test_results_published_before_changes_were_recorded_say_so(alice: User, round_1: Survey, round_2: Survey) -> None:
    stored = results_dump(results_live(survey=round_2))
    del stored["previous"]
    PublishedResults.objects.create(survey=round_2, sequence=1, published_on=round_2.created_at.date(), results=stored)

    page = page_of(alice, round_2)
    download = client_for(alice).get(reverse("scores:export_changes", args=[round_2.pk]))

    assert NOT_RECORDED.format(number=1) in page
    assert "Data scientists: improved" not in page
    assert (download.status_code, download.content.decode()) == (404, NOT_RECORDED.format(number=1))
