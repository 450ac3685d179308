from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from surveys.management.arguments import survey_from_argument
from surveys.services.imports import ResponseImportError, responses_import_csv

NO_FILE_MESSAGE = "The file {path} does not exist."
NOT_A_FILE_MESSAGE = "{path} is a directory, not a CSV file."
NOT_UTF8_MESSAGE = "The file {path} is not UTF-8 text; save it from the spreadsheet as CSV UTF-8."
UNREADABLE_MESSAGE = "The file {path} cannot be read: {reason}."


class Command(BaseCommand):
    help = "Add submitted responses collected elsewhere from a CSV file (header: role,<question key>,...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        text = _read(Path(options["file"]))
        try:
            added = responses_import_csv(survey=survey, text=text)
        except ResponseImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Added {added} response{'s' if added != 1 else ''} to the survey “{survey.title}”.")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(NO_FILE_MESSAGE.format(path=path)) from None
    except IsADirectoryError:
        raise CommandError(NOT_A_FILE_MESSAGE.format(path=path)) from None
    except UnicodeDecodeError:
        raise CommandError(NOT_UTF8_MESSAGE.format(path=path)) from None
    except OSError as error:
        raise CommandError(UNREADABLE_MESSAGE.format(path=path, reason=error.strerror or error)) from None
