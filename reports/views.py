import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from reports.documents import report_data_published
from reports.downloads import content_disposition
from reports.forms import ShareLinkForm
from reports.job_selectors import report_job_get_for_lead, report_job_get_for_reader, report_jobs_for_reader
from reports.models import ReportJob
from reports.pdf import report_context
from reports.services import report_request, report_retry
from reports.sharing import (
    SHARE_DAYS_INVALID,
    report_share_with_viewers,
    report_unshare_with_viewers,
    share_link_create,
    share_link_get_by_token,
    share_link_get_for_lead,
    share_link_revoke,
    share_link_url,
    share_links_live,
)
from surveys.http import AuthenticatedRequest, private_download
from surveys.selectors.surveys import survey_get_for_lead

REPORT_REQUESTED_MESSAGE = "Report requested: follow its progress below."
REPORT_REUSED_MESSAGE = "Nothing changed since this report was made, so here it is."
REPORT_RETRIED_MESSAGE = "The report is queued again."
SHARE_CREATED_MESSAGE = "Share link created: copy it from the list below."
SHARE_REVOKED_MESSAGE = "Share link revoked: it no longer opens the report."
SHARED_WITH_VIEWERS_MESSAGE = "Shared: the viewers of the organization can now read this report."
UNSHARED_WITH_VIEWERS_MESSAGE = "Withdrawn: the viewers of the organization can no longer read this report."
SHARE_LINK_INVALID_MESSAGE = (
    "This share link no longer opens a report: it expired, was revoked, or was not copied whole. "
    "Ask whoever shared it for a new one."
)
STATUS_WAITING_FOR_WORKER = (
    "Waiting for a worker: the request is saved and the report will start by itself "
    "as soon as the background worker can be reached."
)
STATUS_QUEUED = "Queued: waiting for a worker to pick it up."
STATUS_RUNNING = "Rendering: {step} ({progress}%)."
STATUS_SUCCEEDED = "Ready: the report is done."
STATUS_FAILED = "Failed."


@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    jobs = report_jobs_for_reader(user=request.user)
    return render(request, "reports/report_list.html", {"jobs": jobs})


@login_required
@require_POST
def report_request_view(request: AuthenticatedRequest, survey_pk: int) -> HttpResponse:
    survey = survey_get_for_lead(user=request.user, pk=survey_pk)
    job = report_request(survey=survey, requested_by=request.user)
    reused = job.state == ReportJob.State.SUCCEEDED
    messages.success(request, REPORT_REUSED_MESSAGE if reused else REPORT_REQUESTED_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@login_required
def report_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    links = [(link, share_link_url(link=link)) for link in share_links_live(job=job)]
    context = {"job": job, "message": _status_message(job), "share_form": ShareLinkForm(), "share_links": links}
    return render(request, "reports/report_status.html", context)


@login_required
@never_cache
def report_progress(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    done = job.state == ReportJob.State.SUCCEEDED
    return JsonResponse(
        {
            "state": job.state,
            "progress": job.progress,
            "step": job.step,
            "error": job.error,
            "message": _status_message(job),
            "download_url": reverse("reports:download", args=[job.pk]) if done else None,
        }
    )


@login_required
@require_POST
def report_retry_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    try:
        job = report_retry(job=job)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        reused = job.state == ReportJob.State.SUCCEEDED
        messages.success(request, REPORT_REUSED_MESSAGE if reused else REPORT_RETRIED_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@private_download
@login_required
def report_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_reader(user=request.user, pk=pk)
    return _report_page(request, job, download_url=reverse("reports:download", args=[job.pk]))


@private_download
@login_required
def report_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    job = report_job_get_for_reader(user=request.user, pk=pk)
    return pdf_response(job)


@login_required
@require_POST
def share_link_create_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, SHARE_DAYS_INVALID)
        return redirect("reports:status", pk=job.pk)
    try:
        share_link_create(job=job, created_by=request.user, days=form.cleaned_data["days"])
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, SHARE_CREATED_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@login_required
@require_POST
def share_link_revoke_view(request: AuthenticatedRequest, pk: int, link_pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    share_link_revoke(link=share_link_get_for_lead(job=job, pk=link_pk))
    messages.success(request, SHARE_REVOKED_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@login_required
@require_POST
def report_share_with_viewers_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    try:
        report_share_with_viewers(job=job, shared_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, SHARED_WITH_VIEWERS_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@login_required
@require_POST
def report_unshare_with_viewers_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = report_job_get_for_lead(user=request.user, pk=pk)
    report_unshare_with_viewers(job=job)
    messages.success(request, UNSHARED_WITH_VIEWERS_MESSAGE)
    return redirect("reports:status", pk=job.pk)


@never_cache
def shared_report_read(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = share_link_get_by_token(token=token)
    except Http404:
        return _share_link_invalid(request)
    return _report_page(request, link.job, download_url=reverse("reports:shared_download", args=[token]))


@never_cache
def shared_report_download(request: HttpRequest, token: str) -> HttpResponse | FileResponse:
    try:
        link = share_link_get_by_token(token=token)
    except Http404:
        return _share_link_invalid(request)
    return pdf_response(link.job)


def _share_link_invalid(request: HttpRequest) -> HttpResponse:
    # The holder of a dead link is an executive, not an intruder: tell them what to do next.
    return render(request, "reports/share_link_invalid.html", {"message": SHARE_LINK_INVALID_MESSAGE}, status=404)


def _status_message(job: ReportJob) -> str:
    if job.state == ReportJob.State.QUEUED:
        return STATUS_QUEUED if job.published_at else STATUS_WAITING_FOR_WORKER
    if job.state == ReportJob.State.RUNNING:
        return STATUS_RUNNING.format(step=job.step, progress=job.progress)
    return STATUS_SUCCEEDED if job.state == ReportJob.State.SUCCEEDED else STATUS_FAILED


def _report_page(request: HttpRequest, job: ReportJob, *, download_url: str) -> HttpResponse:
    # The browser shows the job's own published results, as its PDF does: never newer ones.
    data = report_data_published(published=job.published) if job.published is not None else None
    # The same report as the PDF, or nothing: a survey renamed since (or a job older than
    # published results) is not the report a lead made, nor what a share link was given for.
    if data is None or data.input_hash != job.input_hash:
        return render(request, "reports/report_outdated.html", {"job": job, "download_url": download_url})
    # The cover's date is the PDF's, not the day someone reads it.
    if job.finished_at is not None:
        data = dataclasses.replace(data, generated_on=timezone.localdate(job.finished_at))
    context = report_context(data=data, for_browser=True)
    return render(request, "reports/report_read.html", context | {"job": job, "download_url": download_url})


def pdf_response(job: ReportJob) -> FileResponse:
    try:
        pdf = job.pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(job.download_filename)
    return response
