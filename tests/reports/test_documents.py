"""Tests of reports.documents: what a report shows, gathered before any rendering."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.documents import ReportData, report_data_published, report_input_hash
from reports.publishing import published_latest, published_results_of
from reports.report_sections import COMMENT_SHOWN_MAX, MAX_COMMENTS_PER_MODE, ShownComment
from surveys.models import BankQuestion, Organization, Response, Survey
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, answers_random, answers_submit
from tests.support.published import publish, report_of

pytestmark = pytest.mark.django_db

SHELFWARE_DS_TEXT = "ds_text_reach_users"


@pytest.fixture
def survey(acme: Organization) -> Survey:
    survey = make_survey(acme)
    answers_random(survey, per_role={"data_scientist": 5, "engineer": 4, "product_manager": 3})
    return survey


def _report(survey: Survey) -> ReportData:
    return report_of(survey)


def _queries(survey: Survey) -> int:
    published = publish(survey)
    with CaptureQueriesContext(connection) as queries:
        report_data_published(published=published)
    return len(queries)


def test_it_gathers_a_report_in_the_same_number_of_queries_however_many_answered(survey: Survey) -> None:
    few = _queries(survey)
    answers_random(survey, per_role={"data_scientist": 60, "engineer": 60, "product_manager": 60}, seed=2)
    assert _queries(survey) == few


def test_it_shows_exactly_the_figures_of_the_results_it_is_given(survey: Survey) -> None:
    published = publish(survey)
    results = published_results_of(published)
    data = report_data_published(published=published)
    assert data.scores == results.scores
    assert [mode.score for mode in data.modes] == list(results.scores.modes)


def test_it_counts_each_answer_of_an_item_and_the_dont_knows(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    for value in (1, 2, 2, 5):
        answers_submit(survey, "data_scientist", {"shelfware_sponsor_ds": value})
    item = next(item for mode in _report(survey).modes for item in mode.items if item.key == "shelfware_sponsor_ds")
    assert (item.counts, item.dont_know) == ((1, 2, 0, 0, 1), 0)


def test_it_counts_an_unanswered_item_as_dont_know(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    both, one = {"shelfware_sponsor_ds": 4, "shelfware_unused_ds": 4}, {"shelfware_sponsor_ds": 4}
    for likert in (both, one, one, {}):
        answers_submit(survey, "data_scientist", likert)
    item = next(item for mode in _report(survey).modes for item in mode.items if item.key == "shelfware_sponsor_ds")
    assert (item.counts, item.dont_know) == ((0, 0, 0, 3, 0), 1)


def test_it_withholds_the_counts_of_an_item_fewer_than_k_answered(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    both, one = {"shelfware_sponsor_ds": 4, "shelfware_unused_ds": 4}, {"shelfware_sponsor_ds": 4}
    for likert in (both, one, one):
        answers_submit(survey, "data_scientist", likert)
    item = next(item for mode in _report(survey).modes for item in mode.items if item.key == "shelfware_unused_ds")
    assert (item.counts, item.dont_know) == (None, None)


def test_it_leaves_a_role_out_of_a_mode_fewer_than_k_of_it_answered(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    for likert in ({"shelfware_sponsor_ds": 4}, {"shelfware_sponsor_ds": 2}, {}):
        answers_submit(survey, "data_scientist", likert)
    shelfware = next(mode for mode in _report(survey).modes if mode.key == "shelfware")
    assert [cell.score for cell in shelfware.cells] == [None]
    assert shelfware.items == ()


def test_it_leaves_out_answers_and_comments_of_roles_below_the_threshold(acme: Organization) -> None:
    survey = make_survey(acme)
    answers_at_risk(survey, "data_scientist", 3, text="shown")
    answers_at_risk(survey, "product_manager", 2, text="hidden")
    data = _report(survey)
    assert {item.role for mode in data.modes for item in mode.items} == {"data_scientist"}
    shown = {comment.text for mode in data.modes for group in mode.comments for comment in group.comments}
    assert shown == {"shown"}


def test_it_never_shows_drafts(acme: Organization) -> None:
    survey = make_survey(acme)
    answers_at_risk(survey, "engineer", 3, text="submitted")
    Response.objects.filter(survey=survey).update(status=Response.Status.DRAFT)
    data = _report(survey)
    assert data.withheld
    assert not [group for mode in data.modes for group in mode.comments]


def test_it_samples_at_most_a_set_number_of_comments_per_mode_and_counts_them_all(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    answers_random(survey, per_role={"data_scientist": MAX_COMMENTS_PER_MODE + 10}, comment_share=1.0)
    shelfware = next(mode for mode in _report(survey).modes if mode.key == "shelfware")
    assert (shelfware.comments_shown, shelfware.comments_total) == (MAX_COMMENTS_PER_MODE, MAX_COMMENTS_PER_MODE + 10)


def test_it_puts_each_comment_under_its_question_s_wording(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    for number in range(3):
        answers_submit(survey, "data_scientist", {}, {SHELFWARE_DS_TEXT: f"comment {number}"})
    question = BankQuestion.objects.get(bank_id=survey.bank_id, key=SHELFWARE_DS_TEXT)
    shelfware = next(mode for mode in _report(survey).modes if mode.key == "shelfware")
    [group] = shelfware.comments
    assert (group.question, group.role_title) == (question.text, "Data scientist")
    assert sorted(comment.text for comment in group.comments) == ["comment 0", "comment 1", "comment 2"]


def test_it_keeps_the_order_of_the_comments_it_is_given(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    for number in range(12):
        answers_submit(survey, "data_scientist", {}, {SHELFWARE_DS_TEXT: f"comment {number}"})
    published = publish(survey)
    results = published_results_of(published)
    data = report_data_published(published=published)
    shelfware = next(mode for mode in data.modes if mode.key == "shelfware")
    shown = tuple(comment.text for comment in shelfware.comments[0].comments)
    assert shown == tuple(comment.text for comment in results.comments)


def test_it_cuts_a_long_comment_at_a_word_and_says_so(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    words = "word " * 900
    for _ in range(3):
        answers_submit(survey, "data_scientist", {}, {SHELFWARE_DS_TEXT: words})
    shelfware = next(mode for mode in _report(survey).modes if mode.key == "shelfware")
    shown = shelfware.comments[0].comments[0]
    assert shown.shortened
    assert shown.text == ("word " * (COMMENT_SHOWN_MAX // 5)).strip() + "\u2026"


def test_it_prints_a_comment_up_to_the_limit_whole(acme: Organization) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    words = ("word " * (COMMENT_SHOWN_MAX // 5)).strip()
    for _ in range(3):
        answers_submit(survey, "data_scientist", {}, {SHELFWARE_DS_TEXT: words})
    shelfware = next(mode for mode in _report(survey).modes if mode.key == "shelfware")
    assert shelfware.comments[0].comments[0] == ShownComment(words, shortened=False)


def test_it_keeps_the_input_hash_when_nothing_changed(survey: Survey) -> None:
    published = publish(survey)
    assert report_input_hash(published=published) == report_input_hash(published=published)
    assert report_of(survey).input_hash == report_input_hash(published=published)


def test_it_keeps_the_input_hash_when_someone_submits_until_results_are_published(survey: Survey) -> None:
    before = report_of(survey).input_hash
    answers_submit(survey, "engineer", {"shelfware_sponsor_eng": 2})
    latest = published_latest(survey=survey)
    assert latest is not None
    assert report_input_hash(published=latest) == before
    answers_random(survey, per_role={"engineer": 3}, seed=3)
    assert report_of(survey).input_hash != before


def test_it_changes_the_input_hash_when_a_setting_shown_changes(survey: Survey) -> None:
    published = publish(survey)
    before = report_input_hash(published=published)
    Survey.objects.filter(pk=survey.pk).update(title="Another title")
    assert report_input_hash(published=published) != before


def test_it_keeps_the_input_hash_when_someone_is_invited(survey: Survey) -> None:
    # The cover prints the invitations of the published results, not today's.
    published = publish(survey)
    before = report_input_hash(published=published)
    invitations_create_personal(survey=survey, role="engineer", count=1)
    assert report_input_hash(published=published) == before
    assert report_of(survey).input_hash == before


def test_it_writes_the_gap_sentence_from_the_figures(acme: Organization) -> None:
    survey = make_survey(acme, roles=["engineer", "product_manager"])
    answers_at_risk(survey, "engineer", 3, risk_value=1)
    answers_at_risk(survey, "product_manager", 3, risk_value=4)
    data = _report(survey)
    mode = data.modes[0]
    assert mode.misaligned
    assert data.summary.gaps[0].startswith(
        f"Engineers see more risk in “{mode.title}” than product managers: 1.00, from 3 engineers, all of whom "
        "answered alike, against 0.25, from 3 product managers, all of whom answered alike."
    )


def test_it_says_why_the_figures_are_withheld(acme: Organization) -> None:
    survey = make_survey(acme, anonymity_threshold=5)
    answers_at_risk(survey, "engineer", 4)
    data = _report(survey)
    assert data.withheld
    assert "anonymity threshold of 5" in data.summary.withheld
    assert "engineers 4" in data.summary.withheld
