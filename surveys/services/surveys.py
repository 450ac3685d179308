import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from surveys.models import Organization, Survey
from surveys.models.surveys import MAX_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD
from surveys.services.question_banks import question_bank_latest
from surveys.services.reminders import reminder_schedule_set
from surveys.services.teams import team_for_name, team_next_round_number
from surveys.signals import survey_closed
from surveys.validators import MAX_DESCRIPTION_LENGTH, validate_line, validate_paragraphs

UNKNOWN_ROLES_MESSAGE = "Unknown role(s): {roles}. The question bank has: {known}."
NO_ROLES_MESSAGE = "Choose at least one role."
THRESHOLD_MESSAGE = (
    f"The anonymity threshold must be a whole number from {MIN_ANONYMITY_THRESHOLD} to {MAX_ANONYMITY_THRESHOLD}."
)
TITLE_MESSAGE = "A survey needs a title."
# How the checks of surveys/validators.py name the survey's fields in their messages.
TITLE_FIELD = "The title"
TEAM_FIELD = "The team or project"
DESCRIPTION_FIELD = "The description"
CLOSES_IN_PAST_MESSAGE = "The closing date cannot be in the past."


@transaction.atomic
def survey_create(
    *,
    organization: Organization,
    created_by: User | None,
    title: str,
    team: str = "",
    description: str = "",
    closes_on: datetime.date | None = None,
    roles: list[str] | None = None,
    anonymity_threshold: int = MIN_ANONYMITY_THRESHOLD,
    reminder_days: list[int] | None = None,
) -> Survey:
    """Create an open survey from the newest question bank version; raises ValidationError.

    The survey is the next round of the organization's team of that name (created when new;
    the organization's default team when blank). `reminder_days` schedules reminders that
    many days before closing (surveys/services/reminders.py).
    """

    bank = question_bank_latest()
    known = list(bank.roles.values_list("key", flat=True))
    chosen = known if roles is None else roles
    survey_texts_validate(title=title, team=team, description=description)
    survey_settings_validate(roles=chosen, known=known, threshold=anonymity_threshold)
    survey_closes_on_validate(closes_on=closes_on)
    # Roles keep the bank's order, whatever order they were given in.
    ordered = [role for role in known if role in chosen]
    team_of_survey = team_for_name(organization=organization, name=team)
    survey = Survey.objects.create(
        organization=organization,
        bank=bank,
        title=title.strip(),
        team=team_of_survey,
        round_number=team_next_round_number(team=team_of_survey),
        description=description.strip(),
        closes_on=closes_on,
        roles=ordered,
        anonymity_threshold=anonymity_threshold,
        created_by=created_by,
    )
    reminder_schedule_set(survey=survey, days=reminder_days or [])
    return survey


def survey_texts_validate(*, title: str, team: str, description: str) -> None:
    """The web form checks the same; the command line and other callers reach only this."""
    if not title.strip():
        raise ValidationError(TITLE_MESSAGE)
    validate_line(title.strip(), field=TITLE_FIELD)
    validate_line(team.strip(), field=TEAM_FIELD)
    validate_paragraphs(description.strip(), field=DESCRIPTION_FIELD, limit=MAX_DESCRIPTION_LENGTH)


def survey_settings_validate(*, roles: list[str], known: list[str], threshold: int) -> None:
    if not roles:
        raise ValidationError(NO_ROLES_MESSAGE)
    unknown = [role for role in roles if role not in known]
    if unknown:
        raise ValidationError(UNKNOWN_ROLES_MESSAGE.format(roles=", ".join(unknown), known=", ".join(known)))
    if isinstance(threshold, bool) or not MIN_ANONYMITY_THRESHOLD <= threshold <= MAX_ANONYMITY_THRESHOLD:
        raise ValidationError(THRESHOLD_MESSAGE)


def survey_closes_on_validate(*, closes_on: datetime.date | None) -> None:
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError(CLOSES_IN_PAST_MESSAGE)


SURVEY_ALREADY_CLOSED_MESSAGE = "This survey is already closed."
SURVEY_ALREADY_OPEN_MESSAGE = "This survey is already open."


@transaction.atomic
def survey_close(*, survey: Survey) -> list[str]:
    """Close a survey: its links stop accepting answers; drafts are kept but never scored.

    Returns what the lead is told besides (whether the results were published at closing).
    """
    closed = Survey.objects.filter(pk=survey.pk, status=Survey.Status.OPEN).update(
        status=Survey.Status.CLOSED, closed_at=timezone.now()
    )
    if not closed:
        raise ValidationError(SURVEY_ALREADY_CLOSED_MESSAGE)
    survey.refresh_from_db(fields=["status", "closed_at"])
    return _survey_closed(survey=survey)


def _survey_closed(*, survey: Survey) -> list[str]:
    replies = survey_closed.send(sender=Survey, survey=survey)
    return [reply for _receiver, reply in replies if isinstance(reply, str) and reply]


def survey_reopen(*, survey: Survey, closes_on: datetime.date | None = None) -> Survey:
    """Reopen a closed survey, with a new closing date or none.

    A closing date already passed is cleared rather than kept: kept, it would have the beat
    task close the survey again within minutes, which is never what a lead reopening wants.
    """
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError(CLOSES_IN_PAST_MESSAGE)
    if closes_on is None and survey.closes_on is not None and survey.closes_on >= timezone.localdate():
        closes_on = survey.closes_on
    # A survey past its closing day is closed, even before the beat task has recorded it.
    closed = Q(status=Survey.Status.CLOSED) | Q(closes_on__lt=timezone.localdate())
    reopened = Survey.objects.filter(closed, pk=survey.pk).update(
        status=Survey.Status.OPEN, closed_at=None, closes_on=closes_on
    )
    if not reopened:
        raise ValidationError(SURVEY_ALREADY_OPEN_MESSAGE)
    survey.refresh_from_db(fields=["status", "closed_at", "closes_on"])
    return survey


def surveys_close_due() -> int:
    """Close the open surveys whose closing day has ended; returns how many were closed.

    One at a time, each in its own transaction, so that each publishes its results as it
    closes (survey_closed); an error in one leaves those closed before it closed.
    """
    due = Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=timezone.localdate())
    closed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            if Survey.objects.filter(pk=pk, status=Survey.Status.OPEN).update(
                status=Survey.Status.CLOSED, closed_at=timezone.now()
            ):
                closed += 1
                _survey_closed(survey=Survey.objects.get(pk=pk))
    return closed
