"""Invitations into an organization: they expire after 14 days; the owner revokes or resends them."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from surveys.models import Membership, Organization, OrganizationInvitation
from surveys.services.organizations import (
    INVITATION_EXPIRED_MESSAGE,
    INVITATION_USED_MESSAGE,
    INVITATION_VALID_FOR,
    organization_invite,
    organization_join,
)
from surveys.views.organizations import (
    INVITATION_RESENT_MESSAGE,
    INVITATION_REVOKED_MESSAGE,
    JOIN_LINK_INVALID_MESSAGE,
)
from tests.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(alice: User, acme: Organization) -> OrganizationInvitation:
    return organization_invite(organization=acme, email="dana@example.com", role="lead", invited_by=alice)


def last_token(email: str = "dana@example.com") -> str:
    body = OutgoingEmail.objects.filter(to=email).latest("pk").body
    return re.search(r"/join/(\S+)/", body).group(1)  # type: ignore[union-attr]


def join_page(token: str) -> tuple[int, str]:
    response = Client().get(reverse("organization_join", args=[token]))
    return response.status_code, html.unescape(response.content.decode())


def expire(invitation: OrganizationInvitation) -> None:
    OrganizationInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    invitation.refresh_from_db()


def action(who: User, name: str, invitation: OrganizationInvitation) -> object:
    url = reverse(name, args=[invitation.organization.pk, invitation.pk])
    return client_for(who).post(url, follow=True)


def test_an_invitation_expires_fourteen_days_after_it_was_sent(invitation: OrganizationInvitation) -> None:
    assert timedelta(days=14) == INVITATION_VALID_FOR
    assert invitation.expires_at == invitation.sent_at + INVITATION_VALID_FOR
    assert str(invitation.expires_at.year) in OutgoingEmail.objects.get().body


def test_an_expired_invitation_shows_a_clear_page(invitation: OrganizationInvitation) -> None:
    token = last_token()
    expire(invitation)
    status, page = join_page(token)
    assert status == 404
    assert INVITATION_EXPIRED_MESSAGE.format(date=timezone.localtime(invitation.expires_at)) in page


def test_an_expired_invitation_makes_no_account(invitation: OrganizationInvitation) -> None:
    token = last_token()
    expire(invitation)
    data = {"username": "dana", "email": "dana@example.com", "password1": PASSWORD, "password2": PASSWORD}
    Client().post(reverse("organization_join", args=[token]), data)
    assert not User.objects.filter(username="dana").exists()


def test_the_owner_revokes_an_invitation_and_its_link_dies(alice: User, invitation: OrganizationInvitation) -> None:
    token = last_token()
    response = action(alice, "organization_invitation_revoke", invitation)
    assert INVITATION_REVOKED_MESSAGE.format(email="dana@example.com") in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    status, page = join_page(token)
    assert status == 404
    assert JOIN_LINK_INVALID_MESSAGE in page
    page = client_for(alice).get(reverse("organization_detail", args=[invitation.organization.pk])).content.decode()
    assert "dana@example.com" not in page


def test_the_owner_resends_an_expired_invitation_with_a_new_link_and_expiry(
    alice: User, invitation: OrganizationInvitation
) -> None:
    old_token = last_token()
    expire(invitation)
    response = action(alice, "organization_invitation_resend", invitation)
    assert INVITATION_RESENT_MESSAGE.format(email="dana@example.com") in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    new_token = last_token()
    assert new_token != old_token
    assert join_page(old_token)[0] == 404
    assert join_page(new_token)[0] == 200
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + INVITATION_VALID_FOR - timedelta(minutes=1)


def test_an_accepted_invitation_is_not_resent(alice: User, invitation: OrganizationInvitation) -> None:
    organization_join(token=last_token(), user=User.objects.create_user("dana", "dana@example.com", PASSWORD))
    response = action(alice, "organization_invitation_resend", invitation)
    assert INVITATION_USED_MESSAGE in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    assert OutgoingEmail.objects.count() == 1


def test_the_owner_sees_pending_invitations_with_their_actions(alice: User, invitation: OrganizationInvitation) -> None:
    page = client_for(alice).get(reverse("organization_detail", args=[invitation.organization.pk])).content.decode()
    assert reverse("organization_invitation_resend", args=[invitation.organization.pk, invitation.pk]) in page
    assert reverse("organization_invitation_revoke", args=[invitation.organization.pk, invitation.pk]) in page


@pytest.mark.parametrize("who", ["bob", "victor", "charlie"])
@pytest.mark.parametrize("name", ["organization_invitation_resend", "organization_invitation_revoke"])
def test_only_the_owner_resends_or_revokes(
    request: pytest.FixtureRequest, invitation: OrganizationInvitation, who: str, name: str
) -> None:
    url = reverse(name, args=[invitation.organization.pk, invitation.pk])
    assert client_for(request.getfixturevalue(who)).post(url).status_code == 404
    assert Client().post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
    assert OutgoingEmail.objects.count() == 1


def test_charlie_cannot_reach_an_invitation_of_alice_through_his_own_organization(
    charlie: User, globex: Organization, invitation: OrganizationInvitation
) -> None:
    url = reverse("organization_invitation_revoke", args=[globex.pk, invitation.pk])
    assert client_for(charlie).post(url).status_code == 404
    assert not Membership.objects.filter(user__username="dana").exists()
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
