from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from surveys.management.arguments import survey_from_argument
from surveys.services.rounds import survey_next_round


class Command(BaseCommand):
    help = (
        "Start the next round of a survey's team with its roles and threshold on the newest question bank; "
        "invites nobody. Prints the new survey's id alone on the last line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        parser.add_argument("--title", default="", help="The new round's title (default: the survey's, with its round)")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        try:
            created = survey_next_round(survey=survey, created_by=survey.created_by, title=options["title"])
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(f"Started round {created.round_number} of {created.team.name}: “{created.title}”.")
        self.stdout.write(str(created.pk))
