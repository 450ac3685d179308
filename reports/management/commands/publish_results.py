from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.publishing import PublishRefusedError, results_publish
from surveys.management.arguments import survey_from_argument


class Command(BaseCommand):
    help = "Publish a survey's results as the lead's button does, under the differencing guard (privacy.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        try:
            published = results_publish(survey=survey)
        except PublishRefusedError as refusal:
            raise CommandError(refusal.messages[0]) from None
        self.stdout.write(str(published.pk))
