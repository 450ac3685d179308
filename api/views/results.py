"""Published results: the export_scores JSON of commands.md, of the latest snapshot only (privacy.md).

Leads and viewers read them; live figures are never served.
"""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import int_filter
from api.results_schema import ChangesDocumentSerializer, ScoresDocumentSerializer
from api.schema import problems
from api.serializers import Described
from reports.change_exports import published_changes_document
from reports.exports import published_scores_document, scores_json
from reports.models import PublishedResults
from reports.publishing import (
    NOTHING_PUBLISHED_MESSAGE,
    published_latest,
    published_latest_by_survey,
    published_results_of,
)
from reports.round_sections import since_last_round_missing
from surveys.models import Survey
from surveys.selectors.surveys import survey_get_for_member, surveys_for_member


class ResultsSummarySerializer(Described, serializers.Serializer):
    survey = serializers.IntegerField()
    title = serializers.CharField()
    team = serializers.IntegerField()
    team_name = serializers.CharField()
    round_number = serializers.IntegerField()
    sequence = serializers.IntegerField(help_text="The latest published results' number.")
    published_on = serializers.DateField()
    at_closing = serializers.BooleanField()


class PublishedResultsNotFound(exceptions.NotFound):
    default_detail = NOTHING_PUBLISHED_MESSAGE


class ResultsListView(generics.ListAPIView):
    """Every survey with published results that the token's user may read (leads and viewers)."""

    serializer_class = ResultsSummarySerializer

    def get_queryset(self) -> QuerySet[Survey]:
        published = PublishedResults.objects.filter(survey=OuterRef("pk"))
        surveys = surveys_for_member(user=self.request.user).filter(Exists(published))
        team = int_filter(self.request, "team")
        return surveys if team is None else surveys.filter(team_id=team)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        latest = published_latest_by_survey(surveys=page)
        rows = [_summary(survey, latest[survey.pk]) for survey in page if survey.pk in latest]
        return self.get_paginated_response(ResultsSummarySerializer(rows, many=True).data)

    @extend_schema(responses={200: ResultsSummarySerializer(many=True), **problems(400)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


def _summary(survey: Survey, published: PublishedResults) -> dict[str, Any]:
    return {
        "survey": survey.pk,
        "title": survey.title,
        "team": survey.team_id,
        "team_name": survey.team.name,
        "round_number": survey.round_number,
        "sequence": published.sequence,
        "published_on": published.published_on,
        "at_closing": published.at_closing,
    }


class SurveyResultsView(APIView):
    @extend_schema(
        responses={
            200: OpenApiResponse(ScoresDocumentSerializer, description="The latest published results."),
            **problems(404),
        }
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The survey's latest published results as commands.md's export_scores JSON; 404 before the first."""
        survey = survey_get_for_member(user=request.user, pk=pk)
        published = published_latest(survey=survey)
        if published is None:
            raise PublishedResultsNotFound
        document = published_scores_document(survey=survey, results=published_results_of(published))
        # The export's own writer (Python's C encoder, floats that round-trip): the same bytes as
        # the download, at a fraction of REST framework's renderer's time (bench/api.py).
        response = HttpResponse(scores_json(document=document), content_type="application/json")
        response["Faultline-Results-Sequence"] = str(published.sequence)
        response["Faultline-Results-Published-On"] = published.published_on.isoformat()
        return response


class SurveyChangesView(APIView):
    @extend_schema(
        responses={
            200: OpenApiResponse(ChangesDocumentSerializer, description="The change since the previous round."),
            **problems(404),
        }
    )
    def get(self, request: Request, pk: int) -> Response:
        """The change from the team's previous round, as stored in the latest published results.

        404 with the reason (a first round, a previous round without results...) when there is none.
        """
        survey = survey_get_for_member(user=request.user, pk=pk)
        published = published_latest(survey=survey)
        if published is None:
            raise PublishedResultsNotFound
        results = published_results_of(published)
        document = published_changes_document(survey=survey, results=results)
        if document is None:
            raise exceptions.NotFound(since_last_round_missing(survey=survey, previous=results.previous))
        return Response(document)
