"""Answers written straight to the database, fast enough for thousands: for tests and benches."""

import random
import secrets
from collections.abc import Mapping

from surveys.models import BankQuestion, Response, Survey


def answers_submit(
    survey: Survey, role: str, likert: Mapping[str, int], text: Mapping[str, str] | None = None
) -> Response:
    """One submitted response of `role`, as the questionnaire would store it."""
    return Response.objects.create(
        survey=survey,
        role=role,
        respondent_key=secrets.token_hex(32),
        status=Response.Status.SUBMITTED,
        likert=dict(likert),
        text=dict(text or {}),
    )


def answers_random(
    survey: Survey, *, per_role: Mapping[str, int], seed: int = 1, comment: str = "", comment_share: float = 0.3
) -> None:
    """Random but plausible answers for `per_role[role]` members of each role, in one insert.

    Each role leans towards its own answers (so that gaps appear), leaves about one item
    in ten unanswered, and writes `comment` (or a numbered remark) to some text questions.
    """
    rng = random.Random(seed)
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id, role__in=list(per_role)))
    responses = []
    for role_index, (role, count) in enumerate(per_role.items()):
        lean = (role_index % 3) - 1
        for number in range(count):
            likert, text = {}, {}
            for question in questions:
                if question.role != role:
                    continue
                if question.kind == "likert" and rng.random() > 0.1:
                    likert[question.key] = min(5, max(1, round(rng.gauss(3 + lean, 1.1))))
                elif question.kind == "text" and rng.random() < comment_share:
                    text[question.key] = comment or f"Remark {number} of a {role} on {question.mode}."
            responses.append(_response(survey, role, likert, text))
    Response.objects.bulk_create(responses, batch_size=500)


def _response(
    survey: Survey,
    role: str,
    likert: dict[str, int],
    text: dict[str, str],
    *,
    status: str = Response.Status.SUBMITTED,
    source: str = Response.Source.WEB,
) -> Response:
    return Response(
        survey=survey,
        role=role,
        respondent_key=secrets.token_hex(32),
        status=status,
        source=source,
        likert=likert,
        text=text,
    )


def make_responses(
    survey: Survey,
    role: str,
    count: int,
    *,
    value: int | None = None,
    status: str = Response.Status.SUBMITTED,
    source: str = Response.Source.WEB,
    seed: int = 1,
) -> list[Response]:
    """`count` responses of a role answering every likert item: `value`, or random when None."""
    rng = random.Random(seed)
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role=role, kind=BankQuestion.Kind.LIKERT)
    keys = list(questions.order_by("position").values_list("key", flat=True))
    return Response.objects.bulk_create(
        _response(survey, role, {key: value or rng.randint(1, 5) for key in keys}, {}, status=status, source=source)
        for _ in range(count)
    )


def answers_at_risk(survey: Survey, role: str, count: int, *, text: str = "", risk_value: int = 1) -> None:
    """`count` members of `role` whose every likert answer is at the same risk, writing `text`.

    `risk_value` 1 is the worst answer (risk 1.0) and 5 the healthiest (risk 0.0); the text
    goes to every free-text question of the role.
    """
    questions = BankQuestion.objects.filter(bank_id=survey.bank_id, role=role)
    likert = {
        q.key: risk_value if q.polarity == "positive" else 6 - risk_value for q in questions if q.kind == "likert"
    }
    texts = {q.key: text for q in questions if q.kind == "text" and text}
    Response.objects.bulk_create(_response(survey, role, likert, texts) for _ in range(count))
