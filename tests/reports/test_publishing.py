"""Published results and the differencing guard (privacy.md), played by the curious lead.

The lead reads every output, lets one more member answer, reads again, and tries to publish
whenever that would isolate the newcomer. k is the survey's anonymity threshold (3 here).
"""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports import results as reports_results
from reports.models import ImmutableResultsError, PublishedResults
from reports.publishing import (
    CLOSED_AND_PUBLISHED_MESSAGE,
    CLOSED_NOT_PUBLISHED_MESSAGE,
    NOTHING_PUBLISHED_MESSAGE,
    PUBLISH_REFUSED,
    PUBLISHED_MESSAGE,
    PublishRefusedError,
    published_latest,
    published_results_of,
    results_publish,
)
from reports.results import results_live
from surveys.models import Organization, Response, Survey
from surveys.selectors.participation import survey_participation
from surveys.services.responses import response_save_page, response_submit
from surveys.services.surveys import survey_close
from surveys.tasks import surveys_close_due
from surveys.views.surveys import SURVEY_CLOSED_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, answers_submit
from tests.support.published import publish
from tests.support.questionnaire import personal_link

pytestmark = pytest.mark.django_db

K = 3


@pytest.fixture
def survey(acme: Organization) -> Survey:
    """Three engineers and three data scientists have answered; two product managers (hidden)."""
    survey = make_survey(acme, anonymity_threshold=K)
    answers_at_risk(survey, "engineer", K, text="engineers say")
    answers_at_risk(survey, "data_scientist", K, risk_value=4)
    answers_at_risk(survey, "product_manager", K - 1, text="hidden voice")
    return survey


def refusal(title: str, changed: int) -> str:
    """privacy.md's sentence, as the code formats it for one role."""
    return PUBLISH_REFUSED.format(
        roles=f"{title}s",
        changed=changed,
        responses="response" if changed == 1 else "responses",
        them="it" if changed == 1 else "them",
        missing=K - changed,
    )


def one_more_engineer(survey: Survey, value: int = 5) -> None:
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": value})


# --- The guard ---------------------------------------------------------------------------------


def test_the_first_publication_is_allowed_whatever_changed(survey: Survey) -> None:
    published = publish(survey)
    assert (published.sequence, published.at_closing) == (1, False)
    assert published_results_of(published).scores == results_live(survey=survey).scores


def test_it_says_privacy_md_s_sentence_for_one_changed_response() -> None:
    expected = (
        "Engineers: 1 response changed since the last results; publishing now could reveal it. "
        "Wait for 2 more, or close the survey later."
    )
    assert refusal("Engineer", 1) == expected


@pytest.mark.parametrize("changed", range(1, K))
def test_it_refuses_to_publish_with_1_to_k_minus_1_changes_of_a_reportable_role(survey: Survey, changed: int) -> None:
    first = publish(survey)
    for _member in range(changed):
        one_more_engineer(survey)
    with pytest.raises(PublishRefusedError) as refused:
        results_publish(survey=survey)
    assert refused.value.messages == [refusal("Engineer", changed)]
    assert published_latest(survey=survey) == first
    # Nothing was cleared: the changes still wait for more.
    assert Response.objects.filter(survey=survey, changed=True).count() == changed


@pytest.mark.parametrize("changed", [0, K, K + 1])
def test_it_publishes_with_0_or_at_least_k_changes(survey: Survey, changed: int) -> None:
    publish(survey)
    for _member in range(changed):
        one_more_engineer(survey)
    assert results_publish(survey=survey).sequence == 2
    assert not Response.objects.filter(survey=survey, changed=True).exists()


def test_it_names_every_role_that_blocks(survey: Survey) -> None:
    publish(survey)
    one_more_engineer(survey)
    answers_submit(survey, "data_scientist", {"shelfware_sponsor_ds": 1})
    answers_submit(survey, "data_scientist", {"shelfware_sponsor_ds": 1})
    with pytest.raises(PublishRefusedError) as refused:
        results_publish(survey=survey)
    assert refused.value.messages[0] == f"{refusal('Data scientist', 2)} {refusal('Engineer', 1)}"


