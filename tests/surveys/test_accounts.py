import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from outbox.models import OutgoingEmail
from surveys.models import Membership, Organization, OrganizationInvitation
from surveys.ratelimit import RATE_LIMITED_MESSAGE
from surveys.services.organizations import ALREADY_MEMBER_MESSAGE, LAST_OWNER_MESSAGE
from surveys.views.accounts import AUTH_RATE_LIMIT
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def signup(client: Client, **overrides: str):  # type: ignore[no-untyped-def]
    data = {
        "username": "dana",
        "email": "dana@example.com",
        "organization_name": "Dana's ML team",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides
    return client.post(reverse("signup"), data)


def test_it_signs_up_a_lead_as_owner_of_a_new_organization() -> None:
    client = Client()
    response = signup(client)
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="dana")
    assert membership.role == Membership.Role.OWNER
    assert membership.organization.name == "Dana's ML team"
    assert client.get(reverse("surveys:list")).status_code == 200


def test_it_rejects_a_signup_with_mismatched_passwords_and_creates_nothing() -> None:
    response = signup(Client(), password2="something else entirely")
    assert response.status_code == 200
    assert "password fields didn" in response.content.decode().replace("&#x27;", "'")
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_it_rejects_a_signup_without_an_organization_name() -> None:
    response = signup(Client(), organization_name="")
    assert response.status_code == 200
    assert not User.objects.exists()


def test_it_logs_in_and_out(alice: User) -> None:
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("surveys:list")).status_code == 302


def test_it_refuses_a_wrong_password(alice: User) -> None:
    response = Client().post(reverse("login"), {"username": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_it_rate_limits_login_attempts(alice: User) -> None:
    client = Client()
    for _ in range(AUTH_RATE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "guess"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert RATE_LIMITED_MESSAGE in response.content.decode()


def test_it_rate_limits_signups() -> None:
    client = Client()
    for number in range(AUTH_RATE_LIMIT):
        signup(client, username=f"user{number}", password2="mismatch")
    assert signup(client).status_code == 429
    assert not User.objects.exists()


def test_it_resets_a_forgotten_password_through_the_outbox(alice: User, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=False):
        response = Client().post(reverse("password_reset"), {"email": "alice@example.com"})
    assert response.status_code == 302
    email = OutgoingEmail.objects.get(to="alice@example.com")
    link = re.search(r"http://\S+/reset/\S+/", email.body)
    assert link is not None
    client = Client()
    form_url = client.get(link.group(0).removeprefix("http://127.0.0.1:8000"), follow=True).redirect_chain[-1][0]
    new_password = "a brand new passphrase 42"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert Client().login(username="alice", password=new_password)


def test_it_does_not_say_whether_an_address_has_an_account(db: None) -> None:
    response = Client().post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert not OutgoingEmail.objects.exists()


def test_it_lets_an_owner_invite_a_viewer_who_joins(alice: User, acme: Organization) -> None:
    response = client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": "victoria@example.com", "role": "viewer"}
    )
    assert response.status_code == 302
    email = OutgoingEmail.objects.get(to="victoria@example.com")
    token = re.search(r"/join/(\S+)/", email.body).group(1)  # type: ignore[union-attr]
    joiner = Client()
    response = joiner.post(
        reverse("organization_join", args=[token]),
        {"username": "victoria", "email": "victoria@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="victoria").role == Membership.Role.VIEWER
    assert Client().get(reverse("organization_join", args=[token])).status_code == 404


def test_it_refuses_an_unknown_invitation_token(db: None) -> None:
    assert Client().get(reverse("organization_join", args=["not-a-token"])).status_code == 404


def test_it_rejects_an_invitation_to_a_malformed_address(alice: User, acme: Organization) -> None:
    response = client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": "nope", "role": "viewer"}
    )
    assert response.status_code == 200
    assert "Enter a valid email address" in response.content.decode()
    assert not OrganizationInvitation.objects.exists()


def test_it_lets_an_owner_remove_a_member(alice: User, bob: User, acme: Organization) -> None:
    membership = Membership.objects.get(user=bob)
    response = client_for(alice).post(reverse("membership_delete", args=[acme.pk, membership.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=bob).exists()


def test_it_keeps_the_last_owner(alice: User, acme: Organization) -> None:
    membership = Membership.objects.get(user=alice)
    response = client_for(alice).post(reverse("membership_delete", args=[acme.pk, membership.pk]), follow=True)
    assert LAST_OWNER_MESSAGE in response.content.decode()
    assert Membership.objects.filter(user=alice).exists()


@pytest.mark.parametrize("name", ["organization_detail"])
def test_it_hides_an_organization_from_everyone_but_its_owners(
    name: str, alice: User, bob: User, victor: User, charlie: User, acme: Organization
) -> None:
    url = reverse(name, args=[acme.pk])
    assert client_for(alice).get(url).status_code == 200
    for outsider in (bob, victor, charlie):
        assert client_for(outsider).get(url).status_code == 404


def test_it_does_not_let_charlie_remove_alices_members(
    alice: User, bob: User, charlie: User, acme: Organization
) -> None:
    membership = Membership.objects.get(user=bob)
    response = client_for(charlie).post(reverse("membership_delete", args=[acme.pk, membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(user=bob).exists()


def test_it_sends_a_viewer_to_the_reports(victor: User) -> None:
    response = client_for(victor).get(reverse("surveys:list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:list")


def test_it_shows_a_viewer_no_link_to_the_surveys(victor: User) -> None:
    page = client_for(victor).get(reverse("reports:list")).content.decode()
    assert reverse("surveys:list") not in page


def test_it_shows_a_lead_the_link_to_the_surveys(bob: User) -> None:
    page = client_for(bob).get(reverse("reports:list")).content.decode()
    assert f'href="{reverse("surveys:list")}"' in page


def test_it_refuses_to_invite_someone_who_is_already_a_member(alice: User, bob: User, acme: Organization) -> None:
    response = client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": "BOB@example.com", "role": "lead"}
    )
    assert response.status_code == 200
    assert ALREADY_MEMBER_MESSAGE.format(email="BOB@example.com") in response.content.decode()
    assert not OrganizationInvitation.objects.exists()
