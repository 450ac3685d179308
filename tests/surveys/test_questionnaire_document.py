"""The whole questionnaire in one document, and the background saves of static/js/questionnaire.js."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from surveys.forms.questionnaire import UNKNOWN_QUESTION_MESSAGE
from surveys.models import Organization, Response, Survey
from surveys.views.questionnaire import BACKGROUND_SAVE_HEADER
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, likert_keys, open_link, page_url, pages_of, personal_link

pytestmark = pytest.mark.django_db
BACKGROUND = {BACKGROUND_SAVE_HEADER: "1"}


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme)


def document_url(token: str) -> str:
    return reverse("questionnaire:document", args=[token])


def shown_sections(html: str) -> list[str]:
    return re.findall(r'<section data-page="(\d+)" aria-labelledby="[^"]+">', html)


def test_it_holds_every_page_with_its_own_form_and_shows_the_first(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    html = Client().get(document_url(token)).content.decode()
    questionnaire = pages_of(survey)
    for page in questionnaire.pages:
        assert f'action="{page_url(token, page.number)}" data-page-form="{page.number}"' in html
    assert shown_sections(html) == ["1"]
    assert 'src="/static/js/questionnaire.js"' in html


def test_it_opens_on_the_page_where_the_member_left(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    html = client.get(document_url(token)).content.decode()
    assert shown_sections(html) == ["2"]
    assert "Page 2 of" in html


def test_it_costs_the_same_two_queries_as_one_page(
    survey: Survey, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    with django_assert_num_queries(2):
        assert client.get(document_url(token)).status_code == 200


def test_a_background_save_is_answered_with_json_and_stores_the_page(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    keys = likert_keys(pages_of(survey), 1)
    reply = Client().post(page_url(token, 1), dict.fromkeys(keys, "2") | {"action": "next"}, headers=BACKGROUND)
    assert (reply.status_code, reply.json()) == (200, {"saved": True})
    assert Response.objects.get().likert == dict.fromkeys(keys, 2)


def test_submitting_is_never_a_background_save(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    client = Client()
    answer_page(client, token, pages_of(survey), 1)
    last = pages_of(survey).page_count
    reply = client.post(page_url(token, last), {"action": "submit"}, headers=BACKGROUND)
    assert reply.status_code == 302
    assert reply["Location"] == reverse("questionnaire:done", args=[token])


def test_a_tampered_background_save_is_refused_and_stores_nothing(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    data = {likert_keys(pages_of(survey), 2)[0]: "3", "action": "next"}
    reply = Client().post(page_url(token, 1), data, headers=BACKGROUND)
    assert reply.status_code == 400
    assert UNKNOWN_QUESTION_MESSAGE in reply.content.decode()
    assert not Response.objects.exists()


def test_an_open_link_has_no_document_of_its_own(survey: Survey) -> None:
    _invitation, token = open_link(survey, ["engineer"])
    reply = Client().get(document_url(token))
    assert reply.status_code == 302
    assert reply["Location"] == reverse("questionnaire:start", args=[token])


def test_an_unknown_link_has_no_document(survey: Survey) -> None:
    assert Client().get(document_url("no-such-token")).status_code == 404


def test_the_intro_offers_the_document_to_the_script_and_the_pages_to_everyone_else(survey: Survey) -> None:
    _invitation, token = personal_link(survey)
    html = Client().get(reverse("questionnaire:start", args=[token])).content.decode()
    assert f'href="{page_url(token, 1)}" data-document-href="{document_url(token)}"' in html
