"""The lead's action pages: add from the results, edit, close, drop; wrong input changes nothing."""

import html

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from reports.action_services import (
    DUE_IN_PAST_MESSAGE,
    MODE_UNKNOWN_MESSAGE,
    NOT_PUBLISHED_MESSAGE,
    OWNER_REQUIRED_MESSAGE,
    STATUS_UNKNOWN_MESSAGE,
    WHAT_FIELD,
    WHAT_REQUIRED_MESSAGE,
)
from reports.action_views import (
    ACTION_ADDED_MESSAGE,
    ACTION_CLOSED_MESSAGE,
    ACTION_DROPPED_MESSAGE,
    actions_section_context,
)
from reports.models import Action
from reports.selectors import survey_modes
from surveys.models import Organization, Survey
from surveys.validators import EMAIL_INVALID_MESSAGE, MAX_LINE_LENGTH, TOO_LONG_MESSAGE, shortened
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.actions import first_mode, in_days, make_action, published_survey
from tests.support.inputs import long_address, too_long_address_message
from tests.support.published import publish


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return published_survey(acme)


@pytest.fixture
def lead(bob: User) -> Client:
    return client_for(bob)


def results_url(survey: Survey) -> str:
    return reverse("scores:survey", args=[survey.pk])


def form_data(survey: Survey, **overrides: object) -> dict[str, object]:
    return {
        "mode": first_mode(survey),
        "what": "Weekly hand-over",
        "owner_name": "Dana",
        "owner_email": "dana@example.com",
        "due_on": in_days(7).isoformat(),
        "note": "",
    } | overrides


def text(response: object) -> str:
    return html.unescape(response.content.decode())  # type: ignore[attr-defined]


def test_a_lead_adds_an_action_and_finds_it_on_the_results_page(lead: Client, survey: Survey) -> None:
    response = lead.post(reverse("actions:create", args=[survey.pk]), form_data(survey))
    assert response.status_code == 302
    assert response["Location"] == results_url(survey) + "#actions"
    action = Action.objects.get()
    assert (action.what, action.owner_name, action.status, action.created_by) == (
        "Weekly hand-over",
        "Dana",
        Action.Status.PLANNED,
        User.objects.get(username="bob"),
    )
    page = text(lead.get(response["Location"]))
    due = date_format(in_days(7), "j F Y")
    assert ACTION_ADDED_MESSAGE.format(what="Weekly hand-over", due_on=due) in page
    assert "Weekly hand-over" in page
    assert f"due {due}" in page
    assert "Planned" in page


def test_the_form_starts_on_the_mode_chosen_on_the_results_page(lead: Client, survey: Survey) -> None:
    second = survey_modes(survey=survey)[1].key
    page = lead.get(reverse("actions:create", args=[survey.pk]), {"mode": second}).content.decode()
    assert f'<option value="{second}" selected>' in page


WRONG_INPUT = [
    ({"due_on": in_days(-1).isoformat()}, DUE_IN_PAST_MESSAGE),
    ({"due_on": "31/02/2027"}, "Give the due date as a date"),
    ({"mode": "made_up"}, MODE_UNKNOWN_MESSAGE.format(value="made_up")),
    ({"mode": "m" * 5000}, MODE_UNKNOWN_MESSAGE.format(value=shortened("m" * 5000))),
    ({"what": ""}, WHAT_REQUIRED_MESSAGE),
    ({"what": "x" * 201}, TOO_LONG_MESSAGE.format(field=WHAT_FIELD, limit=MAX_LINE_LENGTH, length=201)),
    ({"what": "Two\nlines"}, "cannot contain line breaks"),
    ({"owner_name": " "}, OWNER_REQUIRED_MESSAGE),
    ({"owner_email": "dana@"}, EMAIL_INVALID_MESSAGE.format(email="dana@")),
    ({"owner_email": long_address(255)}, too_long_address_message(long_address(255))),
    ({"note": "x" * 2001}, "The note can be at most 2,000 characters long"),
    ({"note": "a\x00b"}, "The note cannot contain a null character"),
]


