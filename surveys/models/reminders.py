from django.db import models

from surveys.models.surveys import Survey


class ScheduledReminder(models.Model):
    """A reminder chosen when the survey was made: `days_before` its closing day, sent once by beat.

    `sent_on` is claimed with a conditional UPDATE (NULL to a day), so two beat runs or two
    workers never send the same reminder twice. Like Survey.reminded_at, it is the survey's
    date, never a person's (privacy.md: no per-address reminder counts).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="scheduled_reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "days_before"], name="one_scheduled_reminder_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.days_before} days before closing"
