from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from surveys.models.bank import QuestionBank
from surveys.models.organizations import Organization
from surveys.models.teams import Team
from surveys.validators import MAX_LINE_LENGTH

MIN_ANONYMITY_THRESHOLD = 3
MAX_ANONYMITY_THRESHOLD = 50


class Survey(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="surveys")
    # A survey keeps the bank version it was created with; versions are never edited.
    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=MAX_LINE_LENGTH)
    # A survey is one round of its team; rounds are numbered from 1 in the order they start.
    # RESTRICT, not PROTECT: a team with rounds cannot be deleted alone, but deleting its
    # organization deletes both.
    team = models.ForeignKey(Team, on_delete=models.RESTRICT, related_name="rounds")
    round_number = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    closes_on = models.DateField(null=True, blank=True, help_text="The survey closes at the end of this day.")
    roles = models.JSONField(help_text="The role keys included, in order.")
    anonymity_threshold = models.PositiveSmallIntegerField(
        default=MIN_ANONYMITY_THRESHOLD,
        validators=[MinValueValidator(MIN_ANONYMITY_THRESHOLD), MaxValueValidator(MAX_ANONYMITY_THRESHOLD)],
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Reminders go to every member who has not submitted, at most once a day: the time is the
    # survey's, never a person's (privacy.md: no per-address reminder counts).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["team", "round_number"], name="one_survey_per_team_round")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past_closing_day(self) -> bool:
        # The closing date is the last day on which answers are taken.
        return self.closes_on is not None and self.closes_on < timezone.localdate()

    @property
    def is_open(self) -> bool:
        """Open, and not past its closing day.

        The beat task records the closing within minutes; until it does, nothing may treat a
        survey past its day as open (links, invitations, reminders, the lead's buttons).
        """
        return self.status == self.Status.OPEN and not self.is_past_closing_day
