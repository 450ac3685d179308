from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.exports import published_scores_csv, published_scores_json, survey_scores_csv, survey_scores_json
from reports.publishing import NOTHING_PUBLISHED_MESSAGE, published_latest, published_results_of
from surveys.management.arguments import survey_from_argument

FORMATS = {"json": survey_scores_json, "csv": survey_scores_csv}
PUBLISHED_FORMATS = {"json": published_scores_json, "csv": published_scores_csv}
FORMAT_MESSAGE = "The format must be json or csv, not “{value}”."


class Command(BaseCommand):
    help = "Print a survey's scores (scoring.md) as JSON or CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        # Checked here rather than by argparse's choices, so that the error is one sentence.
        parser.add_argument("--format", default="json", metavar="json|csv")
        parser.add_argument(
            "--published", action="store_true", help="Print the latest published results instead (privacy.md)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        export = FORMATS.get(options["format"])
        if export is None:
            raise CommandError(FORMAT_MESSAGE.format(value=options["format"]))
        survey = survey_from_argument(options["survey_id"])
        if not options["published"]:
            # The operator's tool reads live responses: whoever runs it already holds the database.
            self.stdout.write(export(survey=survey), ending="")
            return
        published = published_latest(survey=survey)
        if published is None:
            raise CommandError(NOTHING_PUBLISHED_MESSAGE)
        text = PUBLISHED_FORMATS[options["format"]](survey=survey, results=published_results_of(published))
        self.stdout.write(text, ending="")
