"""The three events, heard where they happen, and what their payloads carry.

A payload names what happened and where to read it through the API: ids, titles, dates,
and URLs, never a figure (the results themselves are read with a token, as published).
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from api.models import Webhook
from api.webhooks.services import webhooks_notify
from reports.models import PublishedResults, ReportJob
from reports.signals import report_ready, results_published
from surveys.models import Survey
from surveys.signals import survey_closed


def _api_url(name: str, *args: int) -> str:
    return settings.SITE_URL + reverse(f"api:{name}", args=args)


def survey_payload(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "title": survey.title,
        "team": survey.team_id,
        "round_number": survey.round_number,
        "status": survey.status,
        "url": _api_url("survey-detail", survey.pk),
    }


def on_survey_closed(*, survey: Survey, **_: object) -> None:
    data = {"survey": survey_payload(survey), "closed_at": survey.closed_at.isoformat() if survey.closed_at else None}
    webhooks_notify(organization_id=survey.organization_id, event=Webhook.Event.ROUND_CLOSED, data=data)


def on_results_published(*, published: PublishedResults, **_: object) -> None:
    survey = published.survey
    data = {
        "survey": survey_payload(survey),
        "results": {
            "sequence": published.sequence,
            "published_on": published.published_on.isoformat(),
            "at_closing": published.at_closing,
            "url": _api_url("survey-results", survey.pk),
        },
    }
    webhooks_notify(organization_id=survey.organization_id, event=Webhook.Event.RESULTS_PUBLISHED, data=data)


def on_report_ready(*, job: ReportJob, **_: object) -> None:
    survey = job.survey
    data = {
        "survey": survey_payload(survey),
        "report": {"id": job.pk, "url": _api_url("report-detail", job.pk), "pdf_url": _api_url("report-pdf", job.pk)},
    }
    webhooks_notify(organization_id=survey.organization_id, event=Webhook.Event.REPORT_READY, data=data)


def connect_event_receivers() -> None:
    survey_closed.connect(on_survey_closed, dispatch_uid="api.webhooks.round_closed")
    results_published.connect(on_results_published, dispatch_uid="api.webhooks.results_published")
    report_ready.connect(on_report_ready, dispatch_uid="api.webhooks.report_ready")
