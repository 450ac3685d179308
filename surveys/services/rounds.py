"""The next round of a team: the last round's settings on the newest question bank (product.md)."""

import datetime
import re

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from surveys.models import Survey
from surveys.services.question_banks import question_bank_latest
from surveys.services.surveys import survey_create
from surveys.services.teams import team_next_round_number
from surveys.validators import MAX_LINE_LENGTH

# "Churn model" becomes "Churn model (round 2)", and "Churn model (round 2)" becomes "... (round 3)".
_ROUND_SUFFIX = re.compile(r"\s*\(round \d+\)$")


@transaction.atomic
def survey_next_round(*, survey: Survey, created_by: User | None, title: str = "") -> Survey:
    """Start the next round of the survey's team; raises ValidationError.

    It copies the survey's roles (those the newest bank still has), anonymity threshold and
    description, and closes the same number of days ahead as the survey did. It invites
    nobody: the lead chooses whom to invite again.
    """
    known = set(question_bank_latest().roles.values_list("key", flat=True))
    number = team_next_round_number(team=survey.team)
    return survey_create(
        organization=survey.organization,
        created_by=created_by,
        title=title.strip() or round_title(survey.title, number=number),
        team=survey.team.name,
        description=survey.description,
        closes_on=_closes_on(survey),
        roles=[role for role in survey.roles if role in known],
        anonymity_threshold=survey.anonymity_threshold,
    )


def round_title(title: str, *, number: int) -> str:
    suffix = f" (round {number})"
    return _ROUND_SUFFIX.sub("", title)[: MAX_LINE_LENGTH - len(suffix)] + suffix


def _closes_on(survey: Survey) -> datetime.date | None:
    if survey.closes_on is None:
        return None
    length = survey.closes_on - timezone.localdate(survey.created_at)
    return timezone.localdate() + max(length, datetime.timedelta(0))
