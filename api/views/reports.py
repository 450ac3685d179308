"""Report jobs: request (leads), status with progress, the PDF (leads and viewers), share links (leads)."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import int_filter, valid_data
from api.schema import problems
from api.serializers import ReportJobSerializer, ShareLinkCreateSerializer, ShareLinkSerializer
from reports.job_selectors import report_job_get_for_lead, report_job_get_for_reader, report_jobs_for_reader
from reports.models import ReportJob, ShareLink
from reports.services import report_request
from reports.sharing import (
    share_link_create,
    share_link_get_for_lead,
    share_link_revoke,
    share_link_url,
    share_links_live,
)
from reports.views import pdf_response
from surveys.selectors.surveys import survey_get_for_lead


class ReportListView(generics.ListAPIView):
    """The finished reports of every organization the token's user belongs to (leads and viewers)."""

    serializer_class = ReportJobSerializer

    def get_queryset(self) -> QuerySet[ReportJob]:
        jobs = report_jobs_for_reader(user=self.request.user).select_related("published")
        survey = int_filter(self.request, "survey")
        return jobs if survey is None else jobs.filter(survey_id=survey)

    @extend_schema(
        parameters=[OpenApiParameter("survey", int, description="Only this survey's reports.")],
        responses={200: ReportJobSerializer(many=True), **problems(400)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ReportRequestView(APIView):
    @extend_schema(request=None, responses={202: ReportJobSerializer, 200: ReportJobSerializer, **problems(400, 404)})
    def post(self, request: Request, pk: int) -> Response:
        """Request the PDF of the latest published results (published first when answers changed and the guard allows).

        202 with the queued job; 200 with a finished one when nothing changed since it was made.
        """
        survey = survey_get_for_lead(user=request.user, pk=pk)
        job = report_request(survey=survey, requested_by=request.user)
        done = job.state == ReportJob.State.SUCCEEDED
        body = ReportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED)


def report_job_for(user: Any, pk: int) -> ReportJob:
    """A lead sees a job in any state; a viewer only finished ones (the browser's rule)."""
    try:
        return report_job_get_for_lead(user=user, pk=pk)
    except Http404:
        return report_job_get_for_reader(user=user, pk=pk)


class ReportDetailView(APIView):
    @extend_schema(responses={200: ReportJobSerializer, **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        """The job's state and progress (0 to 100, with the step), and its PDF's address once ready."""
        job = report_job_for(request.user, pk)
        return Response(ReportJobSerializer(job, context={"request": request}).data)


class ReportPdfView(APIView):
    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF."),
            **problems(404),
        }
    )
    def get(self, request: Request, pk: int) -> FileResponse:
        return pdf_response(report_job_get_for_reader(user=request.user, pk=pk))


def _share(link: ShareLink) -> dict[str, Any]:
    return {
        "id": link.pk,
        "url": share_link_url(link=link),
        "created_at": link.created_at,
        "expires_at": link.expires_at,
    }


class ShareLinkListView(APIView):
    @extend_schema(responses={200: ShareLinkSerializer(many=True), **problems(404)})
    def get(self, request: Request, pk: int) -> Response:
        """The report's share links that still open it."""
        job = report_job_get_for_lead(user=request.user, pk=pk)
        return Response(ShareLinkSerializer([_share(link) for link in share_links_live(job=job)], many=True).data)

    @extend_schema(request=ShareLinkCreateSerializer, responses={201: ShareLinkSerializer, **problems(400, 415, 404)})
    def post(self, request: Request, pk: int) -> Response:
        """A link that lets anyone holding it read this finished report, for `days` days."""
        job = report_job_get_for_lead(user=request.user, pk=pk)
        data = valid_data(ShareLinkCreateSerializer, request)
        link = share_link_create(job=job, created_by=request.user, days=data["days"])
        return Response(ShareLinkSerializer(_share(link)).data, status=status.HTTP_201_CREATED)


class ShareLinkRevokeView(APIView):
    @extend_schema(request=None, responses={204: None, **problems(404)})
    def post(self, request: Request, pk: int, link_pk: int) -> Response:
        job = report_job_get_for_lead(user=request.user, pk=pk)
        share_link_revoke(link=share_link_get_for_lead(job=job, pk=link_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