def test_a_role_hidden_in_the_previous_results_does_not_block(survey: Survey) -> None:
    publish(survey)
    answers_submit(survey, "product_manager", {"shelfware_sponsor_pm": 2})
    published = results_publish(survey=survey)
    assert published_results_of(published).scores.roles["product_manager"].reportable


def test_an_edit_after_submitting_counts_as_a_change(survey: Survey) -> None:
    _invitation, token = personal_link(survey, "engineer")
    response_save_page(token=token, answers={"shelfware_sponsor_eng": 2}, texts={})
    response_submit(token=token)
    publish(survey)
    response_submit(token=token)  # submitting again without an edit changes nothing
    assert results_publish(survey=survey).sequence == 2
    response_save_page(token=token, answers={"shelfware_sponsor_eng": 5}, texts={})
    with pytest.raises(PublishRefusedError, match=refusal("Engineer", 1)):
        results_publish(survey=survey)


def test_a_draft_is_no_change_until_it_is_submitted(survey: Survey) -> None:
    publish(survey)
    _invitation, token = personal_link(survey, "engineer")
    response_save_page(token=token, answers={"shelfware_sponsor_eng": 2}, texts={})
    assert results_publish(survey=survey).sequence == 2
    response_submit(token=token)
    with pytest.raises(PublishRefusedError, match=refusal("Engineer", 1)):
        results_publish(survey=survey)


def test_an_imported_row_counts_as_a_change(survey: Survey) -> None:
    from surveys.services.imports import responses_import_csv

    publish(survey)
    responses_import_csv(survey=survey, text="role,shelfware_sponsor_eng\nengineer,4\n")
    with pytest.raises(PublishRefusedError, match=refusal("Engineer", 1)):
        results_publish(survey=survey)


