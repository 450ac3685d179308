from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from reports.change_exports import survey_changes_json
from surveys.management.arguments import survey_from_argument


class Command(BaseCommand):
    help = "Print the change from the previous round of the survey's team to this one (scoring.md), as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        # The operator's tool reads live responses, like export_scores: whoever runs it already
        # holds the database. Leaders read the change stored in published results.
        self.stdout.write(survey_changes_json(survey=survey), ending="")
