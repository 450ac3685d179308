"""`create_api_token USERNAME [--name NAME] [--expires-in DAYS]` (commands.md).

It prints the token alone on the last line: the one time it is shown.
"""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import TOKEN_EXPIRY_MESSAGE, api_token_create

DEFAULT_NAME = "Command line"
NO_SUCH_USER_MESSAGE = "No user is called “{username}”."


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (shown only this once)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default=DEFAULT_NAME)
        parser.add_argument("--expires-in", default=None, metavar="DAYS")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(NO_SUCH_USER_MESSAGE.format(username=options["username"]))
        try:
            days = _days(options["expires_in"])
            token, raw = api_token_create(user=user, name=options["name"], expires_in_days=days)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        expiry = f", expires {token.expires_at:%Y-%m-%d}" if token.expires_at else ""
        self.stdout.write(f"Token “{token.name}” for {user.username}{expiry}. Copy it now; it is not shown again.")
        self.stdout.write(raw)


def _days(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        raise ValidationError(TOKEN_EXPIRY_MESSAGE)
    return int(value)
