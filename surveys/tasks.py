from celery import shared_task

from surveys.services import surveys as survey_services
from surveys.services.invitations import invitations_record_pending
from surveys.services.reminders import reminders_send_scheduled


@shared_task
def invitations_record_pending_task() -> int:
    """Record the opened and submitted marks in one batch (beat; the batch itself runs at most hourly)."""
    return invitations_record_pending()


@shared_task
def surveys_close_due() -> int:
    """Close the surveys whose closing date has passed (beat, every few minutes)."""
    return survey_services.surveys_close_due()


@shared_task
def reminders_send_scheduled_task() -> int:
    """Send the scheduled reminders that are due (beat, hourly); each goes out once."""
    return reminders_send_scheduled()
