"""The development e-mail page: staff follow an invitation locally; production has no such page."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from outbox.emails import email_deliver
from outbox.models import OutgoingEmail
from surveys.models import Organization
from surveys.services.invitations import invitation_url, invitations_create_personal
from tests.conftest import client_for, make_user
from tests.factories import make_survey

URL = "/dev/emails/"


@pytest.fixture
def staff(db: None) -> User:
    user = make_user("stella")
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


@pytest.fixture
def invited(acme: Organization) -> str:
    """The raw token of an invitation e-mailed to ann@example.com."""
    survey = make_survey(acme, title="Churn <model>")
    [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com"])
    return token


def test_it_is_the_page_reverse_names(settings: SettingsWrapper) -> None:
    assert reverse("outbox:development_emails") == URL


def test_staff_follow_an_invitation_from_it_in_development(
    settings: SettingsWrapper, staff: User, invited: str
) -> None:
    settings.DEBUG = True
    page = client_for(staff).get(URL).content.decode()
    link = invitation_url(invited)
    assert f'<a href="{link}"' in page
    assert "ann@example.com" in page
    # Titles and messages are shown as text, never as HTML.
    assert "Churn &lt;model&gt;" in page


def test_a_delivered_email_keeps_its_body_in_development_only(
    settings: SettingsWrapper, staff: User, invited: str
) -> None:
    settings.DEBUG = True
    settings.OUTBOX_KEEP_DELIVERED_BODIES = True
    email_deliver(email_id=OutgoingEmail.objects.get().pk)
    assert invitation_url(invited) in OutgoingEmail.objects.get().body
    assert invitation_url(invited) in client_for(staff).get(URL).content.decode()


def test_it_says_when_delivered_bodies_are_not_kept(settings: SettingsWrapper, staff: User, invited: str) -> None:
    settings.DEBUG = True
    email_deliver(email_id=OutgoingEmail.objects.get().pk)
    page = client_for(staff).get(URL).content.decode()
    assert "Body cleared after delivery" in page
    assert invitation_url(invited) not in page


@pytest.mark.parametrize("who", ["staff", "alice", "anonymous"])
def test_it_does_not_exist_when_debug_is_off(
    settings: SettingsWrapper, request: pytest.FixtureRequest, invited: str, who: str
) -> None:
    settings.DEBUG = False
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    assert client.get(URL).status_code == 404


def test_it_is_for_staff_only_in_development(settings: SettingsWrapper, alice: User, invited: str) -> None:
    settings.DEBUG = True
    assert client_for(alice).get(URL).status_code == 404
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
