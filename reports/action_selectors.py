"""Reads of actions: a survey's, grouped by failure mode, and the open ones of a team's rounds."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from reports.models import Action
from reports.selectors import ModeInfo, survey_modes
from surveys.models import Survey


@dataclass(frozen=True)
class ModeActions:
    """One failure mode's actions, in due order: what the results page and the report list."""

    key: str
    title: str
    actions: tuple[Action, ...]

    @property
    def open_count(self) -> int:
        return sum(1 for action in self.actions if action.is_open)


def actions_of_survey(*, survey: Survey, modes: Sequence[ModeInfo] | None = None) -> list[ModeActions]:
    """The survey's actions grouped by failure mode, modes in the bank's order; modes without any are left out.

    One query, or two when the caller does not pass the survey's modes (reports.selectors.survey_modes).
    An action whose mode the bank no longer names (never, while services validate it) still shows, last.
    """
    if modes is None:
        modes = survey_modes(survey=survey)
    by_mode: dict[str, list[Action]] = {}
    for action in Action.objects.filter(survey=survey).order_by("due_on", "pk"):
        by_mode.setdefault(action.mode, []).append(action)
    titles = {mode.key: mode.title for mode in modes}
    order = [mode.key for mode in modes] + sorted(set(by_mode) - set(titles))
    return [ModeActions(key, titles.get(key, key), tuple(by_mode[key])) for key in order if key in by_mode]


def actions_open(*, surveys: Iterable[Survey] | QuerySet[Survey]) -> QuerySet[Action]:
    """The planned and doing actions of these surveys (a team's rounds, say), soonest due first.

    Takes surveys or a queryset of them (a subquery then), so that a caller counts, groups or
    lists without another selector.
    """
    return (
        Action.objects.filter(survey__in=surveys, status__in=Action.OPEN_STATUSES)
        .select_related("survey")
        .order_by("due_on", "pk")
    )


def action_get_for_survey(*, survey: Survey, pk: int) -> Action:
    """One of the survey's actions, for a view that has already checked access to the survey; 404 otherwise."""
    action = Action.objects.filter(survey=survey, pk=pk).first()
    if action is None:
        raise Http404
    return action


def actions_of_earlier_rounds(*, survey: Survey) -> list[Action]:
    """Every action of the team's rounds before this one, earliest round first, then by due date.

    The report puts each beside its mode's change (issue 12): what the team set out to do,
    and what the figures did since. One query.
    """
    return list(
        Action.objects.filter(survey__team_id=survey.team_id, survey__round_number__lt=survey.round_number)
        .select_related("survey")
        .order_by("survey__round_number", "due_on", "pk")
    )
