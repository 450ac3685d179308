"""Writes of actions: what a team decided to do about a failure mode, from published results.

The web forms check the same fields with the same validators (surveys/validators.py); these
services are what every caller reaches, and they raise ValidationError keyed by argument name,
so that a form shows each message under its field.
"""

import datetime
from collections.abc import Callable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.models import Action
from reports.publishing import published_latest
from surveys.models import BankMode, Survey
from surveys.validators import (
    MAX_DESCRIPTION_LENGTH,
    shortened,
    validate_email_address,
    validate_line,
    validate_paragraphs,
)

NOT_PUBLISHED_MESSAGE = (
    "Actions are decided from published results, and this survey has none yet: publish its results (or close it) first."
)
MODE_UNKNOWN_MESSAGE = "“{value}” is not a failure mode of this survey's question bank."
DUE_IN_PAST_MESSAGE = "The due date cannot be in the past."
DUE_DATE_MESSAGE = "Give the due date as a date, such as 2027-03-31."
WHAT_REQUIRED_MESSAGE = "Say what the team will do."
OWNER_REQUIRED_MESSAGE = "Name who owns the action."
STATUS_UNKNOWN_MESSAGE = "“{value}” is not a status of an action: planned, doing, done or dropped."
# How the checks of surveys/validators.py name an action's fields in their messages.
WHAT_FIELD = "What the team will do"
OWNER_NAME_FIELD = "The owner's name"
NOTE_FIELD = "The note"


def action_create(
    *,
    survey: Survey,
    created_by: User | None,
    mode: str,
    what: str,
    owner_name: str,
    owner_email: str = "",
    due_on: datetime.date,
    note: str = "",
) -> Action:
    """Record an action on a mode of a survey with published results; raises ValidationError."""
    if published_latest(survey=survey) is None:
        raise ValidationError(NOT_PUBLISHED_MESSAGE)
    fields = _stripped(mode=mode, what=what, owner_name=owner_name, owner_email=owner_email, note=note)
    _validate(survey=survey, fields=fields, due_on=due_on)
    return Action.objects.create(survey=survey, created_by=created_by, due_on=due_on, **fields)


def action_update(
    *,
    action: Action,
    mode: str,
    what: str,
    owner_name: str,
    owner_email: str,
    due_on: datetime.date,
    note: str,
    status: str,
) -> Action:
    """Change an action's fields; an overdue date may stay, but a new one cannot be in the past.

    Only the edited columns are written: the beat may have claimed the due e-mail meanwhile, and
    saving a stale copy would clear its claim and send it again. A new due date clears the
    claim on purpose, so that the owner hears of the new day.
    """
    fields = _stripped(mode=mode, what=what, owner_name=owner_name, owner_email=owner_email, note=note)
    changed_date = due_on != action.due_on
    _validate(survey=action.survey, fields=fields, due_on=due_on if changed_date else None)
    _validate_status(status=status)
    for name, value in fields.items():
        setattr(action, name, value)
    action.due_on, action.status = due_on, status
    written = [*fields, "due_on", "status", "updated_at"]
    if changed_date:
        action.due_email_at = None
        written.append("due_email_at")
    action.save(update_fields=written)
    return action


def action_set_status(*, action: Action, status: str) -> Action:
    """Move an action to a status: closing is done, dropping is dropped."""
    _validate_status(status=status)
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return action


def _stripped(**fields: str) -> dict[str, str]:
    return {name: value.strip() for name, value in fields.items()}


def _validate(*, survey: Survey, fields: dict[str, str], due_on: datetime.date | None) -> None:
    """Every field's check at once, so that a form shows all its errors together.

    `due_on` is None when the date is not new (an edit that keeps an overdue date).
    """
    checks: dict[str, Callable[[], None]] = {
        "mode": lambda: _validate_mode(survey=survey, mode=fields["mode"]),
        "what": lambda: _validate_required_line(fields["what"], field=WHAT_FIELD, required=WHAT_REQUIRED_MESSAGE),
        "owner_name": lambda: _validate_required_line(
            fields["owner_name"], field=OWNER_NAME_FIELD, required=OWNER_REQUIRED_MESSAGE
        ),
        "owner_email": lambda: _validate_optional_email(fields["owner_email"]),
        "note": lambda: validate_paragraphs(fields["note"], field=NOTE_FIELD, limit=MAX_DESCRIPTION_LENGTH),
        "due_on": lambda: _validate_due(due_on=due_on),
    }
    errors: dict[str, ValidationError] = {}
    for name, check in checks.items():
        try:
            check()
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


def _validate_mode(*, survey: Survey, mode: str) -> None:
    if not BankMode.objects.filter(bank_id=survey.bank_id, key=mode).exists():
        raise ValidationError(MODE_UNKNOWN_MESSAGE.format(value=shortened(mode)))


def _validate_required_line(value: str, *, field: str, required: str) -> None:
    if not value:
        raise ValidationError(required)
    validate_line(value, field=field)


def _validate_optional_email(value: str) -> None:
    if value:
        validate_email_address(value)


def _validate_due(*, due_on: datetime.date | None) -> None:
    if due_on is not None and due_on < timezone.localdate():
        raise ValidationError(DUE_IN_PAST_MESSAGE)


def _validate_status(*, status: str) -> None:
    if status not in Action.Status.values:
        raise ValidationError({"status": STATUS_UNKNOWN_MESSAGE.format(value=shortened(status))})
