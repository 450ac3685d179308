"""A demo organization with a survey full of synthetic answers, for `make run` and for trying things.

The answers follow a story a reader can check against the report: a fraud model team whose
data scientists feel their finished models wait for engineering and cut off from the data
pipelines while engineers do not, whose monitoring is weak by everyone's account, and
whose two product managers are too few to be shown (the anonymity threshold at work).
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
from surveys.services.surveys import survey_create
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
    survey: Survey
    # One personal link per role that has not been used yet, to try the questionnaire.
    links: dict[str, str]


def demo_database_holds_data() -> bool:
    return Organization.objects.exists() or User.objects.exists()


@transaction.atomic
def demo_seed() -> DemoSeed:
    """The demo organization, its two accounts, a survey, invitations and submitted answers."""
    organization = Organization.objects.create(name=ORGANIZATION_NAME)
    lead_user, lead = _account(organization=organization, username=LEAD_USERNAME, role=Membership.Role.OWNER)
    _, viewer = _account(organization=organization, username=VIEWER_USERNAME, role=Membership.Role.VIEWER)
    survey = survey_create(
        organization=organization,
        created_by=lead_user,
        title=SURVEY_TITLE,
        team=SURVEY_TEAM,
        description=SURVEY_DESCRIPTION,
        closes_on=timezone.localdate() + CLOSES_IN,
        anonymity_threshold=THRESHOLD,
    )
    rng = random.Random(SEED)  # noqa: S311 (synthetic answers, not secrets)
    links = {role: _role_seed(survey=survey, role=role, rng=rng) for role in survey.roles}
    return DemoSeed(lead=lead, viewer=viewer, survey=survey, links=links)


def _account(*, organization: Organization, username: str, role: str) -> tuple[User, Account]:
    password = secrets.token_urlsafe(12)
    user = User.objects.create_user(username=username, email=f"{username}@example.com", password=password)
    Membership.objects.create(organization=organization, user=user, role=role)
    return user, Account(username, password)


def _role_seed(*, survey: Survey, role: str, rng: random.Random) -> str:
    """Invite the role, submit answers through the first links, and return an unused link."""
    invited, submitted = HEADCOUNT.get(role, (5, 3))
    invitations = invitations_create_personal(survey=survey, role=role, count=invited)
    questions = list(BankQuestion.objects.filter(bank_id=survey.bank_id, role=role).order_by("position"))
    Response.objects.bulk_create(
        Response(
            survey=survey,
            role=role,
            respondent_key=respondent_key(token),
            status=Response.Status.SUBMITTED,
            likert=_likert_answers(questions=questions, role=role, rng=rng),
            text=_comments(questions=questions, rng=rng),
        )
        for _, token in invitations[:submitted]
    )
    used = [invitation.pk for invitation, _ in invitations[:submitted]]
    # Synthetic answers of nobody, so the flags are set at once: real members' submissions are
    # recorded only by the hourly batch (surveys/pending_marks.py).
    Invitation.objects.filter(pk__in=used).update(opened=True, submitted=True)
    return invitation_url(invitations[submitted][1])


def _likert_answers(*, questions: list[BankQuestion], role: str, rng: random.Random) -> dict[str, int]:
    # Some people are gloomier than others, whatever the question.
    outlook = rng.gauss(0, 0.08)
    answers = {}
    for question in questions:
        if question.kind != BankQuestion.Kind.LIKERT:
            continue
        if rng.random() < DONT_KNOW.get((role, question.mode), USUAL_DONT_KNOW):
            continue
        risk = RISK.get(question.mode, {}).get(role, 0.3) + outlook
        healthy = min(5, max(1, round(5 - 4 * risk + rng.gauss(0, 0.6))))
        answers[question.key] = healthy if question.polarity == BankQuestion.Polarity.POSITIVE else 6 - healthy
    return answers


def _comments(*, questions: list[BankQuestion], rng: random.Random) -> dict[str, str]:
    comments = {}
    for question in questions:
        candidates = COMMENTS.get(question.key)
        if candidates and question.kind == BankQuestion.Kind.TEXT and rng.random() < COMMENT_RATE:
            comments[question.key] = rng.choice(candidates)
    return comments
