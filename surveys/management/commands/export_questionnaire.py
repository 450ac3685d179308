import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from surveys.management.arguments import survey_from_argument
from surveys.selectors.questions import survey_questionnaire_document


class Command(BaseCommand):
    help = "Print a survey's roles, failure modes and questions as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        self.stdout.write(json.dumps(survey_questionnaire_document(survey=survey), indent=2, ensure_ascii=False))
