"""The round's results back to the team: one link, e-mailed to everyone invited (leads only)."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import valid_data
from api.schema import problems
from api.serializers import Described
from reports.models import TeamShare
from reports.team_sharing import team_share_current, team_share_revoke, team_share_send, team_share_url
from surveys.selectors.surveys import survey_get_for_lead


class TeamShareSerializer(Described, serializers.Serializer):
    url = serializers.CharField(help_text="The one link the team's e-mails carry (no identity in it).")
    expires_on = serializers.DateField(help_text="The last day the link opens.")
    live = serializers.BooleanField(help_text="Whether the link opens now (not expired, not revoked).")
    sent_at = serializers.DateTimeField(allow_null=True, help_text="When it was last e-mailed.")
    sent_to = serializers.IntegerField(help_text="How many addresses it was last e-mailed to.")
    revoked_at = serializers.DateTimeField(allow_null=True, help_text="When it was revoked; null otherwise.")


class TeamShareSendSerializer(Described, serializers.Serializer):
    expires_on = serializers.DateField(help_text="The last day the link opens (today at the earliest).")


def _share(share: TeamShare) -> dict[str, Any]:
    return {
        "url": team_share_url(share=share),
        "expires_on": share.expires_on,
        "live": share.is_live,
        "sent_at": share.sent_at,
        "sent_to": share.sent_to,
        "revoked_at": share.revoked_at,
    }


def _current(survey: Any) -> TeamShare:
    share = team_share_current(survey=survey)
    if share is None:
        raise Http404
    return share


class TeamShareView(APIView):
    @extend_schema(responses={200: TeamShareSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        """The round's newest team link, live or not; 404 before the first."""
        share = _current(survey_get_for_lead(user=request.user, pk=pk))
        return Response(TeamShareSerializer(_share(share)).data)

    @extend_schema(request=TeamShareSendSerializer, responses={201: TeamShareSerializer, **problems(400, 404, 415)})
    def post(self, request: Request, pk: int) -> Response:
        """E-mail the round's published results link to every invited address (the live link again, or a new one)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(TeamShareSendSerializer, request)
        share = team_share_send(survey=survey, sent_by=request.user, expires_on=data["expires_on"])
        return Response(TeamShareSerializer(_share(share)).data, status=status.HTTP_201_CREATED)


class TeamShareRevokeView(APIView):
    @extend_schema(request=None, responses={204: None, **problems(404)})
    def post(self, request: Request, pk: int) -> Response:
        """The team's link stops opening at once."""
        team_share_revoke(share=_current(survey_get_for_lead(user=request.user, pk=pk)))
        return Response(status=status.HTTP_204_NO_CONTENT)
