"""A demo organization with a team's two rounds of synthetic answers, for `make run` and for trying things.

The answers follow a story a reader can check against the report: a fraud model team whose
data scientists feel their finished models wait for engineering and cut off from the data
pipelines while engineers do not, whose monitoring is weak by everyone's account, and
whose two product managers are too few to be shown (the anonymity threshold at work).

A quarter earlier the team ran its first round, closed and published: models waited even
longer for engineering then (a change the data supports), the pipelines worried engineers
less (they worsened since, credibly), and the data disconnect was about where it is now (no
clear change). Three product managers answered then, so that role is shown in round 1 only.
"""

import datetime
import random
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from surveys.models import BankQuestion, Invitation, Membership, Organization, Response, Survey
from surveys.services.invitations import invitation_url, invitations_create_personal
from surveys.services.rounds import survey_next_round
from surveys.services.surveys import survey_close, survey_create
from surveys.tokens import respondent_key

LEAD_USERNAME = "demo-lead"
VIEWER_USERNAME = "demo-exec"
ORGANIZATION_NAME = "Acme Analytics"
SURVEY_TITLE = "Fraud model rollout"
SURVEY_TEAM = "Payments ML"
SURVEY_DESCRIPTION = "Where does our fraud model work get stuck between data science, engineering and product?"
CLOSES_IN = datetime.timedelta(weeks=3)
THRESHOLD = 3
# Fixed, so that the demo (and the tests reading it) come out the same on every machine.
SEED = 20240611

# role: (invited, submitted); two product managers stay below the threshold of three.
HEADCOUNT = {"data_scientist": (10, 8), "engineer": (8, 6), "product_manager": (4, 2)}
FIRST_ROUND_HEADCOUNT = {"data_scientist": (9, 7), "engineer": (7, 5), "product_manager": (4, 3)}
# The first round started this long ago and was open for CLOSES_IN.
FIRST_ROUND_AGE = datetime.timedelta(days=91)

# The risk (0 healthy, 1 fully present) each role perceives, per failure mode.
RISK = {
    "shelfware": {"data_scientist": 0.55, "engineer": 0.45, "product_manager": 0.2},
    "production_backlog": {"data_scientist": 0.75, "engineer": 0.3, "product_manager": 0.6},
    "data_disconnect": {"data_scientist": 0.65, "engineer": 0.25, "product_manager": 0.4},
    "decision_first": {"data_scientist": 0.4, "engineer": 0.35, "product_manager": 0.2},
    "role_mismatch": {"data_scientist": 0.1, "engineer": 0.1, "product_manager": 0.3},
    "expectation_gap": {"data_scientist": 0.45, "engineer": 0.4, "product_manager": 0.15},
    "unexamined_harms": {"data_scientist": 0.55, "engineer": 0.6, "product_manager": 0.3},
    "data_wrangling_toil": {"data_scientist": 0.7, "engineer": 0.35, "product_manager": 0.3},
    "fragile_training": {"data_scientist": 0.2, "engineer": 0.1, "product_manager": 0.3},
    "glue_code": {"data_scientist": 0.2, "engineer": 0.45, "product_manager": 0.3},
    "pipeline_jungle": {"data_scientist": 0.35, "engineer": 0.55, "product_manager": 0.3},
    "signal_entanglement": {"data_scientist": 0.15, "engineer": 0.15, "product_manager": 0.3},
    "unmonitored_change": {"data_scientist": 0.7, "engineer": 0.75, "product_manager": 0.5},
}
# The first round differs from the second only where the story says so.
FIRST_ROUND_RISK = RISK | {
    "production_backlog": {"data_scientist": 0.95, "engineer": 0.45, "product_manager": 0.8},
    "pipeline_jungle": {"data_scientist": 0.3, "engineer": 0.3, "product_manager": 0.3},
    "data_disconnect": {"data_scientist": 0.68, "engineer": 0.28, "product_manager": 0.4},
}
# How often a role answers "Don't know": often where it cannot see that part of the work.
DONT_KNOW = {
    ("engineer", "unexamined_harms"): 0.35,
    ("engineer", "shelfware"): 0.2,
    ("data_scientist", "pipeline_jungle"): 0.2,
    ("product_manager", "glue_code"): 0.5,
    ("product_manager", "signal_entanglement"): 0.5,
}
USUAL_DONT_KNOW = 0.03
COMMENT_RATE = 0.4
COMMENTS = {
    "ds_text_reach_users": [
        "An engineer assigned from the start, not after the model is done.",
        "A product owner who tells us which decision the model should change.",
        "One agreed way to deploy a model instead of a new negotiation every time.",
    ],
    "ds_text_data_problem": [
        "Joining chargeback labels to transactions by hand every week.",
        "Features that mean something different in the warehouse and in the stream.",
    ],
    "ds_text_misunderstood_v2": [
        "That a better AUC does not mean fewer false declines for customers.",
        "That most of the time goes into data, not into models.",
    ],
    "eng_text_path_to_production": [
        "Models arrive as notebooks and we rebuild the features from scratch.",
        "Nobody tells us a model is coming until it is finished.",
    ],
    "eng_text_pipeline_worry": [
        "The nightly merchant feature job: nobody knows who else reads it.",
        "Three copies of the same card velocity logic.",
    ],
    "eng_text_production_surprises": [
        "How the score distribution moves after a fraud wave.",
        "Which thresholds the risk team changed, and when.",
    ],
    "pm_text_reach_customers_v2": ["Waiting for a deployment slot."],
    "pm_text_model_limits_v2": ["Why the model flags good customers after a holiday."],
}


