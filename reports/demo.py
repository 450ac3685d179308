"""The demo's actions: what the demo team decided after each round (seed_demo; surveys.services.demo)."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from reports.action_services import action_create, action_set_status
from reports.models import Action
from surveys.models import Survey

# (mode, what, owner, days from today until due, status, note)
FIRST_ROUND_ACTIONS = [
    (
        "production_backlog",
        "Assign an engineer to each new model from its kickoff",
        "Priya, engineering manager",
        -45,
        Action.Status.DONE,
        "Done for the two models started this quarter.",
    ),
    (
        "data_disconnect",
        "Agree a data contract for the chargeback labels with the data platform team",
        "Marco, data platform lead",
        14,
        Action.Status.DOING,
        "A first draft is with the platform team.",
    ),
    (
        "unmonitored_change",
        "Alert on shifts in the score distribution after each release",
        "Lena, ML engineer",
        30,
        Action.Status.PLANNED,
        "",
    ),
]
SECOND_ROUND_ACTIONS = [
    (
        "pipeline_jungle",
        "Name an owner for each nightly feature job and list who reads it",
        "Sam, data engineer",
        21,
        Action.Status.PLANNED,
        "",
    ),
]


def demo_actions_seed(*, first_round: Survey, second_round: Survey, lead: User) -> list[Action]:
    """Record the demo team's actions on its two published rounds."""
    today = timezone.localdate()
    created = []
    for survey, actions in ((first_round, FIRST_ROUND_ACTIONS), (second_round, SECOND_ROUND_ACTIONS)):
        for mode, what, owner, days, status, note in actions:
            # A due date in the past cannot be entered today; the demo's first round was a quarter ago.
            action = action_create(
                survey=survey, created_by=lead, mode=mode, what=what, owner_name=owner, due_on=today, note=note
            )
            Action.objects.filter(pk=action.pk).update(due_on=today + datetime.timedelta(days=days))
            created.append(action_set_status(action=action, status=status))
    return created
