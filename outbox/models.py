from django.db import models


class OutgoingEmail(models.Model):
    """An e-mail recorded before it is handed to the worker, so that no outage loses it."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in surveys: the move between
        # apps changed no row (see migrations 0001 of outbox and 0002 of surveys).
        db_table = "surveys_outgoingemail"
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