def test_a_publication_clears_every_mark_of_the_survey_in_one_update(survey: Survey, acme: Organization) -> None:
    other = make_survey(acme, title="Other")
    answers_at_risk(other, "engineer", 1)
    Response.objects.filter(survey=survey, role="engineer").update(status=Response.Status.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        publish(survey)
    updates = [query["sql"] for query in queries if query["sql"].startswith('UPDATE "surveys_response"')]
    assert len(updates) == 1
    assert not Response.objects.filter(survey=survey, changed=True).exists()
    # Another survey's marks are its own.
    assert Response.objects.filter(survey=other, changed=True).count() == 1


# --- Immutable snapshots -----------------------------------------------------------------------


def test_published_results_cannot_be_saved_again(survey: Survey) -> None:
    published = publish(survey)
    published.results = {"withheld": True}
    with pytest.raises(ImmutableResultsError):
        published.save()
    assert PublishedResults.objects.get(pk=published.pk).results != {"withheld": True}


def test_published_results_cannot_be_updated_in_bulk(survey: Survey) -> None:
    published = publish(survey)
    with pytest.raises(ImmutableResultsError):
        PublishedResults.objects.filter(pk=published.pk).update(published_on=datetime.date(2020, 1, 1))
    assert PublishedResults.objects.get(pk=published.pk).published_on == timezone.localdate()


def test_it_numbers_each_survey_s_publications_from_one(survey: Survey, acme: Organization) -> None:
    publish(survey)
    publish(survey)
    other = make_survey(acme, title="Other")
    assert [publish(other).sequence, published_latest(survey=survey).sequence] == [1, 2]  # type: ignore[union-attr]


# --- Closing -----------------------------------------------------------------------------------


def test_closing_by_hand_publishes_and_says_so(survey: Survey, alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:close", args=[survey.pk]), follow=True)
    assert f"{SURVEY_CLOSED_MESSAGE} {CLOSED_AND_PUBLISHED_MESSAGE}" in response.content.decode()
    assert published_latest(survey=survey).at_closing  # type: ignore[union-attr]


def test_closing_keeps_the_previous_results_when_the_guard_refuses_and_says_why(survey: Survey) -> None:
    first = publish(survey)
    one_more_engineer(survey)
    notes = survey_close(survey=survey)
    assert notes == [CLOSED_NOT_PUBLISHED_MESSAGE.format(reason=refusal("Engineer", 1))]
    assert published_latest(survey=survey) == first
    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_closing_at_the_closing_date_publishes(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert surveys_close_due() == 1
    published = published_latest(survey=survey)
    assert published is not None
    assert published.at_closing


def test_closing_at_the_closing_date_keeps_the_previous_results_when_the_guard_refuses(survey: Survey) -> None:
    first = publish(survey)
    one_more_engineer(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    assert surveys_close_due() == 1
    assert published_latest(survey=survey) == first


# --- The lead's button -------------------------------------------------------------------------


def test_the_lead_publishes_interim_results_with_the_button(survey: Survey, bob: User) -> None:
    response = client_for(bob).post(reverse("scores:publish", args=[survey.pk]), follow=True)
    assert PUBLISHED_MESSAGE in response.content.decode()
    assert published_latest(survey=survey) is not None


def test_the_button_tells_the_lead_why_nothing_was_published(survey: Survey, alice: User) -> None:
    first = publish(survey)
    one_more_engineer(survey)
    response = client_for(alice).post(reverse("scores:publish", args=[survey.pk]), follow=True)
    assert refusal("Engineer", 1) in response.content.decode()
    assert published_latest(survey=survey) == first


def test_before_any_publication_a_lead_sees_participation_only(survey: Survey, alice: User) -> None:
    Response.objects.filter(survey=survey, role="data_scientist").update(source=Response.Source.IMPORT)
    page = client_for(alice).get(reverse("scores:survey", args=[survey.pk])).content.decode()
    assert "No results published yet" in page
    assert "Publish interim results" in page
    assert "Overall risk" not in page
    assert "Health index" not in page
    row = re.search(r'<th scope="row">Data scientist</th>(.*?)</tr>', page)
    assert row is not None
    # Through an open link, imported, submitted in all.
    assert re.findall(r'<td class="text-end">([^<]*)</td>', row.group(1))[-3:] == ["0", "3", "3"]


@pytest.mark.parametrize("name", ["export_json", "export_csv"])
def test_the_downloads_say_nothing_is_published_yet(survey: Survey, alice: User, name: str) -> None:
    response = client_for(alice).get(reverse(f"scores:{name}", args=[survey.pk]))
    assert response.status_code == 404
    assert response.content.decode() == NOTHING_PUBLISHED_MESSAGE


def test_the_survey_page_shows_the_published_results_date_and_counts(survey: Survey, alice: User) -> None:
    publish(survey)
    page = client_for(alice).get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    today = timezone.localdate()
    assert f"Results no. 1, published on {today.day} {today:%B %Y}" in " ".join(page.split())
    assert "Data scientist 3, Engineer 3, Product manager 2 submitted." in " ".join(page.split())


def test_the_survey_page_says_why_a_closed_survey_shows_results_from_before_its_closing(
    survey: Survey, alice: User
) -> None:
    publish(survey)
    one_more_engineer(survey)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    surveys_close_due()
    page = client_for(alice).get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    expected = CLOSED_NOT_PUBLISHED_MESSAGE.format(reason=refusal("Engineer", 1))
    assert html.escape(expected) in page


def test_a_response_submitted_while_results_are_published_keeps_its_mark_for_the_next_guard(
    survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # PostgreSQL gives each statement its own snapshot: a member may submit between the read of
    # the answers and the clearing of the marks. Here the submission comes at that moment.
    publish(survey)
    late: list[Response] = []

    def participation_with_a_late_submission(*, survey: Survey) -> object:
        late.append(answers_submit(survey, "engineer", {}))
        return survey_participation(survey=survey)

    monkeypatch.setattr(reports_results, "survey_participation", participation_with_a_late_submission)
    answers_at_risk(survey, "engineer", 3)
    published = publish(survey)

    late[0].refresh_from_db()
    assert late[0].changed
    engineers = published_results_of(published).scores.roles["engineer"]
    assert engineers.submitted == Response.objects.filter(survey=survey, role="engineer").count() - 1
