"""Bearer authentication with personal API tokens, and their rate limit (in Redis, per token)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request

from api.models import ApiToken
from api.tokens import api_token_authenticate
from surveys.ratelimit import rate_count_exceeded

CREDENTIAL_REFUSED_MESSAGE = (
    "This token is not valid: it is unknown, revoked or expired. Create a new one on your account page."
)
MALFORMED_HEADER_MESSAGE = "Send the token as `Authorization: Bearer <token>`."
RATE_LIMIT_PERIOD = 60  # seconds


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if len(parts) != 2 or parts[0].lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed(MALFORMED_HEADER_MESSAGE)
        token = api_token_authenticate(raw=parts[1])
        if token is None:
            raise exceptions.AuthenticationFailed(CREDENTIAL_REFUSED_MESSAGE)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # A 401 (not a 403) with this challenge when the token is missing or wrong.
        return f'{self.keyword} realm="api"'


class ApiTokenRateThrottle(throttling.BaseThrottle):
    """API_RATE_LIMIT requests a minute per token, counted like the site's other limits."""

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        limit = settings.API_RATE_LIMIT
        return not rate_count_exceeded(group="api", client=f"token-{token.pk}", limit=limit, period=RATE_LIMIT_PERIOD)

    def wait(self) -> float:
        return float(RATE_LIMIT_PERIOD)
