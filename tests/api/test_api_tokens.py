"""Personal API tokens: created once and shown once, stored hashed, listed, revoked, rate-limited."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings as SettingsWrapper

from api.authentication import CREDENTIAL_REFUSED_MESSAGE, MALFORMED_HEADER_MESSAGE
from api.management.commands.create_api_token import NO_SUCH_USER_MESSAGE
from api.models import ApiToken
from api.tokens import TOKEN_EXPIRY_MESSAGE, TOKEN_NAME_MESSAGE, TOKEN_NO_MEMBERSHIP_MESSAGE, token_hash
from tests.conftest import client_for, make_user
from tests.support.api import ApiCaller, token_for

ORGANIZATIONS = "/api/v1/organizations/"


def test_it_shows_a_new_token_once_and_stores_only_its_hash(alice: User) -> None:
    client = client_for(alice)
    page = client.post(reverse("api:tokens"), {"name": "CI job", "expires_in_days": "30"})
    assert page.status_code == 200
    token = ApiToken.objects.get()
    raw = page.context["created"]
    assert raw in page.content.decode()
    assert token.token_hash == token_hash(raw)
    assert raw not in str(ApiToken.objects.values().get())
    assert page["Cache-Control"].startswith("max-age=0")
    again = client.get(reverse("api:tokens")).content.decode()
    assert raw not in again
    assert token.prefix in again


def test_it_lets_a_viewer_create_a_token(victor: User) -> None:
    client_for(victor).post(reverse("api:tokens"), {"name": "Dashboard"})
    assert ApiToken.objects.filter(user=victor).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "This field is required."),
        ({"name": "CI", "expires_in_days": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"name": "CI", "expires_in_days": "many"}, "Enter a whole number."),
        ({"name": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_it_refuses_a_bad_token_form_and_creates_nothing(alice: User, data: dict[str, str], message: str) -> None:
    page = client_for(alice).post(reverse("api:tokens"), data)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token_from_the_account_page(alice: User) -> None:
    raw = token_for(alice)
    token = ApiToken.objects.get()
    client_for(alice).post(reverse("api:token_revoke", args=[token.pk]))
    response = ApiCaller(raw).get(ORGANIZATIONS)
    assert response.status_code == 401
    assert response.json()["detail"] == CREDENTIAL_REFUSED_MESSAGE


def test_it_lets_nobody_revoke_anothers_token(alice: User, charlie: User) -> None:
    raw = token_for(alice)
    response = client_for(charlie).post(reverse("api:token_revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 404
    assert ApiCaller(raw).get(ORGANIZATIONS).status_code == 200


def test_it_records_when_a_token_was_last_used(alice: User) -> None:
    raw = token_for(alice)
    assert ApiToken.objects.get().last_used_at is None
    ApiCaller(raw).get(ORGANIZATIONS)
    assert ApiToken.objects.get().last_used_at is not None


def test_it_refuses_a_token_of_a_deactivated_user(alice: User) -> None:
    raw = token_for(alice)
    User.objects.filter(pk=alice.pk).update(is_active=False)
    assert ApiCaller(raw).get(ORGANIZATIONS).status_code == 401


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer a b", "Basic YWxpY2U6cHc="])
def test_it_explains_a_malformed_authorization_header(alice: User, header: str) -> None:
    caller = ApiCaller(None)
    caller.headers = {"Authorization": header}
    response = caller.get(ORGANIZATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["detail"] in (MALFORMED_HEADER_MESSAGE, CREDENTIAL_REFUSED_MESSAGE)


def test_it_limits_the_requests_of_one_token(alice: User, settings: SettingsWrapper) -> None:
    settings.API_RATE_LIMIT = 3
    caller, other = ApiCaller(token_for(alice)), ApiCaller(token_for(alice))
    assert [caller.get(ORGANIZATIONS).status_code for _ in range(4)] == [200, 200, 200, 429]
    limited = caller.get(ORGANIZATIONS)
    assert limited["Content-Type"] == "application/problem+json"
    assert "Retry-After" in limited
    assert other.get(ORGANIZATIONS).status_code == 200


def test_the_command_prints_a_working_token_on_its_last_line(alice: User) -> None:
    out = io.StringIO()
    call_command("create_api_token", "alice", "--name", "Nightly", "--expires-in", "7", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert (token.name, token.user) == ("Nightly", alice)
    assert token.expires_at is not None
    assert timezone.now() + timedelta(days=6) < token.expires_at <= timezone.now() + timedelta(days=7)
    assert ApiCaller(raw).get(ORGANIZATIONS).status_code == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], NO_SUCH_USER_MESSAGE.format(username="nobody")),
        (["alice", "--expires-in", "soon"], TOKEN_EXPIRY_MESSAGE),
        (["alice", "--expires-in", "0"], TOKEN_EXPIRY_MESSAGE),
        (["alice", "--name", " "], TOKEN_NAME_MESSAGE),
    ],
)
def test_the_command_refuses_bad_input_in_one_sentence(alice: User, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("create_api_token", *args, stdout=io.StringIO())
    assert not ApiToken.objects.exists()


def test_the_command_refuses_a_user_of_no_organization(db: None) -> None:
    make_user("root")
    with pytest.raises(CommandError, match=re.escape(TOKEN_NO_MEMBERSHIP_MESSAGE)):
        call_command("create_api_token", "root", stdout=io.StringIO())
