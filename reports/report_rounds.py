"""The report's view of the improvement loop: the change since the last round, the trend, the actions.

The change and the trend are reports.round_sections' (the change stored in the published
snapshot, the trend from each round's published results); the actions are the lead's records
(reports.action_selectors). This module only puts them where the report shows them: each
mode's change beside what the team set out to do about that mode after the previous round,
and this round's actions per mode. Actions are not answers: the report reads them as they
are when it is made, and its input hash covers them (`fingerprint`), so that a changed action
makes a new PDF. Earlier rounds' actions are all of them, round 1's included, so that a
third round's report still shows what the team decided after the first.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from reports.action_selectors import ModeActions, actions_of_earlier_rounds, actions_of_survey
from reports.changes import IMPROVED, WORSENED
from reports.models import Action, PublishedResults
from reports.results import Results
from reports.round_sections import ModeChangeSection, SinceLastRound, since_last_round_build
from reports.selectors import ModeInfo
from surveys.models import Survey


@dataclass(frozen=True)
class ModeRoundChange:
    """One mode's change since the last round, beside the actions the team took on it in earlier rounds."""

    section: ModeChangeSection
    earlier_actions: tuple[Action, ...]


@dataclass(frozen=True)
class ReportRounds:
    since: SinceLastRound | None
    changes: tuple[ModeRoundChange, ...]
    # This round's actions, per mode in the bank's order (modes without any left out).
    actions: tuple[ModeActions, ...]

    @property
    def in_flight(self) -> tuple[tuple[str, Action], ...]:
        """This round's planned and doing actions, with their mode's title, soonest due first."""
        found = [(group.title, action) for group in self.actions for action in group.actions if action.is_open]
        return tuple(sorted(found, key=lambda pair: (pair[1].due_on, pair[1].pk)))

    @property
    def improved(self) -> tuple[str, ...]:
        return self._titles_with(IMPROVED)

    @property
    def worsened(self) -> tuple[str, ...]:
        return self._titles_with(WORSENED)

    @property
    def compared_count(self) -> int:
        return sum(1 for change in self.changes if change.section.change is not None and change.section.roles)

    def _titles_with(self, verdict: str) -> tuple[str, ...]:
        return tuple(
            change.section.title
            for change in self.changes
            if change.section.change is not None and change.section.change.verdict == verdict
        )

    def fingerprint(self) -> dict[str, Any]:
        """What of the loop the document shows, for reports.documents' input hash."""
        earlier = [action for change in self.changes for action in change.earlier_actions]
        now = [action for group in self.actions for action in group.actions]
        return {
            "trend": None if self.since is None else sorted(self.since.trend.published.items()),
            "actions": [_action_fingerprint(action) for action in now],
            "earlier_actions": [_action_fingerprint(action) for action in earlier],
        }


def report_rounds_build(
    *,
    survey: Survey,
    results: Results,
    published: PublishedResults,
    modes: Sequence[ModeInfo],
    titles: Mapping[str, str],
) -> ReportRounds:
    since = since_last_round_build(survey=survey, results=results, published=published, modes=modes, role_titles=titles)
    earlier: dict[str, tuple[Action, ...]] = {}
    for action in actions_of_earlier_rounds(survey=survey):
        earlier[action.mode] = (*earlier.get(action.mode, ()), action)
    changes = tuple(ModeRoundChange(section, earlier.get(section.key, ())) for section in since.modes) if since else ()
    return ReportRounds(since=since, changes=changes, actions=tuple(actions_of_survey(survey=survey, modes=modes)))


def _action_fingerprint(action: Action) -> list[Any]:
    return [
        action.pk,
        action.mode,
        action.what,
        action.owner_name,
        action.due_on.isoformat(),
        action.status,
        action.note,
    ]
