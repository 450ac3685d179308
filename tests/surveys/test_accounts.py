import html
import re
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.template import loader
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from outbox import publishing
from outbox.emails import NO_EMAIL_ID, email_deliver
from outbox.models import OutgoingEmail
from outbox.tasks import email_deliver_task
from surveys.forms.accounts import EMAIL_TAKEN_MESSAGE
from surveys.models import Membership, Organization, OrganizationInvitation
from surveys.ratelimit import RATE_LIMITED_MESSAGE
from surveys.services.organizations import (
    ALREADY_MEMBER_MESSAGE,
    LAST_OWNER_MESSAGE,
    ORGANIZATION_NAME_FIELD,
    organization_invite,
    organization_signup,
)
from surveys.validators import CONTROL_CHARACTER_MESSAGE, EMAIL_INVALID_MESSAGE
from surveys.views.accounts import AUTH_RATE_LIMIT
from tests.conftest import PASSWORD, client_for
from tests.support.inputs import long_address, too_long_address_message

if TYPE_CHECKING:
    # The test client's response type exists in django-stubs only.
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def signup(client: Client, **overrides: str) -> "_MonkeyPatchedWSGIResponse":
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


def test_it_resets_a_forgotten_password_through_the_outbox(
    alice: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
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


def reset_work(email: str) -> list[str]:
    """The costly steps a reset request takes, in order: token, subject, body, broker publish."""
    steps: list[str] = []
    make_token = default_token_generator.make_token
    render = loader.render_to_string
    publish = publishing.publish_on_commit
    monkeypatch = pytest.MonkeyPatch()

    def counted_token(user: User) -> str:
        steps.append("token")
        return make_token(user)

    def counted_render(template_name: str, *args: Any, **kwargs: Any) -> str:
        steps.append(template_name)
        return render(template_name, *args, **kwargs)

    def counted_publish(task: Any, *args: Any, **kwargs: Any) -> None:
        steps.append(f"publish {task.name}")
        publish(task, *args, **kwargs)

    monkeypatch.setattr(default_token_generator, "make_token", counted_token)
    monkeypatch.setattr("django.template.loader.render_to_string", counted_render)
    monkeypatch.setattr("outbox.emails.render_to_string", counted_render)
    monkeypatch.setattr(publishing, "publish_on_commit", counted_publish)
    try:
        assert Client().post(reverse("password_reset"), {"email": email}).status_code == 302
    finally:
        monkeypatch.undo()
    return steps


def test_it_does_the_same_work_for_a_reset_whether_or_not_the_address_has_an_account(alice: User) -> None:
    known = reset_work("alice@example.com")
    unknown = reset_work("nobody@example.com")
    assert known == unknown
    assert known == [
        "token",
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        f"publish {email_deliver_task.name}",
    ]
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["alice@example.com"]


def test_the_decoy_delivery_task_of_an_unknown_address_sends_nothing(db: None) -> None:
    email_deliver(email_id=NO_EMAIL_ID)
    assert not mail.outbox


def test_it_lets_an_owner_invite_a_viewer_who_joins(alice: User, acme: Organization) -> None:
    response = client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": "victoria@example.com", "role": "viewer"}
    )
    assert response.status_code == 302
    email = OutgoingEmail.objects.get(to="victoria@example.com")
    link = re.search(r"/join/(\S+)/", email.body)
    assert link is not None
    token = link.group(1)
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
    assert EMAIL_INVALID_MESSAGE.format(email="nope") in response.content.decode()
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


def test_it_refuses_a_signup_with_an_address_another_account_has_without_saying_whose(alice: User) -> None:
    response = signup(Client(), email="ALICE@example.com")
    page = html.unescape(response.content.decode())
    assert EMAIL_TAKEN_MESSAGE in page
    assert "alice" not in page.replace("ALICE@example.com", "")
    assert not User.objects.filter(username="dana").exists()
    assert Organization.objects.count() == 1


def test_it_refuses_a_join_with_an_address_another_account_has(alice: User, acme: Organization) -> None:
    organization_invite(organization=acme, email="alice@example.com.au", role="viewer", invited_by=alice)
    token = re.search(r"/join/(\S+)/", OutgoingEmail.objects.get().body).group(1)  # type: ignore[union-attr]
    response = Client().post(
        reverse("organization_join", args=[token]),
        {"username": "alice2", "email": "Alice@Example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert EMAIL_TAKEN_MESSAGE in html.unescape(response.content.decode())
    assert not User.objects.filter(username="alice2").exists()


def test_it_refuses_a_signup_address_longer_than_the_column() -> None:
    address = long_address(300)
    response = signup(Client(), email=address)
    assert too_long_address_message(address) in html.unescape(response.content.decode())
    assert not User.objects.exists()


@pytest.mark.parametrize("name", ["Acme\r\nBcc: victim@example.com", "Acme\x00", "Acme\tML"])
def test_it_refuses_an_organization_name_with_a_control_character(name: str) -> None:
    response = signup(Client(), organization_name=name)
    assert CONTROL_CHARACTER_MESSAGE.format(field=ORGANIZATION_NAME_FIELD) in html.unescape(response.content.decode())
    assert not User.objects.exists()


def test_it_refuses_an_organization_name_with_a_control_character_in_the_service() -> None:
    with pytest.raises(ValidationError, match=CONTROL_CHARACTER_MESSAGE.format(field=ORGANIZATION_NAME_FIELD)):
        organization_signup(username="dana", email="dana@example.com", password=PASSWORD, organization_name="A\nB")
    assert not User.objects.exists()


def test_it_refuses_an_organization_invitation_to_an_address_longer_than_the_column(
    alice: User, acme: Organization
) -> None:
    address = long_address(255)
    response = client_for(alice).post(
        reverse("organization_detail", args=[acme.pk]), {"email": address, "role": "lead"}
    )
    assert response.status_code == 200
    assert too_long_address_message(address) in html.unescape(response.content.decode())
    assert not OrganizationInvitation.objects.exists()
    with pytest.raises(ValidationError):
        organization_invite(organization=acme, email=address, role="lead", invited_by=alice)
