from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.exports import survey_scores_csv, survey_scores_json
from surveys.management.arguments import survey_from_argument

FORMATS = {"json": survey_scores_json, "csv": survey_scores_csv}
FORMAT_MESSAGE = "The format must be json or csv, not “{value}”."


class Command(BaseCommand):
    help = "Print a survey's scores (scoring.md) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        # Checked here rather than by argparse's choices, so that the error is one sentence.
        parser.add_argument("--format", default="json", metavar="json|csv")

    def handle(self, *args: Any, **options: Any) -> None:
        export = FORMATS.get(options["format"])
        if export is None:
            raise CommandError(FORMAT_MESSAGE.format(value=options["format"]))
        survey = survey_from_argument(options["survey_id"])
        self.stdout.write(export(survey=survey), ending="")
