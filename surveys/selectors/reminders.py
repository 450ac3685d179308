import datetime
from dataclasses import dataclass

from surveys.models import Survey


@dataclass(frozen=True)
class ScheduledReminderRow:
    days_before: int
    # None while the survey has no closing date.
    day: datetime.date | None
    sent_on: datetime.date | None


def scheduled_reminders_for(*, survey: Survey) -> list[ScheduledReminderRow]:
    """The survey's scheduled reminders, earliest first, with the day each is due and when it went out."""
    return [
        ScheduledReminderRow(
            days_before=reminder.days_before,
            day=survey.closes_on - datetime.timedelta(days=reminder.days_before) if survey.closes_on else None,
            sent_on=reminder.sent_on,
        )
        for reminder in survey.scheduled_reminders.all()
    ]
