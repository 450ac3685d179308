"""The error summary on form pages (issue 13): every error listed and linked, "Error:" in the title."""

import datetime
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

import pytest
import tinyhtml5  # type: ignore[import-untyped]
from django import forms
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys.error_summary import ERROR_SUMMARY_HEADING, ERROR_TITLE_PREFIX, ErrorItem, page_error_items
from surveys.models import Survey
from surveys.services.surveys import CLOSES_IN_PAST_MESSAGE, NO_ROLES_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey

if TYPE_CHECKING:
    # The test client's response type exists in django-stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse

XHTML = "{http://www.w3.org/1999/xhtml}"


def parsed(response: "_MonkeyPatchedWSGIResponse") -> Element:
    page: Element = tinyhtml5.parse(response.content.decode())
    return page


def title_of(page: Element) -> str:
    title = page.find(f".//{XHTML}title")
    assert title is not None
    return "".join(title.itertext()).strip()


def summary_of(page: Element) -> Element | None:
    return next((element for element in page.iter() if element.get("id") == "error-summary"), None)


def summary_links(page: Element) -> dict[str, str]:
    """The summary's links: the id each points to, with its text."""
    summary = summary_of(page)
    assert summary is not None, "no error summary on the page"
    links = summary.iter(f"{XHTML}a")
    return {link.get("href", "").removeprefix("#"): "".join(link.itertext()) for link in links}


def ids_of(page: Element) -> set[str]:
    return {element.get("id", "") for element in page.iter()}


def test_it_lists_each_field_in_error_with_a_link_to_it(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), {"title": "", "roles": [], "anonymity_threshold": "3"})
    page = parsed(response)
    links = summary_links(page)
    assert links["id_title"].startswith("Title: ")
    assert links["id_roles_0"] == f"Roles included: {NO_ROLES_MESSAGE}"
    assert set(links) <= ids_of(page)


def test_it_starts_the_title_with_error_when_a_form_has_errors(alice: User) -> None:
    response = client_for(alice).post(reverse("surveys:create"), {"title": ""})
    assert title_of(parsed(response)).startswith(ERROR_TITLE_PREFIX + "New survey")


def test_it_moves_focus_to_the_summary_without_javascript(db: None) -> None:
    page = parsed(Client().post(reverse("login"), {"username": "nobody", "password": "wrong"}))
    summary = summary_of(page)
    assert summary is not None
    assert summary.get("autofocus") is not None
    assert summary.get("tabindex") == "-1"
    # The first autofocus in the document wins: the summary comes before the form's own.
    first = next(element for element in page.iter() if element.get("autofocus") is not None)
    assert first is summary


def test_it_links_an_error_of_the_whole_form_to_its_first_field(db: None) -> None:
    page = parsed(Client().post(reverse("login"), {"username": "nobody", "password": "wrong"}))
    [(anchor, text)] = summary_links(page).items()
    assert anchor == "id_username"
    assert "correct username and password" in text


def test_it_links_to_a_prefixed_form_among_several_on_one_page(alice: User) -> None:
    survey = make_survey(alice.memberships.get().organization)
    response = client_for(alice).post(reverse("surveys:invite_paste", args=[survey.pk]), {"paste-lines": ""})
    page = parsed(response)
    assert list(summary_links(page)) == ["id_paste-lines"]
    assert "id_paste-lines" in ids_of(page)
    assert title_of(page).startswith(ERROR_TITLE_PREFIX)


def test_it_lists_the_errors_of_the_account_forms(db: None) -> None:
    data = {"username": "dana", "email": "not an address", "organization_name": "Initech"}
    data |= {"password1": "correct horse battery staple", "password2": "a different one"}
    page = parsed(Client().post(reverse("signup"), data))
    assert {"id_email", "id_password2"} <= set(summary_links(page))
    assert title_of(page).startswith(ERROR_TITLE_PREFIX + "Sign up")


def test_it_announces_an_error_told_after_a_redirect(alice: User) -> None:
    survey = make_survey(alice.memberships.get().organization)
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    url = reverse("surveys:reopen", args=[survey.pk])
    page = parsed(client_for(alice).post(url, {"closes_on": yesterday}, follow=True))
    summary = summary_of(page)
    assert summary is not None
    assert CLOSES_IN_PAST_MESSAGE in "".join(summary.itertext())
    assert title_of(page).startswith(ERROR_TITLE_PREFIX)


@pytest.mark.parametrize("name", ["surveys:create", "surveys:list"])
def test_it_shows_no_summary_and_no_prefix_on_a_page_without_errors(alice: User, name: str) -> None:
    page = parsed(client_for(alice).get(reverse(name)))
    assert summary_of(page) is None
    assert not title_of(page).startswith(ERROR_TITLE_PREFIX)
    assert ERROR_SUMMARY_HEADING not in "".join(page.itertext())


class _Choice(forms.Form):
    secret = forms.CharField(widget=forms.HiddenInput)
    colour = forms.ChoiceField(choices=[("r", "Red"), ("g", "Green")], widget=forms.RadioSelect)


def test_it_links_radio_buttons_to_their_first_choice_and_never_to_a_hidden_field() -> None:
    form = _Choice(data={})
    items = page_error_items(values=[form, form, "not a form"])
    assert items == [
        ErrorItem("Secret: This field is required.", ""),
        ErrorItem("Colour: This field is required.", "id_colour_0"),
    ]


def test_it_ignores_a_form_nobody_has_sent() -> None:
    assert page_error_items(values=[_Choice()]) == []
