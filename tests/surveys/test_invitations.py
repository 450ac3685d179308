"""Invitations: personal links by e-mail or without an address, open links, reminders, revoking."""

import csv
import datetime
import html
from functools import partial
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from surveys.csv_text import CELL_TOO_LONG_REASON
from surveys.forms.invitations import (
    CSV_EMPTY_FILE_MESSAGE,
    CSV_EMPTY_MESSAGE,
    CSV_HEADER_MESSAGE,
    CSV_MISSING_MESSAGE,
    CSV_NOT_TEXT_MESSAGE,
    CSV_ROW_MESSAGE,
    CSV_TOO_LARGE_MESSAGE,
    CSV_UNREADABLE_MESSAGE,
    LINE_FIELDS_MESSAGE,
    LINE_NO_ROLE_MESSAGE,
    LINE_PROBLEM_MESSAGE,
    LINE_REPEATED_MESSAGE,
    MAX_CSV_BYTES,
    NO_LINES_MESSAGE,
    OPEN_LINK_NO_ROLES_MESSAGE,
)
from surveys.models import Invitation, Organization, Survey
from surveys.services.invitations import (
    ALREADY_INVITED_MESSAGE,
    DUPLICATE_EMAIL_MESSAGE,
    LINK_COUNT_MESSAGE,
    NOBODY_TO_REMIND_MESSAGE,
    REMINDED_TODAY_MESSAGE,
    REMINDERS_UNAVAILABLE_MESSAGE,
    ROLE_NOT_IN_SURVEY_MESSAGE,
    SURVEY_CLOSED_MESSAGE,
    invitation_create_open,
    invitation_revoke,
    invitation_url,
    invitations_create_personal,
    invitations_remind,
)
from surveys.services.responses import response_submit
from surveys.tokens import token_hash
from surveys.validators import EMAIL_INVALID_MESSAGE, MAX_EMAIL_LENGTH
from surveys.views.invitations import INVITATIONS_SENT_MESSAGE, REMINDED_MESSAGE
from tests.conftest import client_for
from tests.factories import make_survey
from tests.support.inputs import long_address, too_long_address_message
from tests.support.services import free_port


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=["data_scientist", "engineer"])


def age(invitation: Invitation, *, days: float) -> None:
    """Pretend the invitation e-mail went out `days` ago."""
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - datetime.timedelta(days=days))


# The service


def test_it_stores_only_the_hash_of_a_personal_token(survey: Survey) -> None:
    [(invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    assert invitation.token_hash == token_hash(token)
    assert token not in str(list(Invitation.objects.values()))


def test_it_emails_the_personal_link(survey: Survey) -> None:
    [(_invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    email = OutgoingEmail.objects.get()
    assert email.to == "ed@example.com"
    assert invitation_url(token) in email.body
    assert "Engineer" in email.body


def test_it_creates_links_without_an_address_and_sends_nothing(survey: Survey) -> None:
    created = invitations_create_personal(survey=survey, role="engineer", count=3)
    assert len({token for _invitation, token in created}) == 3
    assert not OutgoingEmail.objects.exists()


def test_it_builds_absolute_links_from_the_site_url(settings: object) -> None:
    assert invitation_url("abc").startswith("http")
    assert invitation_url("abc").endswith("/s/abc/")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "product_manager", "count": 1}, ROLE_NOT_IN_SURVEY_MESSAGE.split("{")[0]),
        ({"role": "engineer", "count": 0}, None),
        ({"role": "engineer", "count": 501}, LINK_COUNT_MESSAGE),
        ({"role": "engineer", "emails": ["not an address"]}, "is not a valid e-mail address"),
        ({"role": "engineer", "emails": ["a@example.com", "A@example.com"]}, DUPLICATE_EMAIL_MESSAGE.split("”")[1]),
    ],
)
def test_it_refuses_bad_personal_invitations(survey: Survey, kwargs: dict[str, object], message: str | None) -> None:
    with pytest.raises(ValidationError) as error:
        invitations_create_personal(survey=survey, **kwargs)  # type: ignore[arg-type]
    assert message is None or message in error.value.messages[0]
    assert not Invitation.objects.exists()


def test_it_refuses_to_invite_an_address_twice(survey: Survey) -> None:
    invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    with pytest.raises(ValidationError, match=ALREADY_INVITED_MESSAGE.format(email="ed@example.com")):
        invitations_create_personal(survey=survey, role="engineer", emails=["ED@example.com"])


