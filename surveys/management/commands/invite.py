from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from surveys.management.arguments import survey_from_argument
from surveys.services.invitations import LINK_COUNT_MESSAGE, invitation_url, invitations_create_personal


class Command(BaseCommand):
    help = (
        "Create personal invitations to a survey: one per --email address (e-mailed in the background), "
        "or --links N without an address. Prints one personal link per line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("survey_id", metavar="SURVEY_ID")
        parser.add_argument("--role", required=True, help="The role key of the invited members.")
        who = parser.add_mutually_exclusive_group(required=True)
        who.add_argument("--email", dest="emails", action="extend", nargs="+", metavar="ADDRESS")
        # Read as text, so that "two" gets the same sentence as 0, not argparse's usage dump.
        who.add_argument("--links", metavar="N", help="How many links without an address.")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = survey_from_argument(options["survey_id"])
        count = 0 if options["links"] is None else _link_count(options["links"])
        try:
            created = invitations_create_personal(
                survey=survey, role=options["role"], emails=options["emails"], count=count
            )
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        for _invitation, token in created:
            self.stdout.write(invitation_url(token))


def _link_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise CommandError(LINK_COUNT_MESSAGE) from None
    if count < 1:
        raise CommandError(LINK_COUNT_MESSAGE)
    return count
