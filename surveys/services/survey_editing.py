"""A lead's changes to a survey after creating it: edit, duplicate, delete."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.db.models.fields.files import FieldFile

from surveys.models import Invitation, Response, Survey
from surveys.services.question_banks import question_bank_latest
from surveys.services.reminders import reminder_days_of, reminder_schedule_set
from surveys.services.surveys import (
    survey_closes_on_validate,
    survey_create,
    survey_settings_validate,
    survey_texts_validate,
)
from surveys.services.teams import team_for_name, team_next_round_number

SETTINGS_LOCKED_MESSAGE = (
    "Roles and the anonymity threshold cannot change once a member has started answering: "
    "answers already given were given under them."
)
ROLE_STILL_INVITED_MESSAGE = "{role} still has live links: revoke them before removing the role."
# Names a lead knows these rows by, where the model's own plural reads as the machinery's. Labels
# as strings: surveys does not import the apps that point at it.
LOSS_NAMES = {
    "reports.reportjob": ("report", "reports"),
    "reports.sharelink": ("report share link", "report share links"),
    "reports.publishedresults": ("publication of results", "publications of results"),
}
DELETE_CONFIRMATION_MESSAGE = "Type the survey's title exactly to delete it."


def survey_settings_locked(*, survey: Survey) -> bool:
    """Roles and threshold are fixed from the first response, draft or imported."""
    return Response.objects.filter(survey=survey).exists()


def survey_settings(*, survey: Survey) -> dict[str, Any]:
    """What survey_update takes, as the survey has it now: the edit form's initial values, and
    what an API PATCH leaves alone."""
    return {
        "title": survey.title,
        "team": survey.team.name,
        "description": survey.description,
        "closes_on": survey.closes_on,
        "roles": survey.roles,
        "anonymity_threshold": survey.anonymity_threshold,
        "reminder_days": reminder_days_of(survey=survey),
    }


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    title: str,
    team: str,
    description: str,
    closes_on: datetime.date | None,
    roles: list[str],
    anonymity_threshold: int,
    reminder_days: list[int],
) -> Survey:
    """Change a survey's texts, team, closing date and reminders; roles and threshold until the first answer.

    Moving to another team makes the survey that team's next round. Raises ValidationError and
    changes nothing on bad input.
    """
    # The row lock keeps two leads saving at once from interleaving their checks.
    survey = Survey.objects.select_for_update().select_related("team", "organization").get(pk=survey.pk)
    survey_texts_validate(title=title, team=team, description=description)
    if closes_on != survey.closes_on:
        survey_closes_on_validate(closes_on=closes_on)
    if (roles, anonymity_threshold) != (survey.roles, survey.anonymity_threshold):
        roles = _settings_validated(survey=survey, roles=roles, threshold=anonymity_threshold)
    new_team = team_for_name(organization=survey.organization, name=team)
    if new_team.pk != survey.team_id:
        survey.round_number = team_next_round_number(team=new_team)
        survey.team = new_team
    closing_moved = closes_on != survey.closes_on
    survey.title, survey.description, survey.closes_on = title.strip(), description.strip(), closes_on
    survey.roles, survey.anonymity_threshold = roles, anonymity_threshold
    survey.save()
    reminder_schedule_set(survey=survey, days=reminder_days, closing_moved=closing_moved)
    return survey


def _settings_validated(*, survey: Survey, roles: list[str], threshold: int) -> list[str]:
    """The new roles in the bank's order, once allowed; raises ValidationError."""
    if survey_settings_locked(survey=survey):
        raise ValidationError(SETTINGS_LOCKED_MESSAGE)
    known = list(survey.bank.roles.values_list("key", flat=True))
    survey_settings_validate(roles=roles, known=known, threshold=threshold)
    live = Invitation.objects.filter(survey=survey, revoked_at__isnull=True).values_list("roles", flat=True)
    dropped = {role for link_roles in live for role in link_roles} - set(roles)
    if dropped:
        titles = dict(survey.bank.roles.values_list("key", "title"))
        raise ValidationError(ROLE_STILL_INVITED_MESSAGE.format(role=titles.get(min(dropped), min(dropped))))
    return [role for role in known if role in roles]


