"""Actions for tests: recorded through the service, on a survey with published results."""

import datetime
from typing import Any

from django.utils import timezone

from reports.action_services import action_create
from reports.models import Action
from reports.selectors import survey_modes
from surveys.models import Organization, Survey
from tests.factories import make_survey
from tests.support.published import publish


def first_mode(survey: Survey) -> str:
    return survey_modes(survey=survey)[0].key


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def make_action(survey: Survey, **overrides: Any) -> Action:
    fields: dict[str, Any] = {
        "mode": first_mode(survey),
        "what": "Pair a data scientist with the platform team on each deployment",
        "owner_name": "Dana",
        "owner_email": "dana@example.com",
        "due_on": in_days(14),
        "note": "",
        "created_by": None,
    } | overrides
    return action_create(survey=survey, **fields)


def published_survey(organization: Organization, **overrides: Any) -> Survey:
    """A survey with published results (of no answers): what an action needs."""
    survey = make_survey(organization, **overrides)
    publish(survey)
    return survey
