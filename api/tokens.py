"""Personal API tokens: created (shown once), found by their hash, listed, revoked.

The account page, the `create_api_token` command and the authentication class all use these.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from api.models import ApiToken
from surveys.validators import validate_line

TOKEN_PREFIX = "flt_"  # noqa: S105 (not a secret)
# Only the prefix and a few characters are shown again: enough to tell tokens apart.
SHOWN_PREFIX_LENGTH = 10
MAX_EXPIRY_DAYS = 3650
# How often a token's "last used" is written: every request would write a row per call.
LAST_USED_RESOLUTION = timedelta(minutes=1)

TOKEN_NAME_FIELD = "The token's name"  # noqa: S105 (not a secret)
TOKEN_NAME_MESSAGE = "A token needs a name, such as the tool that will use it."  # noqa: S105 (not a secret)
TOKEN_EXPIRY_MESSAGE = f"A token expires after 1 to {MAX_EXPIRY_DAYS} days, or never."
TOKEN_NO_MEMBERSHIP_MESSAGE = "Only a member of an organization (a lead or a viewer) can hold API tokens."  # noqa: S105 (not a secret)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_create(*, user: User, name: str, expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for the user; returns it with the raw token, which is never shown again."""
    name = name.strip()
    if not name:
        raise ValidationError(TOKEN_NAME_MESSAGE)
    validate_line(name, field=TOKEN_NAME_FIELD)
    if expires_in_days is not None and (
        isinstance(expires_in_days, bool) or not 1 <= expires_in_days <= MAX_EXPIRY_DAYS
    ):
        raise ValidationError(TOKEN_EXPIRY_MESSAGE)
    if not user.memberships.exists():
        raise ValidationError(TOKEN_NO_MEMBERSHIP_MESSAGE)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = None if expires_in_days is None else timezone.now() + timedelta(days=expires_in_days)
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=token_hash(raw), prefix=raw[:SHOWN_PREFIX_LENGTH], expires_at=expires_at
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    """The live token a raw token names, with its user; None for anything else."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    token = (
        ApiToken.objects.select_related("user")
        .filter(live, token_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        _api_token_touch(token)
    return token


def _api_token_touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def api_tokens_for_user(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get_for_user(*, user: User, pk: int) -> ApiToken:
    token = api_tokens_for_user(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token
