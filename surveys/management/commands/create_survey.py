from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from surveys.models import Membership
from surveys.models.surveys import MIN_ANONYMITY_THRESHOLD
from surveys.services.organizations import organization_for_new_lead
from surveys.services.surveys import THRESHOLD_MESSAGE, survey_create

NO_USER_MESSAGE = "No user has the user name “{username}”."
VIEWER_MESSAGE = "“{username}” is only a viewer, and a viewer cannot lead a survey."


class Command(BaseCommand):
    help = "Create an open survey from the current question bank; prints its id alone on the last line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--title", required=True)
        parser.add_argument("--lead", required=True, metavar="USERNAME", help="the user who leads the survey")
        parser.add_argument(
            "--team", default="", metavar="NAME", help="the team whose next round this is (default team if omitted)"
        )
        parser.add_argument("--roles", metavar="r1,r2,...", help="the roles to include (default: all)")
        # Read as text, so that a bad value gets the same sentence as in the web form.
        parser.add_argument("--anonymity-threshold", metavar="K", default=str(MIN_ANONYMITY_THRESHOLD))

    def handle(self, *args: Any, **options: Any) -> None:
        lead = _lead(options["lead"])
        roles = None if options["roles"] is None else [r.strip() for r in options["roles"].split(",") if r.strip()]
        threshold = _threshold(options["anonymity_threshold"])
        # A fresh user's new organization goes away again if the survey is refused.
        with transaction.atomic():
            organization = organization_for_new_lead(user=lead)
            try:
                survey = survey_create(
                    organization=organization,
                    created_by=lead,
                    title=options["title"],
                    team=options["team"],
                    roles=roles,
                    anonymity_threshold=threshold,
                )
            except ValidationError as error:
                raise CommandError(error.messages[0]) from None
        roles_text = ", ".join(survey.roles)
        self.stdout.write(
            f"Created the survey “{survey.title}” in {organization.name}, round {survey.round_number} of "
            f"{survey.team.name}, for {roles_text}."
        )
        self.stdout.write(str(survey.pk))


def _lead(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(NO_USER_MESSAGE.format(username=username))
    memberships = list(Membership.objects.filter(user=user))
    if memberships and not any(membership.can_lead for membership in memberships):
        raise CommandError(VIEWER_MESSAGE.format(username=username))
    return user


def _threshold(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(THRESHOLD_MESSAGE) from None