@dataclass(frozen=True)
class Account:
    username: str
    password: str


@dataclass(frozen=True)
class DemoSeed:
    lead: Account
    viewer: Account
    # The team's open second round, and its first, closed and published.
    survey: Survey
    first_round: Survey
    # One personal link per role that has not been used yet, to try the questionnaire.
    links: dict[str, str]


def demo_database_holds_data() -> bool:
    return Organization.objects.exists() or User.objects.exists()


@transaction.atomic
def demo_seed() -> DemoSeed:
    """The demo organization, its two accounts, and a team's two rounds with invitations and answers.

    The first round is closed, and so published at closing; the second is open.
    """
    organization = Organization.objects.create(name=ORGANIZATION_NAME)
    lead_user, lead = _account(organization=organization, username=LEAD_USERNAME, role=Membership.Role.OWNER)
    _, viewer = _account(organization=organization, username=VIEWER_USERNAME, role=Membership.Role.VIEWER)
    rng = random.Random(SEED)  # noqa: S311 (synthetic answers, not secrets)
    first = _first_round(organization=organization, lead=lead_user, rng=rng)
    survey = survey_next_round(survey=first, created_by=lead_user)
    links = {role: _role_seed(survey=survey, role=role, rng=rng) for role in survey.roles}
    return DemoSeed(lead=lead, viewer=viewer, survey=survey, first_round=first, links=links)


def _first_round(*, organization: Organization, lead: User, rng: random.Random) -> Survey:
    first = survey_create(
        organization=organization,
        created_by=lead,
        title=SURVEY_TITLE,
        team=SURVEY_TEAM,
        description=SURVEY_DESCRIPTION,
        anonymity_threshold=THRESHOLD,
    )
    for role in first.roles:
        _role_seed(survey=first, role=role, rng=rng, risk=FIRST_ROUND_RISK, headcount=FIRST_ROUND_HEADCOUNT)
    survey_close(survey=first)
    # A quarter ago, open for three weeks: the dates the team's pages and the report show.
    started = timezone.now() - FIRST_ROUND_AGE
    Survey.objects.filter(pk=first.pk).update(
        created_at=started, closes_on=timezone.localdate(started + CLOSES_IN), closed_at=started + CLOSES_IN
    )
    first.refresh_from_db()
    return first


def _account(*, organization: Organization, username: str, role: str) -> tuple[User, Account]:
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password=password)
    Membership.objects.create(organization=organization, user=user, role=role)
    return user, Account(username, password)


def _role_seed(
    *,
    survey: Survey,
    role: str,
    rng: random.Random,
    risk: dict[str, dict[str, float]] = RISK,
    headcount: dict[str, tuple[int, int]] = HEADCOUNT,
) -> str:
    """Invite the role, submit answers through the first links, and return an unused link."""
    invited, submitted = headcount.get(role, (5, 3))
    invitations = invitations_create_personal(survey=survey, role=role, count=invited)
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id, role=role).order_by("position"))
    Response.objects.bulk_create(
        Response(
            survey=survey,
            role=role,
            respondent_key=respondent_key(token),
            status=Response.Status.SUBMITTED,
            likert=_likert_answers(questions=questions, role=role, rng=rng, risk=risk),
            text=_comments(questions=questions, rng=rng),
        )
        for _, token in invitations[:submitted]
    )
    used = [invitation.pk for invitation, _ in invitations[:submitted]]
    # Synthetic answers of nobody, so the flags are set at once: real members' submissions are
    # recorded only by the hourly batch (surveys/pending_marks.py).
    Invitation.objects.filter(pk__in=used).update(opened=True, submitted=True)
    return invitation_url(invitations[submitted][1])


def _likert_answers(
    *, questions: list[BankQuestion], role: str, rng: random.Random, risk: dict[str, dict[str, float]]
) -> dict[str, int]:
    # Some people are gloomier than others, whatever the question.
    outlook = rng.gauss(0, 0.08)
    answers = {}
    for question in questions:
        if question.kind != BankQuestion.Kind.LIKERT:
            continue
        if rng.random() < DONT_KNOW.get((role, question.mode), USUAL_DONT_KNOW):
            continue
        perceived = risk.get(question.mode, {}).get(role, 0.3) + outlook
        healthy = min(5, max(1, round(5 - 4 * perceived + rng.gauss(0, 0.6))))
        answers[question.key] = healthy if question.polarity == BankQuestion.Polarity.POSITIVE else 6 - healthy
    return answers


def _comments(*, questions: list[BankQuestion], rng: random.Random) -> dict[str, str]:
    comments = {}
    for question in questions:
        candidates = COMMENTS.get(question.key)
        if candidates and question.kind == BankQuestion.Kind.TEXT and rng.random() < COMMENT_RATE:
            comments[question.key] = rng.choice(candidates)
    return comments
