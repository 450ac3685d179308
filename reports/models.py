from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from reports.downloads import download_stem
from surveys.models import Survey
from surveys.validators import MAX_EMAIL_LENGTH, MAX_LINE_LENGTH

PUBLISHED_RESULTS_IMMUTABLE = "Published results are never changed: publish new ones instead."


class PublishedResultsQuerySet(models.QuerySet["PublishedResults"]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableResultsError(PUBLISHED_RESULTS_IMMUTABLE)


class ImmutableResultsError(RuntimeError):
    """An attempt to change published results: what leaders read must never change under them."""


class PublishedResults(models.Model):
    """A survey's results frozen at one moment (privacy.md): everything leaders read of figures.

    Written once by reports.publishing and never changed (no update path: save() of a stored
    row and QuerySet.update() raise), so that two readings of the same snapshot are the same,
    and a new reading exists only where the differencing guard allowed a publication.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="published_results")
    # 1, 2, 3... per survey: the lead reads "results no. 2 of 14 March".
    sequence = models.PositiveIntegerField()
    # A day, not a time: the moment of publishing is the lead's, but a day is all anyone reads.
    published_on = models.DateField()
    # Published when the survey closed, rather than on the lead's request while it was open.
    at_closing = models.BooleanField(default=False)
    # reports.results.results_dump of the survey's Results at that moment.
    results = models.JSONField()

    objects = PublishedResultsQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "sequence"], name="one_publication_per_sequence"),
        ]
        verbose_name_plural = "published results"

    def __str__(self) -> str:
        return f"Results {self.sequence} of {self.survey}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableResultsError(PUBLISHED_RESULTS_IMMUTABLE)
        super().save(*args, **kwargs)

    @property
    def submitted_total(self) -> int:
        """Responses behind these results, every role and channel (results_dump's participation)."""
        return sum(int(row[2]) for row in self.results["participation"])


class ReportJob(models.Model):
    """A requested PDF report: recorded before it is published, so no outage loses it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="report_jobs")
    # The published results the report shows (privacy.md): its whole input besides the
    # survey's own settings. Null only for jobs made before reports read published results.
    published = models.ForeignKey(
        PublishedResults, null=True, blank=True, on_delete=models.PROTECT, related_name="report_jobs"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    input_hash = models.CharField(max_length=64, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the job last entered the queue (request, retry, re-queue): the sweeper's clock.
    queued_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="reports/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    # Viewers (executives) read a report only once a lead shares it with them (issue 13): a
    # lead reads a finished report first, and a report of a survey nobody answered never
    # reaches an executive by itself. Null while not shared; cleared when the lead withdraws it.
    shared_with_viewers_at = models.DateTimeField(null=True, blank=True)
    shared_with_viewers_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two requests for the same input share one job, even when they race.
            models.UniqueConstraint(
                fields=["survey", "input_hash"],
                condition=Q(state__in=["queued", "running"]),
                name="one_active_report_per_input",
            ),
        ]

    def __str__(self) -> str:
        return f"Report {self.pk} of {self.survey}"

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def shared_with_viewers(self) -> bool:
        return self.shared_with_viewers_at is not None

    @property
    def download_filename(self) -> str:
        """The title's own letters (a Chinese title stays Chinese), then "report" and the day."""
        made = self.finished_at or self.created_at
        return f"{download_stem(self.survey.title)}-report-{made:%Y-%m-%d}.pdf"


class ShareLink(models.Model):
    """A signed, expiring, revocable link that lets anyone holding it read one report."""

    job = models.ForeignKey(ReportJob, on_delete=models.CASCADE, related_name="share_links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Share link {self.pk} of report {self.job_id}"


class Action(models.Model):
    """What a team decided to do about one failure mode, recorded by a lead from published results."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        DOING = "doing", "Doing"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    # Still to be done: what the overview counts and what a due e-mail is sent for.
    OPEN_STATUSES = (Status.PLANNED, Status.DOING)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="actions")
    # A mode key of the survey's bank version: keys stay the same from one bank version to the
    # next, so the next round's report finds the action beside its mode's change.
    mode = models.CharField(max_length=50)
    what = models.CharField(max_length=MAX_LINE_LENGTH)
    owner_name = models.CharField(max_length=MAX_LINE_LENGTH)
    owner_email = models.EmailField(max_length=MAX_EMAIL_LENGTH, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When the due e-mail was claimed and queued, in one transaction with its outbox row: the
    # beat's conditional UPDATE sets it from null, so a second run or worker finds nothing to
    # send. A new due date clears it, so the new day gets its own e-mail.
    due_email_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on", "status"], name="action_due_status")]

    def __str__(self) -> str:
        return f"{self.what} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


class TeamShare(models.Model):
    """A round's results sent back to everyone it invited: one link, the same for all of them.

    The link names no person (product.md, "Results go back to the team first"): its token is
    this row's id signed with SECRET_KEY (reports.sharing), so nothing here or in any log can
    tell who opened it, and nothing counts openings. The row records only the lead's own acts:
    when they sent it, to how many addresses, until when it opens, and whether they revoked it.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="team_shares")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    # The last day the link opens the results (the site's time zone): a lead picks a day.
    expires_on = models.DateField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # How many addresses the last sending went to: the round's invitations, which the lead knows.
    sent_to = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"Team share {self.pk} of {self.survey}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()

    @property
    def is_live(self) -> bool:
        return not self.is_revoked and not self.is_expired
