"""Submitted (or draft) responses written straight to the database, fast enough for thousands."""

import random

from django.utils import timezone

from surveys.models import BankQuestion, Response, Survey
from surveys.tokens import respondent_key, token_new


def likert_keys(survey: Survey, role: str) -> list[str]:
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role=role, kind=BankQuestion.Kind.LIKERT)
    return list(questions.order_by("position").values_list("key", flat=True))


def make_responses(
    survey: Survey,
    role: str,
    count: int,
    *,
    value: int | None = None,
    status: str = Response.Status.SUBMITTED,
    seed: int = 1,
) -> list[Response]:
    """`count` responses of a role answering every likert item: `value`, or random when None."""
    rng = random.Random(seed)
    keys = likert_keys(survey, role)
    today = timezone.localdate()
    return Response.objects.bulk_create(
        Response(
            survey=survey,
            role=role,
            respondent_key=respondent_key(token_new()),
            status=status,
            likert={key: value if value is not None else rng.randint(1, 5) for key in keys},
            started_on=today,
            updated_on=today,
            submitted_on=today if status == Response.Status.SUBMITTED else None,
        )
        for _ in range(count)
    )
