from django.db import models

from surveys.models.surveys import Survey
from surveys.validators import MAX_LABEL_LENGTH


class Invitation(models.Model):
    """A link to a survey: personal (one member) or open (anyone holding it, per role).

    Only a hash of the token is stored. Nothing here points at a response: a response
    is found from the token through a keyed hash (surveys/tokens.py), so the database
    alone cannot tell who answered what.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal link"
        OPEN = "open", "Open link"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PERSONAL)
    # An open link may serve several roles; a personal one serves exactly one.
    roles = models.JSONField()
    email = models.EmailField(blank=True)
    # The lead's own note telling links apart ("printed for the offsite"); members never see it.
    label = models.CharField(max_length=MAX_LABEL_LENGTH, blank=True, default="")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    opened = models.BooleanField(default=False)
    submitted = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {', '.join(self.roles)}"

    @property
    def role(self) -> str:
        return str(self.roles[0])
