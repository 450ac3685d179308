"""Who the token is: the cheapest authenticated call, for a script to check its token (and the bench's yardstick)."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.schema import problems

TokenInfoSerializer = inline_serializer(
    "TokenInfo",
    {
        "user": serializers.CharField(help_text="The user name the token acts as."),
        "name": serializers.CharField(help_text="The token's name."),
        "expires_at": serializers.DateTimeField(allow_null=True, help_text="When it stops working; null for never."),
    },
)


class TokenView(APIView):
    @extend_schema(responses={200: TokenInfoSerializer, **problems()})
    def get(self, request: Request) -> Response:
        """The token's user and name: check a token without reading anything."""
        token = request.auth
        return Response({"user": request.user.get_username(), "name": token.name, "expires_at": token.expires_at})