def survey_duplicate(
    *, survey: Survey, created_by: User | None, title: str, team: str, closes_on: datetime.date | None
) -> Survey:
    """A new open survey with the same settings, as the next round of `team`; no invitation copied.

    It takes the newest question bank, like every new survey, and the roles of the survey
    that bank still has.
    """
    with transaction.atomic():
        days = reminder_days_of(survey=survey) if closes_on is not None else []
        return survey_create(
            organization=survey.organization,
            created_by=created_by,
            title=title,
            team=team,
            description=survey.description,
            closes_on=closes_on,
            roles=survey_roles_in_latest_bank(survey=survey),
            anonymity_threshold=survey.anonymity_threshold,
            reminder_days=days,
        )


def survey_roles_in_latest_bank(*, survey: Survey) -> list[str]:
    known = set(question_bank_latest().roles.values_list("key", flat=True))
    return [role for role in survey.roles if role in known]


@dataclass(frozen=True)
class SurveyLoss:
    """What deleting a survey loses: submitted answers apart, then every other kind of row by name."""

    submitted: int
    counts: list[tuple[str, int]]


def survey_deletion_preview(*, survey: Survey) -> SurveyLoss:
    """Everything a deletion would remove, counted by the same collector that deletes.

    Django's deletion collector follows every foreign key, those of other apps too (published
    results, reports, actions), without this app importing them. Drafts are not counted apart:
    the lead sees submitted answers only, as everywhere else.
    """
    counts, _files = _survey_collect(survey=survey, delete=False)
    named = [(_loss_name(model, count), count) for model, count in counts.items() if count]
    named = [(name, count) for name, count in named if name]
    submitted = Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED).count()
    return SurveyLoss(submitted=submitted, counts=sorted(named))


def _loss_name(model: type[models.Model], count: int) -> str:
    """The name of `count` rows of a model, as the lead knows them; "" for those said apart."""
    if model in (Survey, Response):
        return ""
    meta = model._meta
    singular, plural = LOSS_NAMES.get(meta.label_lower, (str(meta.verbose_name), str(meta.verbose_name_plural)))
    return singular if count == 1 else plural


def survey_delete(*, survey: Survey, confirmation: str) -> None:
    """Delete a survey and everything of it, its stored files too; `confirmation` is its title, typed."""
    if confirmation.strip() != survey.title.strip():
        raise ValidationError(DELETE_CONFIRMATION_MESSAGE)
    _counts, files = _survey_collect(survey=survey, delete=True)
    # Report PDFs go with their rows, once the deletion is committed.
    transaction.on_commit(lambda: _files_delete(files))


def _files_delete(files: list[FieldFile]) -> None:
    for file in files:
        if file.name:
            file.storage.delete(file.name)


# A row that PROTECTs another row of the survey (a report of its published results) is
# deleted first; each round removes one such layer.
_MAX_PROTECTED_LAYERS = 5


@transaction.atomic
def _survey_collect(*, survey: Survey, delete: bool) -> tuple[Counter[type[models.Model]], list[FieldFile]]:
    """Count (and with `delete`, delete) the survey and every row that goes with it.

    Without `delete`, the layers deleted to get past PROTECT are rolled back at the end.
    """
    counts: Counter[type[models.Model]] = Counter()
    files: list[FieldFile] = []
    for _layer in range(_MAX_PROTECTED_LAYERS):
        collector = Collector(using=router.db_for_write(Survey))
        try:
            collector.collect([survey])
        except ProtectedError as error:
            collector = Collector(using=router.db_for_write(Survey))
            collector.collect(list(error.protected_objects))
            _tally(collector, counts=counts, files=files)
            collector.delete()
            continue
        _tally(collector, counts=counts, files=files)
        if delete:
            collector.delete()
        break
    else:
        raise RuntimeError(f"{survey} is protected by more than {_MAX_PROTECTED_LAYERS} layers of rows.")
    if not delete:
        transaction.set_rollback(True)
    return counts, files


def _tally(collector: Collector, *, counts: Counter[type[models.Model]], files: list[FieldFile]) -> None:
    for model, instances in collector.data.items():
        counts[model] += len(instances)
        files += [
            file
            for instance in instances
            for field in model._meta.fields
            if isinstance(field, models.FileField) and (file := getattr(instance, field.name))
        ]
    for queryset in collector.fast_deletes:
        counts[queryset.model] += queryset.count()
