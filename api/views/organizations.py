"""Organizations (read) and teams (create, read, rename) of the organizations the token's user leads."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import int_filter, valid_data
from api.permissions import LeadsAnOrganization
from api.schema import problems
from api.serializers import OrganizationSerializer, TeamSerializer, TeamWriteSerializer
from api.views.surveys import organization_for_lead
from surveys.models import Organization, Team
from surveys.selectors.organizations import organizations_led_by
from surveys.selectors.teams import team_get_for_lead
from surveys.services.teams import team_create, team_update


class OrganizationListView(generics.ListAPIView):
    permission_classes = [LeadsAnOrganization]
    serializer_class = OrganizationSerializer

    def get_queryset(self) -> QuerySet[Organization]:
        return organizations_led_by(user=self.request.user)

    @extend_schema(responses={200: OrganizationSerializer(many=True), **problems(400, 403)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class OrganizationDetailView(APIView):
    @extend_schema(responses={200: OrganizationSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        organization = organizations_led_by(user=request.user).filter(pk=pk).first()
        if organization is None:
            raise Http404
        return Response(OrganizationSerializer(organization).data)


class TeamListView(generics.ListCreateAPIView):
    permission_classes = [LeadsAnOrganization]
    serializer_class = TeamSerializer

    def get_queryset(self) -> QuerySet[Team]:
        teams = Team.objects.filter(organization__in=organizations_led_by(user=self.request.user))
        organization = int_filter(self.request, "organization")
        return teams if organization is None else teams.filter(organization_id=organization)

    @extend_schema(responses={200: TeamSerializer(many=True), **problems(400, 403)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=TeamWriteSerializer, responses={201: TeamSerializer, **problems(400, 415, 403, 404)})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_data(TeamWriteSerializer, request)
        organization = organization_for_lead(user=request.user, pk=data.get("organization"))
        team = team_create(organization=organization, name=data["name"], description=data["description"])
        return Response(TeamSerializer(team).data, status=status.HTTP_201_CREATED)


class TeamDetailView(APIView):
    @extend_schema(responses={200: TeamSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(TeamSerializer(team_get_for_lead(user=request.user, pk=pk)).data)

    @extend_schema(request=TeamWriteSerializer, responses={200: TeamSerializer, **problems(400, 415, 404)})
    def put(self, request: Request, pk: int) -> Response:
        """Rename the team or change its description, as the team's edit page does."""
        team = team_get_for_lead(user=request.user, pk=pk)
        data = valid_data(TeamWriteSerializer, request)
        return Response(TeamSerializer(team_update(team=team, name=data["name"], description=data["description"])).data)