def test_it_invites_again_an_address_whose_link_was_revoked(survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    invitation_revoke(invitation=invitation)
    invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    assert Invitation.objects.count() == 2


def test_it_refuses_to_invite_to_a_closed_survey(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match=SURVEY_CLOSED_MESSAGE):
        invitations_create_personal(survey=survey, role="engineer", count=1)


def test_it_creates_an_open_link_for_several_roles_in_survey_order(survey: Survey) -> None:
    invitation, token = invitation_create_open(survey=survey, roles=["engineer", "data_scientist"])
    assert (invitation.kind, invitation.roles) == (Invitation.Kind.OPEN, ["data_scientist", "engineer"])
    assert invitation.token_hash == token_hash(token)


def test_it_refuses_an_open_link_for_a_role_outside_the_survey(survey: Survey) -> None:
    with pytest.raises(ValidationError):
        invitation_create_open(survey=survey, roles=["product_manager"])
    assert not Invitation.objects.exists()


def test_it_reminds_only_who_was_e_mailed_did_not_submit_and_was_not_revoked(survey: Survey) -> None:
    created = invitations_create_personal(
        survey=survey, role="engineer", emails=[f"m{i}@example.com" for i in range(3)]
    )
    invitations_create_personal(survey=survey, role="engineer", count=1)
    (waiting, _), (submitted, _), (revoked, _) = created
    Invitation.objects.filter(pk=submitted.pk).update(submitted=True)
    invitation_revoke(invitation=revoked)
    Invitation.objects.update(sent_at=timezone.now() - datetime.timedelta(days=2))
    OutgoingEmail.objects.all().delete()
    assert invitations_remind(survey=survey) == 1
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == [waiting.email]
    survey.refresh_from_db()
    assert survey.reminded_at is not None


def test_it_does_not_remind_a_member_whose_submission_waits_for_the_batch(
    survey: Survey, django_capture_on_commit_callbacks: Any
) -> None:
    [(invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    age(invitation, days=2)
    with django_capture_on_commit_callbacks(execute=True):
        response_submit(token=token, blank_confirmed=True)
    with pytest.raises(ValidationError, match=NOBODY_TO_REMIND_MESSAGE):
        invitations_remind(survey=survey)


def test_it_reminds_a_survey_at_most_once_a_day(survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    with pytest.raises(ValidationError, match=NOBODY_TO_REMIND_MESSAGE):
        invitations_remind(survey=survey)
    age(invitation, days=1.1)
    assert invitations_remind(survey=survey) == 1
    with pytest.raises(ValidationError, match=REMINDED_TODAY_MESSAGE):
        invitations_remind(survey=survey)
    Survey.objects.filter(pk=survey.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=1.1))
    survey.refresh_from_db()
    assert invitations_remind(survey=survey) == 1


def test_it_refuses_to_remind_while_the_pending_marks_cannot_be_read(survey: Survey, settings: Any) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    age(invitation, days=2)
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(ValidationError, match=REMINDERS_UNAVAILABLE_MESSAGE):
        invitations_remind(survey=survey)
    survey.refresh_from_db()
    assert survey.reminded_at is None


def test_it_sends_a_new_link_to_a_member_who_never_opened_the_first(survey: Survey) -> None:
    [(invitation, old_token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    age(invitation, days=2)
    invitations_remind(survey=survey)
    invitation.refresh_from_db()
    reminder = OutgoingEmail.objects.latest("pk")
    assert invitation.token_hash != token_hash(old_token)
    assert invitation_url(old_token) not in reminder.body
    assert "/s/" in reminder.body


def test_it_keeps_the_token_of_a_member_who_opened_the_link_since_the_last_batch(survey: Survey) -> None:
    [(invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    age(invitation, days=2)
    Client().get(reverse("questionnaire:start", args=[token]))
    invitations_remind(survey=survey)
    invitation.refresh_from_db()
    assert (invitation.opened, invitation.token_hash) == (False, token_hash(token))


def test_it_keeps_the_token_of_a_member_who_has_a_draft(survey: Survey) -> None:
    [(invitation, token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    Invitation.objects.filter(pk=invitation.pk).update(opened=True)
    age(invitation, days=2)
    invitations_remind(survey=survey)
    invitation.refresh_from_db()
    assert invitation.token_hash == token_hash(token)
    assert "/s/" not in OutgoingEmail.objects.latest("pk").body


def test_it_refuses_to_remind_for_a_closed_survey(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=Survey.Status.CLOSED)
    survey.refresh_from_db()
    with pytest.raises(ValidationError, match=SURVEY_CLOSED_MESSAGE):
        invitations_remind(survey=survey)


# The pages


def paste(client_user: User, survey: Survey, lines: str, role: str = "") -> object:
    data = {"paste-lines": lines, "paste-role": role}
    return client_for(client_user).post(reverse("surveys:invite_paste", args=[survey.pk]), data, follow=True)


def test_it_invites_pasted_address_and_role_lines(alice: User, survey: Survey) -> None:
    response = paste(alice, survey, "ann@example.com, data_scientist\n\n  ed@example.com , Engineer \n")
    assert INVITATIONS_SENT_MESSAGE.format(count=2) in response.content.decode()  # type: ignore[attr-defined]
    assert sorted(Invitation.objects.values_list("email", "roles")) == [
        ("ann@example.com", ["data_scientist"]),
        ("ed@example.com", ["engineer"]),
    ]
    assert OutgoingEmail.objects.count() == 2


def test_it_refuses_a_pasted_address_longer_than_the_column(alice: User, survey: Survey) -> None:
    address = long_address(MAX_EMAIL_LENGTH + 1)
    validate_email(address)
    response = paste(alice, survey, f"ann@example.com, engineer\n{address}, engineer")
    assert response.status_code == 400  # type: ignore[attr-defined]
    message = LINE_PROBLEM_MESSAGE.format(line=2, problem=too_long_address_message(address))
    assert message in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()


def test_it_gives_address_only_lines_the_chosen_role(alice: User, survey: Survey) -> None:
    paste(alice, survey, "ann@example.com\nbea@example.com", role="engineer")
    assert list(Invitation.objects.values_list("roles", flat=True)) == [["engineer"], ["engineer"]]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ("", NO_LINES_MESSAGE),
        ("ann@example.com", LINE_NO_ROLE_MESSAGE.format(line=1)),
        (
            "ann@example.com, engineer\nnot-an-address, engineer",
            LINE_PROBLEM_MESSAGE.format(line=2, problem=EMAIL_INVALID_MESSAGE.format(email="not-an-address")),
        ),
        ("ann@example.com, engineer, extra", LINE_FIELDS_MESSAGE.format(line=1, count=2)),
        ("ann@example.com, product_manager", "Line 1: unknown role “product_manager”"),
        (
            "ann@example.com, engineer\nann@example.com, data_scientist",
            LINE_REPEATED_MESSAGE.format(line=2, email="ann@example.com", first=1),
        ),
    ],
)
def test_it_refuses_malformed_pasted_lines(alice: User, survey: Survey, lines: str, message: str) -> None:
    response = paste(alice, survey, lines)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()
    assert not OutgoingEmail.objects.exists()


def upload(user: User, survey: Survey, content: bytes) -> object:
    data = {"csv-file": SimpleUploadedFile("invite.csv", content, content_type="text/csv")}
    return client_for(user).post(reverse("surveys:invite_upload", args=[survey.pk]), data, follow=True)


def test_it_invites_from_a_csv_file(alice: User, survey: Survey) -> None:
    upload(alice, survey, b"\xef\xbb\xbfemail,role\r\nann@example.com,data_scientist\r\ned@example.com,engineer\r\n")
    assert Invitation.objects.count() == 2


def test_it_invites_from_a_csv_file_with_macintosh_line_ends(alice: User, survey: Survey) -> None:
    # Excel's "CSV (Macintosh)" ends each line with a lone CR.
    response = upload(alice, survey, b"email,role\rann@example.com,data_scientist\red@example.com,engineer\r")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert sorted(Invitation.objects.values_list("email", flat=True)) == ["ann@example.com", "ed@example.com"]


def test_it_refuses_a_csv_file_with_a_cell_over_the_csv_field_limit(alice: User, survey: Survey) -> None:
    limit = csv.field_size_limit()
    content = b"email,role\nann@example.com,engineer\n" + b"x" * (limit + 1) + b",engineer\n"
    response = upload(alice, survey, content)
    assert response.status_code == 400  # type: ignore[attr-defined]
    message = CSV_UNREADABLE_MESSAGE.format(line=3, reason=CELL_TOO_LONG_REASON.format(limit=limit))
    assert message in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()


def test_it_refuses_any_other_csv_error_with_a_message(
    alice: User, survey: Survey, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's default dialect reads nearly anything; a stricter one shows that every csv.Error is caught.
    monkeypatch.setattr("surveys.csv_text.csv.reader", partial(csv.reader, strict=True))
    response = upload(alice, survey, b'email,role\n"ann@example.com"x,engineer\n')
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Line 2 could not be read as CSV: " in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()


def test_it_refuses_an_uploaded_address_longer_than_the_column(alice: User, survey: Survey) -> None:
    address = long_address(320)
    response = upload(alice, survey, f"email,role\n{address},engineer\n".encode())
    assert response.status_code == 400  # type: ignore[attr-defined]
    message = LINE_PROBLEM_MESSAGE.format(line=2, problem=too_long_address_message(address))
    assert message in html.unescape(response.content.decode())  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"address,role\nann@example.com,engineer\n", CSV_HEADER_MESSAGE),
        (b"", CSV_EMPTY_FILE_MESSAGE),
        (b"email,role\n\n", CSV_EMPTY_MESSAGE),
        (b"email,role\nann@example.com\n", CSV_ROW_MESSAGE.format(line=2)),
        (b"email,role\n\xff\xfe", CSV_NOT_TEXT_MESSAGE),
        (b"email,role\nann@example.com,engineer\ned@example.com,astrologer\n", "Line 3: unknown role “astrologer”"),
        (
            b"email,role\nann@example.com,engineer\nnope,engineer\n",
            LINE_PROBLEM_MESSAGE.format(line=3, problem=EMAIL_INVALID_MESSAGE.format(email="nope")),
        ),
        (b"email,role\n" + b"a@example.com,engineer\n" * (MAX_CSV_BYTES // 20), CSV_TOO_LARGE_MESSAGE),
    ],
)
def test_it_refuses_a_bad_csv_file(alice: User, survey: Survey, content: bytes, message: str) -> None:
    response = upload(alice, survey, content)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in response.content.decode()  # type: ignore[attr-defined]
    assert not Invitation.objects.exists()


def test_it_asks_for_a_file_when_none_was_chosen(alice: User, survey: Survey) -> None:
    response = client_for(alice).post(reverse("surveys:invite_upload", args=[survey.pk]), {})
    assert response.status_code == 400
    assert CSV_MISSING_MESSAGE in response.content.decode()


def test_it_shows_links_without_an_address_once(alice: User, survey: Survey) -> None:
    data = {"links-role": "engineer", "links-count": "2"}
    client = client_for(alice)
    posted = client.post(reverse("surveys:invite_links", args=[survey.pk]), data)
    assert posted["Location"] == reverse("surveys:links_created", args=[survey.pk])
    response = client.get(posted["Location"])
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert page.count(invitation_url("x").removesuffix("x/")) == 2
    assert "cannot show" in page


@pytest.mark.parametrize("count", ["0", "501", "many"])
def test_it_refuses_a_bad_number_of_links(alice: User, survey: Survey, count: str) -> None:
    data = {"links-role": "engineer", "links-count": count}
    response = client_for(alice).post(reverse("surveys:invite_links", args=[survey.pk]), data)
    assert response.status_code == 400
    assert not Invitation.objects.exists()


def test_it_shows_a_new_open_link_once(alice: User, survey: Survey) -> None:
    data = {"open-roles": ["engineer", "data_scientist"]}
    response = client_for(alice).post(reverse("surveys:invite_open", args=[survey.pk]), data, follow=True)
    assert response.status_code == 200
    assert Invitation.objects.get().kind == Invitation.Kind.OPEN
    assert response.content.decode().count(invitation_url("x").removesuffix("x/")) == 1


def test_it_refuses_an_open_link_without_a_role(alice: User, survey: Survey) -> None:
    response = client_for(alice).post(reverse("surveys:invite_open", args=[survey.pk]), {"open-roles": []})
    assert response.status_code == 400
    assert OPEN_LINK_NO_ROLES_MESSAGE in response.content.decode()
    assert not Invitation.objects.exists()


def test_it_revokes_a_link(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", count=1)
    client_for(alice).post(reverse("surveys:revoke", args=[survey.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_it_revokes_no_link_of_another_survey(alice: User, survey: Survey, acme: Organization) -> None:
    other = make_survey(acme)
    [(invitation, _token)] = invitations_create_personal(survey=other, role="engineer", count=1)
    response = client_for(alice).post(reverse("surveys:revoke", args=[survey.pk, invitation.pk]))
    invitation.refresh_from_db()
    assert response.status_code == 404
    assert invitation.revoked_at is None


def test_it_says_how_many_were_reminded_and_when_the_survey_was(alice: User, survey: Survey) -> None:
    [(invitation, _token)] = invitations_create_personal(survey=survey, role="engineer", emails=["ed@example.com"])
    age(invitation, days=2)
    response = client_for(alice).post(reverse("surveys:remind", args=[survey.pk]), follow=True)
    page = response.content.decode()
    assert REMINDED_MESSAGE.format(count=1) in page
    assert f"Reminded on {timezone.localdate():%-d %B %Y}." in page


def test_the_list_shows_the_same_row_whether_a_member_opened_and_submitted_or_not(alice: User, survey: Survey) -> None:
    created = invitations_create_personal(survey=survey, role="engineer", emails=["ann@example.com", "ed@example.com"])
    Invitation.objects.filter(pk=created[0][0].pk).update(opened=True, submitted=True)
    Invitation.objects.update(sent_at=timezone.now())
    page = client_for(alice).get(reverse("surveys:invitations", args=[survey.pk])).content.decode()

    def row(address: str) -> str:
        cells = page[page.index(f'<th scope="row">{address}') :].split("</tr>")[0]
        return (
            cells.replace(address, "ADDRESS").replace(str(created[0][0].pk), "ID").replace(str(created[1][0].pk), "ID")
        )

    assert row("ann@example.com") == row("ed@example.com")
