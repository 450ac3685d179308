from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.demo import demo_actions_seed
from reports.publishing import results_publish
from surveys.services.demo import DemoSeed, demo_database_holds_data, demo_seed

NOT_EMPTY_MESSAGE = "The database already holds data (an organization or a user), so seed_demo leaves it alone."
LEFT_ALONE_MESSAGE = "The database already holds data; seed_demo left it as it is."
CREDENTIALS_FILE = "demo-credentials.txt"
LOGIN_LINE = "Log in at {site}/ as {username} with password {password}"


class Command(BaseCommand):
    help = "Fill an empty database with a demo organization, two accounts and a team's two rounds with answers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing, successfully, when the database holds data"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo_database_holds_data():
            if options["if_empty"]:
                self.stdout.write(LEFT_ALONE_MESSAGE)
                return
            raise CommandError(NOT_EMPTY_MESSAGE)
        seed = demo_seed()
        # Leaders read published results only (privacy.md): publish the demo's, so that its
        # scores and reports can be seen at once. The command lives in reports for this.
        results_publish(survey=seed.survey)
        lead = User.objects.get(username=seed.lead.username)
        demo_actions_seed(first_round=seed.first_round, second_round=seed.survey, lead=lead)
        lines = [
            LOGIN_LINE.format(site=settings.SITE_URL, username=account.username, password=account.password)
            for account in (seed.lead, seed.viewer)
        ]
        path = settings.VAR_DIR / CREDENTIALS_FILE
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o600)
        self._report(seed, lines, path=str(path))

    def _report(self, seed: DemoSeed, lines: list[str], *, path: str) -> None:
        self.stdout.write(
            f"Created the demo team “{seed.survey.team.name}” with two rounds of synthetic answers: "
            f"“{seed.first_round.title}” (id {seed.first_round.pk}), closed and published, and "
            f"“{seed.survey.title}” (id {seed.survey.pk}), open, with its interim results published, "
            "and the actions the team decided on."
        )
        self.stdout.write(f"{lines[0]} (the team lead).")
        self.stdout.write(f"{lines[1]} (an executive who reads reports).")
        self.stdout.write(f"These credentials are also in {path}.")
        self.stdout.write("To answer the questionnaire yourself, open a personal link:")
        for role, link in seed.links.items():
            self.stdout.write(f"  {role}: {link}")
