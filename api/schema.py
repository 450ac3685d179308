"""What the OpenAPI description says of errors: every endpoint lists the problems it may answer."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI naming the kind of problem.")
    title = serializers.CharField(help_text="The kind of problem, in a few words.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in one sentence for a person.")
    errors = serializers.DictField(
        required=False, help_text="Invalid input only: each field's messages (non_field_errors for the rest)."
    )


_MEANINGS = {
    400: "Invalid input, or a rule of the product refuses it (the detail says which, as the browser would).",
    401: "No token, or a token that is unknown, revoked or expired.",
    403: "The token's user leads no organization: a viewer's token reads published results and reports only.",
    404: "Nothing here, or nothing your token may read (other organizations' objects look the same).",
    409: "The differencing guard refuses to publish now (privacy): the detail says how many answers are missing.",
    415: "The body is not JSON (send Content-Type: application/json).",
    429: "Too many requests with this token in a minute: wait for the time in Retry-After.",
}


def problems(*codes: int) -> dict[int, OpenApiResponse]:
    """The error responses of an endpoint; 401 and 429 are every endpoint's."""
    every = sorted({401, 429, *codes})
    return {code: OpenApiResponse(ProblemSerializer, description=_MEANINGS[code]) for code in every}


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema's security scheme: a personal token from the account page, as a bearer token."""

    target_class = "api.authentication.ApiTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (API page of your account, or `manage.py create_api_token`).",
        }
