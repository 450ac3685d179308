from django.db import models
from django.db.models.functions import Lower

from surveys.models.organizations import Organization
from surveys.validators import MAX_LINE_LENGTH


class Team(models.Model):
    """A team of an organization: its surveys are its rounds 1, 2, ... (product.md)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=MAX_LINE_LENGTH)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # "Growth ML" and "growth ml" are one team: a lead typing the name again finds it.
            models.UniqueConstraint(Lower("name"), "organization", name="one_team_name_per_organization"),
        ]

    def __str__(self) -> str:
        return self.name
