"""Calling the API as a script would: JSON bodies, a bearer token, problem+json back."""

import json
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import api_token_create, api_token_revoke


class ApiCaller:
    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {} if token is None else {"Authorization": f"Bearer {token}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any = None) -> Any:
        data = "" if body is None else json.dumps(body)
        return self.client.post(path, data, content_type="application/json", headers=self.headers)

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, json.dumps(body), content_type="application/json", headers=self.headers)

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(path, json.dumps(body), content_type="application/json", headers=self.headers)


def token_for(user: User, *, state: str = "live") -> str:
    """A raw token of the user: live, revoked or expired."""
    token, raw = api_token_create(user=user, name=f"{state} token")
    if state == "revoked":
        api_token_revoke(token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    return raw


def caller_for(user: User, *, state: str = "live") -> ApiCaller:
    return ApiCaller(token_for(user, state=state))
