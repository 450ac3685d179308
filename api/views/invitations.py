"""Invitations: personal (by address, or as links), open links, the list, revoke, remind.

The list never says whether a member opened a link or submitted (privacy.md).
"""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import valid_data
from api.schema import problems
from api.serializers import (
    InvitationCreatedSerializer,
    InvitationCreateSerializer,
    InvitationsCreatedSerializer,
    InvitationSerializer,
    OpenLinkCreateSerializer,
)
from surveys.models import Invitation
from surveys.selectors.invitations import invitations_for_survey
from surveys.selectors.surveys import survey_get_for_lead
from surveys.services.invitations import (
    invitation_create_open,
    invitation_revoke,
    invitation_url,
    invitations_create_personal,
    invitations_remind,
)


def _created(pairs: list[tuple[Invitation, str]]) -> list[dict[str, Any]]:
    return [{**InvitationSerializer(invitation).data, "link": invitation_url(token)} for invitation, token in pairs]


class InvitationListView(generics.ListAPIView):
    serializer_class = InvitationSerializer

    def get_queryset(self) -> QuerySet[Invitation]:
        survey = survey_get_for_lead(user=self.request.user, pk=self.kwargs["pk"])
        return invitations_for_survey(survey=survey)

    @extend_schema(responses={200: InvitationSerializer(many=True), **problems(400, 404)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationsCreatedSerializer, **problems(400, 415, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Personal invitations: `emails` (each e-mailed) or `links` (a number, without address), for one role."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(InvitationCreateSerializer, request)
        created = invitations_create_personal(
            survey=survey,
            role=data["role"],
            emails=data.get("emails"),
            count=data.get("links", 0),
            label=data["label"],
            message=data["message"],
        )
        return Response({"invitations": _created(created)}, status=status.HTTP_201_CREATED)


class OpenLinkCreateView(APIView):
    @extend_schema(
        request=OpenLinkCreateSerializer, responses={201: InvitationCreatedSerializer, **problems(400, 415, 404)}
    )
    def post(self, request: Request, pk: int) -> Response:
        """An open link for one or several roles (one response per browser, counted apart)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(OpenLinkCreateSerializer, request)
        created = invitation_create_open(survey=survey, roles=data["roles"], label=data["label"])
        return Response(_created([created])[0], status=status.HTTP_201_CREATED)


class InvitationRevokeView(APIView):
    @extend_schema(request=None, responses={200: InvitationSerializer, **problems(404)})
    def post(self, request: Request, pk: int, invitation_pk: int) -> Response:
        survey = survey_get_for_lead(user=request.user, pk=pk)
        invitation = get_object_or_404(Invitation, survey=survey, pk=invitation_pk)
        invitation_revoke(invitation=invitation)
        return Response(InvitationSerializer(invitation).data)


class InvitationRemindView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: inline_serializer(
                "Reminded", {"reminded": serializers.IntegerField(help_text="How many members were reminded.")}
            ),
            **problems(400, 404),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Remind every e-mailed member who has not submitted (at most once a day per survey)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        return Response({"reminded": invitations_remind(survey=survey)})