@pytest.mark.parametrize(("wrong", "message"), WRONG_INPUT, ids=lambda value: str(value)[:30])
def test_wrong_input_on_the_new_action_form_says_why_and_adds_nothing(
    lead: Client, survey: Survey, wrong: dict[str, object], message: str
) -> None:
    response = lead.post(reverse("actions:create", args=[survey.pk]), form_data(survey, **wrong))
    assert response.status_code == 400
    assert message in text(response)
    assert "<title>Error:" in response.content.decode()
    assert not Action.objects.exists()


@pytest.mark.parametrize(("wrong", "message"), WRONG_INPUT[1:], ids=lambda value: str(value)[:30])
def test_wrong_input_on_the_edit_form_says_why_and_changes_nothing(
    lead: Client, survey: Survey, wrong: dict[str, object], message: str
) -> None:
    action = make_action(survey)
    before = Action.objects.values().get()
    url = reverse("actions:edit", args=[survey.pk, action.pk])
    response = lead.post(url, form_data(survey, status="doing", **wrong))
    assert response.status_code == 400
    assert message in text(response)
    assert Action.objects.values().get() == before


def test_the_edit_form_refuses_a_new_past_date_and_an_unknown_status(lead: Client, survey: Survey) -> None:
    action = make_action(survey)
    before = Action.objects.values().get()
    url = reverse("actions:edit", args=[survey.pk, action.pk])
    response = lead.post(url, form_data(survey, status="finished", due_on=in_days(-2).isoformat()))
    assert response.status_code == 400
    assert STATUS_UNKNOWN_MESSAGE.format(value="finished") in text(response)
    response = lead.post(url, form_data(survey, status="doing", due_on=in_days(-2).isoformat()))
    assert DUE_IN_PAST_MESSAGE in text(response)
    assert Action.objects.values().get() == before


def test_a_lead_edits_an_action(lead: Client, survey: Survey) -> None:
    action = make_action(survey)
    page = lead.get(reverse("actions:edit", args=[survey.pk, action.pk])).content.decode()
    assert f'value="{action.what}"' in page
    data = form_data(survey, what="Fortnightly hand-over", owner_email="", status="doing", note="Moved")
    response = lead.post(reverse("actions:edit", args=[survey.pk, action.pk]), data)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.what, action.owner_email, action.status, action.note) == (
        "Fortnightly hand-over",
        "",
        "doing",
        "Moved",
    )


def test_a_lead_closes_and_drops_actions(lead: Client, survey: Survey) -> None:
    closed, dropped = make_action(survey, what="One"), make_action(survey, what="Two")
    response = lead.post(reverse("actions:close", args=[survey.pk, closed.pk]), follow=True)
    assert ACTION_CLOSED_MESSAGE.format(what="One") in text(response)
    response = lead.post(reverse("actions:drop", args=[survey.pk, dropped.pk]), follow=True)
    assert ACTION_DROPPED_MESSAGE.format(what="Two") in text(response)
    assert dict(Action.objects.values_list("what", "status")) == {"One": "done", "Two": "dropped"}
    page = text(response)
    # A closed action keeps its place in the list, with no button left to close or drop it.
    assert ">Done</span>" in page
    assert ">Dropped</span>" in page
    assert reverse("actions:close", args=[survey.pk, closed.pk]) not in page
    assert reverse("actions:drop", args=[survey.pk, dropped.pk]) not in page


def test_no_action_on_a_survey_with_nothing_published(lead: Client, acme: Organization) -> None:
    survey = make_survey(acme, title="Not yet")
    url = reverse("actions:create", args=[survey.pk])
    for response in (lead.get(url), lead.post(url, form_data(survey))):
        assert response.status_code == 302
        assert response["Location"] == results_url(survey)
    assert NOT_PUBLISHED_MESSAGE in text(lead.get(url, follow=True))
    assert not Action.objects.exists()


