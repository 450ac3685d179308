"""The next round of a team: the last round's settings on the newest question bank (product.md)."""

import datetime
import re

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from surveys.models import Survey
from surveys.services.survey_editing import survey_duplicate
from surveys.services.teams import team_next_round_number
from surveys.validators import MAX_LINE_LENGTH

# "Churn model" becomes "Churn model (round 2)", and "Churn model (round 2)" becomes "... (round 3)".
_ROUND_SUFFIX = re.compile(r"\s*\(round \d+\)$")


@transaction.atomic
def survey_next_round(*, survey: Survey, created_by: User | None, title: str = "") -> Survey:
    """Start the next round of the survey's team; raises ValidationError.

    A copy of the survey (survey_duplicate: its roles the newest bank still has, threshold,
    description and reminders) in the same team, closing the same number of days ahead as the
    survey did. It invites nobody: the lead chooses whom to invite again.
    """
    number = team_next_round_number(team=survey.team)
    return survey_duplicate(
        survey=survey,
        created_by=created_by,
        title=title.strip() or round_title(survey.title, number=number),
        team=survey.team.name,
        closes_on=round_closes_on(survey),
    )


def round_title(title: str, *, number: int) -> str:
    suffix = f" (round {number})"
    return _ROUND_SUFFIX.sub("", title)[: MAX_LINE_LENGTH - len(suffix)] + suffix


def round_closes_on(survey: Survey) -> datetime.date | None:
    """A closing date as far ahead of today as the survey's was of its start (a copy's default)."""
    if survey.closes_on is None:
        return None
    length = survey.closes_on - timezone.localdate(survey.created_at)
    return timezone.localdate() + max(length, datetime.timedelta(0))
