"""A reader of a database copy tries to pair responses with invitations (privacy.md).

The attacker reads every table and every system column: PostgreSQL's xmin and xmax, ids,
row order, dates, and the outbox. The xmin tests need PostgreSQL: run them with
DATABASE_URL=postgres://postgres@127.0.0.1:5432/faultline_NAME (the test database is made
beside it); on SQLite, which has no transaction ids in its rows, they are skipped.
"""

import re
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, models
from django.test import Client

from outbox.emails import email_deliver
from outbox.models import OutgoingEmail
from surveys.models import Invitation, Organization, Response, Survey
from surveys.services.invitations import invitations_create_personal, invitations_record_pending
from surveys.services.responses import response_save_page
from surveys.tokens import token_hash
from tests.factories import make_survey
from tests.support.questionnaire import answer_page, page_url, pages_of, personal_link, start_url

MEMBERS = 5
ROLE = "engineer"
needs_postgresql = pytest.mark.skipif(
    "postgresql" not in str(settings.DATABASES["default"]["ENGINE"]),
    reason="xmin and xmax are PostgreSQL's: run with DATABASE_URL=postgres://...",
)


def rows(sql: str) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def invite(survey: Survey) -> list[str]:
    """E-mailed invitations for MEMBERS engineers, sent (and delivered) one by one."""
    tokens = []
    for number in range(MEMBERS):
        email = f"member{number}@example.com"
        [(_invitation, token)] = invitations_create_personal(survey=survey, role=ROLE, emails=[email])
        tokens.append(token)
    for email_id in OutgoingEmail.objects.values_list("pk", flat=True):
        email_deliver(email_id=email_id)
    return tokens


def answer_and_submit(survey: Survey, token: str) -> None:
    """A member's whole visit: the intro, a page of answers, the last page's submit."""
    member = Client()
    questionnaire = pages_of(survey, ROLE)
    assert member.get(start_url(token)).status_code == 200
    answer_page(member, token, questionnaire, 1)
    submitted = member.post(page_url(token, len(questionnaire.pages)), {"action": "submit"})
    assert submitted["Location"].endswith("/done/")


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return make_survey(acme, roles=["data_scientist", ROLE])


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_members_answering_write_nothing_to_their_invitations(survey: Survey) -> None:
    tokens = invite(survey)
    before = rows("SELECT id, xmin::text, xmax::text FROM surveys_invitation ORDER BY id")
    for token in tokens:
        answer_and_submit(survey, token)
    # Not a row version, not a row lock: the invitations are exactly as the lead left them.
    assert rows("SELECT id, xmin::text, xmax::text FROM surveys_invitation ORDER BY id") == before
    assert Response.objects.filter(status=Response.Status.SUBMITTED).count() == MEMBERS


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_xmin_join_finds_nothing_before_or_after_the_batch(survey: Survey) -> None:
    for token in invite(survey):
        answer_and_submit(survey, token)
    join = (
        "SELECT r.id, i.email FROM surveys_response r JOIN surveys_invitation i"
        " ON i.xmin = r.xmin OR i.xmax = r.xmin OR (i.xmax <> '0' AND i.xmax = r.xmax)"
    )
    assert rows(join) == []
    assert invitations_record_pending() == MEMBERS
    assert rows(join) == []
    outbox_join = "SELECT r.id FROM surveys_response r JOIN surveys_outgoingemail e ON e.xmin = r.xmin"
    assert rows(outbox_join) == []


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_the_batch_gives_every_submitted_invitation_one_transaction_id(survey: Survey) -> None:
    for token in invite(survey):
        answer_and_submit(survey, token)
    invitations_record_pending()
    # Sorting invitations by xmin (the order their flags were written) ranks nobody.
    assert rows("SELECT count(DISTINCT xmin::text) FROM surveys_invitation WHERE submitted") == [(1,)]
    assert rows("SELECT count(*) FROM surveys_invitation WHERE submitted AND opened") == [(MEMBERS,)]


@pytest.mark.django_db(transaction=True)
def test_response_ids_do_not_follow_the_order_of_answering(survey: Survey) -> None:
    [key, *_] = [q.key for q in pages_of(survey, ROLE).pages[0].questions]
    created = []
    for _ in range(12):
        _invitation, token = personal_link(survey, ROLE)
        created.append(response_save_page(token=token, answers={key: 3}, texts={}).pk)
    # Twelve random ids come out in the order of answering, or its reverse, once in 2.4e8.
    assert created != sorted(created)
    assert created != sorted(created, reverse=True)
    assert set(Response.objects.values_list("pk", flat=True)) == set(created)


def test_a_response_row_keeps_no_date_no_invitation_and_no_person(db: None) -> None:
    fields = Response._meta.get_fields()
    assert not [f.name for f in fields if isinstance(f, models.DateField | models.DateTimeField)]
    assert not [f.name for f in fields if f.is_relation and f.related_model is not Survey]
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "surveys_response")}
    assert not {c for c in columns if c.endswith(("_on", "_at", "email", "invitation_id", "user_id"))}


@pytest.mark.django_db(transaction=True)
def test_the_outbox_gives_no_token_of_any_invitation_once_delivered(survey: Survey) -> None:
    invite(survey)
    candidates = {
        word
        for body in OutgoingEmail.objects.values_list("body", flat=True)
        for word in re.findall(r"[A-Za-z0-9_-]{20,}", body)
    }
    hashes = set(Invitation.objects.values_list("token_hash", flat=True))
    assert not {token_hash(word) for word in candidates} & hashes
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).count() == MEMBERS