def test_an_action_is_reached_only_through_its_own_survey(lead: Client, acme: Organization, survey: Survey) -> None:
    other = make_survey(acme, title="Other")
    publish(other)
    action = make_action(survey)
    for name in ("close", "drop", "edit"):
        assert lead.post(reverse(f"actions:{name}", args=[other.pk, action.pk]), form_data(survey)).status_code == 404
    assert Action.objects.get().status == Action.Status.PLANNED


def test_another_organizations_lead_changes_nothing(charlie: User, survey: Survey) -> None:
    action = make_action(survey)
    before = list(Action.objects.values())
    client = client_for(charlie)
    assert client.post(reverse("actions:create", args=[survey.pk]), form_data(survey)).status_code == 404
    assert client.post(reverse("actions:close", args=[survey.pk, action.pk])).status_code == 404
    assert list(Action.objects.values()) == before


def test_the_results_page_lists_actions_per_mode_in_bank_order(lead: Client, survey: Survey) -> None:
    first, second = survey_modes(survey=survey)[:2]
    make_action(survey, mode=second.key, what="Second mode's action", due_on=in_days(3))
    make_action(survey, mode=first.key, what="First mode's action", due_on=in_days(30))
    page = text(lead.get(results_url(survey)))
    section = page[page.index('id="actions"') :]
    first_heading, second_heading = (f'id="actions-{mode.key}">{mode.title}</h3>' for mode in (first, second))
    assert section.index(first_heading) < section.index("First mode's action") < section.index(second_heading)
    assert section.index(second_heading) < section.index("Second mode's action")
    assert f"due {date_format(in_days(3), 'j F Y')}" in section


def test_the_results_page_says_when_there_is_no_action_yet(lead: Client, survey: Survey) -> None:
    page = text(lead.get(results_url(survey)))
    assert "No actions yet." in page
    assert reverse("actions:create", args=[survey.pk]) in page


def test_the_results_page_shows_no_actions_before_anything_is_published(lead: Client, acme: Organization) -> None:
    survey = make_survey(acme, title="Not yet")
    page = text(lead.get(results_url(survey)))
    assert 'id="actions"' not in page


def queries_of_results_page(client: Client, survey: Survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(results_url(survey)).status_code == 200
    return len(queries)


def test_the_results_page_reads_actions_in_one_query_however_many(lead: Client, survey: Survey) -> None:
    make_action(survey)
    one = queries_of_results_page(lead, survey)
    for mode in survey_modes(survey=survey)[:5]:
        make_action(survey, mode=mode.key)
        make_action(survey, mode=mode.key)
    assert queries_of_results_page(lead, survey) == one


def test_the_results_page_marks_an_overdue_open_action_and_the_due_email_sent(lead: Client, survey: Survey) -> None:
    overdue = make_action(survey, what="Late one")
    Action.objects.filter(pk=overdue.pk).update(due_on=in_days(-2), due_email_at=timezone.now())
    page = text(lead.get(results_url(survey)))
    assert "overdue</span>" in page
    assert "e-mailed on the due day" in page
    assert "(dana@example.com)" in page


def test_a_read_only_listing_shows_no_address_and_no_button(survey: Survey) -> None:
    action = make_action(survey)
    context = actions_section_context(survey=survey, can_change=False) | {"survey": survey}
    listing = render_to_string("reports/actions/actions_section.html", context)
    assert action.what in listing
    assert "dana@example.com" not in listing
    assert "<form" not in listing
    assert reverse("actions:edit", args=[survey.pk, action.pk]) not in listing


def test_an_empty_form_says_what_is_missing(lead: Client, survey: Survey) -> None:
    response = lead.post(reverse("actions:create", args=[survey.pk]))
    assert response.status_code == 400
    assert WHAT_REQUIRED_MESSAGE in text(response)
    assert not Action.objects.exists()
