from celery import shared_task

from surveys.services import surveys as survey_services


@shared_task
def surveys_close_due() -> int:
    """Close the surveys whose closing date has passed (beat, every few minutes)."""
    return survey_services.surveys_close_due()
