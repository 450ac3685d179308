"""Small factories for tests: real services, sensible defaults."""

from typing import Any

from surveys.models import Organization, Survey
from surveys.services.surveys import survey_create


def make_survey(organization: Organization, **overrides: Any) -> Survey:
    fields: dict[str, Any] = {"title": "Churn model", "team": "Growth ML", "created_by": None} | overrides
    return survey_create(organization=organization, **fields)
