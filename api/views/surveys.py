"""Surveys: create, list, read, close, reopen, publish, start the next round, participation.

Each view checks access through the selectors the browser's views use (404 for other
organizations), parses the body, and calls the same service.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import choice_filter, int_filter, valid_data
from api.permissions import LeadsAnOrganization
from api.schema import problems
from api.serializers import (
    NextRoundSerializer,
    ParticipationSerializer,
    PublishedSerializer,
    SurveyCreateSerializer,
    SurveyDeleteSerializer,
    SurveyDuplicateSerializer,
    SurveyReopenSerializer,
    SurveySerializer,
    SurveyUpdateSerializer,
)
from reports.publishing import PublishRefusedError, results_publish
from reports.score_views import participation_rows
from surveys.models import Organization, Survey
from surveys.selectors.organizations import organizations_led_by
from surveys.selectors.participation import survey_participation
from surveys.selectors.surveys import survey_get_for_lead, survey_role_titles, surveys_for_lead
from surveys.services.rounds import survey_next_round
from surveys.services.survey_editing import survey_delete, survey_duplicate, survey_settings, survey_update
from surveys.services.surveys import survey_close, survey_create, survey_reopen

ORGANIZATION_NEEDED_MESSAGE = "You lead several organizations: name one with `organization`."
SURVEY_STATUS_CHOICES = Survey.Status.values


class PublishConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Publishing now could reveal a member's answers."


def organization_for_lead(*, user: Any, pk: int | None) -> Organization:
    """The organization a new survey or team goes to: the one named, or the only one led."""
    led = organizations_led_by(user=user)
    if pk is not None:
        organization = led.filter(pk=pk).first()
        if organization is None:
            raise Http404
        return organization
    organizations = list(led[:2])
    if len(organizations) != 1:
        raise ValidationError(ORGANIZATION_NEEDED_MESSAGE)
    return organizations[0]


TEAM_FILTER = OpenApiParameter("team", int, description="Only this team's rounds.")
STATUS_FILTER = OpenApiParameter("status", str, enum=SURVEY_STATUS_CHOICES, description="Only open or closed surveys.")


class SurveyListView(generics.ListCreateAPIView):
    permission_classes = [LeadsAnOrganization]
    serializer_class = SurveySerializer

    def get_queryset(self) -> QuerySet[Survey]:
        surveys = surveys_for_lead(user=self.request.user).select_related("bank")
        team = int_filter(self.request, "team")
        if team is not None:
            surveys = surveys.filter(team_id=team)
        state = choice_filter(self.request, "status", SURVEY_STATUS_CHOICES)
        if state is not None:
            surveys = surveys.filter(status=state)
        return surveys

    @extend_schema(
        parameters=[TEAM_FILTER, STATUS_FILTER], responses={200: SurveySerializer(many=True), **problems(400, 403)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=SurveyCreateSerializer, responses={201: SurveySerializer, **problems(400, 415, 403, 404)})
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_data(SurveyCreateSerializer, request)
        organization = organization_for_lead(user=request.user, pk=data.pop("organization", None))
        survey = survey_create(organization=organization, created_by=request.user, **data)
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)


class SurveyDetailView(APIView):
    @extend_schema(responses={200: SurveySerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        return Response(SurveySerializer(survey_get_for_lead(user=request.user, pk=pk)).data)

    @extend_schema(request=SurveyUpdateSerializer, responses={200: SurveySerializer, **problems(400, 404, 415)})
    def patch(self, request: Request, pk: int) -> Response:
        """Change what the survey's edit page changes; roles and threshold only until the first answer."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(SurveyUpdateSerializer, request)
        updated = survey_update(survey=survey, **(survey_settings(survey=survey) | data))
        return Response(SurveySerializer(Survey.objects.select_related("team", "bank").get(pk=updated.pk)).data)


class SurveyDuplicateView(APIView):
    @extend_schema(request=SurveyDuplicateSerializer, responses={201: SurveySerializer, **problems(400, 404, 415)})
    def post(self, request: Request, pk: int) -> Response:
        """A new open survey with this one's settings, as the next round of `team`; no invitation is copied."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(SurveyDuplicateSerializer, request)
        copy = survey_duplicate(survey=survey, created_by=request.user, **data)
        return Response(SurveySerializer(copy).data, status=status.HTTP_201_CREATED)


class SurveyDeleteView(APIView):
    @extend_schema(request=SurveyDeleteSerializer, responses={204: None, **problems(400, 404, 415)})
    def post(self, request: Request, pk: int) -> Response:
        """Delete the survey and everything of it (answers, results, reports); `confirmation` is its title."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(SurveyDeleteSerializer, request)
        survey_delete(survey=survey, confirmation=data["confirmation"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class SurveyCloseView(APIView):
    @extend_schema(request=None, responses={200: SurveySerializer, **problems(400, 404)})
    def post(self, request: Request, pk: int) -> Response:
        """Close the survey: its links stop taking answers, and its results are published when the guard allows."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        survey_close(survey=survey)
        return Response(SurveySerializer(survey).data)


class SurveyReopenView(APIView):
    @extend_schema(request=SurveyReopenSerializer, responses={200: SurveySerializer, **problems(400, 415, 404)})
    def post(self, request: Request, pk: int) -> Response:
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(SurveyReopenSerializer, request)
        return Response(SurveySerializer(survey_reopen(survey=survey, closes_on=data["closes_on"])).data)


class SurveyPublishView(APIView):
    @extend_schema(request=None, responses={201: PublishedSerializer, **problems(404, 409)})
    def post(self, request: Request, pk: int) -> Response:
        """Publish interim results now, under the differencing guard (409 with its sentence when it refuses)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        try:
            published = results_publish(survey=survey)
        except PublishRefusedError as refusal:
            raise PublishConflict(refusal.messages[0]) from None
        return Response(PublishedSerializer(published).data, status=status.HTTP_201_CREATED)


class SurveyNextRoundView(APIView):
    @extend_schema(request=NextRoundSerializer, responses={201: SurveySerializer, **problems(400, 415, 404)})
    def post(self, request: Request, pk: int) -> Response:
        """Start the team's next round with this survey's roles and threshold; it invites nobody."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(NextRoundSerializer, request)
        created = survey_next_round(survey=survey, created_by=request.user, title=data["title"])
        return Response(SurveySerializer(created).data, status=status.HTTP_201_CREATED)


class SurveyParticipationView(APIView):
    @extend_schema(responses={200: ParticipationSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        """Invited and submitted per role, live (participation only, never a figure: privacy.md)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        roles = participation_rows(survey_participation(survey=survey), survey_role_titles(survey=survey))
        body = {"survey": survey.pk, "status": survey.status, "reminded_at": survey.reminded_at, "roles": roles}
        return Response(ParticipationSerializer(body).data)
