import secrets

from django.db import models

from surveys.models.surveys import Survey

# Positive values of a signed 64-bit column: collisions are hopeless at any survey's size.
RESPONSE_ID_BITS = 63


def response_id_new() -> int:
    """A random primary key: sorting responses by id must not give the order of answering."""
    return secrets.randbits(RESPONSE_ID_BITS)


class Response(models.Model):
    """One member's answers, with no time, no invitation and no id that follows the order of answering.

    privacy.md, "The database does not say who answered what": a day of starting or submitting
    compared with the days invitations and reminders went out names the member, and no
    feature needs one (a member may change answers until the survey closes, a survey date).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    class Source(models.TextChoices):
        # A personal invitation's link, an open link's visitor, or a row of an imported CSV:
        # participation counts the three apart (privacy.md, "Members who are not people").
        WEB = "web", "Personal link"
        OPEN_LINK = "open_link", "Open link"
        IMPORT = "import", "Imported"

    id = models.BigIntegerField(primary_key=True, default=response_id_new, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(max_length=50)
    # HMAC of the link's token with a server secret (surveys/tokens.py).
    respondent_key = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    likert = models.JSONField(default=dict, help_text="Likert question key to a value in 1..5.")
    text = models.JSONField(default=dict, help_text="Free-text question key to the member's words.")
    # Statements the member answered "Don't know": scoring reads them as unanswered (scoring.md),
    # but the member's review counts them as answered and their page shows the choice again.
    dont_know = models.JSONField(default=list, help_text="Likert question keys answered Don't know.")
    # The differencing guard's mark (privacy.md): set by every change of the response (a new
    # row, a submission, an edit after submitting, an import), cleared for the whole survey by
    # a publication. It counts changes per role and names nobody: every mark is cleared at once.
    changed = models.BooleanField(default=True)
    # A draft started from an open link keeps a keyed hash of that link (surveys/tokens.py), so
    # that revoking the link ends its unsubmitted drafts. Not the link's id: without the server
    # secret nobody can tell which link a draft came from, only that two drafts share one; and
    # submitting clears it, so no submitted response carries anything of its link.
    open_link_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        # Participation counts come from the index alone, without reading the answers.
        indexes = [models.Index(fields=["survey", "status", "role", "source"], name="response_participation")]

    def __str__(self) -> str:
        return f"{self.role} response to {self.survey_id}"
