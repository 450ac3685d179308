"""The `invite` command of commands.md."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from outbox.models import OutgoingEmail
from surveys.management.arguments import NO_SURVEY_MESSAGE, SURVEY_ID_MESSAGE
from surveys.models import Invitation, Organization, Survey
from surveys.services.invitations import (
    LINK_COUNT_MESSAGE,
    ROLE_NOT_IN_SURVEY_MESSAGE,
    SURVEY_CLOSED_MESSAGE,
)
from surveys.tokens import token_hash
from surveys.validators import EMAIL_INVALID_MESSAGE
from tests.factories import make_survey
from tests.support.commands import run_manage_py
from tests.support.inputs import long_address, too_long_address_message


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=["engineer", "product_manager"])


def invite(*args: str) -> list[str]:
    out = StringIO()
    call_command("invite", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_one_absolute_link_per_address_and_emails_each(survey: Survey) -> None:
    lines = invite(str(survey.pk), "--role", "engineer", "--email", "a@example.com", "b@example.com")
    assert len(lines) == 2
    assert all(line.startswith(f"{settings.SITE_URL}/s/") for line in lines)
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == ["a@example.com", "b@example.com"]


def test_it_prints_links_without_an_address(survey: Survey) -> None:
    lines = invite(str(survey.pk), "--role", "product_manager", "--links", "3")
    hashes = {token_hash(line.rstrip("/").rsplit("/", 1)[1]) for line in lines}
    assert hashes == set(Invitation.objects.values_list("token_hash", flat=True))
    assert not OutgoingEmail.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "--role", "engineer", "--links", "1"], SURVEY_ID_MESSAGE.format(value="nope")),
        (["999", "--role", "engineer", "--links", "1"], NO_SURVEY_MESSAGE.format(pk=999)),
        (["{pk}", "--role", "data_scientist", "--links", "1"], ROLE_NOT_IN_SURVEY_MESSAGE.split("{")[0]),
        (["{pk}", "--role", "engineer", "--links", "0"], LINK_COUNT_MESSAGE),
        (["{pk}", "--role", "engineer", "--email", "x@"], EMAIL_INVALID_MESSAGE.format(email="x@")),
        (["{pk}", "--role", "engineer"], "one of the arguments --email --links is required"),
        (["{pk}", "--role", "engineer", "--links", "2", "--email", "a@example.com"], "not allowed with argument"),
        (["{pk}", "--role", "engineer", "--links", "two"], LINK_COUNT_MESSAGE),
        (["{pk}", "--role", "engineer", "--links", "2.5"], LINK_COUNT_MESSAGE),
    ],
)
def test_it_refuses_bad_input_with_one_sentence_and_creates_nothing(
    survey: Survey, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        invite(*(arg.format(pk=survey.pk) for arg in args))
    assert not Invitation.objects.exists()


@pytest.mark.process
def test_it_refuses_an_address_longer_than_the_column_in_one_sentence_as_a_process(
    transactional_db: None, survey: Survey
) -> None:
    address = long_address(300)
    result = run_manage_py("invite", str(survey.pk), "--role", "engineer", "--email", address)
    assert result.returncode != 0
    assert result.stderr == f"CommandError: {too_long_address_message(address)}\n"
    assert not Invitation.objects.exists()


def test_it_refuses_a_closed_survey(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    with pytest.raises(CommandError, match=SURVEY_CLOSED_MESSAGE):
        invite(str(survey.pk), "--role", "engineer", "--links", "1")
